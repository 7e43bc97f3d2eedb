package io.github.simplemqtt.cli.doctor;

/** The steps of a diagnosis, in the order they run. */
enum Step {
  FILES(1, "files", "local files"),
  NETWORK(2, "network", "name resolution and TCP connect"),
  TLS(3, "tls", "TLS"),
  MQTT(4, "mqtt", "MQTT connect"),
  ROUND_TRIP(5, "pub/sub", "publish/subscribe round trip"),
  CONFIG(1, "config", "mosquitto.conf and the files it names"),
  CERTIFICATES(2, "certs", "certificates and CRL"),
  USERS(3, "users", "password file and ACL"),
  PROCESS(4, "broker", "the local broker"),
  BRIDGES(5, "bridge", "bridges to other brokers");

  final int number;
  final String label;
  final String title;

  Step(int number, String label, String title) {
    this.number = number;
    this.label = label;
    this.title = title;
  }
}
