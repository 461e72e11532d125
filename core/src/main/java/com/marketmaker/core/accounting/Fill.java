package com.marketmaker.core.accounting;

/**
 * One execution of our order at the venue, on the instrument's grid.
 *
 * @param tradeId the venue's trade id, unique per instrument; the key of exactly-once booking
 * @param side our side
 * @param priceTicks execution price in ticks
 * @param sizeLots executed quantity in lots, positive
 * @param fee fee paid in quote currency at {@link
 *     com.marketmaker.core.instrument.InstrumentSpec#CASH_SCALE}; negative for a rebate
 */
public record Fill(long tradeId, Side side, long priceTicks, long sizeLots, long fee) {

  public Fill {
    if (tradeId < 0) {
      throw new IllegalArgumentException("trade id must not be negative");
    }
    if (side == null) {
      throw new IllegalArgumentException("side is missing");
    }
    if (priceTicks <= 0) {
      throw new IllegalArgumentException("price must be positive");
    }
    if (sizeLots <= 0) {
      throw new IllegalArgumentException("size must be positive");
    }
  }
}
