package com.marketmaker.core.accounting;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Exact integer arithmetic for cash amounts: products and quotients rounded half-even. */
final class Money {

  private Money() {}

  /** {@code a × b / c} rounded half-even, exact for any longs (c &gt; 0). */
  static long mulDiv(long a, long b, long c) {
    if (c <= 0) {
      throw new IllegalArgumentException("divisor must be positive");
    }
    long p;
    try {
      p = Math.multiplyExact(a, b);
    } catch (ArithmeticException overflow) {
      return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
          .divide(new BigDecimal(c), 0, RoundingMode.HALF_EVEN)
          .longValueExact();
    }
    return divHalfEven(p, c);
  }

  /** {@code n / d} rounded half-even (d &gt; 0). */
  static long divHalfEven(long n, long d) {
    long q = Math.floorDiv(n, d);
    long r = n - q * d; // in [0, d)
    long twice = 2 * r;
    if (twice > d || (twice == d && (q & 1) != 0)) {
      q++;
    }
    return q;
  }
}
