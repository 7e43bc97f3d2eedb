package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.process.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 20 {@code user add --password-stdin} started together all succeed, one after the other. */
class ParallelUserAddIT {
  @TempDir Path temp;

  @Test
  void twentyParallelUserAddsWithPasswordStdinAllSucceed() throws Exception {
    int[] ports = FreePorts.pick(2);
    Path dir = temp.resolve("mosquitto");
    Cli.Result init = Cli.initOnLoopback(dir, ports[0], ports[1]);
    assertThat(init.exitCode()).as(init.err()).isZero();

    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<Future<Cli.Result>> adds = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < 20; i++) {
        String user = "user" + i;
        adds.add(
            pool.submit(
                () -> {
                  go.await();
                  return Cli.runWithStdin(
                      "pw-" + user + "\n",
                      "user",
                      "add",
                      user,
                      "--dir",
                      dir.toString(),
                      "--password-stdin");
                }));
      }
      go.countDown();
      for (Future<Cli.Result> add : adds) {
        Cli.Result result = add.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.err()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(BrokerDirectory.open(dir).users())
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 20).mapToObj(i -> "user" + i).toList());
  }
}
