package com.marketmaker.core.portfolio.cointegration;

/**
 * The deterministic terms of a unit-root or cointegrating regression, in the notation of MacKinnon
 * (1994, 2010): {@code "n"} none, {@code "c"} a constant, {@code "ct"} a constant and a linear time
 * trend.
 *
 * <p>Source: J. G. MacKinnon (2010), "Critical Values for Cointegration Tests", Queen's University
 * Economics Working Paper 1227, section 2.
 */
public enum DeterministicTerms {
  /** No constant and no trend ({@code "n"}). */
  NONE("n", 0),
  /** A constant ({@code "c"}). */
  CONSTANT("c", 1),
  /** A constant and a linear time trend ({@code "ct"}). */
  CONSTANT_TREND("ct", 2);

  private final String code;
  private final int columns;

  DeterministicTerms(String code, int columns) {
    this.code = code;
    this.columns = columns;
  }

  /** MacKinnon's short code: {@code n}, {@code c} or {@code ct}. */
  public String code() {
    return code;
  }

  /** How many regressor columns these terms add. */
  public int columns() {
    return columns;
  }

  /** The terms named by MacKinnon's short code. */
  public static DeterministicTerms ofCode(String code) {
    for (DeterministicTerms t : values()) {
      if (t.code.equals(code)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown deterministic terms " + code);
  }
}
