package com.marketmaker.core.feed;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Damages real Binance messages in the ways that tell a strict byte scanner from a JSON parser: raw
 * byte noise, whitespace, escapes, reordered, dropped, duplicated and unknown fields, numbers and
 * decimals at and beyond every limit, values of the wrong type, envelopes nested, removed or
 * reordered, and trailing or leading junk. Text is handled as ISO-8859-1 so that every byte
 * survives the round trip.
 */
final class BinanceMessageMutator {

  private static final byte[] NASTY =
      "{}[]\",:-.0123456789eE+ \\nulltruefalse\u00ff".getBytes(StandardCharsets.ISO_8859_1);

  private static final String[] WHITESPACE = {" ", "\n", "\t", "\r", "  "};

  private static final String[] UNKNOWN = {
    "\"x\":1",
    "\"zz\":\"abc\"",
    "\"n\":null",
    "\"k\":{\"a\":[1,2,{\"b\":true}]}",
    "\"f\":1.5e3",
    "\"g\":-0",
    "\"h\":[]",
    "\"M\":true",
    "\"X\":false",
    "\"e\":\"depthUpdate2\"",
    "\"\":0",
    "\"\u00e9\":1",
    "\"stream\":\"btcusdt@trade\"",
    "\"lastUpdateIdx\":5",
    "\"bidsx\":[]",
    "\"pux\":1",
    "\"dat\":{}",
  };

  private static final String[] INTEGERS = {
    "0",
    "-1",
    "-0",
    "01",
    "00",
    "1.0",
    "1e3",
    "1E2",
    "\"123\"",
    "true",
    "null",
    "[]",
    "{}",
    "9999999999999999",
    "10000000000000000",
    "99999999999999999",
    "999999999999999999",
    "9223372036854775807",
    "9223372036854775808",
    "123456789012345678901234567890",
    "-9",
    "1-",
    "12a",
    "5123107832006",
    "1723161256299",
    "7",
    "",
  };

  private static final String[] DECIMALS = {
    "",
    ".",
    "1.",
    ".5",
    "1e2",
    "1E-2",
    "0",
    "0.00",
    "-0.00",
    "-0",
    "-",
    "--1",
    "+1",
    "99999999999999999999",
    "9223372036854775807",
    "922337203685477.5807",
    "0.0000000000000001",
    "1.23456789012",
    "61737.63",
    "61737.630000000000000000000",
    "0061737.63",
    "61737,63",
    " 1.0",
    "NaN",
    "0x10",
    "1.00\\u0030",
    "61496.5",
    "0.010",
    "2.0",
    "12345678.5",
    "1234567.25",
    "1.000000001",
    "0.5",
    "100",
    "1000000000000",
    "6\u00e9",
  };

  private final SplittableRandom rnd;

  BinanceMessageMutator(SplittableRandom rnd) {
    this.rnd = rnd;
  }

