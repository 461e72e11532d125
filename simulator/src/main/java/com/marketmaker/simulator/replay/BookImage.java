package com.marketmaker.simulator.replay;

/**
 * The simulator's book of one symbol at one update id, best levels first (prices in ticks, sizes in
 * lots), as served by the REST depth endpoint.
 */
public record BookImage(
    long lastUpdateId,
    long eventTimeMillis,
    long[] bidPrices,
    long[] bidSizes,
    long[] askPrices,
    long[] askSizes) {

  /** The same image cut to the best {@code limit} levels per side. */
  public BookImage truncate(int limit) {
    if (bidPrices.length <= limit && askPrices.length <= limit) {
      return this;
    }
    int b = Math.min(limit, bidPrices.length);
    int a = Math.min(limit, askPrices.length);
    return new BookImage(
        lastUpdateId,
        eventTimeMillis,
        java.util.Arrays.copyOf(bidPrices, b),
        java.util.Arrays.copyOf(bidSizes, b),
        java.util.Arrays.copyOf(askPrices, a),
        java.util.Arrays.copyOf(askSizes, a));
  }
}
