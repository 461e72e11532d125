package com.marketmaker.core.feed;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads ASCII integers and decimals from bytes eight at a time: a word is checked for digits with a
 * few bit operations and up to eight digits are turned into their value with three multiplications,
 * instead of a multiply-add per digit. It only takes the common shapes and says {@link #NONE} to
 * anything else, so that a slower checked parser, with its exact rules and error messages, decides
 * every unusual case.
 *
 * <p>Words may be read past the end of the text (within the array): callers make sure the text is
 * followed, before its end, by a byte that is not a digit, so those bytes never decide anything.
 */
final class AsciiNumbers {

  /** Returned when the text is not one of the shapes read here. */
  static final int NONE = -1;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ZEROS = 0x3030303030303030L;
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGH = 0x8080808080808080L;
  private static final long PLUS_118 = 0x7676767676767676L;
  private static final long[] POW10 = new long[19];

  /** {@code LOW_BYTES[k]}: the low {@code k} bytes of a word set. */
  private static final long[] LOW_BYTES = new long[9];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
    for (int k = 0; k < 8; k++) {
      LOW_BYTES[k] = (1L << (k << 3)) - 1;
    }
    LOW_BYTES[8] = -1L;
  }

  /** The value of the last number read. */
  long value;

  /**
   * The shape of the last decimal read by {@link #unscaled}: its integer digits times 16 plus its
   * fraction digits, for text like {@code 123.45"}; 0 for any other shape.
   */
  int shape;

  /**
   * {@link #unscaled}, guessing that the text has the given {@link #shape} (that of the previous
   * value of the same field, as a venue writes its prices and sizes alike): the words are then read
   * at positions known in advance and the guess only checked, so the position after one value does
   * not wait for the digits of the one before to be counted, and a processor can work on several
   * values at once. A wrong guess costs a call of {@link #unscaled}; either way the result is that
   * of {@link #unscaled} and {@link #shape} that of the text read.
   */
  int unscaled(byte[] b, int q, int scale, int guess) {
    int n = guess >>> 4;
    int m = guess & 15;
    if (guess == 0 || q + 24 > b.length || n + scale > 18) {
      return unscaled(b, q, scale);
    }
    long t0 = word(b, q);
    int f = q + n + 1;
    long u = word(b, f);
    int take = Math.min(m, scale);
    // n digits, '.', m digits (those beyond the scale zeros), '"'.
    if ((nonDigits(t0) & LOW_BYTES[n]
                | nonDigits(u) & LOW_BYTES[m]
                | u & LOW_BYTES[m] & ~LOW_BYTES[take])
            != 0
        || ((t0 >>> (n << 3)) & 0xFF) != ('.' ^ '0')
        || b[f + m] != '"') {
      return unscaled(b, q, scale);
    }
    value =
        n + take <= 8
            ? digits((t0 & LOW_BYTES[n]) | ((u & LOW_BYTES[take]) << (n << 3)), n + take)
                * POW10[scale - take]
            : digits(t0, n) * POW10[scale] + digits(u, take) * POW10[scale - take];
    shape = guess;
    return f + m + 1;
  }

  /**
   * The common shapes of a decimal string starting at {@code q}: 1–7 integer digits, then either
   * the closing quote or '.' and at least one fractional digit, those beyond the scale all zeros.
   * Sets {@link #value} to the unscaled value (digits beyond the scale dropped) and returns the
   * position after the closing quote, or {@link #NONE} for any other shape, which the caller then
   * hands to a checked parser.
   */
  int unscaled(byte[] b, int q, int scale) {
    shape = 0;
    if (q + 16 > b.length) {
      return unscaledNearEnd(b, q, scale);
    }
    long t0 = word(b, q);
    int n = Long.numberOfTrailingZeros(nonDigits(t0)) >>> 3;
    if (n == 0 || n == 8 || n + scale > 18) {
      return NONE;
    }
    if (((t0 >>> (n << 3)) & 0xFF) != ('.' ^ '0')) {
      return integerOnly(b, q, n, t0, scale);
    }
    int f = q + n + 1;
    long u = word(b, f);
    int m = Long.numberOfTrailingZeros(nonDigits(u)) >>> 3;
    int take = Math.min(m, scale);
    // Digits beyond the scale must be zeros (their byte is 0 after the xor in word()).
    if (m == 0 || (u & LOW_BYTES[m] & ~LOW_BYTES[take]) != 0) {
      return NONE;
    }
    value =
        n + take <= 8
            // Integer digits and kept fraction digits side by side in one word: one conversion.
            ? digits((t0 & LOW_BYTES[n]) | ((u & LOW_BYTES[take]) << (n << 3)), n + take)
                * POW10[scale - take]
            : digits(t0, n) * POW10[scale] + digits(u, take) * POW10[scale - take];
    int p = f + m;
    if (b[p] == '"') {
      shape = n << 4 | m;
      return p + 1;
    }
    shape = 0;
    return m == 8 ? longFraction(b, p, scale - take) : NONE;
  }

  /** {@link #unscaled} of {@code n} integer digits not followed by a fraction. */
  private int integerOnly(byte[] b, int q, int n, long t0, int scale) {
    value = digits(t0, n) * POW10[scale];
    return b[q + n] == '"' ? q + n + 1 : NONE;
  }

  /** {@link #unscaled} one byte at a time, for text too close to the end of the array. */
  private int unscaledNearEnd(byte[] b, int q, int scale) {
    int p = q;
    long v = 0;
    while (p < b.length && isDigit(b[p]) && p - q < 8) {
      v = v * 10 + (b[p++] - '0');
    }
    int n = p - q;
    if (n == 0 || n == 8 || n + scale > 18 || p >= b.length) {
      return NONE;
    }
    int kept = 0;
    if (b[p] == '.') {
      int start = ++p;
      for (; p < b.length && isDigit(b[p]); p++) {
        if (kept < scale) {
          v = v * 10 + (b[p] - '0');
          kept++;
        } else if (b[p] != '0') {
          return NONE;
        }
      }
      if (p == start) {
        return NONE;
      }
    }
    if (p >= b.length || b[p] != '"') {
      return NONE;
    }
    value = v * POW10[scale - kept];
    return p + 1;
  }

  /**
   * Continues a fraction of more than eight digits at {@code p}, {@code left} of them still within
   * the scale: adds them to {@link #value}; returns the position after the closing quote, or {@link
   * #NONE}.
   */
  private int longFraction(byte[] b, int p, int left) {
    if (!isDigit(b[p])) {
      return NONE;
    }
    long v = value;
    while (isDigit(b[p])) {
      if (left > 0) {
        left--;
        v += (b[p] - '0') * POW10[left];
      } else if (b[p] != '0') {
        return NONE;
      }
      p++;
    }
    value = v;
    return b[p] == '"' ? p + 1 : NONE;
  }

  /**
   * A JSON integer of 1–16 digits at {@code q} (no sign, no leading zero), followed by ',' or '}'
   * before {@code end}; sets {@link #value} and returns the position of that ',' or '}', or {@link
   * #NONE}.
   */
  int integer(byte[] b, int q, int end) {
    int p;
    long v;
    if (q + 16 <= b.length) {
      long t = word(b, q);
      int n = Long.numberOfTrailingZeros(nonDigits(t)) >>> 3;
      if (n < 8) {
        if (n == 0) {
          return NONE;
        }
        v = digits(t, n);
        p = q + n;
      } else {
        long u = word(b, q + 8);
        int m = Long.numberOfTrailingZeros(nonDigits(u)) >>> 3;
        if (m == 8) {
          return NONE;
        }
        v = m == 0 ? digits(t, 8) : digits(t, 8) * POW10[m] + digits(u, m);
        p = q + 8 + m;
      }
    } else {
      v = 0;
      p = q;
      while (p < end && isDigit(b[p]) && p - q < 16) {
        v = v * 10 + (b[p] - '0');
        p++;
      }
      if (p == q || p >= end || isDigit(b[p])) {
        return NONE;
      }
    }
    if (b[q] == '0' && p - q > 1) {
      return NONE; // a leading zero is not JSON
    }
    byte c = b[p];
    if (c != ',' && c != '}') {
      return NONE;
    }
    value = v;
    return p;
  }

  static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** Eight bytes from {@code i}, first byte lowest, each digit turned into its value 0-9. */
  private static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i) ^ ZEROS;
  }

  /** Bit 7 set in the lowest byte of {@code w} that is a '"' (higher bits may be wrong). */
  private static long quotes(long w) {
    long x = w ^ 0x2222222222222222L;
    return (x - 0x0101010101010101L) & ~x & HIGH;
  }

  /** Bit 7 set in every byte of an xor-ed {@link #word} that was not an ASCII digit. */
  private static long nonDigits(long t) {
    return (((t & LOW7) + PLUS_118) | t) & HIGH;
  }

  /** The value of the first {@code n} (1-8) digits of an xor-ed {@link #word}. */
  private static long digits(long t, int n) {
    // Move the n digits to the top bytes; the zero bytes shifted in are leading zeros.
    t <<= (8 - n) << 3;
    t = (t * 10 + (t >>> 8)) & 0x00FF00FF00FF00FFL; // pairs of digits
    t = (t * 100 + (t >>> 16)) & 0x0000FFFF0000FFFFL; // groups of four
    return (t * 10000 + (t >>> 32)) & 0xFFFFFFFFL;
  }
}
