package com.marketmaker.cluster;

import com.marketmaker.persistence.CassandraLauncher;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the development Cassandra on its own, for a local multi-node cluster whose nodes all point
 * at it ({@code market-maker.cassandra.contact-point}). Stops it on SIGTERM or Ctrl-C.
 */
public final class DevCassandra {

  private DevCassandra() {}

  public static void main(String[] args) throws InterruptedException {
    CassandraLauncher cassandra =
        CassandraLauncher.start(Main.embeddedSettings(ConfigFactory.load()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  cassandra.stop();
                  stopped.countDown();
                }));
    System.out.println("Cassandra is up at " + cassandra.contactPoint() + "; Ctrl-C stops it.");
    stopped.await();
  }
}
