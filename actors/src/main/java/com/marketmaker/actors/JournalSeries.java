package com.marketmaker.actors;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.TrackedOrder;
import com.marketmaker.persistence.SymbolEvent;
import com.marketmaker.persistence.SymbolState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instrument's history as the dashboard draws it (mid, our bid and ask, inventory, P&amp;L,
 * fills), rebuilt from its journal: the events are applied to {@link SymbolState} exactly as the
 * entity applies them on recovery, and a point is taken at most once per second of event time. The
 * mid is the touch the entity journaled with each order event; our quotes are its working orders;
 * P&amp;L is the entity's own scorecard marked at that touch. It serves history the node's
 * in-memory series do not hold (older than their hour, or from before the instrument moved here).
 *
 * <p>Keeps the newest {@code capacity} points before {@code beforeMillis}; not thread-safe (one
 * request at a time continues a fold: {@link JournalHistory}).
 */
public final class JournalSeries {

  private final long beforeMillis;
  private final int capacity;
  private final long[] at;
  private final double[] mid;
  private final double[] bid;
  private final double[] ask;
  private final double[] inventory;
  private final double[] pnl;
  private final long[] fills;
  private int size;
  private int next;
  private long events;

  private SymbolState state = SymbolState.EMPTY;
  private long lastSecond = Long.MIN_VALUE;
  private long touchBid;
  private long touchAsk;

  /**
   * @param beforeMillis only events stamped before this are drawn (all are applied)
   * @param capacity most points kept, the newest
   */
  public JournalSeries(long beforeMillis, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.beforeMillis = beforeMillis;
    this.capacity = capacity;
    this.at = new long[capacity];
    this.mid = new double[capacity];
    this.bid = new double[capacity];
    this.ask = new double[capacity];
    this.inventory = new double[capacity];
    this.pnl = new double[capacity];
    this.fills = new long[capacity];
  }

  /** Applies the next journaled event, in sequence order. */
  public void add(SymbolEvent e) {
    events++;
    state = state.apply(e);
    if (e instanceof SymbolEvent.OrderEventJournaled o && o.bidTicks() > 0 && o.askTicks() > 0) {
      touchBid = o.bidTicks();
      touchAsk = o.askTicks();
    }
    long t = e.timestampMillis();
    if (t >= beforeMillis || !state.started() || touchBid == 0 || t / 1000 == lastSecond) {
      return;
    }
    lastSecond = t / 1000;
    point(t);
  }

  private void point(long t) {
    InstrumentSpec spec = state.spec();
    long ourBid = Long.MIN_VALUE;
    long ourAsk = Long.MAX_VALUE;
    for (TrackedOrder o : state.trading().orders().orders()) {
      if (!o.state().working()) {
        continue;
      }
      if (o.side() == Side.BUY) {
        ourBid = Math.max(ourBid, o.priceTicks());
      } else {
        ourAsk = Math.min(ourAsk, o.priceTicks());
      }
    }
    var report =
        state
            .trading()
            .scorecard(spec, state.parameters().maxPositionLots())
            .report(touchBid, touchAsk, t * 1_000_000L);
    int k = next;
    at[k] = t;
    mid[k] = (spec.ticksToDouble(touchBid) + spec.ticksToDouble(touchAsk)) / 2;
    bid[k] = ourBid == Long.MIN_VALUE ? Double.NaN : spec.ticksToDouble(ourBid);
    ask[k] = ourAsk == Long.MAX_VALUE ? Double.NaN : spec.ticksToDouble(ourAsk);
    inventory[k] = spec.lotsToDouble(state.position().inventoryLots());
    pnl[k] = report.total() / SymbolReadOuts.CASH_UNIT;
    fills[k] = report.makerFills() + report.takerFills();
    next = (next + 1) % capacity;
    size = Math.min(size + 1, capacity);
  }

  /** Events applied so far. */
  public long events() {
    return events;
  }

  /** Points kept. */
  public int size() {
    return size;
  }

  /**
   * The points, oldest first, in the columns of the node's in-memory series (a missing quote side
   * is null); null when there is none.
   */
  public Map<String, Object> columns() {
    return columnsBefore(Long.MAX_VALUE, size);
  }

  /**
   * The newest {@code maxPoints} of the points stamped before {@code beforeMillis}, oldest first,
   * in the columns of {@link #columns()}; null when there is none.
   */
  public Map<String, Object> columnsBefore(long beforeMillis, int maxPoints) {
    int start = (next - size + capacity) % capacity;
    int end = size; // points [0, end) of the kept ones are before beforeMillis
    while (end > 0 && at[(start + end - 1) % capacity] >= beforeMillis) {
      end--;
    }
    int n = Math.min(end, Math.max(0, maxPoints));
    if (n == 0) {
      return null;
    }
    int from = end - n;
    long[] t = new long[n];
    Double[] m = new Double[n];
    Double[] b = new Double[n];
    Double[] a = new Double[n];
    double[] inv = new double[n];
    double[] p = new double[n];
    long[] f = new long[n];
    for (int i = 0; i < n; i++) {
      int k = (start + from + i) % capacity;
      t[i] = at[k];
      m[i] = mid[k];
      b[i] = Double.isNaN(bid[k]) ? null : bid[k];
      a[i] = Double.isNaN(ask[k]) ? null : ask[k];
      inv[i] = inventory[k];
      p[i] = pnl[k];
      f[i] = fills[k];
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("atMillis", t);
    out.put("midPrice", m);
    out.put("ourBidPrice", b);
    out.put("ourAskPrice", a);
    out.put("inventoryBase", inv);
    out.put("totalPnlQuote", p);
    out.put("fills", f);
    return out;
  }
}
