package com.marketmaker.backtest.data;

import com.marketmaker.core.feed.CoinbaseDecoder;
import com.marketmaker.core.feed.CoinbaseMessage;
import com.marketmaker.core.feed.RejectReason;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Coinbase Exchange websocket messages from a cryptofeed capture ({@code COINBASE.ws.*}),
 * decoded by core's {@link CoinbaseDecoder}, for the products asked for (an instrument's symbol is
 * the product id, {@code BTC-USD}), the way the live feed hands them on:
 *
 * <ul>
 *   <li>{@code snapshot}: a {@link EventKind#STREAM_SNAPSHOT} of unbounded depth;
 *   <li>{@code l2update}: a {@link EventKind#DEPTH} whose {@code finalUpdateId} is the venue time
 *       in microseconds (the book compares tickers by it) and event time its milliseconds;
 *   <li>{@code ticker}: a {@link EventKind#BOOK_TICKER} of best bid and ask prices (no sizes),
 *       update id the venue time in microseconds;
 *   <li>{@code match}: a {@link EventKind#TRADE}; {@code last_match}, sent once on subscribing,
 *       too, unless the product already had that trade or a later one.
 * </ul>
 *
 * Messages of other products are skipped; any other refused message fails the read with a {@link
 * CaptureFormatException}.
 */
public final class CoinbaseCaptureReader extends CryptofeedCaptureReader {

  private final CoinbaseDecoder decoder;
  private final long[] lastTradeIds;

  /**
   * @param instruments the Coinbase instruments to read, in the order of their indexes
   * @param file the capture
   */
  public CoinbaseCaptureReader(List<InstrumentSpec> instruments, Path file) {
    super(Venue.COINBASE, instruments, file);
    Map<String, InstrumentSpec> byProduct = new HashMap<>();
    for (InstrumentSpec s : instruments) {
      byProduct.put(s.id().symbol(), s);
    }
    this.decoder = new CoinbaseDecoder(byProduct::get);
    this.lastTradeIds = new long[instruments.size()];
    Arrays.fill(lastTradeIds, Long.MIN_VALUE);
  }

  @Override
  boolean decode(byte[] buf, int off, int len, long receivedNanos) throws IOException {
    CoinbaseDecoder.Kind kind = decoder.decode(buf, off, len);
    CoinbaseMessage m = decoder.message();
    switch (kind) {
      case SNAPSHOT -> {
        event.reset(EventKind.STREAM_SNAPSHOT, receivedNanos, indexOf(m.spec));
        event.depth.bids.copyFrom(m.bids);
        event.depth.asks.copyFrom(m.asks);
      }
      case L2UPDATE -> {
        event.reset(EventKind.DEPTH, receivedNanos, indexOf(m.spec));
        event.depth.bids.copyFrom(m.bids);
        event.depth.asks.copyFrom(m.asks);
        event.depth.finalUpdateId = m.timeMicros;
        event.depth.eventTimeMillis = m.timeMicros / 1000;
      }
      case TICKER -> {
        event.reset(EventKind.BOOK_TICKER, receivedNanos, indexOf(m.spec));
        event.ticker.updateId = m.timeMicros;
        event.ticker.bidPrice = m.bestBid;
        event.ticker.bidSize = 0;
        event.ticker.askPrice = m.bestAsk;
        event.ticker.askSize = 0;
      }
      case MATCH, LAST_MATCH -> {
        int index = indexOf(m.spec);
        if (kind == CoinbaseDecoder.Kind.LAST_MATCH && lastTradeIds[index] >= m.trade.tradeId) {
          return false; // a repeat after a resubscription
        }
        lastTradeIds[index] = Math.max(lastTradeIds[index], m.trade.tradeId);
        event.reset(EventKind.TRADE, receivedNanos, index);
        MarketEvent.copyTrade(m.trade, event.trade);
      }
      case IGNORED -> {
        return false;
      }
      case REJECTED -> {
        if (decoder.rejections().lastReason() == RejectReason.UNKNOWN_INSTRUMENT) {
          return false; // a product not asked for
        }
        throw error(
            "refused ("
                + decoder.rejections().lastReason()
                + "): "
                + decoder.rejections().lastDetail());
      }
    }
    return true;
  }
}
