package com.marketmaker.http.dashboard;

import com.marketmaker.actors.SymbolProtocol.DashboardRow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recent time series of one instrument as the dashboard charts them: one point per sample, the
 * newest {@code capacity} kept in primitive rings. Prices are in the quote currency per unit of
 * base (NaN where there was none), inventory in base units, P&amp;L in the quote currency.
 */
final class SeriesRing {

  private final int capacity;
  private final long[] atMillis;
  private final double[] midPrice;
  private final double[] ourBidPrice;
  private final double[] ourAskPrice;
  private final double[] inventoryBase;
  private final double[] totalPnlQuote;
  private final long[] fills;
  private int next;
  private int size;
  private long lastSeenMillis;

  SeriesRing(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("a series keeps at least 2 points, not " + capacity);
    }
    this.capacity = capacity;
    atMillis = new long[capacity];
    midPrice = new double[capacity];
    ourBidPrice = new double[capacity];
    ourAskPrice = new double[capacity];
    inventoryBase = new double[capacity];
    totalPnlQuote = new double[capacity];
    fills = new long[capacity];
  }

  synchronized void add(DashboardRow row, long nowMillis) {
    atMillis[next] = nowMillis;
    midPrice[next] = orNaN(row.midPrice());
    ourBidPrice[next] = orNaN(row.ourBidPrice());
    ourAskPrice[next] = orNaN(row.ourAskPrice());
    inventoryBase[next] = row.inventoryBase();
    totalPnlQuote[next] = row.totalPnlQuote();
    fills[next] = row.fills();
    next = (next + 1) % capacity;
    size = Math.min(size + 1, capacity);
    lastSeenMillis = nowMillis;
  }

  synchronized long lastSeenMillis() {
    return lastSeenMillis;
  }

  synchronized int size() {
    return size;
  }

  /**
   * The series oldest first, as columns: {@code atMillis}, {@code midPrice}, {@code ourBidPrice},
   * {@code ourAskPrice}, {@code inventoryBase}, {@code totalPnlQuote}, {@code fills}; a missing
   * price is null.
   */
  synchronized Map<String, Object> columns() {
    long[] t = new long[size];
    Double[] mid = new Double[size];
    Double[] bid = new Double[size];
    Double[] ask = new Double[size];
    double[] inv = new double[size];
    double[] pnl = new double[size];
    long[] f = new long[size];
    int start = (next - size + capacity) % capacity;
    for (int i = 0; i < size; i++) {
      int k = (start + i) % capacity;
      t[i] = atMillis[k];
      mid[i] = orNull(midPrice[k]);
      bid[i] = orNull(ourBidPrice[k]);
      ask[i] = orNull(ourAskPrice[k]);
      inv[i] = inventoryBase[k];
      pnl[i] = totalPnlQuote[k];
      f[i] = fills[k];
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("atMillis", t);
    out.put("midPrice", mid);
    out.put("ourBidPrice", bid);
    out.put("ourAskPrice", ask);
    out.put("inventoryBase", inv);
    out.put("totalPnlQuote", pnl);
    out.put("fills", f);
    return out;
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
