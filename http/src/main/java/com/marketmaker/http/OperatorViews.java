package com.marketmaker.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TrackedOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The JSON shapes of the operator API's read-outs, one record per shape (Jackson writes the
 * components in declaration order).
 *
 * <p>Conventions, the same in every shape:
 *
 * <ul>
 *   <li>Quote-currency amounts (cash, P&amp;L, fees, spread captured) are exact decimal text at
 *       {@link InstrumentSpec#CASH_SCALE} places, e.g. {@code "-120.01202000"}.
 *   <li>Prices and sizes are decimal text on the instrument's grid ({@code "60000.01"}, {@code
 *       "0.00200"}), each next to the integer it comes from ({@code priceTicks}, {@code sizeLots}),
 *       so a client can compute exactly without parsing decimals. The grid is the one the
 *       instrument was started with ({@code tickSize}, {@code lotSize} in each answer).
 *   <li>Ratios, basis points, time averages and the average entry price are JSON numbers (they are
 *       not exact amounts); a statistic that is undefined (no fills yet, flat inventory) is {@code
 *       null}, never {@code NaN}.
 *   <li>Times are ISO-8601 UTC text next to epoch milliseconds.
 * </ul>
 */
public final class OperatorViews {

  private OperatorViews() {}

  // ---------------------------------------------------------------- performance

  /**
   * {@code GET /maker/performance/{V:S}}: the instrument's scorecard since it was first started.
   */
  public record PerformanceView(
      String instrument,
      String hostedOn,
      String tickSize,
      String lotSize,
      PnlView pnl,
      InventoryView inventory,
      FillCountsView fills,
      SpreadCapturedView spreadCaptured,
      double quoteUptime,
      double makingSeconds,
      double bothSidesQuotedSeconds) {

    static PerformanceView of(SymbolProtocol.PerformanceReport p, InstrumentSpec spec) {
      Performance.Report r = p.report();
      return new PerformanceView(
          p.instrument(),
          p.hostedOn(),
          spec.tickSize(),
          spec.lotSize(),
          new PnlView(
              cash(r.cash()),
              cash(r.realized()),
              cash(r.unrealized()),
              cash(r.total()),
              cash(r.makerFees()),
              cash(r.takerFees()),
              cash(r.rebates())),
          new InventoryView(
              r.inventoryLots(),
              spec.lotsToSize(r.inventoryLots()),
              r.inventoryLots() == 0 ? null : finite(r.averageEntryTicks()),
              r.inventoryLots() == 0 ? null : finite(spec.ticksToDouble(1) * r.averageEntryTicks()),
              finite(r.meanInventoryLots()),
              r.minInventoryLots(),
              spec.lotsToSize(r.minInventoryLots()),
              r.maxInventoryLots(),
              spec.lotsToSize(r.maxInventoryLots()),
              r.fractionAtLimit()),
          new FillCountsView(
              r.makerFills(),
              r.takerFills(),
              r.buyFills(),
              r.sellFills(),
              r.lotFillRate(),
              r.orderFillRate()),
          new SpreadCapturedView(
              cash(r.capturedCash()),
              r.makerFills() + r.takerFills() == 0 ? null : finite(r.meanCapturedBps()),
              finite(r.minCapturedBps()),
              finite(r.maxCapturedBps())),
          r.quoteUptime(),
          r.makingSeconds(),
          r.bothSidesQuotedSeconds());
    }
  }

  /**
   * P&amp;L in quote currency: {@code total = realized + unrealized − fees = cash + mark value},
   * marked to the mid; fees split into maker and taker fees paid and rebates received.
   */
  public record PnlView(
      String cash,
      String realized,
      String unrealized,
      String total,
      String makerFees,
      String takerFees,
      String rebates) {}

  /**
   * Position now and over time: {@code meanLots} is time-weighted, {@code fractionAtLimit} the
   * share of time at or beyond the position limit.
   */
  public record InventoryView(
      long lots,
      String size,
      Double averageEntryTicks,
      Double averageEntryPrice,
      Double meanLots,
      long minLots,
      String min,
      long maxLots,
      String max,
      double fractionAtLimit) {}