  /** One to three random mutations of {@code json}. */
  byte[] mutate(byte[] json) {
    String s = new String(json, StandardCharsets.ISO_8859_1);
    int ops = 1 + rnd.nextInt(3);
    for (int i = 0; i < ops; i++) {
      s = once(s);
    }
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private String once(String s) {
    return switch (rnd.nextInt(12)) {
      case 0, 1 -> bytes(s);
      case 2 -> insertAtStructure(s, WHITESPACE[rnd.nextInt(WHITESPACE.length)]);
      case 3 -> escape(s);
      case 4 -> members(s);
      case 5 -> insertMember(s, UNKNOWN[rnd.nextInt(UNKNOWN.length)]);
      case 6 -> replaceInteger(s);
      case 7, 8 -> replaceDecimal(s);
      case 9 -> wrongType(s);
      case 10 -> envelope(s);
      default -> ends(s);
    };
  }

  /** The byte-level damage of the decoders' fuzz test. */
  private String bytes(String s) {
    if (s.isEmpty()) {
      return s;
    }
    StringBuilder m = new StringBuilder(s);
    int at = rnd.nextInt(m.length());
    char nasty = (char) (NASTY[rnd.nextInt(NASTY.length)] & 0xff);
    switch (rnd.nextInt(6)) {
      case 0 -> m.setCharAt(at, (char) rnd.nextInt(256));
      case 1 -> m.setCharAt(at, nasty);
      case 2 -> m.setLength(at);
      case 3 -> m.delete(at, Math.min(m.length(), at + 1 + rnd.nextInt(12)));
      case 4 -> m.insert(at, nasty);
      default -> m.insert(at, m.substring(at, Math.min(m.length(), at + 1 + rnd.nextInt(20))));
    }
    return m.toString();
  }

  private String insertAtStructure(String s, String what) {
    List<Integer> at = new ArrayList<>();
    boolean inString = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
        inString = !inString;
      }
      if (!inString && "{}[],:".indexOf(c) >= 0) {
        at.add(rnd.nextBoolean() ? i : i + 1);
      }
    }
    if (at.isEmpty()) {
      return s;
    }
    int i = at.get(rnd.nextInt(at.size()));
    return s.substring(0, i) + what + s.substring(i);
  }

  /** One character of a key or string written as an escape: same text to Jackson. */
  private String escape(String s) {
    List<int[]> strings = strings(s);
    if (strings.isEmpty()) {
      return s;
    }
    int[] str = strings.get(rnd.nextInt(strings.size()));
    if (str[1] == str[0]) {
      return s.substring(0, str[0]) + "\\n" + s.substring(str[0]);
    }
    int i = str[0] + rnd.nextInt(str[1] - str[0]);
    char c = s.charAt(i);
    String esc =
        switch (rnd.nextInt(3)) {
          case 0 -> String.format("\\u%04x", (int) c);
          case 1 -> c == '/' || c == '"' ? "\\" + c : String.format("\\u%04X", (int) c);
          default -> "\\t";
        };
    return s.substring(0, i) + esc + s.substring(i + 1);
  }

  /** Swaps, drops or duplicates members of the innermost event object, or reverses them all. */
  private String members(String s) {
    int open = eventObject(s);
    List<String> m = new ArrayList<>();
    int close = split(s, open, m);
    if (close < 0 || m.isEmpty()) {
      return s;
    }
    int a = rnd.nextInt(m.size());
    int b = rnd.nextInt(m.size());
    switch (rnd.nextInt(4)) {
      case 0 -> {
        String t = m.get(a);
        m.set(a, m.get(b));
        m.set(b, t);
      }
      case 1 -> m.remove(a);
      case 2 -> m.add(b, m.get(a));
      default -> java.util.Collections.reverse(m);
    }
    return s.substring(0, open + 1) + String.join(",", m) + s.substring(close);
  }

  private String insertMember(String s, String member) {
    int open = eventObject(s);
    List<String> m = new ArrayList<>();
    int close = split(s, open, m);
    if (close < 0) {
      return s;
    }
    m.add(rnd.nextInt(m.size() + 1), member);
    return s.substring(0, open + 1) + String.join(",", m) + s.substring(close);
  }

  private String replaceInteger(String s) {
    List<int[]> numbers = new ArrayList<>();
    boolean inString = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
        inString = !inString;
      } else if (!inString && (c == '-' || (c >= '0' && c <= '9'))) {
        int j = i;
        while (j < s.length() && "-+.eE0123456789".indexOf(s.charAt(j)) >= 0) {
          j++;
        }
        numbers.add(new int[] {i, j});
        i = j - 1;
      }
    }
    if (numbers.isEmpty()) {
      return s;
    }
    int[] n = numbers.get(rnd.nextInt(numbers.size()));
    return s.substring(0, n[0]) + INTEGERS[rnd.nextInt(INTEGERS.length)] + s.substring(n[1]);
  }

  /** A string value (mostly a decimal) replaced, changed in one digit, or stretched. */
  private String replaceDecimal(String s) {
    List<int[]> values = new ArrayList<>();
    for (int[] str : strings(s)) {
      if (str[1] + 1 < s.length() && s.charAt(str[1] + 1) != ':') {
        values.add(str);
      }
    }
    if (values.isEmpty()) {
      return s;
    }
    int[] v = values.get(rnd.nextInt(values.size()));
    String old = s.substring(v[0], v[1]);
    String now =
        switch (rnd.nextInt(5)) {
          case 0, 1 -> DECIMALS[rnd.nextInt(DECIMALS.length)];
          case 2 -> old.isEmpty() ? "1" : digitChanged(old);
          case 3 -> rnd.nextBoolean() ? "-" + old : old + "0".repeat(1 + rnd.nextInt(12));
          default -> old + (char) ('0' + rnd.nextInt(10));
        };
    return s.substring(0, v[0]) + now + s.substring(v[1]);
  }

  private String digitChanged(String old) {
    char[] c = old.toCharArray();
    int i = rnd.nextInt(c.length);
    c[i] = (char) ('0' + rnd.nextInt(10));
    return new String(c);
  }

  private String wrongType(String s) {
    String[][] swaps = {
      {"\"m\":true", "\"m\":\"true\""},
      {"\"m\":false", "\"m\":null"},
      {"\"m\":false", "\"m\":0"},
      {"\"m\":true", "\"m\":truex"},
      {"\"s\":\"", "\"s\":1,\"x\":\""},
      {"USDT\"", "usdt\""},
      {"USDT\"", "USDT \""},
      {"\"b\":[[", "\"b\":[{\"p\":1},["},
      {"\"a\":[[", "\"a\":[[\"1.00\"],["},
      {"\"b\":[[", "\"b\":[[],["},
      {"\"]", "\",3]"},
      {"\"]", "\",\"x\"]"},
      {"\"],", "\",null],"},
      {"\"b\":[", "\"b\":\"1.00\",\"bids\":["},
      {"\"b\":\"", "\"b\":[[\""},
      {"[\"", "[1.00,\""},
      {"\",\"", "\",1.5,\""},
      {"]],", "]],]"},
      {"]]", "],]"},
      {"\"a\":[", "\"a\":{}"},
      {"\"b\":[", "\"b\":[]}"},
      {"\"U\":", "\"U\":\"1\",\"V\":"},
      {"\"q\":\"", "\"q\":\"0"},
      {"\"q\":\"", "\"q\":\"0.0\",\"x\":\""},
      {"\"data\":{", "\"data\":["},
      {"\"data\":{", "\"data\":null,\"x\":{"},
    };
    String[] sw = swaps[rnd.nextInt(swaps.length)];
    int at = s.indexOf(sw[0]);
    if (at < 0) {
      return bytes(s);
    }
    if (rnd.nextBoolean()) {
      int last = s.lastIndexOf(sw[0]);
      at = last >= 0 ? last : at;
    }
    return s.substring(0, at) + sw[1] + s.substring(at + sw[0].length());
  }

  /** Wraps again, unwraps, reorders the envelope or moves the symbol out of the event. */
  private String envelope(String s) {
    int data = s.indexOf("\"data\":{");
    return switch (rnd.nextInt(5)) {
      case 0 -> "{\"stream\":\"x@depth\",\"data\":" + s + "}";
      case 1 -> data < 0 ? s : s.substring(data + 7, s.length() - 1);
      case 2 -> data < 0 ? s : "{" + s.substring(data, s.length() - 1) + ",\"stream\":\"x\"}";
      case 3 -> data < 0 ? s : "{\"s\":\"BTCUSDT\"," + s.substring(1);
      default ->
          data < 0 ? "{\"data\":" + s + "}" : s.replace("\"data\":{", "\"data\":{\"data\":{}");
    };
  }

  private String ends(String s) {
    String[] tails = {" ", "\n", "\r\n", "}", ",", "x", "{}", "\u0000"};
    String[] heads = {" ", "\ufeff", "\u00ef\u00bb\u00bf", "[", "\n"};
    return rnd.nextBoolean()
        ? s + tails[rnd.nextInt(tails.length)]
        : heads[rnd.nextInt(heads.length)] + s;
  }

  /** The '{' of the event: the envelope's data object when there is one, else the message. */
  private static int eventObject(String s) {
    int data = s.indexOf("\"data\":{");
    return data >= 0 ? data + 7 : s.indexOf('{');
  }

  /**
   * Splits the members of the object opened at {@code open} into {@code out}; returns the index of
   * its closing brace, or -1 when it does not close.
   */
  private static int split(String s, int open, List<String> out) {
    if (open < 0) {
      return -1;
    }
    int depth = 0;
    boolean inString = false;
    int start = open + 1;
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '{', '[' -> depth++;
        case ']' -> depth--;
        case '}' -> {
          if (depth == 0) {
            if (i > start) {
              out.add(s.substring(start, i));
            }
            return i;
          }
          depth--;
        }
        case ',' -> {
          if (depth == 0) {
            out.add(s.substring(start, i));
            start = i + 1;
          }
        }
        default -> {}
      }
    }
    return -1;
  }

  /** The content ranges [start, end) of every string in {@code s}, keys included. */
  private static List<int[]> strings(String s) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        if (j >= s.length()) {
          break;
        }
        out.add(new int[] {i + 1, j});
        i = j;
      }
    }
    return out;
  }
}
