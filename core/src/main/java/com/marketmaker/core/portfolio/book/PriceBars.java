package com.marketmaker.core.portfolio.book;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Fixed-interval close bars built from marks, on one clock shared by all instruments.
 *
 * <p>Bar k covers the epoch-millisecond interval [k·I, (k+1)·I) for the interval I; its close is
 * the last mark in it. The clock's latest bar is that of the latest mark of any instrument, and the
 * last bar is therefore still open: its close is the latest mark so far. An instrument without a
 * mark in a bar carries its previous close forward, up to the clock's latest bar; bars before its
 * first mark are absent. The last {@code capacity} bars of the clock are kept.
 *
 * <p>A mark may carry the instrument's running total of signed public traded notional (quote
 * currency, buyer-initiated positive) with the epoch it counts from (one per engine incarnation):
 * the increase since the previous mark of the same epoch is that bar's signed flow, which the
 * portfolio's cross-impact model regresses returns on. The first mark of an epoch only sets the
 * baseline, so a bar in which the instrument moved between nodes understates its flow; bars carried
 * forward have no flow.
 *
 * <p>Marks older than an instrument's latest mark are ignored (a late mark cannot rewrite a closed
 * bar); a mark with the same time replaces it. Mutable and not thread-safe; {@link #copy()} and
 * {@link #snapshot()} give independent state.
 */
public final class PriceBars {

  private final long intervalMillis;
  private final int capacity;
  private long latestBar = Long.MIN_VALUE;
  private final TreeMap<String, Series> series = new TreeMap<>();

  /** One instrument's ring of closes; slot {@code floorMod(bar, capacity)}. */
  private static final class Series {
    long firstBar;
    long lastBar;
    long lastMarkMillis;
    double[] ring;
    double[] flows;
    long flowEpoch;
    double lastCumulativeFlow;
  }

  /** A mark without flow: its epoch. */
  public static final long NO_FLOW = 0L;

  /**
   * The state of one instrument's bars.
   *
   * @param instrument {@code VENUE:SYMBOL}
   * @param firstBar the bar of its first mark
   * @param lastBar the bar of its latest mark
   * @param lastMarkMillis the time of its latest mark
   * @param closes the closes of bars max(firstBar, lastBar − capacity + 1) .. lastBar, in order
   * @param flows the signed flows of the same bars, quote currency (null: none recorded)
   * @param flowEpoch the epoch of the running flow total last seen ({@link #NO_FLOW}: none)
   * @param lastCumulativeFlow that running total
   */
  public record SeriesState(
      String instrument,
      long firstBar,
      long lastBar,
      long lastMarkMillis,
      double[] closes,
      double[] flows,
      long flowEpoch,
      double lastCumulativeFlow) {}

  /**
   * The state of the bars.
   *
   * @param intervalMillis the bar interval
   * @param capacity the number of bars kept
   * @param latestBar the clock's latest bar ({@link Long#MIN_VALUE} before the first mark)
   * @param series the instruments' bars, by instrument
   */
  public record Snapshot(
      long intervalMillis, int capacity, long latestBar, List<SeriesState> series) {
    /** Copies the list. */
    public Snapshot {
      series = List.copyOf(series);
    }
  }

  /**
   * Empty bars.
   *
   * @param intervalMillis the bar interval, milliseconds, &gt; 0
   * @param capacity the number of bars kept per instrument, &ge; 2
   */
  public PriceBars(long intervalMillis, int capacity) {
    if (intervalMillis <= 0) {
      throw new IllegalArgumentException("interval must be positive: " + intervalMillis);
    }
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be >= 2: " + capacity);
    }
    this.intervalMillis = intervalMillis;
    this.capacity = capacity;
  }

  /**
   * Records a mark.
   *
   * @param instrument {@code VENUE:SYMBOL}
   * @param mid the mid price, finite and positive
   * @param timestampMillis the time of the mid, epoch milliseconds
   * @return true when recorded; false when older than the instrument's latest mark
   */
  public boolean mark(String instrument, double mid, long timestampMillis) {
    return mark(instrument, mid, timestampMillis, NO_FLOW, Double.NaN);
  }

  /**
   * Records a mark with the instrument's running flow total.
   *
   * @param instrument {@code VENUE:SYMBOL}
   * @param mid the mid price, finite and positive
   * @param timestampMillis the time of the mid, epoch milliseconds
   * @param flowEpoch the epoch the running total counts from; {@link #NO_FLOW} for none
   * @param cumulativeFlow signed public traded notional since the epoch, quote currency (buys
   *     positive); ignored unless finite
   * @return true when recorded; false when older than the instrument's latest mark
   */
  public boolean mark(
      String instrument, double mid, long timestampMillis, long flowEpoch, double cumulativeFlow) {
    PortfolioFill.requireInstrument(instrument, null);
    if (!(mid > 0) || !Double.isFinite(mid)) {
      throw new IllegalArgumentException("mid must be finite and positive: " + mid);
    }
    long bar = Math.floorDiv(timestampMillis, intervalMillis);
    Series s = series.get(instrument);
    if (s == null) {
      s = new Series();
      s.firstBar = bar;
      s.lastBar = bar;
      s.ring = new double[capacity];
      s.flows = new double[capacity];
      series.put(instrument, s);
    } else if (timestampMillis < s.lastMarkMillis) {
      return false;
    } else if (bar > s.lastBar) {
      double carried = s.ring[slot(s.lastBar)];
      for (long k = Math.max(s.lastBar + 1, bar - capacity + 1); k <= bar; k++) {
        s.ring[slot(k)] = carried;
        s.flows[slot(k)] = 0;
      }
      s.lastBar = bar;
    }
    s.ring[slot(bar)] = mid;
    s.lastMarkMillis = timestampMillis;
    latestBar = Math.max(latestBar, bar);
    if (flowEpoch != NO_FLOW && Double.isFinite(cumulativeFlow)) {
      if (flowEpoch == s.flowEpoch) {
        s.flows[slot(bar)] += cumulativeFlow - s.lastCumulativeFlow;
      }
      s.flowEpoch = flowEpoch;
      s.lastCumulativeFlow = cumulativeFlow;
    }
    return true;
  }

  /** The bar interval, milliseconds. */
  public long intervalMillis() {
    return intervalMillis;
  }

  /** The number of bars kept. */
  public int capacity() {
    return capacity;
  }

  /** The start time of the clock's latest bar, epoch ms; {@link Long#MIN_VALUE} before any mark. */
  public long latestBarStartMillis() {
    return latestBar == Long.MIN_VALUE ? Long.MIN_VALUE : latestBar * intervalMillis;
  }

  /** The instruments with at least one mark, sorted. */
  public List<String> instruments() {
    return List.copyOf(series.keySet());
  }

  /** The number of bars of {@code instrument} held on the clock (0 when never marked). */
  public int barCount(String instrument) {
    Series s = series.get(instrument);
    if (s == null) {
      return 0;
    }
    return (int) (latestBar - Math.max(s.firstBar, windowStart()) + 1);
  }

  /**
   * The closes of the instruments over the latest bars in which all of them have a value.
   *
   * @param instruments the instruments, in the order of the result's rows
   * @param maxBars the largest number of bars returned, &ge; 1
   * @return {@code [i][t]}: instrument i's close in the t-th bar, oldest first; every row has the
   *     same length, 0 when some instrument has never been marked
   */
  public double[][] aligned(List<String> instruments, int maxBars) {
    if (maxBars < 1) {
      throw new IllegalArgumentException("maxBars must be >= 1: " + maxBars);
    }
    int k = instruments.size();
    if (k == 0) {
      return new double[0][0];
    }
    long from = windowStart();
    Series[] ss = new Series[k];
    for (int i = 0; i < k; i++) {
      ss[i] = series.get(instruments.get(i));
      if (ss[i] == null) {
        return new double[k][0];
      }
      from = Math.max(from, ss[i].firstBar);
    }
    int count = (int) Math.min(maxBars, latestBar - from + 1);
    from = latestBar - count + 1;
    double[][] out = new double[k][count];
    for (int i = 0; i < k; i++) {
      Series s = ss[i];
      for (int t = 0; t < count; t++) {
        long bar = from + t;
        out[i][t] = s.ring[slot(Math.min(bar, s.lastBar))];
      }
    }
    return out;
  }

  /**
   * The signed flows of {@link #aligned}'s bars: the same rows and columns, each the signed public
   * traded notional of that instrument in that bar, quote currency (0 where none was recorded). The
   * flow of bar t is what moved the close from bar t−1 to bar t.
   *
   * @param instruments the instruments, in the order of the result's rows
   * @param maxBars the largest number of bars returned, &ge; 1
   * @return {@code [i][t]}, oldest first, the shape of {@code aligned(instruments, maxBars)}
   */
  public double[][] alignedFlows(List<String> instruments, int maxBars) {
    double[][] closes = aligned(instruments, maxBars);
    int k = instruments.size();
    double[][] out = new double[k][];
    for (int i = 0; i < k; i++) {
      int count = closes[i].length;
      out[i] = new double[count];
      Series s = series.get(instruments.get(i));
      long from = latestBar - count + 1;
      for (int t = 0; t < count; t++) {
        long bar = from + t;
        out[i][t] = bar <= s.lastBar ? s.flows[slot(bar)] : 0;
      }
    }
    return out;
  }

  /**
   * The log returns ln(c<sub>t</sub> / c<sub>t−1</sub>) of {@link #aligned}'s closes.
   *
   * @param instruments the instruments, in the order of the result's rows
   * @param maxBars the largest number of closes used, &ge; 2 (so at most maxBars − 1 returns)
   * @return {@code [i][t]}, oldest first; rows of length 0 when fewer than two common bars exist
   */
  public double[][] logReturns(List<String> instruments, int maxBars) {
    if (maxBars < 2) {
      throw new IllegalArgumentException("maxBars must be >= 2: " + maxBars);
    }
    return logReturns(aligned(instruments, maxBars));
  }

  /** Row-wise log returns of a close matrix {@code [i][t]}. */
  public static double[][] logReturns(double[][] closes) {
    double[][] out = new double[closes.length][];
    for (int i = 0; i < closes.length; i++) {
      int n = Math.max(0, closes[i].length - 1);
      out[i] = new double[n];
      for (int t = 0; t < n; t++) {
        out[i][t] = Math.log(closes[i][t + 1] / closes[i][t]);
      }
    }
    return out;
  }

  /** An independent deep copy. */
  public PriceBars copy() {
    return restore(snapshot());
  }

  /** The state as plain records. */
  public Snapshot snapshot() {
    List<SeriesState> states = new ArrayList<>(series.size());
    for (var e : series.entrySet()) {
      Series s = e.getValue();
      long from = Math.max(s.firstBar, s.lastBar - capacity + 1);
      double[] closes = new double[(int) (s.lastBar - from + 1)];
      double[] flows = new double[closes.length];
      for (int t = 0; t < closes.length; t++) {
        closes[t] = s.ring[slot(from + t)];
        flows[t] = s.flows[slot(from + t)];
      }
      states.add(
          new SeriesState(
              e.getKey(),
              s.firstBar,
              s.lastBar,
              s.lastMarkMillis,
              closes,
              flows,
              s.flowEpoch,
              s.lastCumulativeFlow));
    }
    return new Snapshot(intervalMillis, capacity, latestBar, states);
  }

  /** Rebuilds bars from {@link #snapshot()}'s output. */
  public static PriceBars restore(Snapshot snapshot) {
    PriceBars b = new PriceBars(snapshot.intervalMillis(), snapshot.capacity());
    b.latestBar = snapshot.latestBar();
    for (SeriesState st : snapshot.series()) {
      Series s = new Series();
      s.firstBar = st.firstBar();
      s.lastBar = st.lastBar();
      s.lastMarkMillis = st.lastMarkMillis();
      s.ring = new double[b.capacity];
      s.flows = new double[b.capacity];
      // Snapshots taken before flows were kept have none.
      double[] flows = st.flows();
      long from = st.lastBar() - st.closes().length + 1;
      for (int t = 0; t < st.closes().length; t++) {
        s.ring[b.slot(from + t)] = st.closes()[t];
        if (flows != null && t < flows.length) {
          s.flows[b.slot(from + t)] = flows[t];
        }
      }
      s.flowEpoch = st.flowEpoch();
      s.lastCumulativeFlow = st.lastCumulativeFlow();
      b.series.put(st.instrument(), s);
    }
    return b;
  }

  @Override
  public String toString() {
    return "PriceBars[interval="
        + intervalMillis
        + "ms, capacity="
        + capacity
        + ", instruments="
        + Arrays.toString(series.keySet().toArray())
        + "]";
  }

  private long windowStart() {
    return latestBar - capacity + 1;
  }

  private int slot(long bar) {
    return (int) Math.floorMod(bar, (long) capacity);
  }
}
