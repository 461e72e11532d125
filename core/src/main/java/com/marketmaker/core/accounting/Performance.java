package com.marketmaker.core.accounting;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OwnTrade;

/**
 * The market maker's scorecard for one instrument: {@link PnL}, fill counts, fill rate, spread
 * captured, inventory statistics and quote uptime, accumulated from fills, placements and quote
 * states with explicit times (nanoseconds on the entity's clock; it never reads a clock).
 *
 * <p>Definitions:
 *
 * <ul>
 *   <li><b>fill rate</b>: lots filled / lots placed (how much of what we quoted traded), and orders
 *       with at least one fill / orders placed;
 *   <li><b>spread captured</b> of a fill: its signed distance from the mid at fill time, positive
 *       when we bought below or sold above the mid: in quote currency {@code (mid − price) × size}
 *       for a buy and {@code (price − mid) × size} for a sell (exact, half-even to the cash unit),
 *       and in basis points of the mid; reported as the sum in cash and the size-weighted mean,
 *       minimum and maximum in bps;
 *   <li><b>inventory</b>: time-weighted mean position (piecewise constant between fills), minimum,
 *       maximum, and time spent with |position| at or beyond the limit;
 *   <li><b>quote uptime</b>: the fraction of the time spent making during which both sides had an
 *       acknowledged order resting.
 * </ul>
 *
 * <p>Money is exact (longs at {@link InstrumentSpec#CASH_SCALE}); time integrals and ratios are
 * doubles. Mutable and allocation-free per update; {@link #state()} is its persistable value.
 */
public final class Performance {

  /** The persistable state: plain values. */
  public record State(
      PnL pnl,
      long makerBuys,
      long makerSells,
      long takerBuys,
      long takerSells,
      long ordersPlaced,
      long lotsPlaced,
      long ordersFilled,
      long lotsFilled,
      long capturedCash,
      double capturedBpsLots,
      long capturedLots,
      double minCapturedBps,
      double maxCapturedBps,
      long startNanos,
      long lastNanos,
      double inventoryLotNanos,
      long minInventory,
      long maxInventory,
      long nanosAtLimit,
      boolean making,
      boolean bidLive,
      boolean askLive,
      long makingNanos,
      long bothLiveNanos) {

    /** Nothing happened yet; the clock starts at the first update. */
    public static State start() {
      return new State(
          PnL.FLAT,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0.0,
          0,
          Double.NaN,
          Double.NaN,
          -1,
          -1,
          0.0,
          0,
          0,
          0,
          false,
          false,
          false,
          0,
          0);
    }
  }

  /** A read-out of the scorecard at one mark. */
  public record Report(
      long inventoryLots,
      long cash,
      long realized,
      long unrealized,
      long total,
      long makerFees,
      long takerFees,
      long rebates,
      double averageEntryTicks,
      long makerFills,
      long takerFills,
      long buyFills,
      long sellFills,
      double lotFillRate,
      double orderFillRate,
      long capturedCash,
      double meanCapturedBps,
      double minCapturedBps,
      double maxCapturedBps,
      double meanInventoryLots,
      long minInventoryLots,
      long maxInventoryLots,
      double fractionAtLimit,
      double quoteUptime,
      double makingSeconds,
      double bothSidesQuotedSeconds) {}

  private final InstrumentSpec spec;
  private final long maxPositionLots;
  private PnL pnl;
  private long makerBuys;
  private long makerSells;
  private long takerBuys;
  private long takerSells;
  private long ordersPlaced;
  private long lotsPlaced;
  private long ordersFilled;
  private long lotsFilled;
  private long capturedCash;
  private double capturedBpsLots;
  private long capturedLots;
  private double minCapturedBps;
  private double maxCapturedBps;
  private long startNanos;
  private long lastNanos;
  private double inventoryLotNanos;
  private long minInventory;
  private long maxInventory;
  private long nanosAtLimit;
  private boolean making;
  private boolean bidLive;
  private boolean askLive;
  private long makingNanos;
  private long bothLiveNanos;

  public Performance(InstrumentSpec spec, long maxPositionLots) {
    this(spec, maxPositionLots, State.start());
  }

  public Performance(InstrumentSpec spec, long maxPositionLots, State s) {
    if (spec == null || s == null) {
      throw new IllegalArgumentException("instrument spec and state are required");
    }
    if (maxPositionLots < 1) {
      throw new IllegalArgumentException("position limit must be at least 1 lot");
    }
    this.spec = spec;
    this.maxPositionLots = maxPositionLots;
    pnl = s.pnl();
    makerBuys = s.makerBuys();
    makerSells = s.makerSells();
    takerBuys = s.takerBuys();
    takerSells = s.takerSells();
    ordersPlaced = s.ordersPlaced();
    lotsPlaced = s.lotsPlaced();
    ordersFilled = s.ordersFilled();
    lotsFilled = s.lotsFilled();
    capturedCash = s.capturedCash();
    capturedBpsLots = s.capturedBpsLots();
    capturedLots = s.capturedLots();
    minCapturedBps = s.minCapturedBps();
    maxCapturedBps = s.maxCapturedBps();
    startNanos = s.startNanos();
    lastNanos = s.lastNanos();
    inventoryLotNanos = s.inventoryLotNanos();
    minInventory = s.minInventory();
    maxInventory = s.maxInventory();
    nanosAtLimit = s.nanosAtLimit();
    making = s.making();
    bidLive = s.bidLive();
    askLive = s.askLive();
    makingNanos = s.makingNanos();
    bothLiveNanos = s.bothLiveNanos();
  }

