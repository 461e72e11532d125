package com.marketmaker.streams.coinbase;

import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.CoinbaseDecoder;
import com.marketmaker.core.feed.CoinbaseMessage;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.RejectReason;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.binance.InstrumentLane;
import com.marketmaker.streams.feed.FeedDelivery;
import com.marketmaker.streams.feed.StreamFeedSettings;
import com.marketmaker.streams.feed.StreamSnapshotFeed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coinbase Exchange market data on this node: the order-book channel ({@code level2}, or {@code
 * level2_batch}), the {@code ticker} channel and the {@code matches} channel of every subscribed
 * product on one connection, all three in one subscribe message (see {@link StreamSnapshotFeed} for
 * connection, resync and snapshot handling).
 *
 * <p>Messages are decoded by core's {@link CoinbaseDecoder}: a {@code snapshot} becomes a {@link
 * FeedEvent.Snapshot}, an {@code l2update} a {@link FeedEvent.Depth}, a {@code ticker} a {@link
 * FeedEvent.Ticker} (best bid and ask, no sizes) and a {@code match} a {@link
 * FeedEvent.PublicTrade} (trade id, price, size, time in milliseconds, and the aggressor: the
 * opposite of Coinbase's maker side). The {@code last_match} Coinbase sends when {@code matches} is
 * subscribed is published too, unless the instrument already had that trade or a later one (a
 * resubscription or reconnect repeats it). The book channel has no update ids: the diff's {@code
 * finalUpdateId} and the ticker's {@code updateId} carry the venue's time in microseconds, which is
 * what the entity's book compares tickers by.
 *
 * <p>Anything invalid is counted and skipped: as a decode error of the instrument when the message
 * names a subscribed product, else as a malformed frame of the connection. As {@code level2} has no
 * sequence numbers, a refused or unreadable message could have been a lost book update: the product
 * it names (every subscribed product when none can be read) gets a {@link FeedEvent.Resync}, and
 * its book is fetched again.
 */
public final class CoinbaseMarketDataFeed extends StreamSnapshotFeed {

  private static final Logger log = LoggerFactory.getLogger(CoinbaseMarketDataFeed.class);

  private final CoinbaseDecoder decoder;

  /** The last trade id published per product, with the lane it went to (connection thread). */
  private final Map<String, LastTrade> lastTrades = new ConcurrentHashMap<>();

  private record LastTrade(InstrumentLane lane, long tradeId) {}

  private CoinbaseMarketDataFeed(
      ActorSystem<?> system, StreamFeedSettings settings, FeedDelivery delivery) {
    super(system, settings, delivery);
    this.decoder =
        new CoinbaseDecoder(
            product -> {
              InstrumentLane lane = lanes.get(product);
              return lane == null ? null : lane.spec;
            });
  }

  /** Starts the connection. Stop it with {@link #close()}. */
  public static CoinbaseMarketDataFeed start(ActorSystem<?> system, StreamFeedSettings settings) {
    return start(system, settings, FeedDelivery.TELL);
  }

  /** As {@link #start(ActorSystem, StreamFeedSettings)} with a given last delivery step. */
  public static CoinbaseMarketDataFeed start(
      ActorSystem<?> system, StreamFeedSettings settings, FeedDelivery delivery) {
    if (settings.venue() != Venue.COINBASE) {
      throw new IllegalArgumentException("not Coinbase settings: " + settings.venue());
    }
    CoinbaseMarketDataFeed feed = new CoinbaseMarketDataFeed(system, settings, delivery);
    feed.start();
    return feed;
  }

  @Override
  protected String venueSymbol(InstrumentId id) {
    return id.symbol();
  }

  private static String request(String type, List<String> products, String channels) {
    StringBuilder sb =
        new StringBuilder("{\"type\":\"").append(type).append("\",\"product_ids\":[");
    for (int i = 0; i < products.size(); i++) {
      sb.append(i == 0 ? "\"" : ",\"").append(products.get(i)).append('"');
    }
    return sb.append("],\"channels\":").append(channels).append('}').toString();
  }

  private String bookChannel() {
    return "[\"" + settings.bookChannel() + "\"]";
  }

  /** Every channel followed, for one subscribe message as Coinbase documents it. */
  private String allChannels() {
    return "[\"" + settings.bookChannel() + "\",\"ticker\",\"matches\"]";
  }

  @Override
  protected List<String> subscribeMessages(List<String> products) {
    return List.of(request("subscribe", products, allChannels()));
  }

