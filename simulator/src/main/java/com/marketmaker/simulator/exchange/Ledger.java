package com.marketmaker.simulator.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every fill of every trading account of one venue, per account and symbol in trade-id order (the
 * synthetic crowd's fills are counted, not kept). Thread-safe.
 */
public final class Ledger {

  private final Map<String, Map<String, List<LedgerEntry>>> entries = new TreeMap<>();
  private long crowdFills;

  synchronized void add(LedgerEntry e) {
    entries
        .computeIfAbsent(e.account(), a -> new TreeMap<>())
        .computeIfAbsent(e.symbol(), s -> new ArrayList<>())
        .add(e);
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
    for (Map.Entry<String, Map<String, List<LedgerEntry>>> a : entries.entrySet()) {
      if (account != null && !account.equals(a.getKey())) {
        continue;
      }
      for (Map.Entry<String, List<LedgerEntry>> s : a.getValue().entrySet()) {
        if (symbol == null || symbol.equals(s.getKey())) {
          out.addAll(s.getValue());
        }
      }
    }
    return out;
  }

  /**
   * Binance's trade-history page: with {@code fromId >= 0}, the first {@code limit} fills with
   * trade id at or above it; without, the latest {@code limit} fills; oldest first either way.
   */
  public synchronized List<LedgerEntry> page(
      String account, String symbol, long fromId, int limit) {
    List<LedgerEntry> all = entries.getOrDefault(account, Map.of()).getOrDefault(symbol, List.of());
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
