package com.marketmaker.core.pricing;

/** Parameter validation shared by the pricing models; every message names the parameter. */
final class Checks {

  private Checks() {}

  static double positive(double value, String name) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive finite number, got " + value);
    }
    return value;
  }

  static double nonNegative(double value, String name) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " must be a non-negative finite number, got " + value);
    }
    return value;
  }

  static double finite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number, got " + value);
    }
    return value;
  }
}
