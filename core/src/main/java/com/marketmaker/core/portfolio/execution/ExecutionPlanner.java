package com.marketmaker.core.portfolio.execution;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.portfolio.transport.Sinkhorn;
import com.marketmaker.core.portfolio.transport.SinkhornResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the trades that take inventory cells to their targets as an entropic optimal-transport
 * problem, pairing sells with buys so that offsetting flows share their cross-impact.
 *
 * <p>Cells. A {@link Cell} is an (instrument, venue) pair with a current and a target notional
 * (quote currency, long positive). The target is flat, or hedge-weighted: for a target leg of q
 * units hedged with price-level weights &beta; (e.g. {@code MultiScaleHedge}), hedge i's target is
 * &minus;&beta;<sub>i</sub> q times its price. Cells above target are sources with mass current
 * &minus; target (to be sold), cells below target are sinks with mass target &minus; current (to be
 * bought). One cash cell, appended last, takes the difference of the totals: a sink when more is
 * sold than bought (selling into cash), a source otherwise (buying from cash).
 *
 * <p>Cost per unit of notional moved from source i to sink j, with instrument a = inst(i), b =
 * inst(j), taker fee rates f (relative, zero for cash), the model's impact matrix &Lambda; ({@link
 * CrossImpactModel}) and the clip notional q&#772;:
 *
 * <pre>
 *   C_ij = (1/2) q u^T Lambda u + f_i + f_j,   u = e_b - e_a   (e_cash = 0),
 *        = (1/2) q (Lambda_aa + Lambda_bb - Lambda_ab - Lambda_ba) + f_i + f_j   (a != b),
 *        = f_i + f_j                                                        (a = b, two venues),
 *        = (1/2) q Lambda_aa + f_i   (j = cash),     (1/2) q Lambda_bb + f_j   (i = cash),
 *   C_ii = 0.
 * </pre>
 *
 * That is, a unit moved from i to j is executed as a pair, selling a and buying b together in clips
 * of notional q&#772;, and each clip pays the linear-impact cost (1/2) q<sup>T</sup>&Lambda;q of
 * {@link CrossImpactModel#executionCost} with q = q&#772;u, the impact relaxing between clips;
 * costs are linear in the moved notional, as optimal transport requires. A leg traded alone costs
 * (1/2) q&#772; &Lambda;<sub>aa</sub> + f per unit ({@link #legUnitCost}), so pairing saves
 * (q&#772;/2)(&Lambda;<sub>ab</sub> + &Lambda;<sub>ba</sub>) per unit for a &ne; b, q&#772;
 * &Lambda;<sub>aa</sub> for one instrument on two venues, and nothing against cash: with zero
 * cross-impact across distinct instruments every plan costs the same as trading the legs alone.
 *
 * <p>Solution. The plan minimises &lang;P, C&rang; &minus; &epsilon;H(P) over P &ge; 0 with row
 * sums the source masses and column sums the sink masses, by the log-domain {@link Sinkhorn} solver
 * (Cuturi 2013; Peyr&eacute; &amp; Cuturi 2019, &sect;4.4) on masses normalised to total 1, with
 * &epsilon; = relativeEpsilon &times; max |C<sub>ij</sub>| over the source&ndash;sink pairs. Plan
 * entries below 10<sup>&minus;12</sup> of the total are dropped and the plan is then rounded onto
 * the exact marginals by Algorithm 2 of Altschuler, Weed &amp; Rigollet (2017), "Near-linear time
 * approximation algorithms for optimal transport via Sinkhorn iteration", NeurIPS. Every plan entry
 * is finally sliced evenly into N child orders, one per slice, a sell at the source cell and a buy
 * at the sink cell (none for cash). Instances are immutable.
 */
public final class ExecutionPlanner {

  /** Default &epsilon; relative to the largest source&ndash;sink unit cost. */
  public static final double DEFAULT_RELATIVE_EPSILON = 1e-3;

  private static final double DUST = 1e-12;
  private static final double SOLVER_TOLERANCE = 1e-12;

  /**
   * An inventory cell.
   *
   * @param instrument index into the impact model, or {@link #CASH_INSTRUMENT} for cash
   * @param venue venue name
   * @param takerFeeRate taker fee, relative to the traded notional (e.g. 0.0004)
   * @param currentNotional current position, quote currency
   * @param targetNotional target position, quote currency
   */
  public record Cell(
      int instrument,
      String venue,
      double takerFeeRate,
      double currentNotional,
      double targetNotional) {

    /** Instrument index of the cash cell. */
    public static final int CASH_INSTRUMENT = -1;

    /** Validates the fields. */
    public Cell {
      if (instrument < CASH_INSTRUMENT) {
        throw new IllegalArgumentException("instrument index must be >= 0: " + instrument);
      }
      if (venue == null || venue.isEmpty()) {
        throw new IllegalArgumentException("venue must be non-empty");
      }
      if (!(takerFeeRate >= 0.0) || !Double.isFinite(takerFeeRate)) {
        throw new IllegalArgumentException(
            "taker fee rate must be finite and >= 0: " + takerFeeRate);
      }
      if (!Double.isFinite(currentNotional) || !Double.isFinite(targetNotional)) {
        throw new IllegalArgumentException("notionals must be finite");
      }
    }

    /** A cell to be flattened (target 0). */
    public static Cell flat(int instrument, String venue, double takerFeeRate, double current) {
      return new Cell(instrument, venue, takerFeeRate, current, 0.0);
    }

    /** The cash cell: no impact, no fee, no position of its own. */
    public static Cell cash() {
      return new Cell(CASH_INSTRUMENT, "cash", 0.0, 0.0, 0.0);
    }

    /** Whether this is the cash cell. */
    public boolean isCash() {
      return instrument == CASH_INSTRUMENT;
    }

    /** Notional to sell, max(current &minus; target, 0). */
    public double excess() {
      return Math.max(currentNotional - targetNotional, 0.0);
    }

    /** Notional to buy, max(target &minus; current, 0). */
    public double deficit() {
      return Math.max(targetNotional - currentNotional, 0.0);
    }
  }

  private final CrossImpactModel impact;
  private final double clipNotional;
  private final int slices;
  private final double relativeEpsilon;

  /**
   * @param impact cross-impact model over the instruments the cells refer to
   * @param clipNotional q&#772;, the notional of one clip on which impact is charged, quote
   *     currency, &ge; 0 (0 charges fees only)
   * @param slices N &ge; 1, number of even slices of the horizon
   * @param relativeEpsilon &epsilon; relative to the cost scale, &gt; 0
   */
  public ExecutionPlanner(
      CrossImpactModel impact, double clipNotional, int slices, double relativeEpsilon) {
    if (impact == null) {
      throw new IllegalArgumentException("impact model must not be null");
    }
    if (!(clipNotional >= 0.0) || !Double.isFinite(clipNotional)) {
      throw new IllegalArgumentException("clip notional must be finite and >= 0: " + clipNotional);
    }
    if (slices < 1) {
      throw new IllegalArgumentException("slices must be >= 1: " + slices);
    }
    if (!(relativeEpsilon > 0.0) || !Double.isFinite(relativeEpsilon)) {
      throw new IllegalArgumentException(
          "relative epsilon must be finite and > 0: " + relativeEpsilon);
    }
    this.impact = impact;
    this.clipNotional = clipNotional;
    this.slices = slices;
    this.relativeEpsilon = relativeEpsilon;
  }

  /** Planner with {@link #DEFAULT_RELATIVE_EPSILON}. */
  public ExecutionPlanner(CrossImpactModel impact, double clipNotional, int slices) {
    this(impact, clipNotional, slices, DEFAULT_RELATIVE_EPSILON);
  }

  /**
   * Cost per unit of notional sold at {@code seller} and bought at {@code buyer} as one pair
   * (relative; see the class comment). Zero for a cell paired with itself or cash with cash.
   */
  public double unitCost(Cell seller, Cell buyer) {
    checkCell(seller);
    checkCell(buyer);
    if (seller.equals(buyer) || (seller.isCash() && buyer.isCash())) {
      return 0.0;
    }
    int a = seller.instrument();
    int b = buyer.instrument();
    double quadratic;
    if (seller.isCash()) {
      quadratic = impact.lambda(b, b);
    } else if (buyer.isCash()) {
      quadratic = impact.lambda(a, a);
    } else if (a == b) {
      quadratic = 0.0;
    } else {
      quadratic =
          impact.lambda(a, a) + impact.lambda(b, b) - impact.lambda(a, b) - impact.lambda(b, a);
    }
    return 0.5 * clipNotional * quadratic + seller.takerFeeRate() + buyer.takerFeeRate();
  }

  /** Cost per unit of notional of trading {@code cell} alone: (1/2) q&#772; &Lambda;_aa + fee. */
  public double legUnitCost(Cell cell) {
    checkCell(cell);
    if (cell.isCash()) {
      return 0.0;
    }
    int a = cell.instrument();
    return 0.5 * clipNotional * impact.lambda(a, a) + cell.takerFeeRate();
  }

  /**
   * Cost of taking every cell to its target on its own, without pairing: &Sigma; |target &minus;
   * current| &times; {@link #legUnitCost}, quote currency.
   */
  public double legsAloneCost(List<Cell> cells) {
    double total = 0.0;
    for (Cell c : cells) {
      total += Math.abs(c.targetNotional() - c.currentNotional()) * legUnitCost(c);
    }
    return total;
  }

  /**
   * Plans the trades for the given cells.
   *
   * @param cells the inventory cells, at least one, at most one per (instrument, venue), not cash
   *     (the planner adds it)
   * @return the plan; an empty plan when every cell is at its target
   * @throws IllegalArgumentException on invalid cells
   */
  public ExecutionPlan plan(List<Cell> cells) {
    if (cells == null || cells.isEmpty()) {
      throw new IllegalArgumentException("need at least one cell");
    }
    List<Cell> all = new ArrayList<>(cells.size() + 1);
    for (Cell c : cells) {
      checkCell(c);
      if (c.isCash()) {
        throw new IllegalArgumentException("the cash cell is added by the planner");
      }
      for (Cell other : all) {
        if (other.instrument() == c.instrument() && other.venue().equals(c.venue())) {
          throw new IllegalArgumentException(
              "duplicate cell: instrument " + c.instrument() + " on " + c.venue());
        }
      }
      all.add(c);
    }
    all.add(Cell.cash());
    int m = all.size();
    int cash = m - 1;
    double[] a = new double[m];
    double[] b = new double[m];
    double sold = 0.0;
    double bought = 0.0;
    for (int i = 0; i < cash; i++) {
      a[i] = all.get(i).excess();
      b[i] = all.get(i).deficit();
      sold += a[i];
      bought += b[i];
    }
    if (sold > bought) {
      b[cash] = sold - bought;
    } else {
      a[cash] = bought - sold;
    }
    double total = Math.max(sold, bought);
    double[][] cost = new double[m][m];
    double scale = 0.0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        cost[i][j] = i == j ? 0.0 : unitCost(all.get(i), all.get(j));
        if (a[i] > 0.0 && b[j] > 0.0) {
          scale = Math.max(scale, Math.abs(cost[i][j]));
        }
      }
    }
    double epsilon = scale > 0.0 ? relativeEpsilon * scale : relativeEpsilon;
    double legsAlone = legsAloneCost(cells);
    if (!(total > 0.0)) {
      return new ExecutionPlan(
          all, a, b, new double[m][m], cost, epsilon, 0.0, legsAlone, slices, List.of(), 0, true);
    }
    double[] an = new double[m];
    double[] bn = new double[m];
    for (int i = 0; i < m; i++) {
      an[i] = a[i] / total;
      bn[i] = b[i] / total;
    }
    SinkhornResult solved =
        new Sinkhorn(epsilon, SOLVER_TOLERANCE, Sinkhorn.DEFAULT_MAX_ITERATIONS)
            .solveLog(an, bn, cost);
    double[][] plan = PlanRounding.roundToMarginals(solved.plan(), an, bn, DUST);
    double expected = 0.0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        plan[i][j] *= total;
        expected += plan[i][j] * cost[i][j];
      }
    }
    List<ExecutionPlan.ChildOrder> orders = slice(all, plan);
    return new ExecutionPlan(
        all,
        a,
        b,
        plan,
        cost,
        epsilon,
        expected,
        legsAlone,
        slices,
        orders,
        solved.iterations(),
        solved.converged());
  }

  private List<ExecutionPlan.ChildOrder> slice(List<Cell> cells, double[][] plan) {
    List<ExecutionPlan.ChildOrder> out = new ArrayList<>();
    for (int s = 0; s < slices; s++) {
      for (int i = 0; i < plan.length; i++) {
        for (int j = 0; j < plan[i].length; j++) {
          double total = plan[i][j];
          if (!(total > 0.0)) {
            continue;
          }
          double piece = total / slices;
          double notional = s == slices - 1 ? total - piece * (slices - 1) : piece;
          Cell seller = cells.get(i);
          Cell buyer = cells.get(j);
          if (!seller.isCash()) {
            out.add(
                new ExecutionPlan.ChildOrder(
                    s, i, j, seller.instrument(), seller.venue(), Side.SELL, notional));
          }
          if (!buyer.isCash()) {
            out.add(
                new ExecutionPlan.ChildOrder(
                    s, i, j, buyer.instrument(), buyer.venue(), Side.BUY, notional));
          }
        }
      }
    }
    return out;
  }

  private void checkCell(Cell cell) {
    if (cell == null) {
      throw new IllegalArgumentException("cell must not be null");
    }
    if (cell.instrument() >= impact.instruments()) {
      throw new IllegalArgumentException(
          "instrument "
              + cell.instrument()
              + " outside the impact model's "
              + impact.instruments()
              + " instruments");
    }
  }
}
