package com.marketmaker.cluster;

import com.marketmaker.persistence.CassandraLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One real Cassandra for all integration tests of this JVM, started on first use from the jars the
 * build resolved from Maven Central, on free loopback ports, and stopped when the JVM exits.
 */
final class TestCassandra {

  private static CassandraLauncher instance;

  private TestCassandra() {}

  static synchronized String contactPoint() {
    if (instance == null) {
      Path dir = itDir().resolve("cassandra");
      deleteRecursively(dir);
      instance =
          CassandraLauncher.start(
              new CassandraLauncher.Settings(
                  Path.of(required("mm.cassandra.lib")),
                  dir,
                  freePort(),
                  freePort(),
                  System.getProperty("mm.cassandra.java", ""),
                  "1g",
                  Duration.ofMinutes(3)));
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "stop-test-cassandra"));
    }
    return instance.contactPoint();
  }

  static Path itDir() {
    return Path.of(System.getProperty("mm.it.dir", "target/it"));
  }

  static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set; run the integration tests with mvn verify");
    }
    return value;
  }

  /** Ports handed out in this JVM: the system may offer a port again once its probe is closed. */
  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

  /**
   * A loopback port free now and never handed out before in this JVM (two nodes started together
   * must not be given the same one before either binds it).
   */
  static synchronized int freePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        socket.setReuseAddress(true);
        int port = socket.getLocalPort();
        if (HANDED_OUT.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no fresh free port after 100 attempts");
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
