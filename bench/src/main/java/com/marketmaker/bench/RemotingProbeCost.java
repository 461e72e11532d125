package com.marketmaker.bench;

import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What the gone-process probes cost: a node (an actor system with cluster remoting over Artery TCP,
 * alone in its cluster) has its remoting port opened and closed by a probing thread at a given
 * rate, the way {@code GoneProcessDowning} probes its peers; the process's CPU time over a window
 * without probes and over one with them gives the CPU per probe, the probing thread's own CPU time
 * its share.
 *
 * <pre>java -cp bench/target/benchmarks.jar com.marketmaker.bench.RemotingProbeCost 50 20</pre>
 *
 * Arguments: probes per second (the shipped setting is 5 per peer), and seconds per window.
 */
public final class RemotingProbeCost {

  private RemotingProbeCost() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "connect";
    int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    if (!mode.equals("connect") && !mode.equals("lifeline")) {
      throw new IllegalArgumentException("mode: connect or lifeline, not " + mode);
    }
    if (perSecond < 1 || seconds < 1) {
      throw new IllegalArgumentException("rate and window must be positive");
    }
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(),
            "probe-cost",
            ConfigFactory.parseString(
                    "pekko.actor.provider = cluster\n"
                        + "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
                        + "pekko.remote.artery.canonical.port = 0\n"
                        + "pekko.loglevel = WARNING")
                .withFallback(ConfigFactory.defaultReference()));
    java.net.ServerSocket listener = new java.net.ServerSocket(0);
    try {
      int port =
          mode.equals("connect")
              ? system.classicSystem().provider().getDefaultAddress().getPort().orElseThrow()
              : holdOne(listener);
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      // Warm-up: the connection handling compiled.
      Checker check = mode.equals("connect") ? connects(port) : lifeline(port);
      run(check, perSecond, Math.min(seconds, 10));
      for (int round = 1; round <= 2; round++) {
        long idle0 = os.getProcessCpuTime();
        Thread.sleep(seconds * 1000L);
        long idle = os.getProcessCpuTime() - idle0;
        long busy0 = os.getProcessCpuTime();
        long prober0 = threads.getCurrentThreadCpuTime();
        int n = run(check, perSecond, seconds);
        long prober = threads.getCurrentThreadCpuTime() - prober0;
        long busy = os.getProcessCpuTime() - busy0;
        double perProbe = (busy - idle) / (double) n / 1e3;
        double proberPer = prober / (double) n / 1e3;
        System.out.printf(
            "%s, round %d: %d checks in %d s; process CPU %.1f ms idle, %.1f ms checking -> %.1f µs"
                + " per check in all, of which %.1f µs the checking thread's, %.1f µs the rest%n",
            mode,
            round,
            n,
            seconds,
            idle / 1e6,
            busy / 1e6,
            perProbe,
            proberPer,
            perProbe - proberPer);
      }
    } finally {
      listener.close();
      system.terminate();
    }
  }

  private interface Checker {
    void check() throws Exception;
  }

  /** A new connection to {@code port}, opened and closed, per check. */
  private static Checker connects(int port) {
    return () -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      }
    };
  }

  /** One connection to {@code port}, kept, and read without blocking per check. */
  private static Checker lifeline(int port) throws Exception {
    java.nio.channels.SocketChannel ch =
        java.nio.channels.SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    ch.configureBlocking(false);
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64);
    return () -> {
      buf.clear();
      if (ch.read(buf) < 0) {
        throw new IllegalStateException("the held connection closed");
      }
    };
  }

  /** Accepts one connection on {@code listener} and holds it on a thread until it ends. */
  private static int holdOne(java.net.ServerSocket listener) {
    Thread t =
        new Thread(
            () -> {
              try (Socket s = listener.accept()) {
                while (s.getInputStream().read() >= 0) {
                  // nothing is sent
                }
              } catch (java.io.IOException e) {
                // ended
              }
            });
    t.setDaemon(true);
    t.start();
    return listener.getLocalPort();
  }

  /** Runs {@code check} {@code perSecond} times a second for {@code seconds}. */
  private static int run(Checker check, int perSecond, int seconds) throws Exception {
    long periodNanos = 1_000_000_000L / perSecond;
    long next = System.nanoTime();
    int n = 0;
    for (int i = 0; i < perSecond * seconds; i++) {
      check.check();
      n++;
      next += periodNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    return n;
  }
}
