package com.marketmaker.core.orders;

/**
 * The venue refused a request, with its own error code and message (Binance: {@code
 * {"code":-2010,"msg":"..."}}), or could not be reached ({@code code} 0, {@code httpStatus} 0).
 */
public final class VenueException extends RuntimeException {

  private final int httpStatus;
  private final int code;
  private final String venueMessage;

  public VenueException(int httpStatus, int code, String venueMessage) {
    super(
        (httpStatus == 0 ? "venue unreachable" : "venue refused (HTTP " + httpStatus + ")")
            + ": "
            + code
            + " "
            + venueMessage);
    this.httpStatus = httpStatus;
    this.code = code;
    this.venueMessage = venueMessage;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int code() {
    return code;
  }

  public String venueMessage() {
    return venueMessage;
  }

  /** True when retrying the same request later may succeed (rate limits, 5xx, unreachable). */
  public boolean retryable() {
    return httpStatus == 0 || httpStatus == 429 || httpStatus == 418 || httpStatus >= 500;
  }
}
