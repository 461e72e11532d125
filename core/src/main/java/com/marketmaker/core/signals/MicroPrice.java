package com.marketmaker.core.signals;

import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

/**
 * Stoikov's micro-price (S. Stoikov 2018, "The micro-price: a high-frequency estimator of future
 * prices", Quantitative Finance 18(12)): the limit of expected future mids given the current touch
 * imbalance {@code I = Qb/(Qb+Qa)} and spread {@code S}, {@code P_micro = M + Σ_{i≥1} g^i(I, S)}.
 *
 * <p>Estimation follows the paper's §3: states {@code x = (I bucket, S)}; from consecutive
 * observations, transitions without a mid move estimate the transient matrix {@code Q}, those with
 * a move estimate the absorbing matrix {@code T} and the mean move {@code R¹(x) = E[ΔM·1{ΔM≠0} |
 * x]}. Then {@code g¹ = (1 − Q)⁻¹R¹} (eq. 10), {@code B = (1 − Q)⁻¹T} (eq. 12) and {@code g^{i+1} =
 * B·g^i}. The data are symmetrised as in the paper (each transition is also counted mirrored:
 * {@code I → 1 − I}, {@code ΔM → −ΔM}), which makes the estimate antisymmetric in the imbalance and
 * makes the series converge. Mid moves are in ticks; the adjustment is returned in ticks.
 */
public final class MicroPrice {

  private final int buckets;
  private final int maxSpread;
  private final int states;
  private final double[][] stays;
  private final double[][] absorbing;
  private final double[] moveSum;
  private final double[] visits;
  private int previousState = -1;
  private double previousMid;
  private double[] adjustment;

  /**
   * @param imbalanceBuckets number of equal-width buckets of {@code I} in [0, 1]
   * @param maxSpreadTicks largest spread modelled (states with a wider spread are skipped)
   */
  public MicroPrice(int imbalanceBuckets, int maxSpreadTicks) {
    if (imbalanceBuckets < 2 || maxSpreadTicks < 1) {
      throw new IllegalArgumentException("need at least 2 buckets and a spread of 1 tick");
    }
    this.buckets = imbalanceBuckets;
    this.maxSpread = maxSpreadTicks;
    this.states = imbalanceBuckets * maxSpreadTicks;
    this.stays = new double[states][states];
    this.absorbing = new double[states][states];
    this.moveSum = new double[states];
    this.visits = new double[states];
  }

  private int state(double imbalance, long spreadTicks) {
    if (spreadTicks < 1 || spreadTicks > maxSpread || !(imbalance >= 0 && imbalance <= 1)) {
      return -1;
    }
    int bucket = Math.min(buckets - 1, (int) (imbalance * buckets));
    return bucket + buckets * (int) (spreadTicks - 1);
  }

  private int mirror(int state) {
    int bucket = state % buckets;
    return (buckets - 1 - bucket) + (state - bucket);
  }

  /**
   * Observes the book at one sampling instant: touch imbalance {@code I}, spread and mid (ticks).
   */
  public void observe(double imbalance, long spreadTicks, double midTicks) {
    int x = state(imbalance, spreadTicks);
    if (x >= 0 && previousState >= 0) {
      double move = midTicks - previousMid;
      count(previousState, x, move);
      count(mirror(previousState), mirror(x), -move);
    }
    previousState = x;
    previousMid = midTicks;
  }

  private void count(int from, int to, double move) {
    visits[from]++;
    if (move == 0) {
      stays[from][to]++;
    } else {
      absorbing[from][to]++;
      moveSum[from] += move;
    }
  }

  /**
   * Estimates the adjustment {@code Σ_{i=1..order} g^i} for every state from the observations so
   * far (the paper truncates at order 6). States never visited get a zero row.
   */
  public void fit(int order) {
    RealMatrix q = MatrixUtils.createRealMatrix(states, states);
    RealMatrix t = MatrixUtils.createRealMatrix(states, states);
    RealVector r = MatrixUtils.createRealVector(new double[states]);
    for (int x = 0; x < states; x++) {
      if (visits[x] == 0) {
        continue;
      }
      for (int y = 0; y < states; y++) {
        q.setEntry(x, y, stays[x][y] / visits[x]);
        t.setEntry(x, y, absorbing[x][y] / visits[x]);
      }
      r.setEntry(x, moveSum[x] / visits[x]);
    }
    RealMatrix inv =
        new LUDecomposition(MatrixUtils.createRealIdentityMatrix(states).subtract(q))
            .getSolver()
            .getInverse();
    RealVector g = inv.operate(r);
    RealMatrix b = inv.multiply(t);
    RealVector sum = g.copy();
    for (int i = 2; i <= order; i++) {
      g = b.operate(g);
      sum = sum.add(g);
    }
    adjustment = sum.toArray();
  }

  /** {@code P_micro − M} in ticks for the state, after {@link #fit}; NaN outside the model. */
  public double adjustment(double imbalance, long spreadTicks) {
    if (adjustment == null) {
      throw new IllegalStateException("fit() first");
    }
    int x = state(imbalance, spreadTicks);
    return x < 0 ? Double.NaN : adjustment[x];
  }

  /** The micro-price in ticks: {@code mid + adjustment}. */
  public double microPrice(double midTicks, double imbalance, long spreadTicks) {
    return midTicks + adjustment(imbalance, spreadTicks);
  }
}
