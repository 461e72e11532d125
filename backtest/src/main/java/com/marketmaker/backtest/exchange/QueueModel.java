package com.marketmaker.backtest.exchange;

/**
 * Where our resting order stands in its price level's queue on L2 data, which shows the level's
 * total size but not its orders. An order joins behind everything displayed at its price. Trades at
 * our price take from the front (handled by the exchange for every model); a model decides how much
 * of any other decrease of the level (cancels) was ahead of us.
 *
 * <p>The probabilistic models follow the queue-position estimate documented by hftbacktest
 * ("Probability Queue Models"): of a decrease {@code d}, the share taken behind us is {@code
 * f(back) / (f(back) + f(front))}, with {@code f(x) = x^n} (power) or {@code f(x) = ln(1 + x)}
 * (logarithmic), where {@code front} is the size ahead of us and {@code back} the size behind.
 */
public interface QueueModel {

  /**
   * The size ahead of us after the level's displayed size went from {@code previousLots} to {@code
   * newLots} without a trade at our price explaining it.
   *
   * @param aheadLots size ahead of us before the change
   */
  long aheadAfterDecrease(long aheadLots, long previousLots, long newLots);

  /** A decrease never moves us up unless the level shrinks below what was ahead of us. */
  QueueModel RISK_AVERSE = (ahead, previous, now) -> Math.min(ahead, now);

  /** {@code f(x) = x^n}: larger {@code n} puts more of the cancels behind us. */
  static QueueModel power(double n) {
    if (!(n > 0)) {
      throw new IllegalArgumentException("power queue model needs n > 0, got " + n);
    }
    return (ahead, previous, now) ->
        split(ahead, previous, now, Math.pow(Math.max(0, previous - ahead), n), Math.pow(ahead, n));
  }

  /** {@code f(x) = ln(1 + x)}. */
  static QueueModel logarithmic() {
    return (ahead, previous, now) -> {
      double back = Math.max(0, previous - ahead);
      double fBack = Math.log1p(back);
      double fFront = Math.log1p(ahead);
      return split(ahead, previous, now, fBack, fFront);
    };
  }

  /**
   * Moves the front by the part of the decrease not taken behind us; whatever the back cannot
   * absorb comes from the front too. Never more than the level now holds.
   */
  private static long split(long ahead, long previous, long now, double fBack, double fFront) {
    long decrease = previous - now;
    if (decrease <= 0) {
      return Math.min(ahead, now);
    }
    double total = fBack + fFront;
    double behindShare = total > 0 ? fBack / total : 0.0;
    long back = Math.max(0, previous - ahead);
    long fromBack = Math.min(back, Math.round(behindShare * decrease));
    long fromFront = decrease - fromBack;
    return Math.max(0, Math.min(ahead - fromFront, now));
  }
}
