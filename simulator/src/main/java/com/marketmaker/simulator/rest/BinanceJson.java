package com.marketmaker.simulator.rest;

import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.replay.BookImage;

/** Binance REST JSON bodies written by hand, to keep Binance's field order and decimal text. */
public final class BinanceJson {

  private BinanceJson() {}

  /** {@code {"code":..,"msg":..}}, Binance's error body. */
  public static String error(int code, String msg) {
    return "{\"code\":" + code + ",\"msg\":\"" + escape(msg) + "\"}";
  }

  /**
   * The depth answer: spot {@code lastUpdateId, bids, asks}; USD-M adds {@code E} and {@code T}.
   */
  public static String depth(Dialect dialect, InstrumentSpec spec, BookImage img) {
    return depth(
        dialect, spec, img, dialect.priceDisplayScale(spec), dialect.sizeDisplayScale(spec));
  }

  /** The depth answer with prices and sizes printed with {@code ps} and {@code ss} places. */
  public static String depth(Dialect dialect, InstrumentSpec spec, BookImage img, int ps, int ss) {
    StringBuilder sb =
        new StringBuilder(64 + 48 * (img.bidPrices().length + img.askPrices().length));
    sb.append("{\"lastUpdateId\":").append(img.lastUpdateId());
    if (dialect == Dialect.USDM) {
      sb.append(",\"E\":").append(img.eventTimeMillis());
      sb.append(",\"T\":").append(img.eventTimeMillis());
    }
    sb.append(",\"bids\":");
    levels(sb, spec, img.bidPrices(), img.bidSizes(), ps, ss);
    sb.append(",\"asks\":");
    levels(sb, spec, img.askPrices(), img.askSizes(), ps, ss);
    return sb.append('}').toString();
  }

  private static void levels(
      StringBuilder sb, InstrumentSpec spec, long[] prices, long[] sizes, int ps, int ss) {
    sb.append('[');
    for (int i = 0; i < prices.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("[\"")
          .append(scaled(prices[i] * spec.tickUnscaled(), spec.priceScale(), ps))
          .append("\",\"")
          .append(scaled(sizes[i] * spec.lotUnscaled(), spec.sizeScale(), ss))
          .append("\"]");
    }
    sb.append(']');
  }

  /** Decimal text of {@code unscaled} at {@code scale}, printed with {@code display} places. */
  public static String scaled(long unscaled, int scale, int display) {
    if (display >= scale) {
      return FixedPoint.format(unscaled * FixedPoint.pow10(display - scale), display);
    }
    return FixedPoint.format(unscaled / FixedPoint.pow10(scale - display), display);
  }

  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
