package com.marketmaker.simulator.exchange;

/**
 * The venue refused a request with one of Binance's error codes ({@code -2010} new order rejected,
 * {@code -2011} cancel rejected, {@code -2013} no such order, ...) and its message. The HTTP layer
 * answers {@code {"code":..,"msg":..}} with {@link #httpStatus()}.
 */
public final class OrderRejectedException extends RuntimeException {

  private final int code;
  private final int httpStatus;

  public OrderRejectedException(int code, String message) {
    this(code, message, 400);
  }

  public OrderRejectedException(int code, String message, int httpStatus) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
