package com.marketmaker.simulator.coinbase;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.book.TreeMapOrderBook;
import com.marketmaker.core.feed.CoinbaseMessage;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.sync.BookSync;
import com.marketmaker.core.sync.CoinbaseBookSync;

/**
 * The simulator's book of one Coinbase product: the recorded snapshot plus every replayed {@code
 * l2update}, through core's {@link CoinbaseBookSync} (a crossed book is refused). Serves the {@code
 * snapshot} of a new {@code level2} subscription. Not thread-safe: the venue's lock guards it.
 */
final class CoinbaseProductBook {

  final CoinbaseCapture.Product product;
  private final CoinbaseBookSync sync = new CoinbaseBookSync(new TreeMapOrderBook());
  private final CoinbaseMessage message = new CoinbaseMessage();

  CoinbaseProductBook(CoinbaseCapture.Product product) {
    this.product = product;
    message.spec = product.spec();
    fill(product.snapshot());
    BookSync.Outcome o = sync.onSnapshot(message);
    if (o != BookSync.Outcome.APPLIED) {
      throw new IllegalStateException(product.id() + ": snapshot " + sync.lastGapReason());
    }
  }

  OrderBook book() {
    return sync.book();
  }

  /**
   * Applies a recorded l2update.
   *
   * @throws IllegalStateException if the book would cross (the capture is broken)
   */
  void apply(CoinbaseCapture.Changes c) {
    fill(c);
    BookSync.Outcome o = sync.onUpdate(message);
    if (o != BookSync.Outcome.APPLIED) {
      throw new IllegalStateException(product.id() + ": " + o + " " + sync.lastGapReason());
    }
  }

  private void fill(CoinbaseCapture.Changes c) {
    message.bids.clear();
    message.asks.clear();
    for (int i = 0; i < c.bidPrices().length; i++) {
      message.bids.add(c.bidPrices()[i], c.bidSizes()[i]);
    }
    for (int i = 0; i < c.askPrices().length; i++) {
      message.asks.add(c.askPrices()[i], c.askSizes()[i]);
    }
  }

  /**
   * {@code {"type":"snapshot","product_id":..,"asks":[[price,size],..],"bids":[..]}}, whole book.
   */
  String snapshotJson() {
    OrderBook b = sync.book();
    StringBuilder sb =
        new StringBuilder(64 + 32 * (b.levelCount(Side.ASK) + b.levelCount(Side.BID)));
    sb.append("{\"type\":\"snapshot\",\"product_id\":\"")
        .append(product.id())
        .append("\",\"asks\":[");
    levels(sb, b, Side.ASK);
    sb.append("],\"bids\":[");
    levels(sb, b, Side.BID);
    return sb.append("]}").toString();
  }

  private void levels(StringBuilder sb, OrderBook b, Side side) {
    int[] n = {0};
    b.forEachLevel(
        side,
        (price, size) -> {
          sb.append(n[0]++ == 0 ? "[\"" : ",[\"")
              .append(FixedPoint.format(price, product.priceDecimals()))
              .append("\",\"")
              .append(FixedPoint.format(size, product.sizeDecimals()))
              .append("\"]");
          return true;
        });
  }
}
