package com.marketmaker.streams.binance;

import com.marketmaker.core.instrument.Venue;
import java.util.Map;

/**
 * An immutable snapshot of one Binance venue's account REST traffic on this node (order entry,
 * listen keys, exchange info, clock).
 *
 * @param endpoints per endpoint ({@code "POST /api/v3/order"}): requests, errors, latency
 * @param malformedAnswers answers that were not the documented shape or were off the instrument's
 *     grid
 * @param localRefusals requests refused without reaching the venue (Retry-After in force, order
 *     rate limit reached, no credentials)
 * @param feesInOtherAssets trades whose commission was in neither the base nor the quote asset
 *     (e.g. BNB) and could not be booked as a quote-currency fee
 * @param clockOffsetMillis venue clock minus local clock at the last measurement
 * @param orderCounts the venue's last reported order count per interval ({@code "10s"})
 */
public record AccountRestMetrics(
    Venue venue,
    Map<String, Endpoint> endpoints,
    long malformedAnswers,
    long localRefusals,
    long feesInOtherAssets,
    long clockOffsetMillis,
    Map<String, Integer> orderCounts) {

  public AccountRestMetrics {
    endpoints = Map.copyOf(endpoints);
    orderCounts = Map.copyOf(orderCounts);
  }

  /**
   * One endpoint's counters and latency (request sent to answer read, in microseconds, from an
   * HdrHistogram).
   *
   * @param errorsByCode failures by the venue's error code ({@code "-2010"}), or by kind when the
   *     venue sent none ({@code "http-503"}, {@code "unreachable"}, {@code "timeout"}, {@code
   *     "malformed"})
   */
  public record Endpoint(
      long requests,
      long errors,
      Map<String, Long> errorsByCode,
      long latencyCount,
      long p50Micros,
      long p99Micros,
      long maxMicros) {

    public Endpoint {
      errorsByCode = Map.copyOf(errorsByCode);
    }
  }
}
