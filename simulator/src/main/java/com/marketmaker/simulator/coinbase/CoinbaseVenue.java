package com.marketmaker.simulator.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.simulator.socket.Session;
import com.marketmaker.simulator.socket.SessionHub;
import com.marketmaker.simulator.socket.StreamVenue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coinbase Exchange's public WebSocket feed over a replayed capture: {@code subscribe} / {@code
 * unsubscribe} of the {@code level2}, {@code ticker} and {@code matches} channels (product ids at
 * the top level or per channel) answered with the connection's {@code subscriptions}, then per new
 * {@code level2} subscription a {@code snapshot} of the simulator's current book followed by the
 * recorded {@code l2update}s, and per new {@code matches} subscription the product's {@code
 * last_match} (the recorded one until a match is replayed, then the latest replayed match) followed
 * by the recorded {@code match}es; recorded {@code ticker}s go to ticker subscribers. A request
 * naming an unknown product or channel is refused as a whole with {@code
 * {"type":"error","message":"Failed to subscribe","reason":..}}.
 */
final class CoinbaseVenue extends StreamVenue<CoinbaseVenue.Subscriptions> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CHANNELS = List.of("level2", "ticker", "matches");

  private final CoinbaseCapture capture;
  private final List<CoinbaseProductBook> books;

  /** Per product, the {@code last_match} a new matches subscriber gets, or null; under lock. */
  private final String[] lastMatches;

  /** One connection's subscriptions by channel; guarded by the venue's lock. */
  static final class Subscriptions extends StreamVenue.Subscriber {
    final Map<String, Set<String>> channels = new LinkedHashMap<>();

    Subscriptions(Session session) {
      super(session);
      CHANNELS.forEach(c -> channels.put(c, new LinkedHashSet<>()));
    }
  }

  CoinbaseVenue(CoinbaseCapture capture, SessionHub hub) {
    super(
        "COINBASE",
        hub,
        capture.products.stream().map(CoinbaseCapture.Product::id).toList(),
        capture.frames);
    this.capture = capture;
    this.books = capture.products.stream().map(CoinbaseProductBook::new).toList();
    this.lastMatches =
        capture.products.stream().map(CoinbaseCapture.Product::lastMatch).toArray(String[]::new);
  }

  @Override
  protected String malformedFrame(int i) {
    return "{\"type\":\"l2update\",\"product_id\":\""
        + symbols().get(0)
        + "\",\"changes\":[[\"buy\","
        + i;
  }

  @Override
  protected void replay(int i, boolean max) {
    CoinbaseCapture.Frame f = capture.frames.get(i);
    String product = symbols().get(f.product());
    synchronized (lock) {
      if (f.channel() == CoinbaseCapture.Channel.LEVEL2) {
        books.get(f.product()).apply(f.changes());
        countReplayed(f.product());
        if (faults.consumeDrop(product)) {
          return;
        }
      } else if (f.channel() == CoinbaseCapture.Channel.MATCHES) {
        lastMatches[f.product()] = f.asLastMatch();
      }
      String channel = f.channel().wireName;
      for (Subscriptions s : subscribers.values()) {
        if (s.channels.get(channel).contains(product)) {
          deliver(s.session, f.raw(), max);
        }
      }
    }
  }

  @Override
  protected Subscriptions subscriber(Session session) {
    return new Subscriptions(session);
  }

  @Override
  protected void request(Subscriptions subs, String text) {
    Session session = subs.session;
    JsonNode req;
    try {
      req = JSON.readTree(text);
    } catch (Exception e) {
      reply(session, error("Malformed JSON", "the message is not JSON"), true);
      return;
    }
    if (req == null || !req.isObject() || !req.path("type").isTextual()) {
      reply(session, error("Failed to subscribe", "type must be subscribe or unsubscribe"), true);
      return;
    }
    String type = req.get("type").asText();
    if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
      reply(session, error("Failed to subscribe", type + " is not a valid message type"), true);
      return;
    }
    boolean subscribe = type.equals("subscribe");
    String failure = subscribe ? "Failed to subscribe" : "Failed to unsubscribe";
    // Validate the whole request before changing anything.
    Map<String, List<String>> wanted = new LinkedHashMap<>();
    List<String> common = new ArrayList<>();
    String bad = productIds(req.get("product_ids"), common);
    if (bad != null) {
      reply(session, error(failure, bad), true);
      return;
    }
    JsonNode channels = req.get("channels");
    if (channels == null || !channels.isArray() || channels.isEmpty()) {
      reply(session, error(failure, "channels must be a non-empty array"), true);
      return;
    }
    for (JsonNode c : channels) {
      String name;
      List<String> ids = new ArrayList<>(common);
      if (c.isTextual()) {
        name = c.asText();
      } else if (c.isObject() && c.path("name").isTextual()) {
        name = c.get("name").asText();
        bad = productIds(c.get("product_ids"), ids);
        if (bad != null) {
          reply(session, error(failure, bad), true);
          return;
        }
      } else {
        reply(
            session,
            error(failure, "a channel is a name or {\"name\":..,\"product_ids\":..}"),
            true);
        return;
      }
      if (!CHANNELS.contains(name)) {
        reply(session, error(failure, name + " is not a valid channel"), true);
        return;
      }
      if (ids.isEmpty()) {
        reply(session, error(failure, "No product ids provided for " + name), true);
        return;
      }
      wanted.computeIfAbsent(name, k -> new ArrayList<>()).addAll(ids);
    }
    synchronized (lock) {
      List<String> newBooks = new ArrayList<>();
      List<String> newMatches = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : wanted.entrySet()) {
        Set<String> current = subs.channels.get(e.getKey());
        for (String id : e.getValue()) {
          if (subscribe && current.add(id)) {
            if (e.getKey().equals("level2")) {
              newBooks.add(id);
            } else if (e.getKey().equals("matches")) {
              newMatches.add(id);
            }
          } else if (!subscribe) {
            current.remove(id);
          }
        }
      }
      reply(session, subscriptionsJson(subs), false);
      for (String id : newBooks) {
        if (hub.send(session, books.get(indexOf(id)).snapshotJson(), false)) {
          snapshotsServed.incrementAndGet();
        }
      }
      for (String id : newMatches) {
        String last = lastMatches[indexOf(id)];
        if (last != null) {
          hub.send(session, last, false);
        }
      }
    }
  }

  /** Adds the valid ids of {@code node} (absent is fine) to {@code out}; the reason if invalid. */
  private String productIds(JsonNode node, List<String> out) {
    if (node == null) {
      return null;
    }
    if (!node.isArray()) {
      return "product_ids must be an array";
    }
    for (JsonNode p : node) {
      if (!p.isTextual() || indexOf(p.asText()) == null) {
        return p.asText() + " is not a valid product";
      }
      out.add(p.asText());
    }
    return null;
  }

  private static String subscriptionsJson(Subscriptions subs) {
    ObjectNode o = JSON.createObjectNode().put("type", "subscriptions");
    ArrayNode channels = o.putArray("channels");
    for (Map.Entry<String, Set<String>> e : subs.channels.entrySet()) {
      if (!e.getValue().isEmpty()) {
        ObjectNode c = channels.addObject().put("name", e.getKey());
        ArrayNode ids = c.putArray("product_ids");
        e.getValue().forEach(ids::add);
      }
    }
    return o.toString();
  }

  private static String error(String message, String reason) {
    return JSON.createObjectNode()
        .put("type", "error")
        .put("message", message)
        .put("reason", reason)
        .toString();
  }
}
