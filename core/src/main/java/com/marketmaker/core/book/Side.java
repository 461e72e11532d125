package com.marketmaker.core.book;

/**
 * A side of the book: resting buy interest ({@link #BID}) or resting sell interest ({@link #ASK}).
 */
public enum Side {
  BID,
  ASK;

  /** The other side. */
  public Side opposite() {
    return this == BID ? ASK : BID;
  }

  /** Whether {@code a} is a better (more aggressive) price than {@code b} on this side. */
  public boolean isBetter(long a, long b) {
    return this == BID ? a > b : a < b;
  }
}
