package com.marketmaker.backtest.data;

/**
 * What a {@link MarketEvent} is. Each kind has a one-byte code, stable across versions of the
 * binary event file ({@link EventFiles}); codes are never reused.
 */
public enum EventKind {
  /** A REST depth snapshot (Binance): loads the book through the venue's sync. */
  SNAPSHOT(1),
  /** A diff of the book: Binance update ids, a Kraken checksum, or a Coinbase venue time. */
  DEPTH(2),
  /** A public trade. */
  TRADE(3),
  /** The venue's best bid and ask (Binance {@code bookTicker}, Coinbase {@code ticker}). */
  BOOK_TICKER(4),
  /** A full book sent on the stream (Kraken, Coinbase), with the depth the venue maintains. */
  STREAM_SNAPSHOT(5);

  private static final EventKind[] BY_CODE = new EventKind[8];

  static {
    for (EventKind k : values()) {
      BY_CODE[k.code] = k;
    }
  }

  private final int code;

  EventKind(int code) {
    this.code = code;
  }

  /** The kind's byte in the binary event file. */
  public int code() {
    return code;
  }

  /** The kind of a file code, or null when no kind has it. */
  public static EventKind ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** Whether events of this kind carry book levels in {@link MarketEvent#depth}. */
  public boolean hasLevels() {
    return this == SNAPSHOT || this == DEPTH || this == STREAM_SNAPSHOT;
  }
}
