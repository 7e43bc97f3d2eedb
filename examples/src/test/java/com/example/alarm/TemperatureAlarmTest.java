package com.example.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.ConnectedClient;
import io.github.simplemqtt.testing.MosquittoTest;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A user's test on a real, throw-away mosquitto, run on this project's own JUnit 5.10. */
@MosquittoTest(users = {"alarm:alarm-password", "sensor:sensor-password"})
class TemperatureAlarmTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aReadingAboveTheLimitRaisesAnAlarmAndOneBelowDoesNot(
      @ConnectedClient(user = "alarm") MqttClient alarmClient,
      @ConnectedClient(user = "sensor") MqttClient sensor,
      RecordingHandler alarms) {
    new TemperatureAlarm(alarmClient, 30.0).start();
    sensor.subscribe("alarms/#", 1, alarms);

    sensor.publish("sensors/kitchen/temp", "21.5", 1, false);
    sensor.publish("sensors/boiler/temp", "85.0", 1, false);

    // Handlers keep order per subscription: had the kitchen alarmed, its alarm would come first.
    assertEquals("boiler is at 85.0 °C", alarms.take(WAIT).payloadAsString());
  }

  @Test
  void runsOnTheJUnitOfThisProject() {
    // Had simplemqtt-testing brought its own JUnit, this would be that version (or no test ran).
    assertEquals(
        System.getProperty("expected.junit.version"),
        Test.class.getPackage().getImplementationVersion());
  }
}
