package com.marketmaker.core.portfolio.book;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quote skews, in basis points of price, that lean the quoting of cointegrated legs toward the
 * spread trade and toward hedging each other's inventory. A positive skew moves both quotes up (buy
 * more readily, sell less readily), a negative one down.
 *
 * <p>Spread skew. For a pair with spread s = y − βx and current z-score z, the intensity ramps
 * linearly from 0 at |z| = entry to 1 at |z| = 2·entry: u = min(1, max(0, (|z| − entry) / entry)),
 * and m = u · maxSkewBps. When z &gt; entry the spread is rich: y is skewed by −m (sell y) and x by
 * +m·h (buy x); when z &lt; −entry the signs reverse. The hedge weight h = β · P<sub>x</sub> /
 * P<sub>y</sub> is the notional of x that one unit of y notional hedges, so each leg leans in
 * proportion to the notional it trades in the spread (for a regression on log prices β already is
 * that ratio: pass equal prices).
 *
 * <p>Inventory lean. The position offsetting y's inventory N<sub>y</sub> (US-dollar notional) is x
 * notional T<sub>x</sub> = −h N<sub>y</sub>, and the one offsetting x's is T<sub>y</sub> =
 * −N<sub>x</sub> / h. Each leg is leaned toward its offset by the part not yet held, g = T − N,
 * counted only in the direction of T and at most |T|: e<sub>x</sub> = sign(T<sub>x</sub>) ·
 * min(|g<sub>x</sub>|, |T<sub>x</sub>|) when g<sub>x</sub> has the sign of T<sub>x</sub>, else 0 (a
 * leg already holding its offset, or more, is not leaned: its own inventory is the single
 * instrument quoting's concern). The lean is inventoryLeanBps · e / inventoryReferenceNotionalUsd.
 *
 * <p>Each instrument's skew is the sum of its contributions over all pairs it belongs to, capped to
 * ±maxSkewBps. Stateless and deterministic; the result is sorted by instrument and contains every
 * instrument of the pairs.
 */
public final class BasketSkew {

  /**
   * Skew settings.
   *
   * @param entryZ the |z| at which the spread skew starts, &gt; 0; it is full at 2·entryZ
   * @param maxSkewBps the largest skew of any instrument, bps, &gt; 0
   * @param inventoryLeanBps the lean of a leg whose offset gap equals the reference notional, bps
   *     (≥ 0; 0 switches the lean off)
   * @param inventoryReferenceNotionalUsd the reference notional of the lean, US dollars, &gt; 0
   */
  public record Config(
      double entryZ,
      double maxSkewBps,
      double inventoryLeanBps,
      double inventoryReferenceNotionalUsd) {
    /** Validates the settings. */
    public Config {
      if (!(entryZ > 0)
          || !(maxSkewBps > 0)
          || !(inventoryLeanBps >= 0)
          || !(inventoryReferenceNotionalUsd > 0)
          || !Double.isFinite(entryZ)
          || !Double.isFinite(maxSkewBps)
          || !Double.isFinite(inventoryLeanBps)
          || !Double.isFinite(inventoryReferenceNotionalUsd)) {
        throw new IllegalArgumentException(
            "need entryZ > 0, maxSkewBps > 0, inventoryLeanBps >= 0, reference notional > 0");
      }
    }
  }

  /**
   * A cointegrated pair's current state.
   *
   * @param y the dependent leg
   * @param x the hedge leg
   * @param hedgeRatio β of y = c + βx + s, units of y price per unit of x price
   * @param zScore the spread's current z-score
   * @param priceY y's current price
   * @param priceX x's current price
   */
  public record PairSignal(
      String y, String x, double hedgeRatio, double zScore, double priceY, double priceX) {
    /** Validates the signal. */
    public PairSignal {
      if (y == null || x == null || y.equals(x)) {
        throw new IllegalArgumentException("need two distinct legs");
      }
      if (!Double.isFinite(hedgeRatio)
          || !(priceY > 0)
          || !(priceX > 0)
          || !Double.isFinite(priceY)
          || !Double.isFinite(priceX)) {
        throw new IllegalArgumentException("need a finite hedge ratio and positive prices");
      }
    }

    /** The signal of a scanned pair at the given prices. */
    public static PairSignal of(PairResult pair, double priceY, double priceX) {
      return new PairSignal(pair.y(), pair.x(), pair.hedgeRatio(), pair.zScore(), priceY, priceX);
    }

    /** The hedge weight h = β · P<sub>x</sub> / P<sub>y</sub>. */
    public double hedgeWeight() {
      return hedgeRatio * priceX / priceY;
    }
  }

  private BasketSkew() {}

  /**
   * The skews.
   *
   * @param pairs the cointegrated pairs (a NaN z-score contributes no spread skew)
   * @param notionalUsd the signed inventory notional per instrument, US dollars (absent = 0)
   * @param config the settings
   * @return instrument → skew, bps, in [−maxSkewBps, maxSkewBps], sorted by instrument
   */
  public static Map<String, Double> skewBps(
      List<PairSignal> pairs, Map<String, Double> notionalUsd, Config config) {
    TreeMap<String, Double> sum = new TreeMap<>();
    for (PairSignal p : pairs) {
      double h = p.hedgeWeight();
      double spreadY = 0;
      double spreadX = 0;
      double z = p.zScore();
      if (!Double.isNaN(z)) {
        double u = Math.min(1, Math.max(0, (Math.abs(z) - config.entryZ()) / config.entryZ()));
        double m = u * config.maxSkewBps();
        double dir = z > 0 ? -1 : 1; // rich spread: sell y, buy x
        spreadY = dir * m;
        spreadX = -dir * m * h;
      }
      double leanX = 0;
      double leanY = 0;
      if (config.inventoryLeanBps() > 0 && h != 0) {
        double ny = notionalUsd.getOrDefault(p.y(), 0.0);
        double nx = notionalUsd.getOrDefault(p.x(), 0.0);
        double perUsd = config.inventoryLeanBps() / config.inventoryReferenceNotionalUsd();
        leanX = perUsd * towardOffset(-h * ny, nx);
        leanY = perUsd * towardOffset(-nx / h, ny);
      }
      sum.merge(p.y(), spreadY + leanY, Double::sum);
      sum.merge(p.x(), spreadX + leanX, Double::sum);
    }
    double cap = config.maxSkewBps();
    TreeMap<String, Double> out = new TreeMap<>();
    for (Map.Entry<String, Double> e : sum.entrySet()) {
      out.put(e.getKey(), Math.max(-cap, Math.min(cap, e.getValue())) + 0.0);
    }
    return out;
  }

  /**
   * The part of the offset {@code target} not yet held by {@code current}, in the direction of the
   * target and at most its size.
   */
  static double towardOffset(double target, double current) {
    double gap = target - current;
    if (target == 0 || Math.signum(gap) != Math.signum(target)) {
      return 0;
    }
    return Math.signum(target) * Math.min(Math.abs(gap), Math.abs(target));
  }
}
