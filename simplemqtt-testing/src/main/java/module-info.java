/**
 * Test support: a real, secured, throw-away Mosquitto for JUnit 5 tests ({@link
 * io.github.simplemqtt.testing.MosquittoTest}).
 *
 * <p>Its API hands out the client's and the kit's types and JUnit's, so a test module that requires
 * this one reads those too. A test module that uses {@link
 * io.github.simplemqtt.testing.ConnectedClient} on fields opens its test package to this module
 * (the extension fills the fields in), as it opens it to JUnit.
 *
 * <p>Its package is {@code NullMarked} (JSpecify): nothing in its API is null unless marked {@code
 * Nullable}. The annotations are needed at compile time only ({@code requires static transitive}).
 */
module io.github.simplemqtt.testing {
  exports io.github.simplemqtt.testing;

  // JUnit builds the extension named in @ExtendWith through its private constructor.
  opens io.github.simplemqtt.testing to
      org.junit.platform.commons;

  requires transitive io.github.simplemqtt.broker;
  requires transitive io.github.simplemqtt.client;
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.commons;
  requires org.slf4j;
  requires static transitive org.jspecify;
}
