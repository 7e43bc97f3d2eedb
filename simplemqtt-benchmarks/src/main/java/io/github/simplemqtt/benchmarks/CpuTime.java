package io.github.simplemqtt.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time, for the cost of a message on each side: the client side (this JVM, which runs the Java
 * clients and the bench's own receiving code, plus the mosquitto_pub/mosquitto_sub processes it
 * started) and the broker. Where the machine has two cores, a broker-bound rate tells little about
 * a client; its CPU time per message does. Linux only ({@code /proc}); elsewhere the figures are
 * NaN.
 */
final class CpuTime {
  /** Linux reports child CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** CPU time used so far, in nanoseconds; negative where it could not be read. */
  record Reading(long clientNanos, long brokerNanos) {
    /** Client and broker microseconds per message since {@code start}. */
    double[] perMessage(Reading start, long messages) {
      return new double[] {
        micros(clientNanos, start.clientNanos, messages),
        micros(brokerNanos, start.brokerNanos, messages)
      };
    }

    private static double micros(long end, long start, long messages) {
      return end < 0 || start < 0 || messages <= 0 ? Double.NaN : (end - start) / 1e3 / messages;
    }
  }

  private final List<Long> brokerPids = new ArrayList<>();

  synchronized void addBroker(long pid) {
    brokerPids.add(pid);
  }

  /**
   * Reads the clocks. {@code tools} are live child processes (mosquitto_sub) whose time is not yet
   * in this process's children's total, which only counts children that have exited.
   */
  Reading read(ProcessHandle... tools) {
    long client = jvmNanos();
    long children = reapedChildrenNanos();
    client = client < 0 || children < 0 ? -1 : client + children;
    for (ProcessHandle tool : tools) {
      long nanos = cpuNanos(tool);
      client = client < 0 || nanos < 0 ? -1 : client + nanos;
    }
    long broker = 0;
    synchronized (this) {
      for (long pid : brokerPids) {
        long nanos = ProcessHandle.of(pid).map(CpuTime::cpuNanos).orElse(-1L);
        broker = broker < 0 || nanos < 0 ? -1 : broker + nanos;
      }
    }
    return new Reading(client, broker);
  }

  /**
   * The CPU time of a live process: the sum of its threads' run times in /proc/PID/task/{@literal
   * *}/schedstat, which counts nanoseconds, where the usual figure counts ticks of 10 ms.
   */
  private static long cpuNanos(ProcessHandle process) {
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      long sum = 0;
      for (Path thread : threads.toList()) {
        String schedstat = Files.readString(thread.resolve("schedstat"), StandardCharsets.US_ASCII);
        sum += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
      }
      return sum;
    } catch (IOException | RuntimeException e) {
      Optional<Duration> cpu = process.info().totalCpuDuration();
      return cpu.map(Duration::toNanos).orElse(-1L);
    }
  }

  private static long jvmNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /**
   * cutime + cstime of /proc/self/stat: the CPU time (user + system) of children that have exited
   * and been waited for, in steps of 10 ms; negative where it cannot be read.
   */
  static long reapedChildrenNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      // Fields after the command name, which is in parentheses and may hold spaces: the 14th
      // field overall (utime) is index 11 here; cutime and cstime are 13 and 14.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
