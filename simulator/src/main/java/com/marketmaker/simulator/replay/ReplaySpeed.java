package com.marketmaker.simulator.replay;

/** The replay pace an operator asks for: {@code max}, or a factor over the recorded pace. */
public final class ReplaySpeed {

  private ReplaySpeed() {}

  /**
   * {@code max} ({@link Double#POSITIVE_INFINITY}) or a positive factor over the recorded pace (at
   * most 1,000,000).
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static double parse(String text) {
    if (text.equalsIgnoreCase("max")) {
      return Double.POSITIVE_INFINITY;
    }
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "speed must be 'max' or a positive number (factor over the recorded pace), got '"
              + text
              + "'");
    }
    if (!(v > 0) || v > 1_000_000 || Double.isNaN(v)) {
      throw new IllegalArgumentException(
          "speed must be 'max' or a number in (0, 1000000], got '" + text + "'");
    }
    return v;
  }
}
