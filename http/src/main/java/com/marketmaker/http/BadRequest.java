package com.marketmaker.http;

/** Input that the API refuses, with a message for the caller. Answered with HTTP 400. */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequest(String message) {
    super(message, null, false, false);
  }
}
