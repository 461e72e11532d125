package com.marketmaker.core.orders;

/**
 * The venue refused a request, with its own error code and message (Binance: {@code
 * {"code":-2010,"msg":"..."}}), or could not be reached ({@code code} 0, {@code httpStatus} 0). The
 * gateway that knows the venue's codes classifies the error as a venue-neutral {@link Kind}, which
 * is what the strategy acts on.
 */
public final class VenueException extends RuntimeException {

  /** What the error means for the caller, whatever the venue's own code. */
  public enum Kind {
    /** The account's order or request-weight limit was hit (HTTP 429/418, Binance -1015/-1003). */
    RATE_LIMITED,
    /** The order to cancel is not open at the venue (Binance -2011 "Unknown order sent."). */
    UNKNOWN_ORDER,
    /** The client order id is already in use: a first attempt arrived (Binance "Duplicate"). */
    DUPLICATE_ORDER,
    /**
     * The request's timestamp is outside the venue's window: the request's fault, not the order's.
     */
    CLOCK_SKEW,
    /** Unreachable, timed out, a 5xx or an unreadable answer: the outcome is unknown. */
    UNAVAILABLE,
    /** Any other refusal: the request as sent will not pass. */
    REFUSED;

    /** The kind a plain HTTP status implies, for venues without more specific codes. */
    public static Kind ofStatus(int httpStatus) {
      if (httpStatus == 429 || httpStatus == 418) {
        return RATE_LIMITED;
      }
      if (httpStatus >= 400 && httpStatus < 500) {
        return REFUSED;
      }
      return UNAVAILABLE; // unreachable (0), 5xx, or an answer that could not be read
    }
  }

  private final int httpStatus;
  private final int code;
  private final String venueMessage;
  private final Kind kind;

  /** An error classified by its HTTP status alone. */
  public VenueException(int httpStatus, int code, String venueMessage) {
    this(httpStatus, code, venueMessage, Kind.ofStatus(httpStatus));
  }

  /** An error the venue's gateway has classified. */
  public VenueException(int httpStatus, int code, String venueMessage, Kind kind) {
    super(
        (httpStatus == 0 ? "venue unreachable" : "venue refused (HTTP " + httpStatus + ")")
            + ": "
            + code
            + " "
            + venueMessage);
    this.httpStatus = httpStatus;
    this.code = code;
    this.venueMessage = venueMessage;
    this.kind = kind;
  }

  /** What the error means, whatever the venue's code. */
  public Kind kind() {
    return kind;
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
