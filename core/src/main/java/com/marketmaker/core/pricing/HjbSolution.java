package com.marketmaker.core.pricing;

/**
 * The optimal depths of an {@link HjbSolver} run, tabulated at every time step t_m = m·T/steps and
 * every inventory on the grid: the table the HJB quote model looks up at run time.
 */
public final class HjbSolution {

  private final HjbParameters params;
  private final double[][] bid;
  private final double[][] ask;
  private final double[] initialValue;

  HjbSolution(HjbParameters params, double[][] bid, double[][] ask, double[] initialValue) {
    this.params = params;
    this.bid = bid;
    this.ask = ask;
    this.initialValue = initialValue;
  }

  public HjbParameters parameters() {
    return params;
  }

  public int steps() {
    return params.steps();
  }

  /** Depth table at time step m (0 ≤ m ≤ steps). */
  public DepthTable atStep(int m) {
    if (m < 0 || m > params.steps()) {
      throw new IllegalArgumentException("time step " + m + " outside 0.." + params.steps());
    }
    return new DepthTable(params.orderSize(), params.maxInventory(), bid[m], ask[m]);
  }

  /** Depth table at the grid time nearest to t, clamped to [0, T]. */
  public DepthTable at(double time) {
    double x = time / params.horizon() * params.steps();
    int m = (int) Math.max(0, Math.min(params.steps(), Math.rint(x)));
    return atStep(m);
  }

  /** θ(0, q) on the inventory grid, q = −Q … Q; a copy. */
  public double[] valueAtStart() {
    return initialValue.clone();
  }
}
