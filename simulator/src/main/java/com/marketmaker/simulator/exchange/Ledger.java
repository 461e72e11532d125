package com.marketmaker.simulator.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every fill of every trading account of one venue, per account and symbol in trade-id order (the
 * synthetic crowd's fills are counted, not kept), for as long as the venue's fill retention: a fill
 * older than that, counted back from the newest fill of the same account and symbol, is forgotten
 * when the next one comes, as Binance USD-M answers trade-history queries only for the past six
 * months. Without it a venue that runs for days would hold every fill it ever made. Thread-safe.
 */
public final class Ledger {

  /** One account's fills on one symbol: those before {@code head} are forgotten. */
  private static final class Fills {
    final ArrayList<LedgerEntry> list = new ArrayList<>();
    int head;

    List<LedgerEntry> held() {
      return list.subList(head, list.size());
    }

    void add(LedgerEntry e, long retentionMillis) {
      list.add(e);
      if (retentionMillis == Long.MAX_VALUE) {
        return;
      }
      long before = e.timeMillis() - retentionMillis;
      while (head < list.size() && list.get(head).timeMillis() < before) {
        list.set(head++, null);
      }
      // Shifts the held fills down once the forgotten ones are half the list: amortized constant.
      if (head > 64 && head >= list.size() / 2) {
        list.subList(0, head).clear();
        head = 0;
      }
    }
  }

  private final Map<String, Map<String, Fills>> entries = new TreeMap<>();
  private final long retentionMillis;
  private long crowdFills;

  /** A ledger that keeps every fill. */
  public Ledger() {
    this(Long.MAX_VALUE);
  }

  /**
   * @param retentionMillis how long a fill is kept, counted back from the newest fill of its
   *     account and symbol; {@code Long.MAX_VALUE} keeps them all
   */
  public Ledger(long retentionMillis) {
    if (retentionMillis < 0) {
      throw new IllegalArgumentException("retention must not be negative");
    }
    this.retentionMillis = retentionMillis;
  }

  synchronized void add(LedgerEntry e) {
    entries
        .computeIfAbsent(e.account(), a -> new TreeMap<>())
        .computeIfAbsent(e.symbol(), s -> new Fills())
        .add(e, retentionMillis);
  }

  synchronized void countCrowdFill() {
    crowdFills++;
  }

  public synchronized long crowdFills() {
    return crowdFills;
  }

  /** Fills of {@code account} (every account when null) on {@code symbol} (every when null). */
  public synchronized List<LedgerEntry> entries(String account, String symbol) {
    List<LedgerEntry> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Fills>> a : entries.entrySet()) {
      if (account != null && !account.equals(a.getKey())) {
        continue;
      }
      for (Map.Entry<String, Fills> s : a.getValue().entrySet()) {
        if (symbol == null || symbol.equals(s.getKey())) {
          out.addAll(s.getValue().held());
        }
      }
    }
    return out;
  }

  /** How many fills are held, over every account and symbol. */
  public synchronized int held() {
    int n = 0;
    for (Map<String, Fills> a : entries.values()) {
      for (Fills f : a.values()) {
        n += f.list.size() - f.head;
      }
    }
    return n;
  }

  /**
   * Binance's trade-history page: with {@code fromId >= 0}, the first {@code limit} fills with
   * trade id at or above it; without, the latest {@code limit} fills; oldest first either way.
   */
  public synchronized List<LedgerEntry> page(
      String account, String symbol, long fromId, int limit) {
    Fills fills = entries.getOrDefault(account, Map.of()).get(symbol);
    List<LedgerEntry> all = fills == null ? List.of() : fills.held();
    if (fromId < 0) {
      return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }
    int lo = 0;
    int hi = all.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (all.get(mid).tradeId() < fromId) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return List.copyOf(all.subList(lo, Math.min(all.size(), lo + limit)));
  }
}