  @Override
  protected List<String> unsubscribeMessages(List<String> products) {
    return List.of(request("unsubscribe", products, allChannels()));
  }

  @Override
  protected List<String> resubscribeBookMessages(String product) {
    return List.of(
        request("unsubscribe", List.of(product), bookChannel()),
        request("subscribe", List.of(product), bookChannel()));
  }

  /**
   * A frame that could not be read at all may have been any product's book update: the product it
   * names, if its name can still be found in the text, else every subscribed product, is resynced.
   */
  private void resyncAfterMalformed(String text) {
    int at = text.indexOf("\"product_id\":\"");
    if (at >= 0) {
      int from = at + "\"product_id\":\"".length();
      int to = text.indexOf('"', from);
      InstrumentLane lane = to > from ? lanes.get(text.substring(from, to)) : null;
      if (lane != null) {
        lane.resync("malformed frame naming " + lane.id.symbol());
        return;
      }
    }
    for (InstrumentLane lane : lanes.values()) {
      lane.resync("malformed frame of the connection");
    }
  }

  @Override
  protected void onText(String text, long receivedNanos) {
    CoinbaseDecoder.Kind kind = decoder.decode(text.getBytes(StandardCharsets.UTF_8));
    if (kind == CoinbaseDecoder.Kind.REJECTED) {
      InstrumentLane named =
          decoder.message().spec == null ? null : lanes.get(decoder.message().spec.id().symbol());
      if (named != null) {
        named.received(receivedNanos);
        named.decodeError();
        log.debug("{} message refused: {}", named.id, decoder.rejections().lastDetail());
        // level2 has no sequence numbers: a refused message may have been a book update, and
        // nothing later would show it missing. The book is fetched again.
        named.resync("refused message: " + decoder.rejections().lastReason());
      } else if (decoder.rejections().lastReason() == RejectReason.UNKNOWN_INSTRUMENT) {
        unroutedFrames.incrementAndGet();
      } else {
        malformedFrames.incrementAndGet();
        log.debug("{} frame refused: {}", venue(), decoder.rejections().lastDetail());
        resyncAfterMalformed(text);
      }
      return;
    }
    if (kind == CoinbaseDecoder.Kind.IGNORED) {
      if (text.contains("\"type\":\"error\"")) {
        controlErrors.incrementAndGet();
        log.warn("{} error: {}", venue(), text);
      }
      return;
    }
    CoinbaseMessage m = decoder.message();
    String product = m.spec.id().symbol();
    InstrumentLane lane = lanes.get(product);
    if (lane == null) {
      unroutedFrames.incrementAndGet();
      return;
    }
    lane.received(receivedNanos);
    switch (kind) {
      case SNAPSHOT -> {
        DepthUpdate d = new DepthUpdate();
        d.bids.copyFrom(m.bids);
        d.asks.copyFrom(m.asks);
        publishSnapshot(product, lane, d, receivedNanos);
      }
      case L2UPDATE -> {
        DepthUpdate d = new DepthUpdate();
        d.bids.copyFrom(m.bids);
        d.asks.copyFrom(m.asks);
        d.finalUpdateId = m.timeMicros;
        d.eventTimeMillis = m.timeMicros / 1000;
        lane.publish(new FeedEvent.Depth(lane.id, d, receivedNanos));
      }
      case TICKER -> {
        BookTicker t = new BookTicker();
        t.updateId = m.timeMicros;
        t.bidPrice = m.bestBid;
        t.askPrice = m.bestAsk;
        lane.publish(new FeedEvent.Ticker(lane.id, t, receivedNanos));
      }
      case MATCH -> publishTrade(product, lane, m, receivedNanos);
      case LAST_MATCH -> {
        LastTrade last = lastTrades.get(product);
        if (last != null && last.lane() == lane && last.tradeId() >= m.trade.tradeId) {
          lane.ignoredMessage(); // already published: a repeat after a (re)subscription
        } else {
          publishTrade(product, lane, m, receivedNanos);
        }
      }
      default -> lane.ignoredMessage();
    }
  }

  private void publishTrade(
      String product, InstrumentLane lane, CoinbaseMessage m, long receivedNanos) {
    LastTrade last = lastTrades.get(product);
    if (last == null || last.lane() != lane || last.tradeId() < m.trade.tradeId) {
      lastTrades.put(product, new LastTrade(lane, m.trade.tradeId));
    }
    lane.publish(new FeedEvent.PublicTrade(lane.id, m.trade.copy(), receivedNanos));
  }
}
