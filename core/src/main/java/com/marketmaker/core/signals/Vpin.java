package com.marketmaker.core.signals;

import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * Volume-synchronized probability of informed trading (Easley, López de Prado &amp; O'Hara 2012,
 * "Flow toxicity and liquidity in a high-frequency world", Review of Financial Studies 25(5), eq.
 * (7)): trading is cut into buckets of equal volume {@code V}; with {@code V_τ^B}, {@code V_τ^S}
 * the buy and sell volume of bucket {@code τ},
 *
 * <pre>VPIN = Σ_{τ=1..n} |V_τ^S − V_τ^B| / (n·V)</pre>
 *
 * over the last {@code n} complete buckets. A trade that overflows a bucket is split, the rest
 * going to the next bucket.
 *
 * <p>Volume is classified either by the aggressor side the venue reports ({@link #onTrade}), or by
 * bulk volume classification as in the paper ({@link #onBar}): a bar of volume {@code V_i} with
 * price change {@code ΔP_i} counts {@code V_i·Φ(ΔP_i/σ_ΔP)} as buys and the rest as sells.
 */
public final class Vpin {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  private final double bucketVolume;
  private final double[] imbalances;
  private int completed;
  private int next;
  private double sumImbalance;
  private double bucketBuy;
  private double bucketSell;

  /**
   * @param bucketVolume {@code V}, in lots
   * @param buckets {@code n}, the number of buckets averaged (the paper uses 50)
   */
  public Vpin(double bucketVolume, int buckets) {
    if (!(bucketVolume > 0) || buckets < 1) {
      throw new IllegalArgumentException("bucket volume and count must be positive");
    }
    this.bucketVolume = bucketVolume;
    this.imbalances = new double[buckets];
  }

  /** A trade whose aggressor side is known. */
  public void onTrade(double size, boolean buyerAggressor) {
    add(buyerAggressor ? size : 0, buyerAggressor ? 0 : size);
  }

  /**
   * A bar (time or volume) classified in bulk: {@code volume·Φ(priceChange/sigmaPriceChange)} buys.
   */
  public void onBar(double volume, double priceChange, double sigmaPriceChange) {
    double buyFraction = STANDARD_NORMAL.cumulativeProbability(priceChange / sigmaPriceChange);
    add(volume * buyFraction, volume * (1 - buyFraction));
  }

  private void add(double buy, double sell) {
    while (buy + sell > 0) {
      double room = bucketVolume - bucketBuy - bucketSell;
      double total = buy + sell;
      double take = Math.min(room, total);
      // Split proportionally so a straddling bar keeps its buy share in both buckets.
      double b = buy * take / total;
      double s = take - b;
      bucketBuy += b;
      bucketSell += s;
      buy -= b;
      sell -= s;
      if (take == room) {
        closeBucket();
      }
      if (total - take <= 0) {
        break;
      }
    }
  }

  private void closeBucket() {
    double imbalance = Math.abs(bucketBuy - bucketSell);
    if (completed >= imbalances.length) {
      sumImbalance -= imbalances[next];
    }
    imbalances[next] = imbalance;
    sumImbalance += imbalance;
    next = (next + 1) % imbalances.length;
    completed++;
    bucketBuy = 0;
    bucketSell = 0;
  }

  /** VPIN over the last {@code n} complete buckets, NaN until {@code n} buckets are complete. */
  public double value() {
    if (completed < imbalances.length) {
      return Double.NaN;
    }
    return sumImbalance / (imbalances.length * bucketVolume);
  }

  public int completedBuckets() {
    return completed;
  }
}
