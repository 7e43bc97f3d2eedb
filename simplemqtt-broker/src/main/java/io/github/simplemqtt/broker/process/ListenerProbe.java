package io.github.simplemqtt.broker.process;

import io.github.simplemqtt.broker.config.MosquittoConfFile.Listener;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Where to knock to see whether a listener of this machine's mosquitto.conf answers. */
final class ListenerProbe {
  private ListenerProbe() {}

  /**
   * The address to probe with a TCP connect: the bound address when the listener binds one (it is
   * an address of this machine), else the loopback address of the same family.
   */
  static InetAddress address(Listener listener) {
    String address = listener.bindAddress().orElse("");
    try {
      if (address.isEmpty() || address.equals("0.0.0.0")) {
        return InetAddress.getByName("127.0.0.1");
      }
      if (address.equals("::") || address.equals("[::]")) {
        return InetAddress.getByName("::1");
      }
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      // mosquitto cannot bind a name that does not resolve either and will say so in its log.
      return InetAddress.getLoopbackAddress();
    }
  }
}
