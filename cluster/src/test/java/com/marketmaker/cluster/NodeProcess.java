package com.marketmaker.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A cluster node running {@link Main} in its own JVM on loopback, as in production. */
final class NodeProcess {

  final String name;
  final int remotePort;
  final int managementPort;
  final int httpPort;
  private final Process process;

  /**
   * The admin token of every node the tests start ({@code market-maker.auth.admin-token}): the
   * tests' requests to the API carry it as their bearer token.
   */
  static final String ADMIN_TOKEN = "mm_clusterTestAdminToken0000000000000000000000";

  /** The {@code Authorization} header value of the tests' requests. */
  static final String BEARER = "Bearer " + ADMIN_TOKEN;

  /** Set once the test has killed or stopped the node on purpose. */
  volatile boolean killed;

  private NodeProcess(String name, int remotePort, int managementPort, int httpPort, Process p) {
    this.name = name;
    this.remotePort = remotePort;
    this.managementPort = managementPort;
    this.httpPort = httpPort;
    this.process = p;
  }

  /** Free ports for one node: remoting, management, API. */
  record Ports(int remote, int management, int http) {
    static Ports free() {
      return new Ports(
          TestCassandra.freePort(), TestCassandra.freePort(), TestCassandra.freePort());
    }
  }

  /**
   * Starts node {@code name} with {@code ports}, bootstrapping with the management endpoints of
   * {@code cluster} (which includes this node) and journaling to {@code cassandra}.
   */
  static NodeProcess start(String name, Ports ports, List<Ports> cluster, String cassandra) {
    return startWith(
        name, ports, cluster, "market-maker.cassandra.contact-point = \"" + cassandra + "\"");
  }

  /**
   * HOCON lines that give a test its own journal and snapshot keyspaces in the shared Cassandra, so
   * that instruments remembered by one test's cluster are not restarted by another's.
   */
  static String keyspaces(String prefix) {
    return String.join(
        "\n",
        "pekko.persistence.cassandra.journal.keyspace = \"" + prefix + "_journal\"",
        "pekko.persistence.cassandra.snapshot.keyspace = \"" + prefix + "_snapshot\"");
  }

  /** Starts a node whose Cassandra settings are {@code cassandraConfig} (HOCON lines). */
  static NodeProcess startWith(
      String name, Ports ports, List<Ports> cluster, String cassandraConfig) {
    try {
      Path dir = TestCassandra.itDir();
      Files.createDirectories(dir);
      String endpoints =
          cluster.stream()
              .map(p -> "{host = \"127.0.0.1\", port = " + p.management() + "}")
              .collect(Collectors.joining(", "));
      String conf =
          String.join(
              "\n",
              "include classpath(\"application\")",
              "market-maker.node-name = \"" + name + "\"",
              "market-maker.http.port = " + ports.http(),
              "pekko.remote.artery.canonical.port = " + ports.remote(),
              "pekko.management.http.port = " + ports.management(),
              "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr = "
                  + cluster.size(),
              "pekko.discovery.config.services.market-maker.endpoints = [" + endpoints + "]",
              "market-maker.simulator.embedded = off",
              // A test's embedded venue starts fresh, whatever an earlier test left.
              "market-maker.simulator.state-dir = off",
              "market-maker.feeds.venues = []",
              "market-maker.auth.admin-token = \"" + ADMIN_TOKEN + "\"",
              // The tests drive hundreds of instruments through one token as fast as they can.
              "market-maker.auth.rate-limit.per-second = 2000",
              "market-maker.auth.rate-limit.burst = 4000",
              // The test's own lines last, so they override the defaults above.
              cassandraConfig,
              "");
      Path confFile = dir.resolve(name + ".conf");
      Files.writeString(confFile, conf, StandardCharsets.UTF_8);
      String classpath =
          TestCassandra.required("mm.classes")
              + java.io.File.pathSeparator
              + Files.readString(Path.of(TestCassandra.required("mm.runtime.classpath"))).trim();
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xms128m",
                  "-Xmx384m",
                  "-XX:+UseSerialGC",
                  "-Dconfig.file=" + confFile.toAbsolutePath(),
                  "-cp",
                  classpath,
                  Main.class.getName())
              .redirectErrorStream(true)
              .redirectOutput(logFile(dir, name))
              .start();
      return new NodeProcess(name, ports.remote(), ports.management(), ports.http(), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names started by this test JVM: a node started again appends to the log it began. */
  private static final java.util.Set<String> STARTED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static ProcessBuilder.Redirect logFile(Path dir, String name) {
    java.io.File f = dir.resolve(name + ".log").toFile();
    return STARTED.add(name) ? ProcessBuilder.Redirect.to(f) : ProcessBuilder.Redirect.appendTo(f);
  }

  /** The node's cluster address as the entities report it in {@code hostedOn}. */
  String address() {
    return "pekko://market-maker@127.0.0.1:" + remotePort;
  }

  String api() {
    return "http://127.0.0.1:" + httpPort;
  }

  String management() {
    return "http://127.0.0.1:" + managementPort;
  }

  /**
   * What the node has written to its log so far (a node started again under the same name by the
   * same test appends to it).
   */
  String logText() throws IOException {
    return Files.readString(TestCassandra.itDir().resolve(name + ".log"), StandardCharsets.UTF_8);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end; its exit code. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " did not exit within " + seconds + " s");
    }
    return process.exitValue();
  }

  /** SIGKILL: the node vanishes without leaving the cluster or flushing anything. */
  void kill() throws InterruptedException {
    killed = true;
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * SIGSTOP: the node freezes as in a long pause or a partition, its sockets open but silent.
   * Counted as killed: it is expected to down itself and exit after {@link #resume}.
   */
  void pause() throws Exception {
    killed = true;
    signal("STOP");
  }

  /** SIGCONT after {@link #pause}. */
  void resume() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** The User-Agent of its requests to venues ({@code pekko.http.client.user-agent-header}). */
  String userAgent() {
    return "market-maker (" + name + ")";
  }

  /** SIGTERM: coordinated shutdown, handing its shards off. */
  void stop() throws InterruptedException {
    killed = true;
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public String toString() {
    return name + "(" + address() + ")";
  }
}
