package com.marketmaker.streams.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.KrakenBookMessage;
import com.marketmaker.core.feed.KrakenDecoder;
import com.marketmaker.core.feed.RejectReason;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.binance.InstrumentLane;
import com.marketmaker.streams.feed.FeedDelivery;
import com.marketmaker.streams.feed.StreamFeedSettings;
import com.marketmaker.streams.feed.StreamSnapshotFeed;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kraken websocket v1 market data on this node: the {@code book} channel at the configured depth
 * and the {@code trade} channel of every subscribed pair on one connection (see {@link
 * StreamSnapshotFeed} for connection, resync and snapshot handling).
 *
 * <p>Instruments are named {@code KRAKEN:BASE-QUOTE} ({@code KRAKEN:XBT-CHF}); the pair on the wire
 * is {@code BASE/QUOTE}. Book messages are decoded by core's {@link KrakenDecoder}: a snapshot
 * ({@code as}/{@code bs}) becomes a {@link FeedEvent.Snapshot} carrying the subscription depth, an
 * update ({@code a}/{@code b}) a {@link FeedEvent.Depth} carrying Kraken's checksum {@code c},
 * which the entity's book verifies. Trades ({@code [price, volume, time, side, orderType, misc]})
 * become {@link FeedEvent.PublicTrade}s in the order of the message, without a trade id (v1 has
 * none), time to the millisecond (rounded down), {@code side} the aggressor's. A trade message with
 * any invalid trade is skipped whole and counted as a decode error of its instrument; other invalid
 * frames are counted as malformed. Nothing invalid ends the connection.
 */
public final class KrakenMarketDataFeed extends StreamSnapshotFeed {

