package com.example.alarm;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.Message;

/** Listens to every sensor's temperature and raises an alarm for readings above a limit. */
public final class TemperatureAlarm {
  private final MqttClient client;
  private final double limit;

  public TemperatureAlarm(MqttClient client, double limit) {
    this.client = client;
    this.limit = limit;
  }

  /** Subscribes to {@code sensors/+/temp}; alarms go to {@code alarms/<sensor>}. */
  public void start() {
    client.subscribe("sensors/+/temp", 1, this::onReading);
  }

  private void onReading(Message reading) {
    String sensor = reading.topic().split("/")[1];
    double celsius = Double.parseDouble(reading.payloadAsString());
    if (celsius > limit) {
      client.publish("alarms/" + sensor, sensor + " is at " + celsius + " °C", 1, false);
    }
  }
}
