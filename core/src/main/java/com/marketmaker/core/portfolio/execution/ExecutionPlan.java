package com.marketmaker.core.portfolio.execution;

import com.marketmaker.core.accounting.Side;
import java.util.List;

/**
 * Output of {@link ExecutionPlanner#plan}: the transport plan between inventory cells, its costs
 * and its child orders.
 *
 * <p>Index i of every array refers to {@code cells.get(i)}; the last cell is cash. All notionals
 * are in quote currency, unit costs are relative (cost per unit of notional). The record copies its
 * arrays and lists on construction and on access, so it is immutable.
 *
 * @param cells the planner's cells followed by the cash cell
 * @param sourceNotional notional each cell sells (its excess over target; cash: what it funds)
 * @param sinkNotional notional each cell buys (its shortfall; cash: what it absorbs)
 * @param plan {@code plan[i][j]}: notional sold at cell i and bought at cell j as a pair; row sums
 *     equal {@code sourceNotional}, column sums {@code sinkNotional}
 * @param unitCost {@code unitCost[i][j]}: cost per unit of notional of the pair ({@link
 *     ExecutionPlanner#unitCost})
 * @param epsilon the entropic regularisation used, in unit-cost units
 * @param expectedCost &Sigma; plan<sub>ij</sub> unitCost<sub>ij</sub>, quote currency
 * @param legsAloneCost the cost of trading every cell to target on its own ({@link
 *     ExecutionPlanner#legsAloneCost}), quote currency
 * @param slices number of even slices N
 * @param childOrders the orders, slice by slice; for each slice and plan entry a sell at the source
 *     and a buy at the sink (none for cash), each of notional plan<sub>ij</sub>/N
 * @param iterations Sinkhorn sweeps performed
 * @param converged whether Sinkhorn met its tolerance before rounding (the rounded plan meets the
 *     marginals either way)
 */
public record ExecutionPlan(
    List<ExecutionPlanner.Cell> cells,
    double[] sourceNotional,
    double[] sinkNotional,
    double[][] plan,
    double[][] unitCost,
    double epsilon,
    double expectedCost,
    double legsAloneCost,
    int slices,
    List<ChildOrder> childOrders,
    int iterations,
    boolean converged) {

  /**
   * One child order.
   *
   * @param slice slice index, 0..N&minus;1
   * @param sourceCell index of the selling cell of the pair
   * @param sinkCell index of the buying cell of the pair
   * @param instrument instrument traded
   * @param venue venue traded on
   * @param side {@link Side#SELL} at the source, {@link Side#BUY} at the sink
   * @param notional notional, quote currency, &gt; 0
   */
  public record ChildOrder(
      int slice,
      int sourceCell,
      int sinkCell,
      int instrument,
      String venue,
      Side side,
      double notional) {}

  /** Copies the collections. */
  public ExecutionPlan {
    cells = List.copyOf(cells);
    sourceNotional = sourceNotional.clone();
    sinkNotional = sinkNotional.clone();
    plan = copy(plan);
    unitCost = copy(unitCost);
    childOrders = List.copyOf(childOrders);
  }

  /** Index of the cash cell (the last). */
  public int cashIndex() {
    return cells.size() - 1;
  }

  /** Source masses; a copy. */
  @Override
  public double[] sourceNotional() {
    return sourceNotional.clone();
  }

  /** Sink masses; a copy. */
  @Override
  public double[] sinkNotional() {
    return sinkNotional.clone();
  }

  /** The plan; a copy. */
  @Override
  public double[][] plan() {
    return copy(plan);
  }

  /** The unit costs; a copy. */
  @Override
  public double[][] unitCost() {
    return copy(unitCost);
  }

  /** Plan entry from cell i to cell j. */
  public double plan(int i, int j) {
    return plan[i][j];
  }

  /** What pairing saves against trading the legs alone, {@code legsAloneCost - expectedCost}. */
  public double saving() {
    return legsAloneCost - expectedCost;
  }

  /** L1 distance of the plan's row and column sums from the source and sink masses. */
  public double marginalError() {
    double err = 0.0;
    double[] col = new double[sinkNotional.length];
    for (int i = 0; i < plan.length; i++) {
      double row = 0.0;
      for (int j = 0; j < plan[i].length; j++) {
        row += plan[i][j];
        col[j] += plan[i][j];
      }
      err += Math.abs(row - sourceNotional[i]);
    }
    for (int j = 0; j < col.length; j++) {
      err += Math.abs(col[j] - sinkNotional[j]);
    }
    return err;
  }

  private static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }
}
