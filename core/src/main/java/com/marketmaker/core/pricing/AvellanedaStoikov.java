package com.marketmaker.core.pricing;

/**
 * The Avellaneda–Stoikov (2008) market maker: a CARA agent with risk aversion γ quoting against a
 * Brownian mid-price (volatility σ) and exponential fill intensities λ(δ) = A·e^(−kδ).
 *
 * <ul>
 *   <li>Reservation (indifference) price, Avellaneda &amp; Stoikov (2008) §2.2: r = s − q·γ·σ²·(T −
 *       t).
 *   <li>Total bid–ask spread around r, §3.2 (first-order expansion in q): δ^a + δ^b = γ·σ²·(T − t)
 *       + (2/γ)·ln(1 + γ/k).
 * </ul>
 *
 * <p>The bid is r − spread/2 and the ask r + spread/2. For markets that never close the horizon
 * rolls: T − t is replaced by a constant look-ahead {@code τ} (see {@link Horizon#rolling}); that
 * keeps the inventory penalty from vanishing as t approaches an arbitrary T.
 *
 * <p>Units: prices and σ in the same price unit (σ per √second), k in 1/price, γ in 1/(price·lot),
 * inventory q in lots, time in seconds.
 */
public final class AvellanedaStoikov {

  private final double gamma;
  private final double k;
  private final Horizon horizon;
  // (2/γ)·ln(1 + γ/k) depends only on parameters: computed once.
  private final double intensitySpread;

  /**
   * @param gamma risk aversion γ &gt; 0
   * @param k decay of fill intensity with depth, k &gt; 0
   * @param horizon finite or rolling horizon
   */
  public AvellanedaStoikov(double gamma, double k, Horizon horizon) {
    this.gamma = Checks.positive(gamma, "risk aversion gamma");
    this.k = Checks.positive(k, "intensity decay k");
    if (horizon == null) {
      throw new IllegalArgumentException("horizon is missing");
    }
    this.horizon = horizon;
    this.intensitySpread = (2.0 / gamma) * Math.log1p(gamma / k);
  }

  public double gamma() {
    return gamma;
  }

  public double k() {
    return k;
  }

  public Horizon horizon() {
    return horizon;
  }

  /** Reservation price r = s − qγσ²(T − t), AS (2008) §2.2. */
  public double reservationPrice(double mid, double inventory, double sigma, double time) {
    return mid - inventory * gamma * sigma * sigma * horizon.remaining(time);
  }

  /** Total spread γσ²(T − t) + (2/γ)ln(1 + γ/k), AS (2008) §3.2. */
  public double spread(double sigma, double time) {
    return gamma * sigma * sigma * horizon.remaining(time) + intensitySpread;
  }

  /** Bid and ask prices symmetric around the reservation price. */
  public ModelQuote quote(double mid, double inventory, double sigma, double time) {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("volatility sigma must be finite and >= 0, got " + sigma);
    }
    double r = reservationPrice(mid, inventory, sigma, time);
    double half = 0.5 * spread(sigma, time);
    return new ModelQuote(r, r - half, r + half);
  }

  /**
   * The time left T − t used by the formulas: finite (clamped at zero after T) or rolling
   * (constant).
   */
  public static final class Horizon {
    private final double end;
    private final double lookAhead;

    private Horizon(double end, double lookAhead) {
      this.end = end;
      this.lookAhead = lookAhead;
    }

    /** A session that ends at {@code end} (seconds on the same clock as the quote time). */
    public static Horizon finite(double end) {
      return new Horizon(Checks.finite(end, "horizon end T"), Double.NaN);
    }

    /** A market that never closes: T − t is the constant look-ahead τ &gt; 0. */
    public static Horizon rolling(double lookAhead) {
      return new Horizon(Double.NaN, Checks.positive(lookAhead, "rolling horizon tau"));
    }

    public boolean isRolling() {
      return Double.isNaN(end);
    }

    /** T − t, never negative. */
    public double remaining(double time) {
      if (isRolling()) {
        return lookAhead;
      }
      return Math.max(0.0, end - time);
    }
  }
}
