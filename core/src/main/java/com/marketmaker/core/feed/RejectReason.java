package com.marketmaker.core.feed;

/** Why a venue message was refused at the boundary. */
public enum RejectReason {
  /** Not parseable JSON, truncated, or not the expected JSON shape. */
  MALFORMED_JSON,
  /** A field the message type requires is absent. */
  MISSING_FIELD,
  /** A number field holds something that is not a plain decimal or integer. */
  BAD_NUMBER,
  /** A price or size that is not on the instrument's tick or lot grid. */
  OFF_GRID,
  /** A price that is zero or negative. */
  NON_POSITIVE_PRICE,
  /** A size that is negative. */
  NEGATIVE_SIZE,
  /** A message about an instrument this decoder was not set up for. */
  UNKNOWN_INSTRUMENT
}