  /** Fill counts by liquidity and side; fill rates by lots and by orders placed. */
  public record FillCountsView(
      long maker, long taker, long buys, long sells, double lotFillRate, double orderFillRate) {}

  /** Edge against the mid at fill time: the sum in cash, and the size-weighted bps statistics. */
  public record SpreadCapturedView(String cash, Double meanBps, Double minBps, Double maxBps) {}

  // ---------------------------------------------------------------- orders

  /** {@code GET /orders/{V:S}}: the instrument's working orders as its entity tracks them. */
  public record OrdersView(
      String instrument,
      String tickSize,
      String lotSize,
      boolean reconciled,
      String quoting,
      int count,
      List<OrderView> working) {

    static OrdersView of(SymbolProtocol.OrdersReport r, InstrumentSpec spec) {
      List<OrderView> orders = new ArrayList<>(r.working().size());
      for (TrackedOrder o : r.working()) {
        orders.add(OrderView.of(o, spec));
      }
      return new OrdersView(
          r.instrument(),
          spec.tickSize(),
          spec.lotSize(),
          r.reconciled(),
          r.quoting(),
          orders.size(),
          orders);
    }
  }

  /**
   * One working order. {@code venueOrderId} is null until the venue has assigned one; {@code level}
   * is the ladder level it quotes (0 = touch, −1 for an order adopted from the venue); {@code
   * executed} is the larger of the lots booked and the lots the venue reported filled.
   */
  public record OrderView(
      String clientOrderId,
      Long venueOrderId,
      String side,
      int level,
      String state,
      String price,
      long priceTicks,
      String size,
      long sizeLots,
      String executed,
      long executedLots,
      String remaining,
      long remainingLots,
      boolean acknowledged,
      String reason,
      boolean closedLocally) {

    static OrderView of(TrackedOrder o, InstrumentSpec spec) {
      return new OrderView(
          o.clientOrderId(),
          o.venueOrderId() == 0 ? null : o.venueOrderId(),
          o.side().name(),
          o.level(),
          o.state().name(),
          spec.ticksToPrice(o.priceTicks()),
          o.priceTicks(),
          spec.lotsToSize(o.sizeLots()),
          o.sizeLots(),
          spec.lotsToSize(o.executedLots()),
          o.executedLots(),
          spec.lotsToSize(o.remainingLots()),
          o.remainingLots(),
          o.acknowledged(),
          emptyToNull(o.reason()),
          o.closedLocally());
    }
  }

  // ---------------------------------------------------------------- fills

  /**
   * {@code GET /fills/{V:S}?limit=N}: the most recent fills, newest first, at most {@code limit};
   * {@code totalFills} counts every fill booked since the instrument was first started.
   */
  public record FillsView(
      String instrument,
      String tickSize,
      String lotSize,
      int limit,
      long totalFills,
      int count,
      List<FillView> fills) {

    static FillsView of(SymbolProtocol.FillsReport r, InstrumentSpec spec, int limit) {
      List<OwnTrade> trades = new ArrayList<>(r.fills());
      // Newest first whatever order the entity kept them in; ties keep the entity's order.
      trades.sort(Comparator.comparingLong(OwnTrade::timeMillis).reversed());
      List<FillView> fills = new ArrayList<>(Math.min(trades.size(), limit));
      for (OwnTrade t : trades) {
        if (fills.size() == limit) {
          break;
        }
        fills.add(FillView.of(t, spec));
      }
      return new FillsView(
          r.instrument(),
          spec.tickSize(),
          spec.lotSize(),
          limit,
          r.totalFills(),
          fills.size(),
          fills);
    }
  }

  /** One of our executions; {@code fee} is negative for a rebate. */
  public record FillView(
      long tradeId,
      Long venueOrderId,
      String clientOrderId,
      String side,
      boolean maker,
      String price,
      long priceTicks,
      String size,
      long sizeLots,
      String fee,
      String time,
      long timeMillis) {

    static FillView of(OwnTrade t, InstrumentSpec spec) {
      return new FillView(
          t.tradeId(),
          t.venueOrderId() == 0 ? null : t.venueOrderId(),
          t.clientOrderId(),
          t.side().name(),
          t.maker(),
          spec.ticksToPrice(t.priceTicks()),
          t.priceTicks(),
          spec.lotsToSize(t.sizeLots()),
          t.sizeLots(),
          cash(t.fee()),
          Instant.ofEpochMilli(t.timeMillis()).toString(),
          t.timeMillis());
    }
  }

