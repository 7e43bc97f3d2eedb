package io.github.simplemqtt.broker.pki;

import io.github.simplemqtt.broker.internal.AtomicFiles;
import io.github.simplemqtt.broker.pki.CertificateInfo.Role;
import io.github.simplemqtt.broker.pki.CertificateInfo.State;
import io.github.simplemqtt.tls.Certificates;
import io.github.simplemqtt.tls.SubjectAltName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.jspecify.annotations.Nullable;

/**
 * The broker's certificate authority, kept as files in one {@code certs} folder: a root CA, a
 * signing CA below it, the broker's server certificate, every client certificate issued, and a
 * certificate revocation list (CRL) signed by the signing CA.
 *
 * <pre>
 * rootCA.crt  rootCA.key       self-signed, pathlen 1; clients and the broker trust it
 * signingCA.crt  signingCA.key signed by the root, pathlen 0; signs everything below
 * server.crt  server.key       the broker's certificate followed by the signing CA
 * crl.pem                      revoked certificates, signed by the signing CA
 * issued/SERIAL.crt            a copy of every server and client certificate issued
 * </pre>
 *
 * <p>The two CA keys may live in a folder of their own ({@link #create(Path, Path, PkiOptions)}),
 * so that a broker which reads {@code certs/} cannot read them and mint certificates.
 *
 * <p>No certificate is issued that would outlive its issuer. Private keys are written as PKCS#8 PEM
 * with mode 0600, atomically; the two CA keys may be encrypted with a passphrase. Every operation
 * checks everything it can before it writes, so a refused operation changes no file. Each issuing
 * or revoking operation also renews the CRL.
 *
 * <p>The files are the state: an instance keeps only the CA certificates and the signing CA's key,
 * and reads the CRL and the issued certificates when it needs them. An instance is not thread-safe,
 * and two processes should not change one folder at the same time.
 */
public final class Pki {
  /** A certificate whose end is this close (or closer) is {@link State#EXPIRING}. */
  public static final Duration EXPIRING_WITHIN = Duration.ofDays(30);

  /**
   * How long a new CRL is valid (never past the signing CA's end). Mosquitto refuses every client
   * once the CRL has expired, so the kit renews it whenever it issues or revokes, and {@link
   * #renewCrlIfDue()} renews it once half of this has passed.
   */
  public static final Duration CRL_VALIDITY = Duration.ofDays(365);

  private static final String ROOT_CRT = "rootCA.crt";
  private static final String ROOT_KEY = "rootCA.key";
  private static final String SIGNING_CRT = "signingCA.crt";
  private static final String SIGNING_KEY = "signingCA.key";
  private static final String SERVER_CRT = "server.crt";
  private static final String SERVER_KEY = "server.key";
  private static final String CRL = "crl.pem";
  private static final String ISSUED = "issued";
  private static final String CRL_COPY = "crl.pem";
  private static final List<String> FILES =
      List.of(ROOT_CRT, SIGNING_CRT, SERVER_CRT, SERVER_KEY, CRL);

  /** The file names of the root and signing CA keys, in their key folder. */
  public static final List<String> CA_KEY_FILES = List.of(ROOT_KEY, SIGNING_KEY);

