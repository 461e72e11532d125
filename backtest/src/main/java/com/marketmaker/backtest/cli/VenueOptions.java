package com.marketmaker.backtest.cli;

import com.marketmaker.backtest.exchange.LatencyModel;
import com.marketmaker.backtest.run.VenueModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The venue model and sampling of a run. */
final class VenueOptions {

  @Option(
      names = "--entry-latency-ms",
      defaultValue = "5",
      description = "Median order-entry latency, ms (default ${DEFAULT-VALUE}).")
  double entryMillis;

  @Option(
      names = "--cancel-latency-ms",
      defaultValue = "5",
      description = "Median cancel latency, ms (default ${DEFAULT-VALUE}).")
  double cancelMillis;

  @Option(
      names = "--response-latency-ms",
      defaultValue = "5",
      description =
          "Median latency of the venue's answers and fill reports, ms (default ${DEFAULT-VALUE}).")
  double responseMillis;

  @Option(
      names = "--latency-sigma",
      defaultValue = "0.5",
      description = "Log-normal σ of the latencies; 0 for constant (default ${DEFAULT-VALUE}).")
  double sigma;

  @Option(
      names = "--latency-samples",
      description =
          "A file of recorded one-way latencies in ns, one per line (e.g. measured from a live"
              + " session's journaled orders): latencies are drawn from them instead.")
  Path latencySamples;

  @Option(
      names = "--feed-latency-ms",
      description =
          "Constant delay from the venue's event to its receipt, ms (default: from the recording,"
              + " receive stamp minus the venue's event time).")
  Double feedLatencyMillis;

  @Option(
      names = "--queue",
      defaultValue = "log",
      description = "Queue model: risk-averse, log or power:<n> (default ${DEFAULT-VALUE}).")
  String queue;

  @Option(
      names = "--maker-bps",
      description = "Maker fee, bps; negative for a rebate (default: the venue's regular tier).")
  Double makerBps;

  @Option(
      names = "--taker-bps",
      description = "Taker fee, bps (default: the venue's regular tier).")
  Double takerBps;

  @Option(
      names = "--no-rate-limits",
      description = "The venue does not enforce the account's order-rate limits.")
  boolean noRateLimits;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the latency draws (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--sample-interval-ms",
      defaultValue = "1000",
      description = "Equity curve sampling interval, ms (default ${DEFAULT-VALUE}).")
  long sampleMillis;

  VenueModel model() throws IOException {
    long[] samples = null;
    if (latencySamples != null) {
      samples =
          Files.readAllLines(latencySamples).stream()
              .map(String::trim)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .mapToLong(Long::parseLong)
              .toArray();
    }
    return new VenueModel(
        entryMillis,
        cancelMillis,
        responseMillis,
        sigma,
        samples,
        queue,
        makerBps == null ? Double.NaN : makerBps,
        takerBps == null ? Double.NaN : takerBps,
        !noRateLimits,
        seed);
  }

  LatencyModel feedLatency() {
    return feedLatencyMillis == null
        ? null
        : LatencyModel.constant(Math.round(feedLatencyMillis * 1_000_000));
  }
}
