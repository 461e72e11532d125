package com.marketmaker.simulator.ws;

import com.marketmaker.simulator.socket.Session;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One client WebSocket connection to a Binance dialect: its subscriptions and whether it gets the
 * combined envelope, beside the {@link Session} that buffers and closes it.
 */
public final class ClientConnection {

  final Session session;
  private volatile boolean combined;
  // Copy-on-write, kept in subscription order: the replay thread reads it for every frame.
  private volatile Set<String> streams = Set.of();

  ClientConnection(Session session, boolean combined) {
    this.session = session;
    this.combined = combined;
  }

  public boolean combined() {
    return combined;
  }

  void setCombined(boolean combined) {
    this.combined = combined;
  }

  public boolean subscribed(String stream) {
    return streams.contains(stream);
  }

  synchronized void subscribe(List<String> names) {
    Set<String> s = new LinkedHashSet<>(streams);
    s.addAll(names);
    streams = s;
  }

  synchronized void unsubscribe(List<String> names) {
    Set<String> s = new LinkedHashSet<>(streams);
    names.forEach(s::remove);
    streams = s;
  }

  List<String> subscriptions() {
    return List.copyOf(streams);
  }

  int subscriptionCount() {
    return streams.size();
  }
}
