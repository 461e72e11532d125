package com.marketmaker.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket whose only message is that this process is alive: peers keep a connection to
 * it open, and the kernel closes that connection the moment the process dies (SIGKILL, a crash, the
 * OOM killer), after which new connections are refused. A paused process keeps it open, as does a
 * network that drops packets. {@link GoneProcessDowning} watches its peers' lifelines.
 *
 * <p>The port is advertised to the cluster as a role of this node's member ({@code
 * lifeline-port-<port>}), so it can be any free port. Nothing is ever read from or written to a
 * lifeline; each accepted connection has a thread that waits for its end.
 */
final class Lifeline implements AutoCloseable {

  static final String ROLE_PREFIX = "lifeline-port-";

  private static final Logger log = LoggerFactory.getLogger(Lifeline.class);

  private final ServerSocket server;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private Lifeline(ServerSocket server) {
    this.server = server;
  }

  /** Listens on {@code host}:{@code port} (0: any free port). */
  static Lifeline bind(String host, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 50);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    Lifeline l = new Lifeline(server);
    Thread t = new Thread(l::acceptLoop, "lifeline-accept");
    t.setDaemon(true);
    t.start();
    return l;
  }

  int port() {
    return server.getLocalPort();
  }

  /** The role that advertises this lifeline's port. */
  String role() {
    return ROLE_PREFIX + port();
  }

  /** The lifeline port a member advertises among {@code roles}, if any. */
  static OptionalInt port(Set<String> roles) {
    for (String r : roles) {
      if (r.startsWith(ROLE_PREFIX)) {
        try {
          int p = Integer.parseInt(r.substring(ROLE_PREFIX.length()));
          if (p > 0 && p < 65536) {
            return OptionalInt.of(p);
          }
        } catch (NumberFormatException e) {
          // not a port: ignored, as if absent
        }
      }
    }
    return OptionalInt.empty();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        accepted.add(s);
        if (closed) {
          // close() ran between the accept and the add, and did not see this one: it must not
          // stay open past the lifeline (a peer would read it as a live process).
          accepted.remove(s);
          s.close();
          return;
        }
        Thread t = new Thread(() -> holdUntilClosed(s), "lifeline-" + s.getPort());
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          log.warn("the lifeline stopped accepting connections", e);
        }
        return;
      }
    }
  }

  /** Waits for the peer to close its end (it never sends anything), then closes this one. */
  private void holdUntilClosed(Socket s) {
    try (s;
        InputStream in = s.getInputStream()) {
      while (in.read() >= 0) {
        // nothing is expected; anything sent is dropped
      }
    } catch (IOException e) {
      // reset by the peer, or closed here
    } finally {
      accepted.remove(s);
    }
  }

  /** Stops listening and closes every accepted connection, as the process's death would. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : accepted) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
