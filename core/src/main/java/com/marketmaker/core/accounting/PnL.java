package com.marketmaker.core.accounting;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OwnTrade;

/**
 * Inventory and P&amp;L of one instrument in exact integers: lots, and quote currency at {@link
 * InstrumentSpec#CASH_SCALE} (average-cost method).
 *
 * <p>The open position's cost {@code openCost} is held in cash units; a fill that reduces the
 * position releases {@code openCost × closed / |inventory|} of it (rounded half-even, the only
 * rounding apart from the venue grid's own), and the difference between the fill's notional and the
 * released cost is realized. Identities that hold exactly after any sequence of fills:
 *
 * <ul>
 *   <li>{@code realized == tradingCash + openCost} (P&amp;L before fees of everything closed);
 *   <li>{@code total(mark) == realized + unrealized(mark) - totalFees() == cash() + markValue}.
 * </ul>
 *
 * <p>Fees are kept apart by kind: fees paid on maker fills, fees paid on taker fills, and rebates
 * received (a negative fee, as the venue reports it), so {@code totalFees = makerFees + takerFees -
 * rebates}.
 *
 * @param inventoryLots signed position (positive = long)
 * @param tradingCash cash flow of all fills before fees: −Σ side × notional
 * @param openCost signed cost of the open position (negative for a short: the proceeds)
 * @param realized realized P&amp;L before fees
 * @param makerFees fees paid on maker fills (≥ 0)
 * @param takerFees fees paid on taker fills (≥ 0)
 * @param rebates rebates received (≥ 0)
 * @param fills fills booked
 */
public record PnL(
    long inventoryLots,
    long tradingCash,
    long openCost,
    long realized,
    long makerFees,
    long takerFees,
    long rebates,
    long fills) {

  public static final PnL FLAT = new PnL(0, 0, 0, 0, 0, 0, 0, 0);

  /** The P&amp;L after one of our trades. */
  public PnL apply(OwnTrade trade, InstrumentSpec spec) {
    return apply(
        trade.side(), trade.priceTicks(), trade.sizeLots(), trade.fee(), trade.maker(), spec);
  }

  /**
   * The P&amp;L after a fill.
   *
   * @param fee fee in cash units, negative for a rebate
   * @param maker whether our order was resting
   */
  public PnL apply(
      Side side, long priceTicks, long sizeLots, long fee, boolean maker, InstrumentSpec spec) {
    if (sizeLots <= 0 || priceTicks <= 0) {
      throw new IllegalArgumentException("fill price and size must be positive");
    }
    int sign = side.sign();
    long notional = spec.notional(priceTicks, sizeLots);
    long newCash = Math.subtractExact(tradingCash, sign * notional);
    long newInventory = Math.addExact(inventoryLots, sign * sizeLots);
    long cost = openCost;
    long newRealized = realized;
    if (inventoryLots == 0 || Long.signum(inventoryLots) == sign) {
      cost = Math.addExact(cost, sign * notional);
    } else {
      long held = Math.abs(inventoryLots);
      long closed = Math.min(held, sizeLots);
      long opened = sizeLots - closed;
      long released = closed == held ? cost : Money.mulDiv(cost, closed, held);
      // The closing part's notional is the fill's minus the opening remainder's, so the
      // identity realized == tradingCash + openCost holds even where notionals are rounded.
      long openedNotional = opened == 0 ? 0 : spec.notional(priceTicks, opened);
      long closingNotional = notional - openedNotional;
      newRealized = Math.addExact(newRealized, -sign * closingNotional - released);
      cost = Math.addExact(cost - released, sign * openedNotional);
    }
    long mf = makerFees;
    long tf = takerFees;
    long rb = rebates;
    if (fee < 0) {
      rb = Math.subtractExact(rb, fee);
    } else if (maker) {
      mf = Math.addExact(mf, fee);
    } else {
      tf = Math.addExact(tf, fee);
    }
    return new PnL(newInventory, newCash, cost, newRealized, mf, tf, rb, fills + 1);
  }

  /** Fees paid minus rebates received. */
  public long totalFees() {
    return makerFees + takerFees - rebates;
  }

  /** Cash flow of all fills, fees included (as {@link Position#cash()}). */
  public long cash() {
    return tradingCash - totalFees();
  }

  /** Average entry price of the open position in ticks; 0 when flat. */
  public double averageEntryTicks(InstrumentSpec spec) {
    if (inventoryLots == 0) {
      return 0.0;
    }
    return (double) openCost / spec.notional(1, inventoryLots);
  }

  /** Value of the inventory at the mid of {@code bidTicks} and {@code askTicks}, half-even. */
  public long markValue(InstrumentSpec spec, long bidTicks, long askTicks) {
    if (inventoryLots == 0) {
      return 0;
    }
    long sum =
        Math.addExact(
            spec.notional(bidTicks, inventoryLots), spec.notional(askTicks, inventoryLots));
    return Money.divHalfEven(sum, 2);
  }

  /** P&amp;L of the open position marked to mid, before fees. */
  public long unrealized(InstrumentSpec spec, long bidTicks, long askTicks) {
    return markValue(spec, bidTicks, askTicks) - openCost;
  }

  /** Realized plus unrealized, after fees and rebates. */
  public long total(InstrumentSpec spec, long bidTicks, long askTicks) {
    return realized + unrealized(spec, bidTicks, askTicks) - totalFees();
  }
}
