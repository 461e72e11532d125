package com.marketmaker.simulator.exchange;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.simulator.replay.BookImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The matching engine of one instrument: a limit order book in integer ticks and lots with
 * price-time priority.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>An incoming order trades against the best opposite price first and, within a price, the
 *       oldest order first, always at the resting order's price.
 *   <li>LIMIT GTC rests what it does not fill; IOC and MARKET expire their unfilled rest; FOK
 *       trades all at once or expires without trading; a post-only order that would take is refused
 *       ({@link PostOnly#REJECT}) or expired untouched ({@link PostOnly#EXPIRE}).
 *   <li>An order never trades against a resting order of its own account: when it reaches one, its
 *       remainder expires (Binance's {@code EXPIRE_TAKER} self-trade prevention) and the resting
 *       order stays. The synthetic crowd's account ({@link ExchangeAccount#CROWD}) stands for many
 *       independent traders, so its orders do trade with each other.
 *   <li>Trade ids increase by one from 1; order ids increase from 1 (a venue restored from its kept
 *       state continues after the ids its earlier run reserved); every operation that changes the
 *       book takes the next book update id, reported with each level it changed.
 *   <li>Each fill charges the maker and the taker their {@link FeeSchedule} rate on the fill's
 *       exact quote amount.
 * </ul>
 *
 * <p>All public methods are synchronized; the {@link EngineListener} is called under the lock, so
 * what it sees is in the engine's order.
 *
 * <p>Size: over 600 lines because price-time matching, post-only checks, partial fills and the
 * crowd's orders share the book's invariants and are kept in one class to keep them in one place.
 * What an account's orders are looked up by, and when ended ones are forgotten, is already apart in
 * {@link AccountOrders}; the engine only tells it when an order ends.
 */
public final class MatchingEngine {

  /**
   * A new order.
   *
   * @param clientOrderId the account's id for it, or null to have one made up
   * @param priceTicks limit price; ignored for MARKET
   */
  public record NewOrder(
      String account,
      String clientOrderId,
      Side side,
      OrderType type,
      TimeInForce timeInForce,
      PostOnly postOnly,
      long priceTicks,
      long lots) {

    public NewOrder {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(timeInForce, "timeInForce");
      Objects.requireNonNull(postOnly, "postOnly");
      if (lots <= 0 || (type != OrderType.MARKET && priceTicks <= 0)) {
        throw new IllegalArgumentException("lots and limit price must be positive");
      }
    }
  }

  /**
   * The outcome of a new order.
   *
   * @param accepted the order as accepted, before it traded
   * @param order the order after matching
   * @param fills its fills, in order
   */
  public record Result(OrderView accepted, OrderView order, List<Execution> fills) {}

  /** Ids reserved at a time by a kept venue. */
  static final long ID_BLOCK = 100_000;

  private static final class Level {
    final long price;
    long total;
    final ArrayDeque<ExchangeOrder> orders = new ArrayDeque<>(4);

    Level(long price) {
      this.price = price;
    }
  }

  private final String symbol;
  private final InstrumentSpec spec;
  private final FeeSchedule fees;
  private final LongSupplier clock;
  private final EngineListener listener;
  private final long unfilledRetentionMillis;
  private final long filledRetentionMillis;
  private final TreeMap<Long, Level> bids = new TreeMap<>(Comparator.reverseOrder());
  private final TreeMap<Long, Level> asks = new TreeMap<>();
  private final Map<String, AccountOrders> accounts = new HashMap<>();
  private final ArrayList<ExchangeOrder> crowdResting = new ArrayList<>();
  private long nextOrderId = 1;
  private long nextTradeId = 1;
  // Ids below these limits may be handed out; a kept venue reserves them in blocks (see restore).
  private long orderIdLimit = Long.MAX_VALUE;
  private long tradeIdLimit = Long.MAX_VALUE;
  private long updateId;
  private boolean opTookUpdateId;
  private long lastTradePrice;

  public MatchingEngine(
      String symbol,
      InstrumentSpec spec,
      FeeSchedule fees,
      LongSupplier clockMillis,
      EngineListener listener) {
    this(symbol, spec, fees, clockMillis, listener, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /**
   * @param unfilledRetentionMillis how long an order of a trading account that ended without a fill
   *     can still be looked up (see {@link AccountOrders}); {@code Long.MAX_VALUE} keeps them all
   * @param filledRetentionMillis the same for an order that ended with a fill; {@code
   *     Long.MAX_VALUE} keeps them all
   */
  public MatchingEngine(
      String symbol,
      InstrumentSpec spec,
      FeeSchedule fees,
      LongSupplier clockMillis,
      EngineListener listener,
      long unfilledRetentionMillis,
      long filledRetentionMillis) {
    if (unfilledRetentionMillis < 0 || filledRetentionMillis < 0) {
      throw new IllegalArgumentException("retention must not be negative");
    }
    this.symbol = symbol;
    this.spec = spec;
    this.fees = fees;
    this.clock = clockMillis;
    this.listener = listener == null ? new EngineListener() {} : listener;
    this.unfilledRetentionMillis = unfilledRetentionMillis;
    this.filledRetentionMillis = filledRetentionMillis;
  }

  public String symbol() {
    return symbol;
  }

  public InstrumentSpec spec() {
    return spec;
  }

  public FeeSchedule fees() {
    return fees;
  }

  // ---- orders ----

  /**
   * Accepts, matches and (for GTC limits) rests a new order.
   *
   * @throws OrderRejectedException {@code -2010} for a client order id already used by a working
   *     order of the account, or a {@link PostOnly#REJECT} order that would take
   */
  public synchronized Result place(NewOrder n) {
    opTookUpdateId = false;
    long now = clock.getAsLong();
    boolean crowd = n.account().equals(ExchangeAccount.CROWD);
    AccountOrders acc =
        crowd ? null : accounts.computeIfAbsent(n.account(), a -> new AccountOrders());
    if (acc != null
        && (unfilledRetentionMillis != Long.MAX_VALUE || filledRetentionMillis != Long.MAX_VALUE)) {
      acc.forgetEnded(now - unfilledRetentionMillis, now - filledRetentionMillis);
    }
    if (nextOrderId >= orderIdLimit) {
      reserveIds();
    }
    long id = nextOrderId;
    String cid = n.clientOrderId() != null ? n.clientOrderId() : generatedClientId(id);
    if (acc != null && acc.openByClientId.containsKey(cid)) {
      throw new OrderRejectedException(-2010, "Duplicate order sent.");
    }
    boolean market = n.type() == OrderType.MARKET;
    long price = market ? 0 : n.priceTicks();
    boolean crosses = crosses(n.side(), market, price);
    if (n.postOnly() == PostOnly.REJECT && crosses) {
      throw new OrderRejectedException(-2010, "Order would immediately match and take.");
    }
    nextOrderId++;
    ExchangeOrder o =
        new ExchangeOrder(
            n.account(),
            crowd,
            id,
            cid,
            n.side(),
            n.type(),
            n.timeInForce(),
            n.postOnly(),
            price,
            n.lots(),
            now);
    boolean rests = !market && (n.timeInForce() == TimeInForce.GTC);
    if (rests) {
      o.workingTimeMillis = now;
    }
    if (acc != null) {
      acc.accepted(o);
    }
    emit(o, ExecutionType.NEW, now);
    OrderView accepted = o.view(symbol);
    List<Execution> fills = new ArrayList<>(0);
    if (n.postOnly() == PostOnly.EXPIRE && crosses) {
      finish(o, OrderStatus.EXPIRED, now);
      emit(o, ExecutionType.EXPIRED, now);
      return new Result(accepted, o.view(symbol), fills);
    }
    if (n.timeInForce() == TimeInForce.FOK && fillable(o) < o.origLots) {
      finish(o, OrderStatus.EXPIRED, now);
      emit(o, ExecutionType.EXPIRED, now);
      return new Result(accepted, o.view(symbol), fills);
    }
    match(o, fills, now);
    if (o.remaining() > 0 && o.status.working()) {
      if (rests) {
        rest(o);
      } else {
        finish(o, OrderStatus.EXPIRED, now);
        emit(o, ExecutionType.EXPIRED, now);
      }
    }
    return new Result(accepted, o.view(symbol), fills);
  }

  private static String generatedClientId(long orderId) {
    return "sim"
        + Long.toString(orderId, 36)
        + "x"
        + Long.toString(orderId * 2654435761L & 0xffffffL, 36);
  }

  /** The client id of a cancel request that did not name one ({@code cancel<orderId>}). */
  public static String generatedCancelId(long orderId) {
    return "cancel" + orderId;
  }

  private boolean crosses(Side side, boolean market, long price) {
    TreeMap<Long, Level> opposite = side == Side.BUY ? asks : bids;
    if (opposite.isEmpty()) {
      return false;
    }
    long best = opposite.firstKey();
    return market || (side == Side.BUY ? best <= price : best >= price);
  }

  private boolean reaches(ExchangeOrder o, long levelPrice) {
    if (o.type == OrderType.MARKET) {
      return true;
    }
    return o.side == Side.BUY ? levelPrice <= o.priceTicks : levelPrice >= o.priceTicks;
  }

  /** What {@code o} could fill now, stopping where it would meet its own account. */
  private long fillable(ExchangeOrder o) {
    long sum = 0;
    for (Level lv : (o.side == Side.BUY ? asks : bids).values()) {
      if (!reaches(o, lv.price)) {
        break;
      }
      for (ExchangeOrder r : lv.orders) {
        if (!o.crowd && r.account.equals(o.account)) {
          return sum;
        }
        sum += r.remaining();
        if (sum >= o.origLots) {
          return sum;
        }
      }
    }
    return sum;
  }

  private void match(ExchangeOrder o, List<Execution> fills, long now) {
    TreeMap<Long, Level> book = o.side == Side.BUY ? asks : bids;
    com.marketmaker.core.book.Side bookSide =
        o.side == Side.BUY
            ? com.marketmaker.core.book.Side.ASK
            : com.marketmaker.core.book.Side.BID;
    while (o.remaining() > 0) {
      Map.Entry<Long, Level> e = book.firstEntry();
      if (e == null || !reaches(o, e.getKey())) {
        return;
      }
      Level lv = e.getValue();
      while (o.remaining() > 0 && !lv.orders.isEmpty()) {
        ExchangeOrder r = lv.orders.peekFirst();
        if (!o.crowd && r.account.equals(o.account)) {
          long prevented = o.remaining();
          o.preventedLots += prevented;
          o.expiredInMatch = true;
          finish(o, OrderStatus.EXPIRED, now);
          emit(o, ExecutionType.EXPIRED, 0, 0, 0, 0, -1, false, prevented, r.orderId, null, now);
          if (lv.orders.isEmpty()) {
            book.remove(lv.price);
          }
          return;
        }
        long q = Math.min(o.remaining(), r.remaining());
        trade(o, r, lv.price, q, fills, now);
        lv.total -= q;
        if (r.remaining() == 0) {
          lv.orders.pollFirst();
          unregisterResting(r);
        }
        levelChanged(bookSide, lv.price, lv.total);
      }
      if (lv.orders.isEmpty()) {
        book.remove(lv.price);
      }
    }
  }

  private void trade(
      ExchangeOrder taker,
      ExchangeOrder maker,
      long price,
      long lots,
      List<Execution> fills,
      long now) {
    if (nextTradeId >= tradeIdLimit) {
      reserveIds();
    }
    long tradeId = nextTradeId++;
    long quote = spec.notional(price, lots);
    long makerFee = fees.fee(quote, true);
    long takerFee = fees.fee(quote, false);
    lastTradePrice = price;
    for (ExchangeOrder o : new ExchangeOrder[] {maker, taker}) {
      o.executedLots += lots;
      o.cumulativeQuote += quote;
      o.status = o.remaining() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
      o.updateTimeMillis = now;
      if (o.status == OrderStatus.FILLED && !o.crowd) {
        // Done: no longer open under its client id, and forgotten after the fill retention.
        AccountOrders acc = accounts.get(o.account);
        acc.closed(o);
        acc.ended(o);
      }
    }
    listener.onTrade(tradeId, price, lots, maker.side == Side.BUY, now);
    fill(maker, tradeId, price, lots, quote, makerFee, true, now);
    fill(taker, tradeId, price, lots, quote, takerFee, false, now);
    fills.add(new Execution(tradeId, price, lots, quote, takerFee));
  }

  private void fill(
      ExchangeOrder o,
      long tradeId,
      long price,
      long lots,
      long quote,
      long fee,
      boolean maker,
      long now) {
    if (o.crowd) {
      listener.onCrowdFill();
      return;
    }
    listener.onFill(
        new LedgerEntry(
            o.account,
            symbol,
            tradeId,
            o.orderId,
            o.clientOrderId,
            o.side,
            price,
            lots,
            quote,
            fee,
            maker,
            now));
    emit(o, ExecutionType.TRADE, lots, price, quote, fee, tradeId, maker, 0, -1, null, now);
  }

  private void rest(ExchangeOrder o) {
    TreeMap<Long, Level> own = o.side == Side.BUY ? bids : asks;
    Level lv = own.computeIfAbsent(o.priceTicks, Level::new);
    lv.orders.addLast(o);
    lv.total += o.remaining();
    if (o.crowd) {
      o.crowdIndex = crowdResting.size();
      crowdResting.add(o);
    } else {
      accounts.get(o.account).open.put(o.orderId, o);
    }
    levelChanged(
        o.side == Side.BUY
            ? com.marketmaker.core.book.Side.BID
            : com.marketmaker.core.book.Side.ASK,
        lv.price,
        lv.total);
  }

  /** Forgets a resting order that left the book (filled or cancelled). */
  private void unregisterResting(ExchangeOrder r) {
    if (r.crowd) {
      int i = r.crowdIndex;
      ExchangeOrder last = crowdResting.remove(crowdResting.size() - 1);
      if (last != r) {
        crowdResting.set(i, last);
        last.crowdIndex = i;
      }
      r.crowdIndex = -1;
    } else {
      accounts.get(r.account).closed(r);
    }
  }

  private void finish(ExchangeOrder o, OrderStatus status, long now) {
    o.status = status;
    o.updateTimeMillis = now;
    if (!o.crowd) {
      AccountOrders acc = accounts.get(o.account);
      acc.closed(o);
      acc.ended(o);
    }
  }

  /**
   * Cancels a working order of {@code account}, found by {@code orderId} (when {@code >= 0}) or
   * else by {@code clientOrderId}.
   *
   * @param cancelClientOrderId the cancel request's own id (Binance {@code newClientOrderId}), or
   *     null to have one made up
   * @throws OrderRejectedException {@code -2011 "Unknown order sent."} when there is no such
   *     working order (or the two ids name different orders)
   */
  public synchronized OrderView cancel(
      String account, long orderId, String clientOrderId, String cancelClientOrderId) {
    opTookUpdateId = false;
    ExchangeOrder o = lookup(account, orderId, clientOrderId);
    if (o == null || !o.status.working()) {
      throw new OrderRejectedException(-2011, "Unknown order sent.");
    }
    return cancelResting(o, cancelClientOrderId, clock.getAsLong());
  }

  private OrderView cancelResting(ExchangeOrder o, String cancelClientOrderId, long now) {
    TreeMap<Long, Level> own = o.side == Side.BUY ? bids : asks;
    Level lv = own.get(o.priceTicks);
    lv.orders.remove(o);
    lv.total -= o.remaining();
    if (lv.orders.isEmpty()) {
      own.remove(o.priceTicks);
    }
    unregisterResting(o);
    finish(o, OrderStatus.CANCELED, now);
    levelChanged(
        o.side == Side.BUY
            ? com.marketmaker.core.book.Side.BID
            : com.marketmaker.core.book.Side.ASK,
        lv.price,
        lv.total);
    String cancelId =
        cancelClientOrderId != null ? cancelClientOrderId : generatedCancelId(o.orderId);
    emit(o, ExecutionType.CANCELED, 0, 0, 0, 0, -1, false, 0, -1, cancelId, now);
    return o.view(symbol);
  }

  /**
   * Takes back the trading accounts' orders of an earlier run, in order-id order, before anything
   * else happens here: all can be looked up again, and the working ones rest at their price with
   * their remaining quantity, oldest first. One that cannot rest where it was (it never rested, or
   * would now cross another account's) is expired, reported like any expiry. From then on ids are
   * taken in blocks of {@link #ID_BLOCK}, each reported to the listener before its first id is
   * used.
   */
  synchronized void restore(long nextOrderId, long nextTradeId, Collection<ExchangeOrder> orders) {
    opTookUpdateId = false;
    this.nextOrderId = nextOrderId;
    this.nextTradeId = nextTradeId;
    orderIdLimit = nextOrderId;
    tradeIdLimit = nextTradeId;
    long now = clock.getAsLong();
    List<ExchangeOrder> ended = new ArrayList<>();
    for (ExchangeOrder o : orders) {
      accounts.computeIfAbsent(o.account, a -> new AccountOrders()).accepted(o);
      if (!o.status.working()) {
        ended.add(o);
      }
    }
    // Those that ended earlier are forgotten first: hand them over in the order they ended.
    ended.sort(Comparator.comparingLong(o -> o.updateTimeMillis));
    for (ExchangeOrder o : ended) {
      accounts.get(o.account).ended(o);
    }
    for (ExchangeOrder o : orders) {
      if (!o.status.working()) {
        continue;
      }
      if (o.workingTimeMillis >= 0 && !crosses(o.side, false, o.priceTicks)) {
        rest(o);
      } else {
        finish(o, OrderStatus.EXPIRED, now);
        emit(o, ExecutionType.EXPIRED, now);
      }
    }
  }

  private void reserveIds() {
    orderIdLimit = nextOrderId + ID_BLOCK;
    tradeIdLimit = nextTradeId + ID_BLOCK;
    listener.onIdsReserved(orderIdLimit, tradeIdLimit);
  }

  /** Cancels every working order of {@code account}, oldest first; empty when there were none. */
  public synchronized List<OrderView> cancelAll(String account) {
    opTookUpdateId = false;
    AccountOrders acc = accounts.get(account);
    List<OrderView> out = new ArrayList<>();
    if (acc == null) {
      return out;
    }
    long now = clock.getAsLong();
    for (ExchangeOrder o : new ArrayList<>(acc.open.values())) {
      out.add(cancelResting(o, null, now));
    }
    return out;
  }

  /**
   * An order of {@code account} in any state, by {@code orderId} (when {@code >= 0}) or else by
   * client order id (the latest order that used it).
   *
   * @throws OrderRejectedException {@code -2013 "Order does not exist."}
   */
  public synchronized OrderView order(String account, long orderId, String clientOrderId) {
    ExchangeOrder o = lookup(account, orderId, clientOrderId);
    if (o == null) {
      throw new OrderRejectedException(-2013, "Order does not exist.");
    }
    return o.view(symbol);
  }

  private ExchangeOrder lookup(String account, long orderId, String clientOrderId) {
    AccountOrders acc = accounts.get(account);
    return acc == null ? null : acc.find(orderId, clientOrderId);
  }

  /** The working orders of {@code account}, oldest first. */
  public synchronized List<OrderView> openOrders(String account) {
    AccountOrders acc = accounts.get(account);
    return acc == null ? List.of() : acc.openViews(symbol);
  }

  /**
   * How many orders of {@code account} the venue has accepted here, in any state now, including
   * those ended unfilled and forgotten since.
   */
  public synchronized int acceptedOrders(String account) {
    AccountOrders acc = accounts.get(account);
    return acc == null ? 0 : (int) Math.min(Integer.MAX_VALUE, acc.acceptedCount());
  }

  /**
   * How many orders of {@code account} can still be looked up here: working ones, and those that
   * ended within the retention for their kind (with or without a fill).
   */
  public synchronized int heldOrders(String account) {
    AccountOrders acc = accounts.get(account);
    return acc == null ? 0 : acc.held();
  }

  /** The accounts (other than the crowd) that have ever sent an order here. */
  public synchronized List<String> accounts() {
    return List.copyOf(new java.util.TreeSet<>(accounts.keySet()));
  }

  // ---- the crowd ----

  /** Resting orders of the synthetic crowd. */
  public synchronized int crowdRestingCount() {
    return crowdResting.size();
  }

  /** Cancels one resting crowd order chosen by {@code rng}; false if it has none. */
  public synchronized boolean cancelRandomCrowdOrder(RandomGenerator rng) {
    opTookUpdateId = false;
    if (crowdResting.isEmpty()) {
      return false;
    }
    cancelResting(crowdResting.get(rng.nextInt(crowdResting.size())), "", clock.getAsLong());
    return true;
  }

  // ---- the book ----

  /** Best bid in ticks, or -1 when the bid side is empty. */
  public synchronized long bestBid() {
    return bids.isEmpty() ? -1 : bids.firstKey();
  }

  /** Best ask in ticks, or -1 when the ask side is empty. */
  public synchronized long bestAsk() {
    return asks.isEmpty() ? -1 : asks.firstKey();
  }

  /** Price of the last trade in ticks, 0 before the first. */
  public synchronized long lastTradePrice() {
    return lastTradePrice;
  }

  /** The last book update id (0 before the first change). */
  public synchronized long updateId() {
    return updateId;
  }

  /** Total lots at {@code price} on {@code side}, 0 when there is no such level. */
  public synchronized long levelLots(com.marketmaker.core.book.Side side, long price) {
    Level lv = (side == com.marketmaker.core.book.Side.BID ? bids : asks).get(price);
    return lv == null ? 0 : lv.total;
  }

  /** The best {@code limit} levels per side at the current update id. */
  public synchronized BookImage image(int limit, long eventTimeMillis) {
    int nb = Math.min(limit, bids.size());
    int na = Math.min(limit, asks.size());
    long[] bp = new long[nb];
    long[] bs = new long[nb];
    long[] ap = new long[na];
    long[] as = new long[na];
    copy(bids, bp, bs);
    copy(asks, ap, as);
    return new BookImage(updateId, eventTimeMillis, bp, bs, ap, as);
  }

  private static void copy(TreeMap<Long, Level> side, long[] prices, long[] sizes) {
    Iterator<Level> it = side.values().iterator();
    for (int i = 0; i < prices.length; i++) {
      Level lv = it.next();
      prices[i] = lv.price;
      sizes[i] = lv.total;
    }
  }

  private void levelChanged(com.marketmaker.core.book.Side side, long price, long total) {
    if (!opTookUpdateId) {
      updateId++;
      opTookUpdateId = true;
    }
    listener.onLevel(side, price, total, updateId);
  }

  // ---- events ----

  private void emit(ExchangeOrder o, ExecutionType type, long now) {
    emit(o, type, 0, 0, 0, 0, -1, false, 0, -1, null, now);
  }

  private void emit(
      ExchangeOrder o,
      ExecutionType type,
      long lastLots,
      long lastPrice,
      long lastQuote,
      long fee,
      long tradeId,
      boolean maker,
      long prevented,
      long counterOrderId,
      String cancelClientOrderId,
      long now) {
    if (o.crowd) {
      return;
    }
    long[] open = accounts.get(o.account).openQuote(spec);
    listener.onOrderUpdate(
        new OrderUpdate(
            type,
            o.view(symbol),
            lastLots,
            lastPrice,
            lastQuote,
            fee,
            tradeId,
            maker,
            prevented,
            counterOrderId,
            cancelClientOrderId,
            now,
            open[0],
            open[1]));
  }
}