  private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9_@.-]{1,64}");

  private final Path directory;
  private final Path keyDirectory;
  private final Clock clock;
  private final X509Certificate rootCertificate;
  private final X509Certificate signingCertificate;
  private final @Nullable HeldCertificate signingCa;

  private Pki(
      Path directory,
      Path keyDirectory,
      Clock clock,
      X509Certificate rootCertificate,
      X509Certificate signingCertificate,
      @Nullable HeldCertificate signingCa) {
    this.directory = directory;
    this.keyDirectory = keyDirectory;
    this.clock = clock;
    this.rootCertificate = rootCertificate;
    this.signingCertificate = signingCertificate;
    this.signingCa = signingCa;
  }

  /**
   * Makes a new PKI in {@code certsDirectory}: root CA, signing CA, a server certificate for the
   * hosts in {@code options}, and an empty CRL. The folder is created when missing.
   *
   * @throws PkiException when the folder already holds a PKI, or a value in {@code options} is
   *     refused; nothing is written then
   */
  public static Pki create(Path certsDirectory, PkiOptions options) {
    return create(certsDirectory, certsDirectory, options);
  }

  /**
   * Makes a new PKI like {@link #create(Path, PkiOptions)}, with the two CA keys in {@code
   * keyDirectory} instead of {@code certsDirectory}. A missing key folder is created with mode
   * 0700.
   *
   * @throws PkiException when either folder already holds a PKI, or a value in {@code options} is
   *     refused; nothing is written then
   */
  public static Pki create(Path certsDirectory, Path keyDirectory, PkiOptions options) {
    Objects.requireNonNull(certsDirectory, "certsDirectory");
    Objects.requireNonNull(keyDirectory, "keyDirectory");
    Objects.requireNonNull(options, "options");
    List<Path> existing = new ArrayList<>();
    FILES.forEach(name -> existing.add(certsDirectory.resolve(name)));
    CA_KEY_FILES.forEach(name -> existing.add(keyDirectory.resolve(name)));
    for (Path file : existing) {
      if (Files.exists(file)) {
        throw new PkiException(
            file.getParent()
                + " already holds a PKI ("
                + file.getFileName()
                + " exists); open it, or move the folder away to start over.");
      }
    }
    if (!issuedFiles(certsDirectory.resolve(ISSUED)).isEmpty()) {
      throw new PkiException(
          certsDirectory.resolve(ISSUED)
              + " already holds issued certificates; move the folder away to start over.");
    }
    // One instant for the three certificates: each may then end exactly with its issuer, as the
    // options allow, however long the keys take to make (RSA ones take seconds).
    Clock clock = Clock.fixed(options.clock().instant(), options.clock().getZone());
    List<GeneralName> serverNames = Hosts.serverNames(options.serverHosts());
    byte[] id = new byte[4];
    HeldCertificate.RANDOM.nextBytes(id);
    // A random suffix keeps the names of two kits' CAs apart in a trust store holding both.
    String suffix = HexFormat.of().formatHex(id);
    Consumer<String> progress = options.progress();
    progress.accept("root CA key (" + options.keyType().caKeyDescription() + ")");
    HeldCertificate root =
        HeldCertificate.builder()
            .clock(clock)
            .organization("simplemqtt")
            .commonName("simplemqtt Root CA " + suffix)
            .keyType(options.keyType())
            .certificateAuthority(1)
            .validityDays(options.rootCaDays())
            .build();
    progress.accept("signing CA key (" + options.keyType().caKeyDescription() + ")");
    HeldCertificate signing =
        HeldCertificate.builder()
            .clock(clock)
            .organization("simplemqtt")
            .commonName("simplemqtt Signing CA " + suffix)
            .keyType(options.keyType())
            .certificateAuthority(0)
            .validityDays(options.signingCaDays())
            .signedBy(root)
            .build();
    Pki pki =
        new Pki(
            certsDirectory,
            keyDirectory,
            clock,
            root.certificate(),
            signing.certificate(),
            signing);
    progress.accept("server key (" + options.keyType().leafKeyDescription() + ")");
    HeldCertificate server =
        pki.issueLeaf(serverCommonName(serverNames), true, serverNames, options.serverDays());
    String crl = pki.crlPem(RevocationList.Crl.EMPTY);

    char[] passphrase = options.caPassphrase();
    try {
      String rootKey = passphrase == null ? root.privateKeyPem() : root.privateKeyPem(passphrase);
      String signingKey =
          passphrase == null ? signing.privateKeyPem() : signing.privateKeyPem(passphrase);
      if (!keyDirectory.equals(certsDirectory)) {
        createPrivateFolder(keyDirectory);
      }
      writePrivate(pki.keyPath(ROOT_KEY), rootKey);
      writePublic(pki.path(ROOT_CRT), root.certificatePem());
      writePrivate(pki.keyPath(SIGNING_KEY), signingKey);
      writePublic(pki.path(SIGNING_CRT), signing.certificatePem());
      pki.writeServer(server);
      pki.writeCrl(crl);
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
    // From here on, the clock the caller gave.
    return new Pki(
        certsDirectory,
        keyDirectory,
        options.clock(),
        root.certificate(),
        signing.certificate(),
        signing);
  }

  /**
   * Opens the PKI in {@code certsDirectory}, using the system clock; {@code caPassphrase} may be
   * null, as for {@link #open(Path, char[], Clock)}.
   *
   * @see #open(Path, char[], Clock)
   */
  public static Pki open(Path certsDirectory, char @Nullable [] caPassphrase) {
    return open(certsDirectory, caPassphrase, Clock.systemUTC());
  }

  /**
   * Opens the PKI in {@code certsDirectory}: reads and checks the CA certificates, their keys and
   * the CRL. When the CA keys are encrypted and {@code caPassphrase} is null the PKI opens {@link
   * #isLocked() locked}: it can list, but issuing and revoking throw.
   *
   * @param caPassphrase the passphrase of the CA keys, or null; not kept
   * @param clock where "now" comes from, for validity and states
   * @throws PkiException naming the file that is missing or damaged, or saying that the passphrase
   *     does not open the CA keys
   */
  public static Pki open(Path certsDirectory, char @Nullable [] caPassphrase, Clock clock) {
    return open(certsDirectory, certsDirectory, caPassphrase, clock);
  }

  /**
   * Opens the PKI in {@code certsDirectory} like {@link #open(Path, char[], Clock)}, reading the
   * two CA keys from {@code keyDirectory}.
   */
  public static Pki open(
      Path certsDirectory, Path keyDirectory, char @Nullable [] caPassphrase, Clock clock) {
    Objects.requireNonNull(certsDirectory, "certsDirectory");
    Objects.requireNonNull(keyDirectory, "keyDirectory");
    Objects.requireNonNull(clock, "clock");
    if (!Files.isDirectory(certsDirectory)) {
      throw PkiException.about(
          certsDirectory,
          PkiException.Problem.FILE_MISSING,
          "There is no PKI in " + certsDirectory + ": the folder does not exist",
          "create one first.");
    }
    Path rootFile = certsDirectory.resolve(ROOT_CRT);
    Path signingFile = certsDirectory.resolve(SIGNING_CRT);
    X509Certificate root = PemFiles.readCertificate(rootFile);
    X509Certificate signing = PemFiles.readCertificate(signingFile);
    if (root.getBasicConstraints() < 0 || signing.getBasicConstraints() < 0) {
      Path notCa = root.getBasicConstraints() < 0 ? rootFile : signingFile;
      throw PkiException.about(
          notCa,
          PkiException.Problem.FILE_DAMAGED,
          notCa + " is not a CA certificate",
          "restore it from a backup.");
    }
    try {
      signing.verify(root.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw PkiException.about(
          signingFile,
          PkiException.Problem.MISMATCH,
          signingFile
              + " was not signed by the root CA in "
              + rootFile
              + "; they do not belong"
              + " together.",
          null,
          e);
    }
    loadKey(keyDirectory.resolve(ROOT_KEY), rootFile, root, caPassphrase);
    HeldCertificate signingCa =
        loadKey(keyDirectory.resolve(SIGNING_KEY), signingFile, signing, caPassphrase);
    Pki pki = new Pki(certsDirectory, keyDirectory, clock, root, signing, signingCa);
    pki.readCrl();
    return pki;
  }

  /** True when {@code certsDirectory} holds a root CA certificate, that is, a PKI to open. */
  public static boolean exists(Path certsDirectory) {
    return Files.exists(certsDirectory.resolve(ROOT_CRT));
  }

  /**
   * Issues a new server certificate for {@code hosts} (besides {@code localhost}, {@code 127.0.0.1}
   * and {@code ::1}, which it always names) and replaces {@code server.crt} and {@code server.key},
   * for example after the broker's address changed. The old certificate stays valid until it
   * expires or is revoked. A running broker picks the new one up when it reloads.
   *
   * @param hosts IP addresses (v4 or v6) and host names that clients dial; the first one is the CN
   * @param days validity, at most until the signing CA's end
   * @throws PkiException when a host or the validity is refused, or the PKI is locked
   */
  public CertificateInfo issueServer(List<String> hosts, int days) {
    List<GeneralName> names = Hosts.serverNames(Objects.requireNonNull(hosts, "hosts"));
    checkDays(days);
    requireSigningCa();
    RevocationList.Crl crl = readCrl();
    HeldCertificate server = issueLeaf(serverCommonName(names), true, names, days);
    String crlText = crlPem(crl);
    Path issued = writeServer(server);
    writeCrl(crlText);
    return info(server.certificate(), Role.SERVER, issued, crl, clock.instant());
  }

  /**
   * Issues a certificate for client {@code name} (its CN, which the broker takes as the user name)
   * and writes what the client needs into {@code outputDirectory}: {@code client.crt} (the client
   * certificate followed by the signing CA), {@code client.key} (mode 0600) and {@code chain.crt}
   * (signing CA, then root CA). Files already there are replaced.
   *
   * @param name letters, digits and {@code - _ . @}, 1 to 64 characters, not starting with a dot
   * @param outputDirectory created when missing, for example {@code <broker dir>/clients/<name>}
   * @param days validity, at most until the signing CA's end
   * @throws PkiException when the name or validity is refused or the PKI is locked; nothing is
   *     written then
   */
  public ClientBundle issueClient(String name, Path outputDirectory, int days) {
    return issueClient(name, outputDirectory, days, Map.of());
  }

  /**
   * Issues a client certificate like {@link #issueClient(String, Path, int)}, and writes {@code
   * extraFiles} (public, UTF-8) into the same folder in the same step: the folder appears with all
   * of its files or, when one cannot be written, not at all (for example a bridge's bundle with its
   * {@code bridge.properties}).
   *
   * @param extraFiles file name to content; plain names, none of the three the bundle holds anyway
   * @throws IllegalArgumentException when an extra file's name is not a plain file name or is one
   *     of the bundle's own
   */
  public ClientBundle issueClient(
      String name, Path outputDirectory, int days, Map<String, String> extraFiles) {
    checkClientName(name);
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    checkDays(days);
    checkExtraFiles(extraFiles);
    requireSigningCa();
    if (Files.exists(outputDirectory) && !Files.isDirectory(outputDirectory)) {
      throw new PkiException(
          outputDirectory + " is a file, not a folder; choose another place for the client files.");
    }
    RevocationList.Crl crl = readCrl();
    HeldCertificate client = issueLeaf(name, false, List.of(), days);
    String crlText = crlPem(crl);
    String signingPem = PemFiles.certificatePem(signingCertificate);
    String rootPem = PemFiles.certificatePem(rootCertificate);

    Path keyFile = outputDirectory.resolve("client.key");
    Path certificateFile = outputDirectory.resolve("client.crt");
    Path chainFile = outputDirectory.resolve("chain.crt");
    // The bundle is written whole into a private staging folder first; only then is the
    // certificate recorded as issued and the bundle moved into place. A failed write (a full disk)
    // leaves no partial bundle, no record of a certificate nobody received, and the old bundle.
    Path staging = stageBundle(outputDirectory);
    Path issued = null;
    try {
      writePrivate(staging.resolve("client.key"), client.privateKeyPem());
      writePublic(staging.resolve("client.crt"), client.certificatePem() + signingPem);
      writePublic(staging.resolve("chain.crt"), signingPem + rootPem);
      for (Map.Entry<String, String> extra : extraFiles.entrySet()) {
        writePublic(staging.resolve(extra.getKey()), extra.getValue());
      }
      issued = record(client);
      swapInto(staging, outputDirectory);
      staging = null;
    } catch (IOException | RuntimeException e) {
      if (issued != null) {
        deleteQuietly(issued);
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new PkiException("Could not write " + outputDirectory + ": " + e.getMessage(), e);
    } finally {
      if (staging != null) {
        AtomicFiles.deleteTree(staging);
      }
    }
    writeCrl(crlText);
    return new ClientBundle(
        outputDirectory,
        chainFile,
        certificateFile,
        keyFile,
        info(client.certificate(), Role.CLIENT, issued, crl, clock.instant()));
  }

  /**
   * Revokes every certificate of client {@code name} that is neither revoked nor expired, by adding
   * it to the CRL. The broker refuses them once it has reloaded the CRL.
   *
   * @return the certificates revoked now, in state {@link State#REVOKED}
   * @throws PkiException when the client has no such certificate, or the PKI is locked
   */
  public List<CertificateInfo> revoke(String name) {
    checkClientName(name);
    requireSigningCa();
    RevocationList.Crl crl = readCrl();
    Instant now = clock.instant();
    List<IssuedCertificate> clients =
        readIssued().stream()
            .filter(issued -> roleOf(issued.certificate()) == Role.CLIENT)
            .filter(issued -> HeldCertificate.commonNameOf(issued.certificate()).equals(name))
            .toList();
    List<IssuedCertificate> targets =
        clients.stream()
            .filter(issued -> !crl.isRevoked(issued.certificate().getSerialNumber()))
            .filter(issued -> !now.isAfter(issued.certificate().getNotAfter().toInstant()))
            .toList();
    if (targets.isEmpty()) {
      throw new PkiException(
          clients.isEmpty()
              ? "No certificate was issued to client '" + name + "'; check the name in the list."
              : "Client '"
                  + name
                  + "' has no certificate left to revoke: all are revoked or"
                  + " expired.");
    }
    RevocationList.Crl revoked =
        crl.plus(targets.stream().map(t -> t.certificate().getSerialNumber()).toList(), now);
    writeCrl(crlPem(revoked));
    return targets.stream()
        .map(issued -> info(issued.certificate(), Role.CLIENT, issued.file(), revoked, now))
        .toList();
  }

  /**
   * Revokes the issued certificate with this serial number (server or client), by adding it to the
   * CRL.
   *
   * @param serialHex hex digits as {@link #list()} or {@code openssl x509 -serial} shows them;
   *     colons and case do not matter
   * @throws PkiException when no such certificate was issued, it is already revoked, or the PKI is
   *     locked
   */
  public CertificateInfo revokeSerial(String serialHex) {
    BigInteger serial = Serials.parseSerial(serialHex);
    requireSigningCa();
    RevocationList.Crl crl = readCrl();
    IssuedCertificate target =
        readIssued().stream()
            .filter(issued -> issued.certificate().getSerialNumber().equals(serial))
            .findFirst()
            .orElseThrow(
                () ->
                    new PkiException(
                        "No certificate with serial "
                            + Serials.serialHex(serial)
                            + " was issued by this PKI; check the serial in the list."));
    Instant revokedOn = crl.revoked().get(serial);
    if (revokedOn != null) {
      throw new PkiException(
          "Certificate "
              + Serials.serialHex(serial)
              + " ('"
              + HeldCertificate.commonNameOf(target.certificate())
              + "') was already revoked on "
              + date(revokedOn)
              + ".");
    }
    Instant now = clock.instant();
    RevocationList.Crl revoked = crl.plus(List.of(target.certificate().getSerialNumber()), now);
    writeCrl(crlPem(revoked));
    return info(target.certificate(), roleOf(target.certificate()), target.file(), revoked, now);
  }

  /**
   * Every certificate of the PKI: the root CA, the signing CA, then every issued server and client
   * certificate by start of validity, each with its state by this PKI's clock.
   */
  public List<CertificateInfo> list() {
    RevocationList.Crl crl = readCrl();
    Instant now = clock.instant();
    List<CertificateInfo> all = new ArrayList<>();
    all.add(info(rootCertificate, Role.ROOT_CA, rootCertificate(), crl, now));
    all.add(info(signingCertificate, Role.SIGNING_CA, signingCertificate(), crl, now));
    readIssued().stream()
        .sorted(
            Comparator.comparing((IssuedCertificate issued) -> issued.certificate().getNotBefore())
                .thenComparing(issued -> issued.certificate().getSerialNumber()))
        .map(
            issued ->
                info(issued.certificate(), roleOf(issued.certificate()), issued.file(), crl, now))
        .forEach(all::add);
    return List.copyOf(all);
  }

  /**
   * Renews the CRL when less than half of its validity is left (or it has none, or crl.pem was
   * deleted: it is then written again from the kit's copy), so that the broker never holds an
   * expired one. Run it regularly, for example daily or when the broker starts; the broker reads
   * the new CRL when it reloads.
   *
   * @return true when the CRL was renewed
   * @throws PkiException when renewal is due but the PKI is locked or the signing CA has expired
   */
  public boolean renewCrlIfDue() {
    RevocationList.Crl crl = readCrl();
    Instant now = clock.instant();
    Instant thisUpdate = crl.thisUpdate();
    Instant nextUpdate = crl.nextUpdate();
    if (thisUpdate != null && nextUpdate != null && Files.exists(crl())) {
      Duration lifetime = Duration.between(thisUpdate, nextUpdate);
      if (now.isBefore(thisUpdate.plus(lifetime.dividedBy(2)))) {
        return false;
      }
    }
    requireSigningCa();
    writeCrl(crlPem(crl));
    return true;
  }

  /**
   * True when the CA keys are encrypted and no passphrase was given to {@link #open}: listing
   * works, issuing, revoking and renewing the CRL throw.
   */
  public boolean isLocked() {
    return signingCa == null;
  }

  /** The kind of key this PKI's certificates hold. */
  public KeyType keyType() {
    return HeldCertificate.keyTypeOf(signingCertificate.getPublicKey());
  }

  /** The folder holding the PKI. */
  public Path directory() {
    return directory;
  }

  /** The folder holding the two CA keys: {@link #directory()} unless the PKI was made apart. */
  public Path keyDirectory() {
    return keyDirectory;
  }

  /** {@code rootCA.crt}: what clients and the broker trust (mosquitto's {@code cafile}). */
  public Path rootCertificate() {
    return path(ROOT_CRT);
  }

  /** {@code signingCA.crt}: the intermediate CA that signs servers, clients and the CRL. */
  public Path signingCertificate() {
    return path(SIGNING_CRT);
  }

  /** {@code server.crt}: the broker's certificate followed by the signing CA. */
  public Path serverCertificate() {
    return path(SERVER_CRT);
  }

  /** {@code server.key}: the broker's private key, mode 0600. */
  public Path serverKey() {
    return path(SERVER_KEY);
  }

  /**
   * {@code crl.pem}: the signing CA's certificate revocation list (mosquitto's {@code crlfile}).
   */
  public Path crl() {
    return path(CRL);
  }

  /** {@code issued/}: a copy of every certificate issued, named by serial number. */
  public Path issuedDirectory() {
    return path(ISSUED);
  }

  @Override
  public String toString() {
    return "Pki[" + directory + (isLocked() ? ", locked" : "") + "]";
  }

  // --- issuing ---

  private HeldCertificate issueLeaf(
      String commonName, boolean server, List<GeneralName> names, int days) {
    checkDays(days);
    HeldCertificate.Builder builder =
        HeldCertificate.builder()
            .clock(clock)
            .commonName(commonName)
            .keyType(keyType())
            .validityDays(days)
            .signedBy(requireSigningCa());
    if (server) {
      builder.serverAuth();
    } else {
      builder.clientAuth();
    }
    names.forEach(builder::addSubjectAltName);
    return builder.build();
  }

  private Path writeServer(HeldCertificate server) {
    Path issued = record(server);
    writePrivate(path(SERVER_KEY), server.privateKeyPem());
    writePublic(
        path(SERVER_CRT), server.certificatePem() + PemFiles.certificatePem(signingCertificate));
    return issued;
  }

  private Path record(HeldCertificate certificate) {
    Path file =
        issuedDirectory()
            .resolve(Serials.serialHex(certificate.certificate().getSerialNumber()) + ".crt");
    writePublic(file, certificate.certificatePem());
    return file;
  }

  private void checkDays(int days) {
    if (days <= 0) {
      throw new PkiException("A validity of " + days + " days is refused; give 1 day or more.");
    }
    // From the whole second, as HeldCertificate counts a certificate's days: else a certificate
    // that would end exactly with the signing CA is refused whenever the clock is mid-second.
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant caEnd = signingCertificate.getNotAfter().toInstant();
    if (!now.isBefore(caEnd)) {
      throw new PkiException(
          "The signing CA expired on " + date(caEnd) + "; renew the CA before issuing.");
    }
    long maxDays = Duration.between(now, caEnd).toDays();
    if (maxDays < 1) {
      throw new PkiException(
          "The signing CA expires on "
              + date(caEnd)
              + ", within a day; renew the CA before"
              + " issuing.");
    }
    if (days > maxDays) {
      throw new PkiException(
          "A certificate valid for "
              + days
              + " days would outlive the signing CA, which expires on "
              + date(caEnd)
              + "; choose --days "
              + maxDays
              + " or fewer, or renew the CA.");
    }
  }

  private HeldCertificate requireSigningCa() {
    if (signingCa == null) {
      throw new PkiException(
          keyPath(SIGNING_KEY) + " is encrypted; give the CA passphrase to issue or revoke.");
    }
    return signingCa;
  }

  private static void checkClientName(String name) {
    if (name == null || !CLIENT_NAME.matcher(name).matches() || name.startsWith(".")) {
      throw new PkiException(
          "The client name '"
              + printable(name)
              + "' is refused; use 1 to 64 letters, digits and - _ . @, not starting with a dot.");
    }
  }

  private static String serverCommonName(List<GeneralName> names) {
    // The first host the caller gave (Hosts.serverNames keeps their order), if it fits a CN.
    String first = Hosts.value(names.get(0));
    return first.length() <= 64 ? first : "localhost";
  }

  // --- the CRL ---

  private RevocationList revocationList() {
    return new RevocationList(
        crl(), issuedDirectory().resolve(CRL_COPY), signingCertificate, signingCertificate());
  }

  private RevocationList.Crl readCrl() {
    return revocationList().read();
  }

  /** A newly signed CRL holding {@code crl}'s entries; the PKI must not be locked. */
  private String crlPem(RevocationList.Crl crl) {
    return revocationList().sign(crl, requireSigningCa(), clock.instant(), CRL_VALIDITY);
  }

  private void writeCrl(String pem) {
    revocationList().write(pem);
  }

  // --- reading ---

  private record IssuedCertificate(X509Certificate certificate, Path file) {}

  private List<IssuedCertificate> readIssued() {
    List<IssuedCertificate> all = new ArrayList<>();
    for (Path file : issuedFiles(issuedDirectory())) {
      all.add(new IssuedCertificate(PemFiles.readCertificate(file), file));
    }
    return all;
  }

  private static List<Path> issuedFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".crt"))
          // AtomicFiles' temporary files start with a dot.
          .filter(file -> !file.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new PkiException("Could not read the folder " + folder + ": " + e.getMessage(), e);
    }
  }

  private static @Nullable HeldCertificate loadKey(
      Path keyFile,
      Path certificateFile,
      X509Certificate certificate,
      char @Nullable [] passphrase) {
    if (passphrase == null && PemFiles.isEncrypted(keyFile)) {
      return null;
    }
    PrivateKey key = PemFiles.readPrivateKey(keyFile, passphrase);
    try {
      return HeldCertificate.of(certificate, key);
    } catch (PkiException e) {
      throw new PkiException(
          PkiException.Problem.MISMATCH,
          keyFile,
          HeldCertificate.commonNameOf(certificate),
          keyFile
              + " does not hold the key of "
              + certificateFile
              + "; they do not belong"
              + " together.",
          null,
          e);
    }
  }

  private CertificateInfo info(
      X509Certificate certificate, Role role, Path file, RevocationList.Crl crl, Instant now) {
    return new CertificateInfo(
        role,
        HeldCertificate.commonNameOf(certificate),
        Serials.serialHex(certificate.getSerialNumber()),
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(),
        state(certificate, crl, now),
        Certificates.subjectAltNames(certificate).stream().map(SubjectAltName::toString).toList(),
        file);
  }

  private State state(X509Certificate certificate, RevocationList.Crl crl, Instant now) {
    boolean ours =
        certificate.getIssuerX500Principal().equals(signingCertificate.getSubjectX500Principal());
    if (ours && crl.isRevoked(certificate.getSerialNumber())) {
      return State.REVOKED;
    }
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (now.isBefore(notBefore)) {
      return State.NOT_YET_VALID;
    }
    if (now.isAfter(notAfter)) {
      return State.EXPIRED;
    }
    if (!notAfter.isAfter(now.plus(EXPIRING_WITHIN))) {
      return State.EXPIRING;
    }
    return State.VALID;
  }

  private static Role roleOf(X509Certificate certificate) {
    if (certificate.getBasicConstraints() >= 0) {
      return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
          ? Role.ROOT_CA
          : Role.SIGNING_CA;
    }
    return Certificates.hasExtendedKeyUsage(certificate, Certificates.SERVER_AUTH)
        ? Role.SERVER
        : Role.CLIENT;
  }

  // --- writing ---

  private Path path(String name) {
    return directory.resolve(name);
  }

  private static void checkExtraFiles(Map<String, String> extraFiles) {
    for (String file : extraFiles.keySet()) {
      if (!file.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")
          || List.of("client.key", "client.crt", "chain.crt").contains(file)) {
        throw new IllegalArgumentException(
            "An extra file of a client bundle needs a plain name of its own, not '" + file + "'.");
      }
    }
  }

  private static Path stageBundle(Path outputDirectory) {
    try {
      Path parent = AtomicFiles.parentOf(outputDirectory);
      AtomicFiles.createDirectories(parent);
      return AtomicFiles.createStagingDirectory(parent, outputDirectory.getFileName().toString());
    } catch (IOException e) {
      throw new PkiException("Could not write " + outputDirectory + ": " + e.getMessage(), e);
    }
  }

  /** Moves the finished {@code staging} folder to {@code target}, replacing an old bundle. */
  private static void swapInto(Path staging, Path target) throws IOException {
    Files.setPosixFilePermissions(staging, AtomicFiles.DIRECTORY);
    AtomicFiles.replaceDirectory(staging, target);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The record stays; the certificate is listed but was never handed out.
    }
  }

  private Path keyPath(String name) {
    return keyDirectory.resolve(name);
  }

  /** Only the owner may list or enter the folder holding the CA keys. */
  private static void createPrivateFolder(Path folder) {
    try {
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new PkiException("Could not create the folder " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void writePrivate(Path file, String text) {
    try {
      AtomicFiles.writePrivate(file, text);
    } catch (UncheckedIOException e) {
      throw new PkiException(
          Objects.requireNonNullElse(e.getMessage(), "Could not write " + file), e);
    }
  }

  private static void writePublic(Path file, String text) {
    try {
      AtomicFiles.writePublic(file, text);
    } catch (UncheckedIOException e) {
      throw new PkiException(
          Objects.requireNonNullElse(e.getMessage(), "Could not write " + file), e);
    }
  }

  private static String date(Instant instant) {
    LocalDate day = instant.atOffset(ZoneOffset.UTC).toLocalDate();
    return day.toString();
  }

  private static String printable(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(c -> out.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
    return out.toString();
  }
}