  public State state() {
    return new State(
        pnl,
        makerBuys,
        makerSells,
        takerBuys,
        takerSells,
        ordersPlaced,
        lotsPlaced,
        ordersFilled,
        lotsFilled,
        capturedCash,
        capturedBpsLots,
        capturedLots,
        minCapturedBps,
        maxCapturedBps,
        startNanos,
        lastNanos,
        inventoryLotNanos,
        minInventory,
        maxInventory,
        nanosAtLimit,
        making,
        bidLive,
        askLive,
        makingNanos,
        bothLiveNanos);
  }

  public PnL pnl() {
    return pnl;
  }

  /**
   * Books one of our trades.
   *
   * @param bidTicks best bid when the fill happened (for the mid)
   * @param askTicks best ask
   * @param firstFillOfOrder whether it is the first fill of its order (for the order fill rate)
   */
  public void onFill(
      OwnTrade trade, long bidTicks, long askTicks, boolean firstFillOfOrder, long nowNanos) {
    if (bidTicks <= 0 || askTicks < bidTicks) {
      throw new IllegalArgumentException(
          "a fill needs a valid top of book for its mid, got " + bidTicks + " / " + askTicks);
    }
    advance(nowNanos);
    pnl = pnl.apply(trade, spec);
    boolean buy = trade.side() == Side.BUY;
    if (trade.maker()) {
      if (buy) {
        makerBuys++;
      } else {
        makerSells++;
      }
    } else if (buy) {
      takerBuys++;
    } else {
      takerSells++;
    }
    lotsFilled += trade.sizeLots();
    if (firstFillOfOrder) {
      ordersFilled++;
    }
    // Distance from mid in half-ticks: 2·mid = bid + ask, positive when captured.
    long midTwice = bidTicks + askTicks;
    long edgeHalfTicks =
        buy ? midTwice - 2 * trade.priceTicks() : 2 * trade.priceTicks() - midTwice;
    capturedCash += Money.divHalfEven(spec.notional(edgeHalfTicks, trade.sizeLots()), 2);
    double bps = 10_000.0 * edgeHalfTicks / midTwice;
    capturedBpsLots += bps * trade.sizeLots();
    capturedLots += trade.sizeLots();
    minCapturedBps = Double.isNaN(minCapturedBps) ? bps : Math.min(minCapturedBps, bps);
    maxCapturedBps = Double.isNaN(maxCapturedBps) ? bps : Math.max(maxCapturedBps, bps);
    minInventory = Math.min(minInventory, pnl.inventoryLots());
    maxInventory = Math.max(maxInventory, pnl.inventoryLots());
  }

  /** One of our orders was sent. */
  public void onOrderPlaced(long sizeLots, long nowNanos) {
    advance(nowNanos);
    ordersPlaced++;
    lotsPlaced += sizeLots;
  }

  /** Whether quoting is on and which sides have an acknowledged order resting, from now on. */
  public void onQuoteState(boolean making, boolean bidLive, boolean askLive, long nowNanos) {
    advance(nowNanos);
    this.making = making;
    this.bidLive = bidLive;
    this.askLive = askLive;
  }

  /** Accounts the time up to {@code nowNanos} with the current inventory and quote state. */
  public void advance(long nowNanos) {
    if (startNanos < 0) {
      startNanos = nowNanos;
      lastNanos = nowNanos;
      return;
    }
    long dt = nowNanos - lastNanos;
    if (dt <= 0) {
      return; // never count time backwards
    }
    long q = pnl.inventoryLots();
    inventoryLotNanos += (double) q * dt;
    if (Math.abs(q) >= maxPositionLots) {
      nanosAtLimit += dt;
    }
    if (making) {
      makingNanos += dt;
      if (bidLive && askLive) {
        bothLiveNanos += dt;
      }
    }
    lastNanos = nowNanos;
  }

  /**
   * The scorecard at {@code nowNanos}, marked to the mid of {@code bidTicks} and {@code askTicks}.
   */
  public Report report(long bidTicks, long askTicks, long nowNanos) {
    advance(nowNanos);
    long elapsed = lastNanos - startNanos;
    return new Report(
        pnl.inventoryLots(),
        pnl.cash(),
        pnl.realized(),
        pnl.unrealized(spec, bidTicks, askTicks),
        pnl.total(spec, bidTicks, askTicks),
        pnl.makerFees(),
        pnl.takerFees(),
        pnl.rebates(),
        pnl.averageEntryTicks(spec),
        makerBuys + makerSells,
        takerBuys + takerSells,
        makerBuys + takerBuys,
        makerSells + takerSells,
        lotsPlaced == 0 ? 0.0 : (double) lotsFilled / lotsPlaced,
        ordersPlaced == 0 ? 0.0 : (double) ordersFilled / ordersPlaced,
        capturedCash,
        capturedLots == 0 ? 0.0 : capturedBpsLots / capturedLots,
        minCapturedBps,
        maxCapturedBps,
        elapsed <= 0 ? pnl.inventoryLots() : inventoryLotNanos / elapsed,
        minInventory,
        maxInventory,
        elapsed <= 0 ? 0.0 : (double) nanosAtLimit / elapsed,
        makingNanos == 0 ? 0.0 : (double) bothLiveNanos / makingNanos,
        makingNanos / 1e9,
        bothLiveNanos / 1e9);
  }
}
