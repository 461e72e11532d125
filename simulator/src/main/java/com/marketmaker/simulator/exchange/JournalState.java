package com.marketmaker.simulator.exchange;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The trading accounts' side of a venue as its state records rebuild it, per symbol: every order of
 * a trading account in its current state, every fill of the ledger, the order and trade ids
 * reserved so far, and the synthetic market's last fair mid.
 *
 * <p>The records are the engine's own account events (a new order, a fill, a cancel, an expiry),
 * plus id reservations, market marks and each symbol's grid. Each is checked against the state it
 * is applied to (the order exists and can still trade, a fill fits its order and its quote amount
 * is the exact product of price and quantity, ids only increase and stay within what was reserved),
 * because what this rebuilds becomes the venue's ground truth: a record that does not fit means the
 * file is not what the venue wrote, and is refused rather than booked.
 *
 * <p>A snapshot is written in the same records, compacted: per symbol its grid, ids and mark, then
 * every order's {@code NEW}, every fill in trade order, then the cancels and expiries.
 */
final class JournalState {

  /** One symbol's kept state. */
  static final class SymbolState {
    final String symbol;
    final InstrumentSpec spec;

    /** The first order id the next run may use (everything below may have been used). */
    long nextOrderId = 1;

    /** The first trade id the next run may use. */
    long nextTradeId = 1;

    long lastOrderId;
    long lastTradeId;
    final LinkedHashMap<Long, ExchangeOrder> orders = new LinkedHashMap<>();
    final List<LedgerEntry> fills = new ArrayList<>();
    ExchangeJournal.Mark mark;

    SymbolState(String symbol, InstrumentSpec spec) {
      this.symbol = symbol;
      this.spec = spec;
    }
  }

  private final Venue venue;
  private final Map<String, SymbolState> symbols = new TreeMap<>();

  JournalState(Venue venue) {
    this.venue = venue;
  }

  Collection<SymbolState> symbols() {
    return symbols.values();
  }

  /** The kept state of {@code symbol}, or null. */
  SymbolState symbol(String symbol) {
    return symbols.get(symbol);
  }

  /**
   * Makes sure a configured symbol is in the state, on the grid it is configured with.
   *
   * @throws IllegalArgumentException when the state kept it on another grid
   */
  void configure(InstrumentSpec spec) {
    String s = spec.id().symbol();
    SymbolState kept = symbols.get(s);
    if (kept == null) {
      symbols.put(s, new SymbolState(s, spec));
    } else if (!sameGrid(kept.spec, spec)) {
      throw new IllegalArgumentException(
          s
              + " was traded with tick "
              + kept.spec.tickSize()
              + " and lot "
              + kept.spec.lotSize()
              + ", but is now configured with tick "
              + spec.tickSize()
              + " and lot "
              + spec.lotSize());
    }
  }

  private static boolean sameGrid(InstrumentSpec a, InstrumentSpec b) {
    return a.tickSize().equals(b.tickSize()) && a.lotSize().equals(b.lotSize());
  }

  /**
   * Checks what holds only of the whole state: an account has at most one working order per client
   * order id.
   *
   * @throws IllegalArgumentException otherwise
   */
  void checkComplete() {
    for (SymbolState s : symbols.values()) {
      Set<String> working = new HashSet<>();
      for (ExchangeOrder o : s.orders.values()) {
        if (o.status.working() && !working.add(o.account + ' ' + o.clientOrderId)) {
          throw new IllegalArgumentException(
              s.symbol
                  + ": two working orders of "
                  + o.account
                  + " with client order id "
                  + o.clientOrderId);
        }
      }
    }
  }

  /**
   * Forgets the orders that ended without a fill (cancelled or expired) before {@code
   * unfilledBefore}, and those that ended with one before {@code filledBefore} together with their
   * fills: a venue does not keep those forever, and without this the state of an account that
   * quotes all day would grow by every quote it ever replaced and every fill it ever had. The fills
   * of an order still held stay with it, whatever their age, so that it is rebuilt with what it
   * executed; ids are not affected.
   *
   * @return how many orders were forgotten
   */
  int forget(long unfilledBefore, long filledBefore) {
    int n = 0;
    for (SymbolState s : symbols.values()) {
      Set<Long> filled = new HashSet<>();
      var it = s.orders.values().iterator();
      while (it.hasNext()) {
        ExchangeOrder o = it.next();
        if (o.status.working()) {
          continue;
        }
        if (o.executedLots == 0
            ? o.updateTimeMillis < unfilledBefore
            : o.updateTimeMillis < filledBefore) {
          it.remove();
          if (o.executedLots > 0) {
            filled.add(o.orderId);
          }
          n++;
        }
      }
      if (!filled.isEmpty()) {
        s.fills.removeIf(f -> filled.contains(f.orderId()));
      }
    }
    return n;
  }

