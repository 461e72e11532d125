package com.marketmaker.backtest.run;

import com.marketmaker.backtest.exchange.LatencyModel;
import com.marketmaker.backtest.exchange.QueueModel;
import com.marketmaker.backtest.exchange.SimulatedExchange;
import com.marketmaker.core.accounting.FeeSchedule;
import com.marketmaker.core.instrument.Venue;
import java.util.Locale;

/**
 * A description of the venue model from which each run builds fresh, seeded latency models (a
 * model's random state must not carry from one run to the next, or runs would not repeat).
 *
 * @param latencySamplesNanos recorded one-way delays to draw order entry, cancel and response
 *     latencies from (empirical), or null for log-normal delays around the medians
 * @param queue {@code risk-averse}, {@code log}, or {@code power:<n>}
 * @param makerBps maker fee in bps (negative: a rebate); NaN for the venue's regular tier
 * @param rateLimits whether the venue enforces the account's order-rate limits
 */
public record VenueModel(
    double entryMedianMillis,
    double cancelMedianMillis,
    double responseMedianMillis,
    double latencySigma,
    long[] latencySamplesNanos,
    String queue,
    double makerBps,
    double takerBps,
    boolean rateLimits,
    long seed) {

  /** The defaults: 5 ms log-normal (σ 0.5) latencies, logarithmic queue, regular-tier fees. */
  public static VenueModel defaults(long seed) {
    return new VenueModel(5, 5, 5, 0.5, null, "log", Double.NaN, Double.NaN, true, seed);
  }

  public VenueModel {
    parseQueue(queue); // refuse a bad name up front
  }

  /**
   * A new venue configuration for instrument number {@code index} on {@code venue}, its latency
   * models freshly seeded (each instrument its own draws).
   */
  public SimulatedExchange.Config create(Venue venue, int index) {
    long s = seed + 1_000L * index;
    FeeSchedule regular = BacktestDefaults.fees(venue);
    FeeSchedule fees =
        new FeeSchedule(
            Double.isNaN(makerBps) ? regular.makerRate() : Math.round(makerBps * 10_000),
            Double.isNaN(takerBps) ? regular.takerRate() : Math.round(takerBps * 10_000));
    return new SimulatedExchange.Config(
        latency(entryMedianMillis, s),
        latency(cancelMedianMillis, s + 1),
        latency(responseMedianMillis, s + 2),
        parseQueue(queue),
        fees,
        rateLimits ? BacktestDefaults.accountLimits(venue) : null);
  }

  /** The same model with other fees (bps; negative maker for a rebate). */
  public VenueModel withFees(double maker, double taker) {
    return new VenueModel(
        entryMedianMillis,
        cancelMedianMillis,
        responseMedianMillis,
        latencySigma,
        latencySamplesNanos,
        queue,
        maker,
        taker,
        rateLimits,
        seed);
  }

  /** The same model with another seed. */
  public VenueModel withSeed(long newSeed) {
    return new VenueModel(
        entryMedianMillis,
        cancelMedianMillis,
        responseMedianMillis,
        latencySigma,
        latencySamplesNanos,
        queue,
        makerBps,
        takerBps,
        rateLimits,
        newSeed);
  }

  private LatencyModel latency(double medianMillis, long s) {
    if (latencySamplesNanos != null) {
      return LatencyModel.empirical(latencySamplesNanos, s);
    }
    long nanos = Math.round(medianMillis * 1_000_000);
    return latencySigma == 0 || nanos == 0
        ? LatencyModel.constant(nanos)
        : LatencyModel.logNormal(nanos, latencySigma, s);
  }

  /** {@code risk-averse}, {@code log} (or {@code logarithmic}), {@code power:<n>}. */
  public static QueueModel parseQueue(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("risk-averse")) {
      return QueueModel.RISK_AVERSE;
    }
    if (n.equals("log") || n.equals("logarithmic")) {
      return QueueModel.logarithmic();
    }
    if (n.startsWith("power:")) {
      try {
        return QueueModel.power(Double.parseDouble(n.substring(6)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("power queue model needs a number: " + name);
      }
    }
    throw new IllegalArgumentException(
        "queue model must be risk-averse, log or power:<n>, got '" + name + "'");
  }
}
