package com.marketmaker.streams.binance;

/**
 * A Binance REST request that failed: the HTTP status and the venue's own {@code {"code","msg"}}
 * when it sent one, or a local refusal (budget exhausted, rate-limit back-off, timeout).
 */
public final class BinanceRestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** HTTP status, or 0 when the request was not sent or no answer came. */
  private final int status;

  /** The venue's error code (e.g. -1121 invalid symbol), or 0 when none. */
  private final int venueCode;

  private final String venueMessage;

  public BinanceRestException(String message, int status, int venueCode, String venueMessage) {
    super(message);
    this.status = status;
    this.venueCode = venueCode;
    this.venueMessage = venueMessage;
  }

  public BinanceRestException(String message) {
    this(message, 0, 0, null);
  }

  public int status() {
    return status;
  }

  public int venueCode() {
    return venueCode;
  }

  /** The venue's {@code msg}, or null. */
  public String venueMessage() {
    return venueMessage;
  }
}
