package com.marketmaker.core.quote;

/** Construction-time validation of step parameters; messages name the parameter. */
final class Params {

  private Params() {}

  static double nonNegative(double v, String name) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
    }
    return v;
  }

  static double positive(double v, String name) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
    }
    return v;
  }

  static double finite(double v, String name) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite, got " + v);
    }
    return v;
  }
}