  /** Hands {@code out} the records that rebuild this state, symbol by symbol. */
  void snapshot(Consumer<List<String>> out) {
    for (SymbolState s : symbols.values()) {
      out.accept(JournalRecords.symbolRecord(s.spec));
      out.accept(JournalRecords.idsRecord(s.symbol, s.nextOrderId, s.nextTradeId));
      if (s.mark != null) {
        out.accept(JournalRecords.markRecord(s.symbol, s.mark));
      }
      for (ExchangeOrder o : s.orders.values()) {
        out.accept(JournalRecords.newRecord(o.view(s.symbol)));
      }
      for (LedgerEntry f : s.fills) {
        out.accept(
            JournalRecords.fillRecord(
                s.symbol,
                f.account(),
                f.orderId(),
                f.tradeId(),
                f.priceTicks(),
                f.lots(),
                f.quote(),
                f.fee(),
                f.maker(),
                f.timeMillis()));
      }
      for (ExchangeOrder o : s.orders.values()) {
        if (o.status == OrderStatus.CANCELED) {
          out.accept(
              JournalRecords.cancelRecord(s.symbol, o.account, o.orderId, o.updateTimeMillis));
        } else if (o.status == OrderStatus.EXPIRED) {
          out.accept(
              JournalRecords.expireRecord(
                  s.symbol,
                  o.account,
                  o.orderId,
                  o.updateTimeMillis,
                  o.preventedLots,
                  o.expiredInMatch));
        }
      }
    }
  }

  // ---- applying records ----

  /**
   * Applies one record.
   *
   * @throws IllegalArgumentException when it is malformed or does not fit the state
   */
  void apply(List<String> tokens) {
    Fields f = new Fields(tokens);
    String kind = f.token("record kind");
    switch (kind) {
      case "SYMBOL" -> applySymbol(f);
      case "IDS" -> applyIds(f);
      case "MARK" -> applyMark(f);
      case "NEW" -> applyNew(f);
      case "FILL" -> applyFill(f);
      case "CANCEL" -> applyCancel(f);
      case "EXPIRE" -> applyExpire(f);
      default -> throw new IllegalArgumentException("unknown record kind " + kind);
    }
    f.end();
  }

  private void applySymbol(Fields f) {
    String symbol = f.token("symbol");
    String tick = f.token("tick size");
    String lot = f.token("lot size");
    InstrumentSpec spec;
    try {
      spec = InstrumentSpec.of(new InstrumentId(venue, symbol), tick, lot);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("symbol " + symbol + ": " + e.getMessage());
    }
    SymbolState kept = symbols.get(symbol);
    if (kept != null && !sameGrid(kept.spec, spec)) {
      throw new IllegalArgumentException(symbol + " declared twice with different grids");
    }
    if (kept == null) {
      symbols.put(symbol, new SymbolState(symbol, spec));
    }
  }

  private SymbolState known(Fields f) {
    String symbol = f.token("symbol");
    SymbolState s = symbols.get(symbol);
    if (s == null) {
      throw new IllegalArgumentException("symbol " + symbol + " was never declared");
    }
    return s;
  }

  private void applyIds(Fields f) {
    SymbolState s = known(f);
    long orders = f.number("next order id", 1, Long.MAX_VALUE);
    long trades = f.number("next trade id", 1, Long.MAX_VALUE);
    if (orders < s.nextOrderId || trades < s.nextTradeId) {
      throw new IllegalArgumentException(s.symbol + ": reserved ids go backwards");
    }
    s.nextOrderId = orders;
    s.nextTradeId = trades;
  }

  private void applyMark(Fields f) {
    SymbolState s = known(f);
    double logMid = f.decimal("log mid");
    double spread = f.decimal("spread");
    if (logMid < -1 || logMid > 50 || Math.abs(spread) > 50) {
      throw new IllegalArgumentException(s.symbol + ": mark out of range");
    }
    s.mark = new ExchangeJournal.Mark(logMid, spread);
  }

  private void applyNew(Fields f) {
    SymbolState s = known(f);
    String account = f.account();
    long orderId = f.number("order id", 1, Long.MAX_VALUE);
    String cid = f.token("client order id");
    if (!OrderRequest.validClientOrderId(cid)) {
      throw new IllegalArgumentException("invalid client order id " + cid);
    }
    Side side = f.choice(Side.class, "side");
    OrderType type = f.choice(OrderType.class, "order type");
    TimeInForce tif = f.choice(TimeInForce.class, "time in force");
    PostOnly postOnly = f.choice(PostOnly.class, "post-only");
    long price = f.number("price", 0, Long.MAX_VALUE);
    long lots = f.number("quantity", 1, Long.MAX_VALUE);
    long time = f.number("time", 0, Long.MAX_VALUE);
    long working = f.number("working time", -1, Long.MAX_VALUE);
    if ((type == OrderType.MARKET) != (price == 0)) {
      throw new IllegalArgumentException("order " + orderId + ": price does not fit its type");
    }
    if (orderId <= s.lastOrderId) {
      throw new IllegalArgumentException(
          s.symbol + ": order id " + orderId + " after " + s.lastOrderId);
    }
    if (orderId >= s.nextOrderId) {
      throw new IllegalArgumentException(
          s.symbol + ": order id " + orderId + " beyond the reserved ids");
    }
    ExchangeOrder o =
        new ExchangeOrder(
            account, false, orderId, cid, side, type, tif, postOnly, price, lots, time);
    o.workingTimeMillis = working;
    s.orders.put(orderId, o);
    s.lastOrderId = orderId;
  }

