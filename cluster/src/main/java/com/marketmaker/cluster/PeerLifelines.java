package com.marketmaker.cluster;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * This node's ends of its peers' {@link Lifeline}s, checked from one thread. A check of an open
 * lifeline is one non-blocking read (nothing is ever sent on it, so it reads nothing until the
 * other end closes): no connection is made while the peer lives. Once the peer's end has closed,
 * each check tries a new connection, which a dead process's kernel refuses.
 */
final class PeerLifelines implements AutoCloseable {

  private final int connectTimeoutMillis;
  private final Map<String, SocketChannel> open = new HashMap<>();
  private final ByteBuffer scratch = ByteBuffer.allocate(64);

  PeerLifelines(int connectTimeoutMillis) {
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  /** The state of the lifeline at {@code host}:{@code port}, connecting when none is open. */
  RefusedPeers.Probe check(String host, int port) {
    String key = host + ":" + port;
    SocketChannel ch = open.get(key);
    if (ch != null) {
      if (stillOpen(ch)) {
        return RefusedPeers.Probe.ACCEPTED;
      }
      open.remove(key);
      closeQuietly(ch);
    }
    SocketChannel c = null;
    try {
      c = SocketChannel.open();
      c.socket().connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      c.configureBlocking(false);
      open.put(key, c);
      return RefusedPeers.Probe.ACCEPTED;
    } catch (ConnectException e) {
      closeQuietly(c);
      // ECONNREFUSED: nothing listens on the port. The JDK raises the same class for an OS-level
      // timeout, which says nothing about the process.
      String m = e.getMessage();
      return m != null && m.toLowerCase(Locale.ROOT).contains("refused")
          ? RefusedPeers.Probe.REFUSED
          : RefusedPeers.Probe.NO_ANSWER;
    } catch (IOException | RuntimeException e) {
      closeQuietly(c);
      return RefusedPeers.Probe.NO_ANSWER;
    }
  }

  /** Closes the lifelines whose {@code host:port} is not in {@code keep}. */
  void retain(Set<String> keep) {
    for (Iterator<Map.Entry<String, SocketChannel>> it = open.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, SocketChannel> e = it.next();
      if (!keep.contains(e.getKey())) {
        closeQuietly(e.getValue());
        it.remove();
      }
    }
  }

  /** Lifelines open now. */
  int openCount() {
    return open.size();
  }

  private boolean stillOpen(SocketChannel ch) {
    try {
      scratch.clear();
      // The other end never writes: 0 while it lives, -1 (or a reset) once it has closed.
      return ch.read(scratch) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeQuietly(SocketChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  @Override
  public void close() {
    retain(Set.of());
  }
}
