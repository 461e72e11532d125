package com.marketmaker.core.instrument;

/**
 * A well-formed decimal that is not a multiple of the instrument's tick or lot size. Kept distinct
 * from other {@link NumberFormatException}s so boundary code can count off-grid input separately
 * from malformed input.
 */
public final class OffGridException extends NumberFormatException {

  public OffGridException(String message) {
    super(message);
  }
}
