package com.marketmaker.core.quote;

/**
 * Constraint: |inventory| ≤ limit. At or beyond +limit only the ask (reducing side) is quoted, at
 * or beyond −limit only the bid; below the limit each side may carry at most the headroom left, so
 * a full fill of every level cannot breach it.
 */
public final class PositionLimit implements QuoteStep {

  private final long maxLots;

  public PositionLimit(long maxLots) {
    if (maxLots < 1) {
      throw new IllegalArgumentException("position limit must be at least 1 lot, got " + maxLots);
    }
    this.maxLots = maxLots;
  }

  public long maxLots() {
    return maxLots;
  }

  @Override
  public String name() {
    return "position-limit";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    long q = c.inventoryLots();
    double bidRoom = (double) maxLots - q;
    double askRoom = (double) maxLots + q;
    d.limitCapacity(bidRoom, askRoom);
    if (bidRoom <= 0) {
      d.disableBid("at long position limit " + maxLots);
      d.record(name(), "long limit: ask only");
    } else if (askRoom <= 0) {
      d.disableAsk("at short position limit " + maxLots);
      d.record(name(), "short limit: bid only");
    }
  }
}
