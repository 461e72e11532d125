package com.marketmaker.http;

/**
 * Free text that reaches the journal, the audit log or the logs: token names (the operator of every
 * change) and reasons. Such text is trimmed and must be short and printable: no control characters,
 * line or paragraph breaks, or invisible format characters (bidirectional overrides, zero-width
 * joiners), so that it cannot forge log lines or hide what it says.
 */
public final class Texts {

  /** Names (a token's name, the operator) are at most this many characters. */
  public static final int MAX_NAME = 64;

  /** Reasons (of a kill) are at most this many characters. */
  public static final int MAX_REASON = 200;

  private Texts() {}

  /** A name for {@code field}: 1 to {@value #MAX_NAME} printable characters, trimmed. */
  public static String name(String field, String value) {
    return printable(field, value, MAX_NAME);
  }

  /** A reason for {@code field}: 1 to {@value #MAX_REASON} printable characters, trimmed. */
  public static String reason(String field, String value) {
    return printable(field, value, MAX_REASON);
  }

  /**
   * {@code value} trimmed, refused with a 400 naming {@code field} when empty, longer than {@code
   * max} characters or not printable.
   */
  static String printable(String field, String value, int max) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw new BadRequest("field '" + field + "' must not be empty");
    }
    if (v.codePointCount(0, v.length()) > max) {
      throw new BadRequest("field '" + field + "' is longer than " + max + " characters");
    }
    if (!v.codePoints().allMatch(Texts::isPrintable)) {
      throw new BadRequest(
          "field '"
              + field
              + "' must be printable characters only: no control characters or line breaks");
    }
    return v;
  }

  /** Whether a code point shows as itself: not a control, format, separator or unassigned one. */
  public static boolean isPrintable(int cp) {
    if (Character.isISOControl(cp)) {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.FORMAT,
              Character.LINE_SEPARATOR,
              Character.PARAGRAPH_SEPARATOR,
              Character.UNASSIGNED,
              Character.SURROGATE,
              Character.PRIVATE_USE ->
          false;
      default -> true;
    };
  }

  /**
   * {@code text} fit for a log line or the audit log: every character that is not printable
   * replaced by {@code ?}, cut to {@code max} characters (with an ellipsis).
   */
  public static String clean(String text, int max) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
    int count = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (count == max) {
        out.append('…');
        break;
      }
      if (isPrintable(cp)) {
        out.appendCodePoint(cp);
      } else {
        out.append('?');
      }
      count++;
    }
    return out.toString();
  }
}