  /** The working order a record names, of the account it names. */
  private ExchangeOrder working(SymbolState s, Fields f) {
    String account = f.account();
    long orderId = f.number("order id", 1, Long.MAX_VALUE);
    ExchangeOrder o = s.orders.get(orderId);
    if (o == null || !o.account.equals(account)) {
      throw new IllegalArgumentException(
          s.symbol + ": no order " + orderId + " of " + account + " to apply to");
    }
    if (!o.status.working()) {
      throw new IllegalArgumentException(
          s.symbol + ": order " + orderId + " is already " + o.status);
    }
    return o;
  }

  private void applyFill(Fields f) {
    SymbolState s = known(f);
    ExchangeOrder o = working(s, f);
    long tradeId = f.number("trade id", 1, Long.MAX_VALUE);
    long price = f.number("price", 1, Long.MAX_VALUE);
    long lots = f.number("quantity", 1, o.remaining());
    long quote = f.number("quote amount", 0, Long.MAX_VALUE);
    long fee = f.number("fee", -quote, quote);
    String role = f.token("maker or taker");
    if (!role.equals("M") && !role.equals("T")) {
      throw new IllegalArgumentException("maker or taker must be M or T, got " + role);
    }
    long time = f.number("time", 0, Long.MAX_VALUE);
    if (tradeId < s.lastTradeId || tradeId >= s.nextTradeId) {
      throw new IllegalArgumentException(
          s.symbol + ": trade id " + tradeId + " out of order or beyond the reserved ids");
    }
    if (o.type != OrderType.MARKET
        && (o.side == Side.BUY ? price > o.priceTicks : price < o.priceTicks)) {
      throw new IllegalArgumentException(
          s.symbol + ": trade " + tradeId + " is outside the limit of order " + o.orderId);
    }
    if (quote != s.spec.notional(price, lots)) {
      throw new IllegalArgumentException(
          s.symbol + ": trade " + tradeId + " quote amount is not price times quantity");
    }
    o.executedLots += lots;
    o.cumulativeQuote += quote;
    o.status = o.remaining() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
    o.updateTimeMillis = time;
    s.fills.add(
        new LedgerEntry(
            o.account,
            s.symbol,
            tradeId,
            o.orderId,
            o.clientOrderId,
            o.side,
            price,
            lots,
            quote,
            fee,
            role.equals("M"),
            time));
    s.lastTradeId = tradeId;
  }

  private void applyCancel(Fields f) {
    SymbolState s = known(f);
    ExchangeOrder o = working(s, f);
    long time = f.number("time", 0, Long.MAX_VALUE);
    if (o.workingTimeMillis < 0) {
      throw new IllegalArgumentException(
          s.symbol + ": order " + o.orderId + " never rested, so cannot be cancelled");
    }
    o.status = OrderStatus.CANCELED;
    o.updateTimeMillis = time;
  }

  private void applyExpire(Fields f) {
    SymbolState s = known(f);
    ExchangeOrder o = working(s, f);
    long time = f.number("time", 0, Long.MAX_VALUE);
    long prevented = f.number("prevented quantity", 0, o.remaining());
    String inMatch = f.token("expired in match");
    if (!inMatch.equals("0") && !inMatch.equals("1")) {
      throw new IllegalArgumentException("expired in match must be 0 or 1, got " + inMatch);
    }
    o.status = OrderStatus.EXPIRED;
    o.preventedLots += prevented;
    o.expiredInMatch |= inMatch.equals("1");
    o.updateTimeMillis = time;
  }

  /** The tokens of one record, read in order, each checked as it is read. */
  private static final class Fields {
    private final List<String> tokens;
    private int next;

    Fields(List<String> tokens) {
      this.tokens = tokens;
    }

    String token(String what) {
      if (next >= tokens.size()) {
        throw new IllegalArgumentException("missing " + what);
      }
      return tokens.get(next++);
    }

    long number(String what, long min, long max) {
      String t = token(what);
      long v;
      try {
        v = Long.parseLong(t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " is not a whole number: " + t);
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException(what + " " + v + " outside [" + min + ", " + max + "]");
      }
      return v;
    }

    double decimal(String what) {
      String t = token(what);
      try {
        double v = Double.parseDouble(t);
        if (Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(what + " is not a finite number: " + t);
    }

    <E extends Enum<E>> E choice(Class<E> type, String what) {
      String t = token(what);
      try {
        return Enum.valueOf(type, t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown " + what + " " + t);
      }
    }

    String account() {
      String a = token("account");
      if (!ExchangeAccount.validName(a) || a.equals(ExchangeAccount.CROWD)) {
        throw new IllegalArgumentException("invalid account name " + a);
      }
      return a;
    }

    void end() {
      if (next != tokens.size()) {
        throw new IllegalArgumentException(
            "unexpected " + (tokens.size() - next) + " extra field(s)");
      }
    }
  }
}
