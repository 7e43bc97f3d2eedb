package io.github.simplemqtt.testing;

import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.acl.AclParseException;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.pki.KeyType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What a test broker is made of. {@link MosquittoExtension.Builder} and {@link MosquittoTest} both
 * end here, so the two forms cannot drift apart; as a value it is also the key under which a broker
 * shared across test classes is found again.
 *
 * @param maxPacketSize the largest MQTT packet the broker accepts, or null for no limit
 * @param mosquittoExecutable the executable to run, or null to look on the PATH
 */
record BrokerSpec(
    Map<String, String> users,
    Set<String> certificates,
    List<AclRule> aclRules,
    boolean anonymous,
    boolean tls,
    boolean saveOnEveryChange,
    @Nullable Integer maxPacketSize,
    KeyType keyType,
    @Nullable Path mosquittoExecutable) {

  BrokerSpec {
    users = Map.copyOf(users);
    certificates = Set.copyOf(certificates);
    // In file order, as mosquitto reads them, so equal rule sets make equal specs.
    aclRules = AccessControlList.of(aclRules).rules();
    Objects.requireNonNull(keyType, "keyType");
    if (maxPacketSize != null && maxPacketSize < 20) {
      throw new IllegalArgumentException(
          "maxPacketSize must be at least 20 bytes (mosquitto's smallest), not "
              + maxPacketSize
              + ".");
    }
  }

  /**
   * The spec an annotation declares.
   *
   * @throws ExtensionConfigurationException saying which attribute is wrong and how to write it
   */
  static BrokerSpec of(MosquittoTest test) {
    Map<String, String> users = new LinkedHashMap<>();
    for (String entry : test.users()) {
      int colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new ExtensionConfigurationException(
            "@MosquittoTest users entry '"
                + entry
                + "' is not 'name:password'; write it as users = \"alice:secret\".");
      }
      String name = entry.substring(0, colon);
      if (users.put(name, entry.substring(colon + 1)) != null) {
        throw new ExtensionConfigurationException(
            "@MosquittoTest declares user '" + name + "' twice; keep one entry per user.");
      }
    }
    List<AclRule> rules;
    try {
      rules = AccessControlList.parse(String.join("\n", test.acl())).rules();
    } catch (AclParseException e) {
      throw new ExtensionConfigurationException(
          "@MosquittoTest acl is not valid acl_file text (one line per entry, as in"
              + " {\"user alice\", \"topic readwrite sensors/#\"}): "
              + e.getMessage(),
          e);
    }
    if (test.maxPacketSize() != 0 && test.maxPacketSize() < 20) {
      throw new ExtensionConfigurationException(
          "@MosquittoTest maxPacketSize must be 0 (no limit) or at least 20 bytes, not "
              + test.maxPacketSize()
              + ".");
    }
    return new BrokerSpec(
        users,
        new LinkedHashSet<>(List.of(test.certificates())),
        rules,
        test.anonymous(),
        test.tls(),
        test.saveOnEveryChange(),
        test.maxPacketSize() == 0 ? null : test.maxPacketSize(),
        test.keyType(),
        test.mosquittoExecutable().isEmpty() ? null : Path.of(test.mosquittoExecutable()));
  }
}
