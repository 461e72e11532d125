package com.marketmaker.core.feed;

/**
 * Internal signal that a message is refused; caught by the decoder's entry point and turned into a
 * counted {@link RejectReason}. Stack-trace-free because it is an expected outcome, not a bug.
 */
final class DecodeException extends RuntimeException {

  final RejectReason reason;

  DecodeException(RejectReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }
}
