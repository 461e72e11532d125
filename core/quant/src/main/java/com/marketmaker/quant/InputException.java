package com.marketmaker.quant;

/**
 * Bad input found at the boundary: an unreadable file, a cell that is not a number, an unknown
 * column, options that do not fit the data. The command exits with code 2 and prints the message
 * alone.
 */
final class InputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InputException(String message) {
    super(message);
  }
}
