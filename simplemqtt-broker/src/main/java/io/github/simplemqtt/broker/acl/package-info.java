/**
 * Topic access rules and mosquitto's {@code acl_file} format: {@link
 * io.github.simplemqtt.broker.acl.AccessControlList} of {@link
 * io.github.simplemqtt.broker.acl.AclRule}s.
 */
package io.github.simplemqtt.broker.acl;
