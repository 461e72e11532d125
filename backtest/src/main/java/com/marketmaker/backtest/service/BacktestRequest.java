package com.marketmaker.backtest.service;

import com.marketmaker.backtest.run.StrategySpec;
import com.marketmaker.backtest.run.VenueModel;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A backtest asked for over the API: event files by name (in the node's backtest data folder), the
 * strategy and the venue model. Checked by {@link #validate()} before anything runs.
 *
 * @param events names of event files in the data folder ({@code [A-Za-z0-9._-]+\.events})
 * @param venue the venue model; null for the defaults
 * @param feedLatencyMillis constant feed latency, ms; null for the recording's
 */
public record BacktestRequest(
    List<String> events,
    StrategySpec strategy,
    Venue venue,
    Double feedLatencyMillis,
    Long sampleIntervalMillis) {

  /** File names a request may name: no folders, no way out of the data folder. */
  public static final Pattern EVENT_FILE = Pattern.compile("[A-Za-z0-9._-]{1,100}\\.events");

  /**
   * The venue model of a request; absent fields take the defaults.
   *
   * @param queue risk-averse, log or power:n
   */
  public record Venue(
      Double entryLatencyMillis,
      Double cancelLatencyMillis,
      Double responseLatencyMillis,
      Double latencySigma,
      String queue,
      Double makerBps,
      Double takerBps,
      Boolean rateLimits,
      Long seed) {

    VenueModel model() {
      VenueModel d = VenueModel.defaults(seed == null ? 1 : seed);
      return new VenueModel(
          or(entryLatencyMillis, d.entryMedianMillis()),
          or(cancelLatencyMillis, d.cancelMedianMillis()),
          or(responseLatencyMillis, d.responseMedianMillis()),
          or(latencySigma, d.latencySigma()),
          null,
          queue == null ? d.queue() : queue,
          makerBps == null ? Double.NaN : makerBps,
          takerBps == null ? Double.NaN : takerBps,
          rateLimits == null || rateLimits,
          d.seed());
    }

    private static double or(Double v, double otherwise) {
      return v == null ? otherwise : v;
    }
  }

  /** The venue model the request describes. */
  public VenueModel venueModel() {
    return venue == null ? VenueModel.defaults(1) : venue.model();
  }

  public long feedLatencyNanos() {
    return feedLatencyMillis == null ? -1 : Math.round(feedLatencyMillis * 1_000_000);
  }

  public long sampleIntervalNanos() {
    return (sampleIntervalMillis == null ? 1_000 : sampleIntervalMillis) * 1_000_000L;
  }

  /**
   * Refuses what cannot run.
   *
   * @throws IllegalArgumentException with a message for the operator
   */
  public void validate() {
    if (events == null || events.isEmpty() || events.size() > 20) {
      throw new IllegalArgumentException("events: give 1 to 20 event file names");
    }
    for (String e : events) {
      if (e == null || !EVENT_FILE.matcher(e).matches()) {
        throw new IllegalArgumentException(
            "events: '" + e + "' is not a file name like btcusdt.events");
      }
    }
    if (strategy == null) {
      throw new IllegalArgumentException(
          "strategy is required (orderSize and maxPosition at least)");
    }
    if (feedLatencyMillis != null && !(feedLatencyMillis >= 0 && feedLatencyMillis < 60_000)) {
      throw new IllegalArgumentException("feedLatencyMillis must be in [0, 60000)");
    }
    if (sampleIntervalMillis != null
        && (sampleIntervalMillis < 10 || sampleIntervalMillis > 3_600_000)) {
      throw new IllegalArgumentException("sampleIntervalMillis must be in [10, 3600000]");
    }
    venueModel(); // refuses a bad queue model name
  }
}
