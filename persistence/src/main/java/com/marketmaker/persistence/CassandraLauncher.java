package com.marketmaker.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a single-node Apache Cassandra 5 on loopback in a child JVM, for local runs and integration
 * tests. The server's jars come from Maven Central through the {@code cassandra-server} module, so
 * nothing is downloaded at run time and Cassandra's libraries never share a classpath with the
 * node.
 *
 * <p>Not for production: production nodes are given a contact point of a real cluster.
 */
public final class CassandraLauncher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CassandraLauncher.class);

  /** Where and how to run the server. */
  public record Settings(
      Path libDir,
      Path dataDir,
      int cqlPort,
      int storagePort,
      String javaExecutable,
      String heap,
      Duration startupTimeout) {
    public Settings {
      Objects.requireNonNull(libDir, "libDir");
      Objects.requireNonNull(dataDir, "dataDir");
      if (javaExecutable == null || javaExecutable.isBlank()) {
        javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      }
    }
  }

  private final Settings settings;
  private final Process process;

  private CassandraLauncher(Settings settings, Process process) {
    this.settings = settings;
    this.process = process;
  }

  /**
   * Starts the server and blocks until it accepts CQL connections.
   *
   * @throws IllegalStateException if the jars are missing, the server fails or the timeout passes
   */
  public static CassandraLauncher start(Settings s) {
    if (!Files.isDirectory(s.libDir()) || !Files.exists(s.libDir().resolve(cassandraJar(s)))) {
      throw new IllegalStateException(
          "Cassandra jars not found in "
              + s.libDir().toAbsolutePath()
              + "; build them with: mvn -pl persistence/cassandra-server package");
    }
    try {
      Files.createDirectories(s.dataDir());
      Path conf = s.dataDir().resolve("conf");
      Files.createDirectories(conf);
      copyResource("cassandra/cassandra.yaml", conf.resolve("cassandra.yaml"));
      copyResource("cassandra/jvm17.args", conf.resolve("jvm17.args"));
      copyResource("cassandra/logback.xml", conf.resolve("logback.xml"));
      Files.deleteIfExists(s.dataDir().resolve("system.log"));

      List<String> cmd = new ArrayList<>();
      cmd.add(s.javaExecutable());
      cmd.add("@" + conf.resolve("jvm17.args").toAbsolutePath());
      cmd.add("-Xms256m");
      cmd.add("-Xmx" + s.heap());
      cmd.add("-XX:+ExitOnOutOfMemoryError");
      cmd.add("-Dcassandra.config=" + conf.resolve("cassandra.yaml").toUri());
      Path data = s.dataDir().toAbsolutePath();
      cmd.add("-Dcassandra.storagedir=" + data);
      cmd.add("-Dcassandra.logdir=" + data);
      cmd.add("-Dcassandra.triggers_dir=" + data.resolve("triggers"));
      cmd.add("-Dcassandra.native_transport_port=" + s.cqlPort());
      cmd.add("-Dcassandra.storage_port=" + s.storagePort());
      cmd.add("-Dcassandra.jmx.local.port=0");
      cmd.add("-Dlogback.configurationFile=" + conf.resolve("logback.xml").toAbsolutePath());
      cmd.add("-Dcassandra-foreground=true");
      cmd.add("-cp");
      cmd.add(s.libDir().toAbsolutePath() + "/*");
      cmd.add("org.apache.cassandra.service.CassandraDaemon");

      log.info(
          "Starting Cassandra on 127.0.0.1:{} (data in {})",
          s.cqlPort(),
          s.dataDir().toAbsolutePath());
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(data.resolve("stdout.log").toFile())
              .start();
      CassandraLauncher launcher = new CassandraLauncher(s, p);
      launcher.awaitCqlPort();
      return launcher;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Cassandra", e);
    }
  }

  private static String cassandraJar(Settings s) {
    try (var files = Files.list(s.libDir())) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith("cassandra-all-") && n.endsWith(".jar"))
          .findFirst()
          .orElse("cassandra-all.jar");
    } catch (IOException e) {
      return "cassandra-all.jar";
    }
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = CassandraLauncher.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void awaitCqlPort() {
    long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
    Path systemLog = settings.dataDir().resolve("system.log");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cassandra exited with code "
                + process.exitValue()
                + "; see "
                + settings.dataDir().resolve("stdout.log").toAbsolutePath());
      }
      if (portOpen(settings.cqlPort())) {
        log.info("Cassandra accepts CQL on 127.0.0.1:{}", settings.cqlPort());
        return;
      }
      if (logShowsStartupFailure(systemLog)) {
        stop();
        throw new IllegalStateException(
            "Cassandra failed to start; see " + systemLog.toAbsolutePath());
      }
      sleep(250);
    }
    stop();
    throw new IllegalStateException(
        "Cassandra did not open port " + settings.cqlPort() + " in " + settings.startupTimeout());
  }

  private static boolean logShowsStartupFailure(Path systemLog) {
    try {
      return Files.exists(systemLog)
          && Files.readString(systemLog, StandardCharsets.UTF_8)
              .contains("Exception encountered during startup");
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
  public static boolean portOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Cassandra", e);
    }
  }

  /** The CQL contact point, {@code 127.0.0.1:port}. */
  public String contactPoint() {
    return "127.0.0.1:" + settings.cqlPort();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the server: SIGTERM, then SIGKILL if it is still up after 30 seconds. */
  public void stop() {
    if (!process.isAlive()) {
      return;
    }
    log.info("Stopping Cassandra on port {}", settings.cqlPort());
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
