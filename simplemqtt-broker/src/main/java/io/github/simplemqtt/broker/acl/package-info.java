/**
 * Topic access rules and mosquitto's {@code acl_file} format: {@link
 * io.github.simplemqtt.broker.acl.AccessControlList} of {@link
 * io.github.simplemqtt.broker.acl.AclRule}s.
 */
@NullMarked
package io.github.simplemqtt.broker.acl;

import org.jspecify.annotations.NullMarked;
