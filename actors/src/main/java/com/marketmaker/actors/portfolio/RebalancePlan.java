package com.marketmaker.actors.portfolio;

import com.marketmaker.persistence.CborSerializable;
import java.util.List;

/**
 * A rebalance of the portfolio's inventory toward a target, as planned by entropic optimal
 * transport (see {@link com.marketmaker.core.portfolio.execution.ExecutionPlanner}) and executed by
 * the instruments' quotes leaning toward each leg's target over the horizon.
 *
 * @param id plan id
 * @param target "flat" or "hedge"
 * @param legs per instrument: the notional to trade (signed, US dollars: positive buys)
 * @param expectedCostUsd the transport plan's expected cost
 * @param legsAloneCostUsd the cost of trading each leg alone to its target
 * @param impactModel where the cross-impact the costs use came from (estimated from the flows, or
 *     the proxy and why)
 * @param transport the plan's moves between cells (from a seller to a buyer), US dollars
 * @param horizonMillis how long the instruments lean toward the targets at most
 * @param requestedBy the operator
 * @param createdAtMillis epoch milliseconds
 */
public record RebalancePlan(
    String id,
    String target,
    List<Leg> legs,
    double expectedCostUsd,
    double legsAloneCostUsd,
    String impactModel,
    List<Move> transport,
    long horizonMillis,
    String requestedBy,
    long createdAtMillis)
    implements CborSerializable {

  public RebalancePlan {
    legs = List.copyOf(legs);
    transport = List.copyOf(transport);
  }

  /**
   * One instrument's part.
   *
   * @param startPositionBase the position when the plan was made, base units
   * @param targetPositionBase the position the plan leads to
   * @param tradeNotionalUsd signed notional to trade, US dollars (positive buys)
   */
  public record Leg(
      String instrument,
      double startPositionBase,
      double targetPositionBase,
      double tradeNotionalUsd)
      implements CborSerializable {}

  /** Notional moved from a selling cell to a buying cell ("cash" for the balancing cell). */
  public record Move(String from, String to, double notionalUsd) implements CborSerializable {}
}
