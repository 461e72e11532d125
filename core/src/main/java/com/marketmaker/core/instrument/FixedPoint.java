package com.marketmaker.core.instrument;

/**
 * Exact conversion between decimal text and scaled {@code long} values, without {@code BigDecimal}
 * or {@code double}. A value {@code v} at scale {@code s} means {@code v / 10^s}.
 */
public final class FixedPoint {

  /** Largest scale handled: 10^18 is the largest power of ten that fits a long. */
  public static final int MAX_SCALE = 18;

  private static final long[] POW10 = new long[MAX_SCALE + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i <= MAX_SCALE; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private FixedPoint() {}

  /** 10^n for 0 &lt;= n &lt;= 18. */
  public static long pow10(int n) {
    return POW10[n];
  }

  /**
   * Parses a plain decimal ({@code [-]digits[.digits]}) into its unscaled value at {@code scale}.
   * Trailing zeros beyond the scale are accepted; any other digit beyond it is rejected (as an
   * {@link OffGridException}: the value is finer than the grid), as are exponents, signs other than
   * a leading '-', empty parts and overflow.
   *
   * @throws NumberFormatException with the reason
   */
  public static long parse(CharSequence text, int scale) {
    if (scale < 0 || scale > MAX_SCALE) {
      throw new IllegalArgumentException("scale out of range: " + scale);
    }
    if (text == null) {
      throw new NumberFormatException("number is missing");
    }
    int n = text.length();
    if (n == 0) {
      throw new NumberFormatException("number is empty");
    }
    int i = 0;
    boolean negative = false;
    if (text.charAt(0) == '-') {
      negative = true;
      i = 1;
    }
    long value = 0;
    int intDigits = 0;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        break;
      }
      if (c < '0' || c > '9') {
        throw new NumberFormatException("not a decimal number: '" + text + "'");
      }
      value = accumulate(value, c - '0', text);
      intDigits++;
    }
    int fracDigits = 0;
    if (i < n) {
      i++; // skip '.'
      for (; i < n; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          throw new NumberFormatException("not a decimal number: '" + text + "'");
        }
        if (fracDigits < scale) {
          value = accumulate(value, c - '0', text);
        } else if (c != '0') {
          throw new OffGridException("'" + text + "' has more than " + scale + " decimal places");
        }
        fracDigits++;
      }
      if (fracDigits == 0) {
        throw new NumberFormatException("not a decimal number: '" + text + "'");
      }
    }
    if (intDigits == 0 && fracDigits == 0) {
      throw new NumberFormatException("not a decimal number: '" + text + "'");
    }
    for (int k = Math.min(fracDigits, scale); k < scale; k++) {
      value = accumulate(value, 0, text);
    }
    return negative ? -value : value;
  }

  /**
   * Parses a plain decimal held in {@code buf[off, off+len)} into its unscaled value at {@code
   * scale}, with the rules of {@link #parse(CharSequence, int)}. Allocation-free unless the text is
   * rejected; meant for JSON parsers that expose their character buffer.
   *
   * @throws NumberFormatException with the reason
   */
  public static long parse(char[] buf, int off, int len, int scale) {
    // Fast path for the common shape (optional '-', digits, optional '.' and digits) when at most
    // 18 digits are kept, so no overflow check is needed per digit. Anything else, valid or not,
    // goes through the checked parser, which also produces the rejection reasons.
    if (len <= 0 || scale < 0 || scale > MAX_SCALE) {
      return parseChecked(buf, off, len, scale);
    }
    int end = off + len;
    int i = off;
    if (buf[i] == '-') {
      i++;
    }
    int intStart = i;
    long value = 0;
    for (; i < end; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      value = value * 10 + d;
    }
    int intDigits = i - intStart;
    if (intDigits == 0 || intDigits + scale > 18) {
      return parseChecked(buf, off, len, scale);
    }
    int fracDigits = 0;
    if (i < end) {
      if (buf[i] != '.' || i + 1 == end) {
        return parseChecked(buf, off, len, scale);
      }
      i++;
      for (; i < end && fracDigits < scale; i++, fracDigits++) {
        int d = buf[i] - '0';
        if (d < 0 || d > 9) {
          return parseChecked(buf, off, len, scale);
        }
        value = value * 10 + d;
      }
      for (; i < end; i++) {
        if (buf[i] != '0') {
          return parseChecked(buf, off, len, scale); // finer than the scale, or malformed
        }
      }
    }
    value *= POW10[scale - fracDigits];
    return buf[off] == '-' ? -value : value;
  }

  private static long parseChecked(char[] buf, int off, int len, int scale) {
    checkScale(scale);
    if (len <= 0) {
      throw new NumberFormatException("number is empty");
    }
    int end = off + len;
    int i = off;
    boolean negative = buf[i] == '-';
    if (negative) {
      i++;
    }
    long value = 0;
    int intDigits = 0;
    for (; i < end; i++) {
      char c = buf[i];
      if (c == '.') {
        break;
      }
      if (c < '0' || c > '9') {
        throw malformed(buf, off, len);
      }
      value = accumulate(value, c - '0', buf, off, len);
      intDigits++;
    }
    int fracDigits = 0;
    if (i < end) {
      i++;
      for (; i < end; i++) {
        char c = buf[i];
        if (c < '0' || c > '9') {
          throw malformed(buf, off, len);
        }
        if (fracDigits < scale) {
          value = accumulate(value, c - '0', buf, off, len);
        } else if (c != '0') {
          throw new OffGridException(
              "'" + new String(buf, off, len) + "' has more than " + scale + " decimal places");
        }
        fracDigits++;
      }
      if (fracDigits == 0) {
        throw malformed(buf, off, len);
      }
    }
    if (intDigits == 0 && fracDigits == 0) {
      throw malformed(buf, off, len);
    }
    for (int k = Math.min(fracDigits, scale); k < scale; k++) {
      value = accumulate(value, 0, buf, off, len);
    }
    return negative ? -value : value;
  }

  /**
   * Parses a plain decimal held as ASCII bytes in {@code buf[off, off+len)}, with the rules of
   * {@link #parse(CharSequence, int)}.
   *
   * @throws NumberFormatException with the reason
   */
  public static long parse(byte[] buf, int off, int len, int scale) {
    checkScale(scale);
    if (len <= 0) {
      throw new NumberFormatException("number is empty");
    }
    int end = off + len;
    int i = off;
    boolean negative = buf[i] == '-';
    if (negative) {
      i++;
    }
    long value = 0;
    int intDigits = 0;
    for (; i < end; i++) {
      char c = (char) (buf[i] & 0xff);
      if (c == '.') {
        break;
      }
      if (c < '0' || c > '9') {
        throw malformed(buf, off, len);
      }
      value = accumulate(value, c - '0', buf, off, len);
      intDigits++;
    }
    int fracDigits = 0;
    if (i < end) {
      i++;
      for (; i < end; i++) {
        char c = (char) (buf[i] & 0xff);
        if (c < '0' || c > '9') {
          throw malformed(buf, off, len);
        }
        if (fracDigits < scale) {
          value = accumulate(value, c - '0', buf, off, len);
        } else if (c != '0') {
          throw new OffGridException(
              "'" + ascii(buf, off, len) + "' has more than " + scale + " decimal places");
        }
        fracDigits++;
      }
      if (fracDigits == 0) {
        throw malformed(buf, off, len);
      }
    }
    if (intDigits == 0 && fracDigits == 0) {
      throw malformed(buf, off, len);
    }
    for (int k = Math.min(fracDigits, scale); k < scale; k++) {
      value = accumulate(value, 0, buf, off, len);
    }
    return negative ? -value : value;
  }

  private static void checkScale(int scale) {
    if (scale < 0 || scale > MAX_SCALE) {
      throw new IllegalArgumentException("scale out of range: " + scale);
    }
  }

  private static String ascii(byte[] buf, int off, int len) {
    return new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static NumberFormatException malformed(byte[] buf, int off, int len) {
    return new NumberFormatException("not a decimal number: '" + ascii(buf, off, len) + "'");
  }

  private static long accumulate(long value, int digit, byte[] buf, int off, int len) {
    if (value > (Long.MAX_VALUE - digit) / 10) {
      throw new NumberFormatException("number out of range: '" + ascii(buf, off, len) + "'");
    }
    return value * 10 + digit;
  }

  private static NumberFormatException malformed(char[] buf, int off, int len) {
    return new NumberFormatException("not a decimal number: '" + new String(buf, off, len) + "'");
  }

  private static long accumulate(long value, int digit, char[] buf, int off, int len) {
    if (value > (Long.MAX_VALUE - digit) / 10) {
      throw new NumberFormatException("number out of range: '" + new String(buf, off, len) + "'");
    }
    return value * 10 + digit;
  }

  private static long accumulate(long value, int digit, CharSequence text) {
    if (value > (Long.MAX_VALUE - digit) / 10) {
      throw new NumberFormatException("number out of range: '" + text + "'");
    }
    return value * 10 + digit;
  }

  /** The smallest scale at which {@code text} is exact (trailing zeros do not count). */
  public static int scaleOf(CharSequence text) {
    int dot = -1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '.') {
        dot = i;
        break;
      }
    }
    if (dot < 0) {
      return 0;
    }
    int end = text.length();
    while (end > dot + 1 && text.charAt(end - 1) == '0') {
      end--;
    }
    return end - dot - 1;
  }

  /** Formats an unscaled value at {@code scale} as plain decimal text, keeping all places. */
  public static String format(long unscaled, int scale) {
    if (scale == 0) {
      return Long.toString(unscaled);
    }
    boolean negative = unscaled < 0;
    String digits = negative ? Long.toString(unscaled).substring(1) : Long.toString(unscaled);
    if (digits.length() <= scale) {
      digits = "0".repeat(scale - digits.length() + 1) + digits;
    }
    int cut = digits.length() - scale;
    return (negative ? "-" : "") + digits.substring(0, cut) + "." + digits.substring(cut);
  }
}
