package io.github.simplemqtt.broker.acl;

import java.util.Objects;

/** What an ACL rule allows on the topics its filter matches, with mosquitto's word for it. */
public enum AclAccess {
  /** Receive messages (subscribe and be delivered to): {@code read}. */
  READ("read"),
  /** Publish: {@code write}. */
  WRITE("write"),
  /** Both publish and receive: {@code readwrite}. */
  READWRITE("readwrite"),
  /**
   * Neither, overriding any broader rule that grants access (Mosquitto 2.0 checks {@code deny}
   * rules first): {@code deny}.
   */
  DENY("deny");

  private final String keyword;

  AclAccess(String keyword) {
    this.keyword = keyword;
  }

  /**
   * The word mosquitto's acl_file uses: {@code read}, {@code write}, {@code readwrite}, {@code
   * deny}.
   */
  public String keyword() {
    return keyword;
  }

  /**
   * The access for one of mosquitto's words, which are case-sensitive.
   *
   * @throws IllegalArgumentException naming the word and the accepted ones
   */
  public static AclAccess fromKeyword(String keyword) {
    Objects.requireNonNull(keyword, "keyword");
    for (AclAccess access : values()) {
      if (access.keyword.equals(keyword)) {
        return access;
      }
    }
    throw new IllegalArgumentException(
        "Unknown access '" + keyword + "'; use read, write, readwrite or deny.");
  }
}
