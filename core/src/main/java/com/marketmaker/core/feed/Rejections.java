package com.marketmaker.core.feed;

/**
 * Counts refused messages per {@link RejectReason} and keeps the last reason and detail, so bad
 * input is visible in metrics and logs rather than silently dropped or crashing the feed.
 */
public final class Rejections {

  private final long[] counts = new long[RejectReason.values().length];
  private long total;
  private RejectReason lastReason;
  private String lastDetail;

  /** Records one refused message. */
  public void record(RejectReason reason, String detail) {
    counts[reason.ordinal()]++;
    total++;
    lastReason = reason;
    lastDetail = detail;
  }

  public long count(RejectReason reason) {
    return counts[reason.ordinal()];
  }

  public long total() {
    return total;
  }

  /** The reason of the most recent rejection, or null if none. */
  public RejectReason lastReason() {
    return lastReason;
  }

  /** A human-readable description of the most recent rejection, or null if none. */
  public String lastDetail() {
    return lastDetail;
  }
}