  private static final Logger log = LoggerFactory.getLogger(KrakenMarketDataFeed.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Seconds since the epoch as Kraken prints them: digits and a fraction, no sign or exponent. */
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,12})?");

  private final KrakenDecoder decoder;
  private final Map<Long, String> tradeChannels = new ConcurrentHashMap<>();
  private long reqids;

  private KrakenMarketDataFeed(
      ActorSystem<?> system, StreamFeedSettings settings, FeedDelivery delivery) {
    super(system, settings, delivery);
    this.decoder =
        new KrakenDecoder(
            pair -> {
              InstrumentLane lane = lanes.get(pair);
              return lane == null ? null : lane.spec;
            });
  }

  /** Starts the connection. Stop it with {@link #close()}. */
  public static KrakenMarketDataFeed start(ActorSystem<?> system, StreamFeedSettings settings) {
    return start(system, settings, FeedDelivery.TELL);
  }

  /** As {@link #start(ActorSystem, StreamFeedSettings)} with a given last delivery step. */
  public static KrakenMarketDataFeed start(
      ActorSystem<?> system, StreamFeedSettings settings, FeedDelivery delivery) {
    if (settings.venue() != Venue.KRAKEN) {
      throw new IllegalArgumentException("not Kraken settings: " + settings.venue());
    }
    KrakenMarketDataFeed feed = new KrakenMarketDataFeed(system, settings, delivery);
    feed.start();
    return feed;
  }

  /** The Kraken pair of an instrument: {@code XBT-CHF} is {@code XBT/CHF}. */
  public static String pairOf(InstrumentId id) {
    String s = id.symbol();
    return s.indexOf('/') >= 0 ? s : s.replace('-', '/');
  }

  @Override
  protected String venueSymbol(InstrumentId id) {
    return pairOf(id);
  }

  @Override
  protected void onConnected() {
    tradeChannels.clear(); // channel ids are per connection
  }

  private String request(String event, List<String> pairs, String subscription) {
    StringBuilder sb =
        new StringBuilder("{\"event\":\"")
            .append(event)
            .append("\",\"reqid\":")
            .append(++reqids)
            .append(",\"pair\":[");
    for (int i = 0; i < pairs.size(); i++) {
      sb.append(i == 0 ? "\"" : ",\"").append(pairs.get(i)).append('"');
    }
    return sb.append("],\"subscription\":").append(subscription).append('}').toString();
  }

  private String book() {
    return "{\"name\":\"book\",\"depth\":" + settings.bookDepth() + "}";
  }

  @Override
  protected List<String> subscribeMessages(List<String> pairs) {
    return List.of(
        request("subscribe", pairs, book()), request("subscribe", pairs, "{\"name\":\"trade\"}"));
  }

  @Override
  protected List<String> unsubscribeMessages(List<String> pairs) {
    return List.of(
        request("unsubscribe", pairs, book()),
        request("unsubscribe", pairs, "{\"name\":\"trade\"}"));
  }

  @Override
  protected List<String> resubscribeBookMessages(String pair) {
    return List.of(
        request("unsubscribe", List.of(pair), book()), request("subscribe", List.of(pair), book()));
  }

  @Override
  protected void onText(String text, long receivedNanos) {
    if (text.startsWith("[")) {
      long channel = leadingChannelId(text);
      String tradePair = channel < 0 ? null : tradeChannels.get(channel);
      if (tradePair != null) {
        onTrades(tradePair, text, receivedNanos);
      } else {
        onBook(text, receivedNanos);
      }
    } else {
      onEvent(text);
    }
  }

  private static long leadingChannelId(String text) {
    long v = 0;
    int i = 1;
    for (; i < text.length() && i < 20; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
    }
    return i > 1 && i < text.length() && text.charAt(i) == ',' ? v : -1;
  }

  private void onBook(String text, long receivedNanos) {
    KrakenDecoder.Kind kind = decoder.decode(text.getBytes(StandardCharsets.UTF_8));
    if (kind == KrakenDecoder.Kind.REJECTED) {
      if (decoder.rejections().lastReason() == RejectReason.UNKNOWN_INSTRUMENT) {
        unroutedFrames.incrementAndGet(); // e.g. just unsubscribed
      } else {
        malformedFrames.incrementAndGet();
        log.debug("{} frame refused: {}", venue(), decoder.rejections().lastDetail());
      }
      return;
    }
    if (kind != KrakenDecoder.Kind.BOOK) {
      malformedFrames.incrementAndGet();
      return;
    }
    KrakenBookMessage m = decoder.book();
    String pair = pairOf(m.spec.id());
    InstrumentLane lane = lanes.get(pair);
    if (lane == null) {
      unroutedFrames.incrementAndGet();
      return;
    }
    lane.received(receivedNanos);
    DepthUpdate d = new DepthUpdate();
    d.asks.copyFrom(m.asks);
    d.bids.copyFrom(m.bids);
    if (m.snapshot) {
      publishSnapshot(pair, lane, d, receivedNanos);
    } else {
      long checksum =
          m.checksum == KrakenBookMessage.NO_CHECKSUM ? FeedEvent.Depth.NO_CHECKSUM : m.checksum;
      lane.publish(new FeedEvent.Depth(lane.id, d, checksum, receivedNanos));
    }
  }

  /**
   * {@code [channelID,[[price,volume,time,side,orderType,misc],..],"trade","PAIR"]}: every trade of
   * the message is published, in order, or, when any of them is invalid, none (one decode error).
   */
  private void onTrades(String pair, String text, long receivedNanos) {
    InstrumentLane lane = lanes.get(pair);
    if (lane == null) {
      unroutedFrames.incrementAndGet(); // e.g. just unsubscribed
      return;
    }
    lane.received(receivedNanos);
    List<Trade> trades;
    try {
      trades = tradesOf(lane.spec, pair, JSON.readTree(text));
    } catch (Exception e) {
      lane.decodeError();
      log.debug("{} trade message of {} refused: {}", venue(), pair, e.getMessage());
      return;
    }
    for (Trade t : trades) {
      lane.publish(new FeedEvent.PublicTrade(lane.id, t, receivedNanos));
    }
  }

  /**
   * The trades of a v1 trade message, checked against Kraken's documented shape: four elements,
   * then per trade six, price and volume decimal strings on the pair's grid and positive, time
   * seconds since the epoch with a fraction (kept to the millisecond, rounded down), side {@code
   * b}/{@code s} (the taker's), order type {@code l}/{@code m}, misc a string.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  private static List<Trade> tradesOf(InstrumentSpec spec, String pair, JsonNode n) {
    if (n == null
        || !n.isArray()
        || n.size() != 4
        || !n.get(1).isArray()
        || !"trade".equals(n.get(2).asText())
        || !pair.equals(n.get(3).asText())) {
      throw new IllegalArgumentException("not [channelID, [trades], \"trade\", \"" + pair + "\"]");
    }
    JsonNode list = n.get(1);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no trade in the message");
    }
    List<Trade> trades = new ArrayList<>(list.size());
    for (JsonNode t : list) {
      if (!t.isArray() || t.size() != 6) {
        throw new IllegalArgumentException(
            "trade is not [price, volume, time, side, orderType, misc]: " + t);
      }
      for (int i = 0; i < 6; i++) {
        if (!t.get(i).isTextual()) {
          throw new IllegalArgumentException("trade field " + i + " is not a string: " + t);
        }
      }
      Trade trade = new Trade();
      trade.price = spec.priceToTicks(t.get(0).asText());
      trade.size = spec.sizeToLots(t.get(1).asText());
      if (trade.price <= 0 || trade.size <= 0) {
        throw new IllegalArgumentException("trade price and volume must be positive: " + t);
      }
      trade.tradeTimeMillis = epochMillis(t.get(2).asText());
      trade.buyerAggressor =
          switch (t.get(3).asText()) {
            case "b" -> true;
            case "s" -> false;
            default -> throw new IllegalArgumentException("trade side " + t.get(3));
          };
      String orderType = t.get(4).asText();
      if (!orderType.equals("l") && !orderType.equals("m")) {
        throw new IllegalArgumentException("trade order type " + t.get(4));
      }
      trades.add(trade);
    }
    return trades;
  }

  /** {@code "1534614057.321597"} seconds to {@code 1534614057321} milliseconds. */
  private static long epochMillis(String seconds) {
    if (!SECONDS.matcher(seconds).matches()) {
      throw new IllegalArgumentException("trade time is not seconds since the epoch: " + seconds);
    }
    BigDecimal s = new BigDecimal(seconds);
    if (s.signum() <= 0) {
      throw new IllegalArgumentException("trade time must be positive: " + seconds);
    }
    return s.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  /** {@code subscriptionStatus}, {@code heartbeat}, {@code systemStatus}, {@code pong}, errors. */
  private void onEvent(String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (Exception e) {
      malformedFrames.incrementAndGet();
      return;
    }
    if (n == null || !n.isObject()) {
      malformedFrames.incrementAndGet();
      return;
    }
    String event = n.path("event").asText();
    switch (event) {
      case "heartbeat", "pong" -> {}
      case "systemStatus" -> log.info("{} system status {}", venue(), n.path("status").asText());
      case "subscriptionStatus" -> {
        String status = n.path("status").asText();
        String pair = n.path("pair").asText();
        String channel = n.path("channelName").asText();
        if (status.equals("error")) {
          subscriptionRefused(pair, n.path("errorMessage").asText());
        } else if (status.equals("subscribed") && channel.startsWith("book")) {
          // Teaches the decoder the channel id of the pair's book.
          if (decoder.decode(text.getBytes(StandardCharsets.UTF_8))
              == KrakenDecoder.Kind.REJECTED) {
            unroutedFrames.incrementAndGet();
          }
        } else if (channel.equals("trade")
            && (status.equals("subscribed") || status.equals("unsubscribed"))) {
          JsonNode id = n.get("channelID");
          if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 0) {
            malformedFrames.incrementAndGet();
            log.warn("{} trade subscriptionStatus without a channelID: {}", venue(), text);
          } else if (status.equals("subscribed")) {
            tradeChannels.put(id.asLong(), pair);
          } else {
            tradeChannels.remove(id.asLong());
          }
        }
      }
      case "error" -> {
        controlErrors.incrementAndGet();
        log.warn("{} error: {}", venue(), n.path("errorMessage").asText());
      }
      default -> malformedFrames.incrementAndGet();
    }
  }
}
