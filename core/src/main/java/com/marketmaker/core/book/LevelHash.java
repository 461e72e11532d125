package com.marketmaker.core.book;

/** The per-price factor of {@link OrderBook#levelHash}, with the side folded into a salt. */
final class LevelHash {

  private LevelHash() {}

  static long salt(Side side) {
    return side == Side.BID ? 0x632BE59BD9B4E019L : 0x3C6EF372FE94F82AL;
  }

  /** SplitMix64 finaliser of the salted price. */
  static long of(long salt, long price) {
    long z = price * 0x9E3779B97F4A7C15L + salt;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