  // ---------------------------------------------------------------- risk

  /**
   * One instrument that is not quoting normally: halted (by a breached check or the kill switch,
   * until cleared) or with its quotes pulled (stale or out-of-sync market data). Absent texts are
   * null.
   */
  public record RiskAlertView(
      String instrument,
      boolean making,
      boolean halted,
      String cause,
      String reason,
      String haltedBy,
      String haltedAt,
      Long haltedAtMillis,
      String pulled) {

    static RiskAlertView of(SymbolProtocol.RiskReport r) {
      boolean stamped = r.halted() && r.haltedAtMillis() > 0;
      return new RiskAlertView(
          r.instrument(),
          r.making(),
          r.halted(),
          emptyToNull(r.cause()),
          emptyToNull(r.reason()),
          emptyToNull(r.haltedBy()),
          stamped ? Instant.ofEpochMilli(r.haltedAtMillis()).toString() : null,
          stamped ? r.haltedAtMillis() : null,
          emptyToNull(r.pulled()));
    }

    /** Whether the report deserves an operator's attention. */
    static boolean alerting(SymbolProtocol.RiskReport r) {
      return r.halted() || (r.pulled() != null && !r.pulled().isEmpty());
    }
  }

  /**
   * {@code GET /maker/risk/alerts}: every running instrument was asked; {@code alerts} lists those
   * halted or pulled, {@code unanswered} those that did not answer (they may be halted too), {@code
   * notStarted} counts running entities that were never started (nothing to watch). {@code
   * nodesUnavailable} nodes could not list their instruments, so instruments on them are missing
   * from {@code running}.
   */
  public record RiskAlertsView(
      int running,
      int answered,
      int halted,
      int pulled,
      int notStarted,
      List<RiskAlertView> alerts,
      List<FailureView> unanswered,
      int nodesAsked,
      int nodesUnavailable) {}

  /**
   * An instrument a command could not be confirmed on, with why and after how many attempts.
   *
   * @param error the instrument's refusal, or why it did not answer
   */
  public record FailureView(String instrument, String error, int attempts) {}

  /**
   * {@code POST /maker/risk/clear}: which halts were lifted. For one instrument, {@code status} is
   * its summary after the clear; for {@code all}, {@code running}, {@code nodesAsked} and {@code
   * nodesUnavailable} say what was swept and {@code notHalted} lists nothing (only halted
   * instruments are cleared).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RiskClearanceView(
      int requested,
      List<String> cleared,
      List<String> notHalted,
      List<FailureView> failed,
      Integer running,
      Integer nodesAsked,
      Integer nodesUnavailable,
      SymbolProtocol.Summary status) {}

  /**
   * {@code POST /maker/kill}: the outcome of halting every instrument running in the cluster.
   *
   * @param acknowledged instruments that confirmed they are halted: {@code halted} newly, {@code
   *     alreadyHalted} were halted before
   * @param notStarted running entities that were never started (no orders to cancel)
   * @param failed instruments that refused or did not answer after every attempt: still possibly
   *     quoting
   * @param retried instruments that needed more than one attempt
   * @param elapsedMillis from the request to the last acknowledgement; null if none came
   * @param complete every listed instrument acknowledged or was never started, and every node
   *     listed its instruments
   */
  public record KillReportView(
      String reason,
      String requestedBy,
      int running,
      int acknowledged,
      int halted,
      int alreadyHalted,
      List<String> notStarted,
      int failedCount,
      List<FailureView> failed,
      int retried,
      Long elapsedMillis,
      int nodesAsked,
      int nodesUnavailable,
      boolean complete) {}

  // ---------------------------------------------------------------- helpers

  static String cash(long unscaled) {
    return FixedPoint.format(unscaled, InstrumentSpec.CASH_SCALE);
  }

  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
