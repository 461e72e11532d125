package com.marketmaker.core.risk;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Result of {@link RiskChecks#evaluate}: clear to quote, or the breaches that require pulling all
 * quotes.
 */
public record RiskVerdict(List<RiskBreach> breaches) {

  private static final RiskVerdict CLEAR = new RiskVerdict(List.of());

  public RiskVerdict {
    breaches = List.copyOf(breaches);
  }

  public static RiskVerdict clear() {
    return CLEAR;
  }

  public boolean isClear() {
    return breaches.isEmpty();
  }

  /** Human-readable reason for pulling, empty when clear. */
  public String reason() {
    return breaches.stream()
        .map(b -> b.check() + ": " + b.detail())
        .collect(Collectors.joining("; "));
  }
}
