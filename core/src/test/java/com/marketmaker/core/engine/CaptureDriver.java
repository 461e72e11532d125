package com.marketmaker.core.engine;

import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.LevelBuffer;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.testsupport.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Drives a {@link QuotingEngine} with a plain loop over recorded Binance captures (the {@code <ns>
 * <json>} lines of {@code ../shared/data/binance}), on the capture's receive clock: every depth
 * event, trade and ticker goes to the engine, and the engine decides after every depth event. A
 * price scale stretches every price around an anchor (a "scaled replay": the mid's moves, the
 * spread and the book's shape all grow by the factor, the grid stays).
 */
final class CaptureDriver {

  /** A capture and the grid its instrument is decoded on. */
  record Capture(InstrumentSpec spec, List<String> files) {
    String name() {
      return spec.id() + " " + files;
    }
  }

  // Spot books carry 8-decimal sizes (finer than the order step): the book's lot is 1e-8.
  static final InstrumentSpec SPOT_BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");
  static final InstrumentSpec SPOT_ETH =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "ETHUSDT"), "0.01", "0.00000001");
  static final InstrumentSpec USDM_BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"), "0.10", "0.001");
  static final InstrumentSpec USDM_ETH =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "ETHUSDT"), "0.01", "0.001");

  /** Every Binance capture; the 0809 spot files continue the 0808 ones. */
  static final List<Capture> CAPTURES =
      List.of(
          new Capture(
              SPOT_BTC,
              List.of("binance/spot_btcusdt_20240808.gz", "binance/spot_btcusdt_20240809.gz")),
          new Capture(
              SPOT_ETH,
              List.of("binance/spot_ethusdt_20240808.gz", "binance/spot_ethusdt_20240809.gz")),
          new Capture(USDM_BTC, List.of("binance/usdm_btcusdt_20240808.gz")),
          new Capture(USDM_ETH, List.of("binance/usdm_ethusdt_20240808.gz")));

  /** What the loop reports after each depth event. */
  interface Listener {
    void onDecision(long nanos, QuoteDecision decision, QuotingEngine engine);
  }

  private final QuotingEngine engine;
  private final BinanceDecoder decoder;
  private final long scale;
  private long anchor = Long.MIN_VALUE;
  private long inventoryLots;

  CaptureDriver(QuotingEngine engine, InstrumentSpec spec, long scale) {
    this.engine = engine;
    this.decoder = new BinanceDecoder(spec);
    this.scale = scale;
  }

  /** The inventory the engine decides with. */
  void inventory(long lots) {
    this.inventoryLots = lots;
  }

  /** Replays {@code files} in order; returns the number of decisions. */
  long run(List<String> files, Listener listener) throws IOException {
    long decisions = 0;
    for (String file : files) {
      for (String line : SharedData.lines(file)) {
        int space = line.indexOf(' ');
        long nanos = Long.parseLong(line, 0, space, 10);
        byte[] json = line.substring(space + 1).getBytes(StandardCharsets.US_ASCII);
        switch (decoder.decode(json)) {
          case SNAPSHOT -> engine.onSnapshot(scaled(decoder.depth()), nanos);
          case DEPTH_UPDATE -> {
            engine.onDepth(scaled(decoder.depth()), VenueBook.NO_CHECKSUM, nanos);
            QuoteDecision d = engine.decide(inventoryLots, nanos);
            decisions++;
            if (listener != null) {
              listener.onDecision(nanos, d, engine);
            }
          }
          case TRADE -> {
            Trade t = decoder.trade();
            t.price = scaled(t.price);
            engine.onTrade(t, nanos);
          }
          case BOOK_TICKER -> {
            BookTicker t = decoder.bookTicker();
            if (scale == 1) {
              engine.onTicker(t);
            }
          }
          case IGNORED -> {}
          case REJECTED ->
              throw new AssertionError("rejected: " + decoder.rejections().lastDetail());
        }
      }
    }
    return decisions;
  }

  private DepthUpdate scaled(DepthUpdate d) {
    if (scale == 1) {
      return d;
    }
    DepthUpdate out = d.copy();
    rescale(d.bids, out.bids);
    rescale(d.asks, out.asks);
    return out;
  }

  private void rescale(LevelBuffer in, LevelBuffer out) {
    out.clear();
    for (int i = 0; i < in.count(); i++) {
      out.add(scaled(in.price(i)), in.size(i));
    }
  }

  private long scaled(long price) {
    if (scale == 1) {
      return price;
    }
    if (anchor == Long.MIN_VALUE) {
      anchor = price;
    }
    return anchor + scale * (price - anchor);
  }
}
