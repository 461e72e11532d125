package com.marketmaker.core.accounting;

import com.marketmaker.core.instrument.InstrumentSpec;

/**
 * Inventory and cash of one instrument, booked fill by fill with the average-cost method.
 *
 * <p>Inventory and cash are exact integers (lots; quote currency at {@link
 * InstrumentSpec#CASH_SCALE}). The average entry price and realized P&amp;L are derived quantities
 * and kept as doubles; replaying the same fills in the same order reproduces them bit for bit.
 *
 * @param inventoryLots signed position in lots (positive = long)
 * @param cash quote-currency cash flow of all fills, fees included, at CASH_SCALE
 * @param fees total fees paid at CASH_SCALE (negative when rebates dominate)
 * @param averageEntryTicks average entry price of the open position in ticks; 0 when flat
 * @param realizedPnl realized trading P&amp;L in quote currency, before fees
 * @param boughtLots total lots bought
 * @param soldLots total lots sold
 * @param fillCount fills booked
 */
public record Position(
    long inventoryLots,
    long cash,
    long fees,
    double averageEntryTicks,
    double realizedPnl,
    long boughtLots,
    long soldLots,
    long fillCount) {

  public static final Position FLAT = new Position(0, 0, 0, 0.0, 0.0, 0, 0, 0);

  /** The position after {@code fill}. */
  public Position apply(Fill fill, InstrumentSpec spec) {
    long notional = spec.notional(fill.priceTicks(), fill.sizeLots());
    int sign = fill.side().sign();
    long newCash = Math.subtractExact(cash, Math.addExact(sign * notional, fill.fee()));
    long newInventory = Math.addExact(inventoryLots, sign * fill.sizeLots());

    double avg = averageEntryTicks;
    double realized = realizedPnl;
    boolean opening = inventoryLots == 0 || Long.signum(inventoryLots) == sign;
    if (opening) {
      long held = Math.abs(inventoryLots);
      avg = (avg * held + (double) fill.priceTicks() * fill.sizeLots()) / (held + fill.sizeLots());
    } else {
      long closed = Math.min(Math.abs(inventoryLots), fill.sizeLots());
      // A sell closes a long at (price - avg); a buy closes a short at (avg - price).
      double perLotTicks = (fill.priceTicks() - avg) * Long.signum(inventoryLots);
      realized += spec.ticksToDouble(1) * perLotTicks * spec.lotsToDouble(closed);
      if (newInventory == 0) {
        avg = 0.0;
      } else if (Long.signum(newInventory) == sign) {
        avg = fill.priceTicks(); // flipped: the remainder opened at this fill's price
      }
    }
    return new Position(
        newInventory,
        newCash,
        Math.addExact(fees, fill.fee()),
        avg,
        realized,
        boughtLots + (sign > 0 ? fill.sizeLots() : 0),
        soldLots + (sign < 0 ? fill.sizeLots() : 0),
        fillCount + 1);
  }
}
