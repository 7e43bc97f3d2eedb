package io.github.simplemqtt.client;

import io.github.simplemqtt.client.internal.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What MQTT 5 lets a message carry besides its payload: user properties, a content type, whether
 * the payload is UTF-8 text, how long the broker may keep it, and the topic and correlation data of
 * a request that wants a reply. Immutable; {@link #NONE} has none of them.
 *
 * <pre>{@code
 * MessageProperties.builder().userProperty("unit", "C").contentType("text/plain").build()
 * }</pre>
 *
 * <p>Only an MQTT 5 connection carries them: publishing a message with properties on an MQTT 3.1.1
 * client fails, and messages received over 3.1.1 have none.
 */
public final class MessageProperties {
  /** No properties at all. */
  public static final MessageProperties NONE = new Builder().build();

  /** The longest expiry MQTT can express: a four-byte count of seconds. */
  static final long MAX_EXPIRY_SECONDS = 0xFFFF_FFFFL;

  private final List<UserProperty> userProperties;
  private final @Nullable String contentType;
  private final boolean payloadUtf8;
  private final @Nullable Duration messageExpiry;
  private final @Nullable String responseTopic;
  private final byte @Nullable [] correlationData;

  private MessageProperties(Builder builder) {
    this.userProperties = List.copyOf(builder.userProperties);
    this.contentType = builder.contentType;
    this.payloadUtf8 = builder.payloadUtf8;
    this.messageExpiry = builder.messageExpiry;
    this.responseTopic = builder.responseTopic;
    this.correlationData = builder.correlationData;
  }

  /** A builder with no properties set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these properties. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.userProperties.addAll(userProperties);
    builder.contentType = contentType;
    builder.payloadUtf8 = payloadUtf8;
    builder.messageExpiry = messageExpiry;
    builder.responseTopic = responseTopic;
    builder.correlationData = correlationData;
    return builder;
  }

  /** The user properties, in the order they were added or received. */
  public List<UserProperty> userProperties() {
    return userProperties;
  }

  /** The value of the first user property named {@code name}, if any. */
  public Optional<String> userProperty(String name) {
    for (UserProperty property : userProperties) {
      if (property.name().equals(name)) {
        return Optional.of(property.value());
      }
    }
    return Optional.empty();
  }

  /** The content type, a MIME type such as {@code application/json} by convention. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /**
   * Whether the payload is declared UTF-8 text (the payload format indicator). A broker may check
   * it and refuse a payload that is not.
   */
  public boolean payloadUtf8() {
    return payloadUtf8;
  }

  /** How long the broker may keep the message for a subscriber that is away, if limited. */
  public Optional<Duration> messageExpiry() {
    return Optional.ofNullable(messageExpiry);
  }

  /** The topic a reply should go to, when the message is a request. */
  public Optional<String> responseTopic() {
    return Optional.ofNullable(responseTopic);
  }

  /** The bytes a reply should carry back so the requester can match it, if any; a copy. */
  public Optional<byte[]> correlationData() {
    return Optional.ofNullable(correlationData).map(byte[]::clone);
  }

  /** Whether no property is set. */
  public boolean isEmpty() {
    return userProperties.isEmpty()
        && contentType == null
        && !payloadUtf8
        && messageExpiry == null
        && responseTopic == null
        && correlationData == null;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof MessageProperties that
        && userProperties.equals(that.userProperties)
        && Objects.equals(contentType, that.contentType)
        && payloadUtf8 == that.payloadUtf8
        && Objects.equals(messageExpiry, that.messageExpiry)
        && Objects.equals(responseTopic, that.responseTopic)
        && Arrays.equals(correlationData, that.correlationData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        userProperties,
        contentType,
        payloadUtf8,
        messageExpiry,
        responseTopic,
        Arrays.hashCode(correlationData));
  }

  /** The properties that are set; correlation data as its length only. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (UserProperty property : userProperties) {
      parts.add(property.name() + "=" + property.value());
    }
    if (contentType != null) {
      parts.add("contentType=" + contentType);
    }
    if (payloadUtf8) {
      parts.add("payloadUtf8");
    }
    if (messageExpiry != null) {
      parts.add("expiry=" + messageExpiry.toSeconds() + "s");
    }
    if (responseTopic != null) {
      parts.add("responseTopic=" + responseTopic);
    }
    if (correlationData != null) {
      parts.add("correlationData=" + correlationData.length + " bytes");
    }
    return "MessageProperties" + parts;
  }

  /** Sets properties one by one; each setter checks its value. */
  public static final class Builder {
    private final List<UserProperty> userProperties = new ArrayList<>();
    private @Nullable String contentType;
    private boolean payloadUtf8;
    private @Nullable Duration messageExpiry;
    private @Nullable String responseTopic;
    private byte @Nullable [] correlationData;

    private Builder() {}

    /** Adds a user property; names may repeat, and the order is kept. */
    public Builder userProperty(String name, String value) {
      userProperties.add(new UserProperty(name, value));
      return this;
    }

    /** Adds user properties in order. */
    public Builder userProperties(List<UserProperty> properties) {
      userProperties.addAll(properties);
      return this;
    }

    /** The content type, such as {@code application/json}; null for none. */
    public Builder contentType(@Nullable String contentType) {
      if (contentType != null) {
        Topics.checkUtf8("Content type", contentType);
      }
      this.contentType = contentType;
      return this;
    }

    /** Declares the payload UTF-8 text (the payload format indicator). */
    public Builder payloadUtf8(boolean payloadUtf8) {
      this.payloadUtf8 = payloadUtf8;
      return this;
    }

    /**
     * How long the broker may keep the message for a subscriber that is away: whole seconds, from 1
     * s to about 136 years; null for no limit.
     */
    public Builder messageExpiry(@Nullable Duration expiry) {
      if (expiry != null
          && (expiry.isNegative()
              || expiry.toSeconds() < 1
              || expiry.getNano() != 0
              || expiry.toSeconds() > MAX_EXPIRY_SECONDS)) {
        throw new IllegalArgumentException(
            "Message expiry must be a whole number of seconds from 1 to "
                + MAX_EXPIRY_SECONDS
                + ", not "
                + expiry
                + ".");
      }
      this.messageExpiry = expiry;
      return this;
    }

    /** The topic a reply should go to; no wildcards; null for none. */
    public Builder responseTopic(@Nullable String topic) {
      if (topic != null) {
        Topics.checkTopicName(topic);
      }
      this.responseTopic = topic;
      return this;
    }

    /** Bytes a reply should carry back (at most 65,535); null for none. The builder copies them. */
    public Builder correlationData(byte @Nullable [] data) {
      if (data != null && data.length > 65_535) {
        throw new IllegalArgumentException(
            "Correlation data is "
                + data.length
                + " bytes; MQTT allows at most 65,535. Send a shorter id.");
      }
      this.correlationData = data == null ? null : data.clone();
      return this;
    }

    /** The properties. */
    public MessageProperties build() {
      return new MessageProperties(this);
    }
  }
}
