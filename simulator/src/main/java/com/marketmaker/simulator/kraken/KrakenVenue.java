package com.marketmaker.simulator.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.book.Side;
import com.marketmaker.simulator.socket.Session;
import com.marketmaker.simulator.socket.SessionHub;
import com.marketmaker.simulator.socket.StreamVenue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kraken's websocket v1 public API over a replayed capture: {@code systemStatus} on connect, {@code
 * subscribe} / {@code unsubscribe} of the {@code book} (depth 10, 25, 100, 500 or 1000) and {@code
 * trade} channels answered with {@code subscriptionStatus}, {@code ping} / {@code pong}, the
 * recorded {@code heartbeat}s, and per book subscription a snapshot ({@code as}/{@code bs}) of the
 * simulator's current book followed by the recorded updates ({@code a}/{@code b}, checksum {@code
 * c}). A subscription at the recorded depth gets the recorded update text; a shallower one gets the
 * changes of its window, with the same checksum (it covers the top 10 only).
 *
 * <p>The capture holds no trades. Trades are published on demand ({@code POST /admin/trades} or
 * {@link KrakenVenueSimulator#publishTrades}): one v1 trade message {@code [channelID,[[price,
 * volume,time,side,orderType,misc],..],"trade","PAIR"]} per request, to every connection subscribed
 * to that pair's {@code trade} channel, under the channel id its {@code subscriptionStatus} gave.
 * Until then a trade subscription is confirmed and silent; Kraken's snapshot of recent trades on
 * subscription is not simulated. Published trades are prints on the feed only: the simulator's
 * books do not change.
 */
