package com.marketmaker.core.accounting;

import java.util.ArrayList;
import java.util.List;

/**
 * Statistics of an equity curve sampled at a fixed interval, in quote-currency cash units (at
 * {@link com.marketmaker.core.instrument.InstrumentSpec#CASH_SCALE}): P&amp;L per second, minute
 * and hour, Sharpe and Sortino ratios (of P&amp;L changes against a zero benchmark, annualized over
 * a 24/7 year of 365 days), maximum drawdown (amount, percent of capital plus peak equity,
 * duration), Calmar ratio, and P&amp;L per UTC day. Realized P&amp;L of each fill that reduces the
 * position gives win rate, profit factor and expectancy. Single-threaded.
 */
public final class ReturnStatistics {

  /** Seconds in a 365-day year: crypto venues trade around the clock. */
  public static final double SECONDS_PER_YEAR = 365.0 * 24 * 3600;

  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private final long intervalNanos;
  private double capitalCash;
  private final List<Long> equity = new ArrayList<>();
  private long firstNanos = Long.MIN_VALUE;
  private long lastNanos;
  // drawdown
  private long peak = Long.MIN_VALUE;
  private long peakNanos;
  private long maxDrawdown;
  private double maxDrawdownFraction;
  private long longestDrawdownNanos;
  // realized per closing fill
  private long wins;
  private long losses;
  private long grossProfit;
  private long grossLoss;
  private long closings;
  // daily
  private final List<Day> days = new ArrayList<>();

  /**
   * @param intervalNanos the sampling interval of {@link #onEquity}
   * @param capitalCash the capital the drawdown percent is relative to (added to peak equity)
   */
  public ReturnStatistics(long intervalNanos, double capitalCash) {
    if (intervalNanos <= 0 || !(capitalCash > 0)) {
      throw new IllegalArgumentException("interval and capital must be positive");
    }
    this.intervalNanos = intervalNanos;
    this.capitalCash = capitalCash;
  }

  /** Sets the capital the drawdown percent is relative to (before the first sample). */
  public void capital(double cash) {
    if (!(cash > 0) || !equity.isEmpty()) {
      throw new IllegalStateException("capital must be positive and set before the first sample");
    }
    this.capitalCash = cash;
  }

  /** P&amp;L of one UTC day: equity at its first and last sample. */
  public record Day(long dayIndex, long openEquity, long closeEquity) {
    public long pnl() {
      return closeEquity - openEquity;
    }
  }

  /** The equity (cash + inventory marked to mid) at the end of the next interval. */
  public void onEquity(long nowNanos, long equityCash) {
    if (firstNanos == Long.MIN_VALUE) {
      firstNanos = nowNanos;
    }
    lastNanos = nowNanos;
    equity.add(equityCash);
    if (equityCash >= peak) {
      peak = equityCash;
      peakNanos = nowNanos;
    } else {
      long dd = peak - equityCash;
      maxDrawdown = Math.max(maxDrawdown, dd);
      maxDrawdownFraction = Math.max(maxDrawdownFraction, dd / (capitalCash + Math.max(0, peak)));
    }
    longestDrawdownNanos = Math.max(longestDrawdownNanos, nowNanos - peakNanos);
    long day = Math.floorDiv(nowNanos, NANOS_PER_DAY);
    if (days.isEmpty() || days.get(days.size() - 1).dayIndex() != day) {
      long open = days.isEmpty() ? 0 : days.get(days.size() - 1).closeEquity();
      days.add(new Day(day, open, equityCash));
    } else {
      Day d = days.get(days.size() - 1);
      days.set(days.size() - 1, new Day(day, d.openEquity(), equityCash));
    }
  }

  /** Realized P&amp;L of one fill that reduced the position (0 is neither a win nor a loss). */
  public void onRealized(long realizedCash) {
    closings++;
    if (realizedCash > 0) {
      wins++;
      grossProfit += realizedCash;
    } else if (realizedCash < 0) {
      losses++;
      grossLoss -= realizedCash;
    }
  }

  /** Mean and standard deviation of P&amp;L changes over periods of {@code periodNanos}. */
  public record Moments(double periodSeconds, int periods, double mean, double std) {}

  /** The figures so far. */
  public record Report(
      int samples,
      double seconds,
      long finalEquity,
      Moments perSecond,
      Moments perMinute,
      Moments perHour,
      double sharpeAnnualized,
      double sortinoAnnualized,
      double calmar,
      long maxDrawdownCash,
      double maxDrawdownPercent,
      double longestDrawdownSeconds,
      long closingFills,
      double winRate,
      double profitFactor,
      double expectancyCash,
      List<Day> days) {}

  public Report report() {
    int n = equity.size();
    double seconds = n == 0 ? 0 : (lastNanos - firstNanos) / 1e9 + intervalNanos / 1e9;
    long last = n == 0 ? 0 : equity.get(n - 1);
    Moments base = moments(1);
    double periodsPerYear = SECONDS_PER_YEAR / (intervalNanos / 1e9);
    double sharpe = base.std() > 0 ? base.mean() / base.std() * Math.sqrt(periodsPerYear) : 0;
    double downside = downsideDeviation();
    double sortino = downside > 0 ? base.mean() / downside * Math.sqrt(periodsPerYear) : 0;
    double annualPnl = seconds > 0 ? last / seconds * SECONDS_PER_YEAR : 0;
    double calmar = maxDrawdown > 0 ? annualPnl / maxDrawdown : 0;
    long perMinute = Math.max(1, 60_000_000_000L / intervalNanos);
    long perHour = Math.max(1, 3_600_000_000_000L / intervalNanos);
    return new Report(
        n,
        seconds,
        last,
        moments(Math.max(1, 1_000_000_000L / intervalNanos)),
        moments(perMinute),
        moments(perHour),
        sharpe,
        sortino,
        calmar,
        maxDrawdown,
        100.0 * maxDrawdownFraction,
        longestDrawdownNanos / 1e9,
        closings,
        closings == 0 ? 0 : (double) wins / closings,
        grossLoss == 0
            ? (grossProfit > 0 ? Double.POSITIVE_INFINITY : 0)
            : (double) grossProfit / grossLoss,
        closings == 0 ? 0 : (double) (grossProfit - grossLoss) / closings,
        List.copyOf(days));
  }

  /** Moments of the changes over {@code step} samples (whole periods only), from 0 equity. */
  private Moments moments(long step) {
    int periods = (int) (equity.size() / step);
    double sum = 0;
    double sumSq = 0;
    long previous = 0;
    for (int p = 1; p <= periods; p++) {
      long e = equity.get((int) (p * step) - 1);
      double change = e - previous;
      previous = e;
      sum += change;
      sumSq += change * change;
    }
    double mean = periods == 0 ? 0 : sum / periods;
    double var = periods < 2 ? 0 : (sumSq - periods * mean * mean) / (periods - 1);
    return new Moments(step * intervalNanos / 1e9, periods, mean, Math.sqrt(Math.max(0, var)));
  }

  /** Root mean square of the negative per-interval changes (over all intervals). */
  private double downsideDeviation() {
    double sumSq = 0;
    long previous = 0;
    for (long e : equity) {
      double change = e - previous;
      previous = e;
      if (change < 0) {
        sumSq += change * change;
      }
    }
    return equity.isEmpty() ? 0 : Math.sqrt(sumSq / equity.size());
  }
}
