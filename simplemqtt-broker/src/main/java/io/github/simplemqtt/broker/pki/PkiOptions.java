package io.github.simplemqtt.broker.pki;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Pki#create} makes a new PKI: the key type, the broker's hosts, an optional passphrase
 * for the CA keys, validity periods and the clock. Immutable; made with {@link #builder()}.
 */
public final class PkiOptions {
  /** Default validity of the root CA: 20 years. */
  public static final int DEFAULT_ROOT_CA_DAYS = 7300;

  /** Default validity of the signing CA: 10 years. */
  public static final int DEFAULT_SIGNING_CA_DAYS = 3650;

  /** Default validity of server and client certificates: 825 days. */
  public static final int DEFAULT_CERTIFICATE_DAYS = 825;

  private final KeyType keyType;
  private final List<String> serverHosts;
  private final char @Nullable [] caPassphrase;
  private final Clock clock;
  private final int rootCaDays;
  private final int signingCaDays;
  private final int serverDays;
  private final Consumer<String> progress;

  private PkiOptions(Builder builder) {
    this.keyType = builder.keyType;
    this.serverHosts = builder.serverHosts;
    this.caPassphrase = builder.caPassphrase == null ? null : builder.caPassphrase.clone();
    this.clock = builder.clock;
    this.rootCaDays = builder.rootCaDays;
    this.signingCaDays = builder.signingCaDays;
    this.serverDays = builder.serverDays;
    this.progress = builder.progress;
  }

  /** A builder holding the defaults: EC keys, no extra hosts, no passphrase, system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults, with no hosts besides {@code localhost}, {@code 127.0.0.1} and {@code ::1}. */
  public static PkiOptions defaults() {
    return builder().build();
  }

  /** Told what {@link Pki#create} is about to do, before each key is generated. */
  public Consumer<String> progress() {
    return progress;
  }

  /** The kind of key every certificate of the PKI gets. */
  public KeyType keyType() {
    return keyType;
  }

  /** The hosts the server certificate names besides the ones it always names. */
  public List<String> serverHosts() {
    return serverHosts;
  }

  /** A copy of the passphrase that encrypts both CA keys, or null when they are left open. */
  public char @Nullable [] caPassphrase() {
    return caPassphrase == null ? null : caPassphrase.clone();
  }

  /** The clock that "now" comes from. */
  public Clock clock() {
    return clock;
  }

  /** Validity of the root CA in days. */
  public int rootCaDays() {
    return rootCaDays;
  }

  /** Validity of the signing CA in days. */
  public int signingCaDays() {
    return signingCaDays;
  }

  /** Validity of the first server certificate in days. */
  public int serverDays() {
    return serverDays;
  }

  @Override
  public String toString() {
    // Never the passphrase itself.
    return "PkiOptions[keyType="
        + keyType
        + ", serverHosts="
        + serverHosts
        + ", caPassphrase="
        + (caPassphrase == null ? "none" : "set")
        + ", rootCaDays="
        + rootCaDays
        + ", signingCaDays="
        + signingCaDays
        + ", serverDays="
        + serverDays
        + "]";
  }

  /** Collects options; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private KeyType keyType = KeyType.EC;
    private List<String> serverHosts = List.of();
    private char @Nullable [] caPassphrase;
    private Clock clock = Clock.systemUTC();
    private int rootCaDays = DEFAULT_ROOT_CA_DAYS;
    private int signingCaDays = DEFAULT_SIGNING_CA_DAYS;
    private int serverDays = DEFAULT_CERTIFICATE_DAYS;
    private Consumer<String> progress = step -> {};

    private Builder() {}

    /**
     * Told, in words, each step of {@link Pki#create} before it starts (for example "root CA key
     * (RSA 4096)"), so a caller can show progress while RSA keys are generated (default: nothing).
     */
    public Builder progress(Consumer<String> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /** EC (default) or RSA. */
    public Builder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType, "keyType");
      return this;
    }

    /**
     * The broker's IP addresses and host names, as clients will dial them; {@code localhost},
     * {@code 127.0.0.1} and {@code ::1} are always added.
     *
     * @throws PkiException naming the first entry that is neither an IP literal nor a host name
     */
    public Builder serverHosts(List<String> hosts) {
      List<String> copy = List.copyOf(hosts);
      copy.forEach(Hosts::parse);
      this.serverHosts = copy;
      return this;
    }

    /**
     * Encrypts both CA keys with this passphrase (copied; default: none). The kit then needs it to
     * issue or revoke. Null leaves the keys unencrypted.
     */
    public Builder caPassphrase(char @Nullable [] passphrase) {
      if (passphrase != null && passphrase.length == 0) {
        throw new PkiException(
            "The CA passphrase is empty; give one, or none to leave the keys open.");
      }
      this.caPassphrase = passphrase == null ? null : passphrase.clone();
      return this;
    }

    /** The clock that "now" comes from (default: system clock, UTC); tests set a fixed one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Validity of the root CA (default {@value #DEFAULT_ROOT_CA_DAYS}). */
    public Builder rootCaDays(int days) {
      this.rootCaDays = positive("rootCaDays", days);
      return this;
    }

    /** Validity of the signing CA (default {@value #DEFAULT_SIGNING_CA_DAYS}). */
    public Builder signingCaDays(int days) {
      this.signingCaDays = positive("signingCaDays", days);
      return this;
    }

    /** Validity of the first server certificate (default {@value #DEFAULT_CERTIFICATE_DAYS}). */
    public Builder serverDays(int days) {
      this.serverDays = positive("serverDays", days);
      return this;
    }

    /**
     * The options.
     *
     * @throws PkiException when a certificate would outlive its issuer: the signing CA the root, or
     *     the server certificate the signing CA
     */
    public PkiOptions build() {
      if (signingCaDays > rootCaDays) {
        throw new PkiException(
            "A signing CA valid for "
                + signingCaDays
                + " days would outlive the root CA ("
                + rootCaDays
                + " days); choose "
                + rootCaDays
                + " days or fewer.");
      }
      if (serverDays > signingCaDays) {
        throw new PkiException(
            "A server certificate valid for "
                + serverDays
                + " days would outlive the signing CA ("
                + signingCaDays
                + " days); choose "
                + signingCaDays
                + " days or fewer.");
      }
      return new PkiOptions(this);
    }

    private static int positive(String name, int days) {
      if (days <= 0) {
        throw new PkiException(name + " must be 1 or more; got " + days + ".");
      }
      return days;
    }
  }
}