final class KrakenVenue extends StreamVenue<KrakenVenue.Subscriptions> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> DEPTHS = Set.of(10, 25, 100, 500, 1000);
  private static final int DEFAULT_DEPTH = 10;
  private static final int MAX_TRADES = 1000;

  private final KrakenCapture capture;
  private final List<KrakenPairBook> books;

  /** One connection's subscriptions; guarded by the venue's lock. */
  static final class Subscriptions extends StreamVenue.Subscriber {
    final Map<Integer, Integer> bookDepth = new HashMap<>();
    final Set<Integer> trades = new HashSet<>();

    Subscriptions(Session session) {
      super(session);
    }
  }

  KrakenVenue(KrakenCapture capture, SessionHub hub) {
    super(
        "KRAKEN",
        hub,
        capture.pairs.stream().map(KrakenCapture.Pair::name).toList(),
        capture.frames);
    this.capture = capture;
    this.books = capture.pairs.stream().map(KrakenPairBook::new).toList();
  }

  /** Checksummed updates recorded per pair. */
  Map<String, Long> checksummedUpdates() {
    Map<String, Long> out = new LinkedHashMap<>();
    capture.pairs.forEach(p -> out.put(p.name(), p.checksummedUpdates()));
    return out;
  }

  @Override
  protected String malformedFrame(int i) {
    return "[" + capture.pairs.get(0).channelId() + ",{\"a\":[[\"1." + i;
  }

  @Override
  protected void replay(int i, boolean max) {
    KrakenCapture.Frame f = capture.frames.get(i);
    KrakenCapture.BookRecord r = f.book();
    if (r == null) {
      for (Subscriptions s : subscribers.values()) {
        deliver(s.session, f.raw(), max);
      }
      return;
    }
    synchronized (lock) {
      KrakenPairBook book = books.get(r.pair());
      int recorded = book.pair.depth();
      int widest = 0;
      for (Subscriptions s : subscribers.values()) {
        Integer d = s.bookDepth.get(r.pair());
        if (d != null && d < recorded) {
          widest = Math.max(widest, d);
        }
      }
      long[][] asksBefore = widest > 0 ? book.top(Side.ASK, widest) : null;
      long[][] bidsBefore = widest > 0 ? book.top(Side.BID, widest) : null;
      book.apply(r);
      countReplayed(r.pair());
      if (faults.consumeDrop(book.pair.name())) {
        return;
      }
      Map<Integer, String> windows = new HashMap<>();
      for (Subscriptions s : subscribers.values()) {
        Integer d = s.bookDepth.get(r.pair());
        if (d == null) {
          continue;
        }
        if (d == recorded) {
          deliver(s.session, f.raw(), max);
        } else {
          String text =
              windows.computeIfAbsent(d, k -> book.windowUpdate(r, asksBefore, bidsBefore, k));
          if (text != null) {
            deliver(s.session, text, max);
          }
        }
      }
    }
  }

  @Override
  protected Subscriptions subscriber(Session session) {
    return new Subscriptions(session);
  }

  @Override
  protected void greet(Session session) {
    reply(
        session,
        "{\"connectionID\":"
            + (8_000_000_000_000_000_000L + session.id())
            + ",\"event\":\"systemStatus\",\"status\":\"online\",\"version\":\"1.8.3\"}",
        false);
  }

  @Override
  protected void request(Subscriptions subs, String text) {
    Session session = subs.session;
    JsonNode req;
    try {
      req = JSON.readTree(text);
    } catch (Exception e) {
      reply(session, error("Malformed request", null), true);
      return;
    }
    if (req == null || !req.isObject() || !req.path("event").isTextual()) {
      reply(session, error("Malformed request", null), true);
      return;
    }
    JsonNode reqid = req.get("reqid");
    if (reqid != null && !reqid.isIntegralNumber()) {
      reply(session, error("Malformed request", null), true);
      return;
    }
    switch (req.get("event").asText()) {
      case "ping" -> {
        ObjectNode pong = JSON.createObjectNode().put("event", "pong");
        if (reqid != null) {
          pong.set("reqid", reqid);
        }
        reply(session, pong.toString(), false);
      }
      case "subscribe" -> subscription(subs, req, reqid, true);
      case "unsubscribe" -> subscription(subs, req, reqid, false);
      default -> reply(session, error("Unsupported event", reqid), true);
    }
  }

  private void subscription(Subscriptions subs, JsonNode req, JsonNode reqid, boolean subscribe) {
    Session session = subs.session;
    JsonNode sub = req.get("subscription");
    if (sub == null || !sub.isObject() || !sub.path("name").isTextual()) {
      reply(session, error("Subscription name invalid", reqid), true);
      return;
    }
    String name = sub.get("name").asText();
    if (!name.equals("book") && !name.equals("trade")) {
      reply(session, error("Subscription name invalid", reqid), true);
      return;
    }
    JsonNode pairs = req.get("pair");
    if (pairs == null || !pairs.isArray() || pairs.isEmpty()) {
      reply(session, error("Pair field must be an array", reqid), true);
      return;
    }
    int depth = DEFAULT_DEPTH;
    if (name.equals("book") && sub.has("depth")) {
      JsonNode d = sub.get("depth");
      if (!d.isIntegralNumber() || !DEPTHS.contains(d.asInt())) {
        for (JsonNode p : pairs) {
          reply(
              session,
              failed(p.asText(), name, depth, reqid, "Subscription depth not supported"),
              true);
        }
        return;
      }
      depth = d.asInt();
    }
    boolean isBook = name.equals("book");
    synchronized (lock) {
      for (JsonNode p : pairs) {
        String pair = p.asText();
        Integer index = p.isTextual() ? indexOf(pair) : null;
        if (index == null) {
          reply(session, failed(pair, name, depth, reqid, "Currency pair not supported"), true);
          continue;
        }
        boolean has = isBook ? subs.bookDepth.containsKey(index) : subs.trades.contains(index);
        if (subscribe == has) {
          String why = subscribe ? "Already subscribed" : "Subscription Not Found";
          reply(session, failed(pair, name, depth, reqid, why), true);
          continue;
        }
        long channel = channelOf(index, isBook);
        if (!subscribe) {
          int was = depth;
          if (isBook) {
            was = subs.bookDepth.remove(index);
          } else {
            subs.trades.remove(index);
          }
          reply(session, done(channel, pair, name, was, reqid, "unsubscribed"), false);
          continue;
        }
        if (isBook) {
          subs.bookDepth.put(index, depth);
        } else {
          subs.trades.add(index);
        }
        reply(session, done(channel, pair, name, depth, reqid, "subscribed"), false);
        if (isBook && hub.send(session, books.get(index).snapshotJson(depth), false)) {
          snapshotsServed.incrementAndGet();
        }
      }
    }
  }

  /**
   * Parses a {@code POST /admin/trades} body, {@code {"pair":"XBT/CHF","trades":[{..},..]}} (see
   * {@link KrakenTrade#fromJson}), and publishes its trades in one message.
   */
  @Override
  public ObjectNode publishTrades(String body) {
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (Exception e) {
      throw new IllegalArgumentException("body is not valid JSON");
    }
    if (req == null || !req.isObject()) {
      throw new IllegalArgumentException(
          "body must be a JSON object {\"pair\":..,\"trades\":[..]}");
    }
    for (Iterator<String> it = req.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("pair") && !f.equals("trades")) {
        throw new IllegalArgumentException("unknown field '" + f + "'; allowed: [pair, trades]");
      }
    }
    JsonNode pair = req.get("pair");
    if (pair == null || !pair.isTextual()) {
      throw new IllegalArgumentException("'pair' is required, one of " + symbols());
    }
    int index = pairIndex(pair.asText());
    JsonNode list = req.get("trades");
    if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_TRADES) {
      throw new IllegalArgumentException(
          "'trades' must be an array of 1 to " + MAX_TRADES + " trades");
    }
    List<KrakenTrade> trades = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      trades.add(KrakenTrade.fromJson(list.get(i), "trades[" + i + "]"));
    }
    return JSON.createObjectNode()
        .put("venue", venue())
        .put("pair", pair.asText())
        .put("channelID", channelOf(index, false))
        .put("trades", trades.size())
        .put("connections", publishTrades(pair.asText(), trades));
  }

  /**
   * Sends {@code trades} in one v1 trade message, {@code [channelID,[[price,volume,time,side,
   * orderType,""],..],"trade","PAIR"]}, to every connection subscribed to the pair's trade channel.
   *
   * @return the connections that got it
   * @throws IllegalArgumentException if the pair is not replayed or there is no trade
   */
  int publishTrades(String pair, List<KrakenTrade> trades) {
    int index = pairIndex(pair);
    if (trades.isEmpty()) {
      throw new IllegalArgumentException("no trade to publish");
    }
    ArrayNode list = JSON.createArrayNode();
    trades.forEach(t -> list.add(t.toJson()));
    ArrayNode msg = JSON.createArrayNode();
    msg.add(channelOf(index, false)).add(list).add("trade").add(pair);
    return toTradeSubscribers(index, msg.toString());
  }

  /**
   * Sends {@code "[" + channelID + "," + rest} unchecked to the subscribers of the pair's trade
   * channel: a trade message as broken as a test wants it.
   */
  int sendTradeChannelFrame(String pair, String rest) {
    int index = pairIndex(pair);
    return toTradeSubscribers(index, "[" + channelOf(index, false) + "," + rest);
  }

  /** The connections subscribed to the pair's trade channel now. */
  int tradeSubscriptions(String pair) {
    int index = pairIndex(pair);
    synchronized (lock) {
      return (int) subscribers.values().stream().filter(s -> s.trades.contains(index)).count();
    }
  }

  private int pairIndex(String pair) {
    Integer index = indexOf(pair);
    if (index == null) {
      throw new IllegalArgumentException("unknown pair '" + pair + "'; replayed: " + symbols());
    }
    return index;
  }

  private int toTradeSubscribers(int index, String text) {
    int reached = 0;
    synchronized (lock) {
      for (Subscriptions s : subscribers.values()) {
        if (s.trades.contains(index) && hub.send(s.session, text, false)) {
          deliveries.incrementAndGet();
          reached++;
        }
      }
    }
    return reached;
  }

  /** Book channels keep their recorded ids; trade channels get ids of their own. */
  private long channelOf(int index, boolean book) {
    long recorded = books.get(index).pair.channelId();
    return book ? recorded : 1_000_000L + recorded;
  }

  private static String channelName(String name, int depth) {
    return name.equals("book") ? "book-" + depth : name;
  }

  private static ObjectNode subscriptionNode(String name, int depth) {
    ObjectNode sub = JSON.createObjectNode();
    if (name.equals("book")) {
      sub.put("depth", depth);
    }
    return sub.put("name", name);
  }

  private static String done(
      long channel, String pair, String name, int depth, JsonNode reqid, String status) {
    ObjectNode o = JSON.createObjectNode();
    o.put("channelID", channel);
    o.put("channelName", channelName(name, depth));
    o.put("event", "subscriptionStatus");
    o.put("pair", pair);
    if (reqid != null) {
      o.set("reqid", reqid);
    }
    o.put("status", status);
    o.set("subscription", subscriptionNode(name, depth));
    return o.toString();
  }

  private static String failed(
      String pair, String name, int depth, JsonNode reqid, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("errorMessage", message);
    o.put("event", "subscriptionStatus");
    o.put("pair", pair);
    if (reqid != null) {
      o.set("reqid", reqid);
    }
    o.put("status", "error");
    o.set("subscription", subscriptionNode(name, depth));
    return o.toString();
  }

  private static String error(String message, JsonNode reqid) {
    ObjectNode o = JSON.createObjectNode();
    o.put("errorMessage", message);
    o.put("event", "error");
    if (reqid != null) {
      o.set("reqid", reqid);
    }
    return o.toString();
  }
}
