package com.marketmaker.simulator.synthetic;

/**
 * Makes a synthetic instrument cointegrated with another by construction: its log fair mid follows
 * the leader's log fair mid plus a stationary spread,
 *
 * <pre>
 *   log F_t = log F_0 + (log L_t - log L_0) + u_t,    du = -&kappa; u dt + &eta; dW,   u_0 = 0,
 * </pre>
 *
 * an Ornstein&ndash;Uhlenbeck spread stepped with its exact transition (u_{t+dt} = u_t
 * e^{-&kappa;dt} + &eta; &radic;((1 - e^{-2&kappa;dt}) / 2&kappa;) Z). So log F &minus; log L is
 * stationary with mean log F_0 &minus; log L_0 and standard deviation &eta;/&radic;(2&kappa;): the
 * pair is cointegrated with vector (1, &minus;1) in log prices, its spread reverting with half-life
 * ln 2 / &kappa;. The follower's own volatility is not used; its jumps move the spread.
 *
 * @param leader the symbol of the instrument followed (in the same simulated venue; not itself a
 *     follower)
 * @param reversionPerSecond &kappa;, per second, &gt; 0
 * @param spreadVolatility &eta;, relative per &radic;second, &ge; 0
 */
public record Pairing(String leader, double reversionPerSecond, double spreadVolatility) {

  public Pairing {
    if (leader == null || leader.isBlank()) {
      throw new IllegalArgumentException("a pairing needs the leader's symbol");
    }
    if (!(reversionPerSecond > 0) || !Double.isFinite(reversionPerSecond)) {
      throw new IllegalArgumentException(
          "reversionPerSecond must be finite and > 0, got " + reversionPerSecond);
    }
    if (!(spreadVolatility >= 0) || !Double.isFinite(spreadVolatility)) {
      throw new IllegalArgumentException(
          "spreadVolatility must be finite and >= 0, got " + spreadVolatility);
    }
  }

  /** Half-life of the spread, seconds. */
  public double halfLifeSeconds() {
    return Math.log(2) / reversionPerSecond;
  }
}
