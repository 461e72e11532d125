package com.marketmaker.backtest.exchange;

import com.marketmaker.core.accounting.FeeSchedule;
import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.LevelBuffer;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.ExecutionEvent;
import com.marketmaker.core.orders.ExecutionType;
import com.marketmaker.core.orders.OrderEvent;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.VenueException.Kind;
import com.marketmaker.core.orders.VenueOrder;
import com.marketmaker.core.orders.VenueRateLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongFunction;

/**
 * One instrument's venue as the backtester sees it: the recorded market's book, and our orders in
 * it. Requests reach the venue after an order-entry (or cancel) latency; the venue's answers and
 * our fills reach the strategy after a response latency. A post-only order that would cross is
 * refused; a plain limit order that crosses takes the displayed liquidity up to its price (taker
 * fee) and rests with the rest. Resting orders are filled by public trades at their price once the
 * size ahead of them is used up (partially when a trade is smaller than what is left), in full by a
 * trade through their price or an opposite side that moves onto it; cancels and other decreases of
 * the level move them up as the {@link QueueModel} estimates. Rate limits are counted over rolling
 * windows like the venue's. Our orders do not change the recorded book (no market impact).
 *
 * <p>Deterministic: latencies come from seeded models and simultaneous events keep the order in
 * which they were scheduled.
 */
public final class SimulatedExchange {

  /**
   * How the venue behaves.
   *
   * @param limits the account's order-rate limits at the venue; null for none
   */
  public record Config(
      LatencyModel entry,
      LatencyModel cancel,
      LatencyModel response,
      QueueModel queue,
      FeeSchedule fees,
      VenueRateLimits.Config limits) {}

  /** Receives what the venue sends back, when it reaches the strategy. */
  public interface Answers {
    /**
     * @param refusal the kind of refusal for a refused request, else null
     */
    void onAnswer(OrderEvent event, Kind refusal);
  }

  private final InstrumentSpec spec;
  private final Config config;
  private final OrderBook market;

  /** Our resting orders by client order id. */
  private final Map<String, Resting> resting = new HashMap<>();

  /** The same orders in the order they reached the venue (the order market events visit them). */
  private Resting[] queue = new Resting[8];

  private int queued;
  private final PriorityQueue<Timed> pending =
      new PriorityQueue<>(
          (a, b) ->
              a.atNanos != b.atNanos
                  ? Long.compare(a.atNanos, b.atNanos)
                  : Long.compare(a.sequence, b.sequence));
  // The earliest pending item's time (Long.MAX_VALUE when none): read before every step of a run.
  private long nextDue = Long.MAX_VALUE;
  private final List<ArrayDeque<Long>> windows = new ArrayList<>();
  private long sequence;
  private long nextVenueOrderId = 1;
  private long nextTradeId = 1;
  private long fills;
  private long refusedForRate;

  /**
   * @param market the recorded market's book at venue time, kept current by the caller (the
   *     backtest feeds it through the venue's book sync); the exchange only reads it
   */
  public SimulatedExchange(InstrumentSpec spec, Config config, OrderBook market) {
    this.spec = spec;
    this.config = config;
    this.market = market;
    if (config.limits() != null) {
      for (int i = 0; i < config.limits().orders().size(); i++) {
        windows.add(new ArrayDeque<>());
      }
    }
  }

  // ---------------------------------------------------------------- strategy side

  /** Sends a new order at {@code sentNanos}; it reaches the venue after the entry latency. */
  public void place(OrderRequest request, long sentNanos) {
    schedule(sentNanos + config.entry().nextNanos(), new Timed.Place(request));
  }

  /** Sends a cancel at {@code sentNanos}. */
  public void cancel(String clientOrderId, long sentNanos) {
    schedule(sentNanos + config.cancel().nextNanos(), new Timed.Cancel(clientOrderId));
  }

  /** Sends a cancel of every open order at {@code sentNanos}. */
  public void cancelAll(long sentNanos) {
    schedule(sentNanos + config.cancel().nextNanos(), new Timed.CancelAll());
  }

  /**
   * Runs everything due at or before {@code nowNanos} in time order: requests reaching the venue,
   * and answers reaching the strategy (handed to {@code answers}).
   */
  public void runUntil(long nowNanos, Answers answers) {
    while (!pending.isEmpty() && pending.peek().atNanos <= nowNanos) {
      Timed t = pending.poll();
      nextDue = pending.isEmpty() ? Long.MAX_VALUE : pending.peek().atNanos;
      if (t.action instanceof Timed.Answer a) {
        answers.onAnswer(a.event, a.refusal);
      } else if (t.action instanceof Timed.Place p) {
        arrive(p.request, t.atNanos);
      } else if (t.action instanceof Timed.Cancel c) {
        cancelAt(c.clientOrderId, t.atNanos);
      } else {
        Resting[] open = Arrays.copyOf(queue, queued);
        for (Resting o : open) {
          cancelAt(o.request.clientOrderId(), t.atNanos);
        }
      }
    }
  }

  /** When the next request or answer is due, or {@link Long#MAX_VALUE}. */
  public long nextDueNanos() {
    return nextDue;
  }

  // ---------------------------------------------------------------- market side

  /**
   * The market's book changed at venue time: {@code changed} holds the levels a diff set, or {@code
   * all} after a snapshot. Queues at those levels move; orders the other side reached fill.
   */
  public void onBook(DepthUpdate changed, boolean all, long nowNanos) {
    // A fill may take the visited order off the queue (only that one): the index then stays.
    for (int i = 0; i < queued; ) {
      Resting o = queue[i];
      onBook(o, changed, all, nowNanos);
      if (i < queued && queue[i] == o) {
        i++;
      }
    }
  }

  private void onBook(Resting o, DepthUpdate update, boolean snapshot, long nowNanos) {
    LevelBuffer levels = o.buy ? update.bids : update.asks;
    long now = market.sizeAtPrice(o.bookSide(), o.priceTicks);
    if (snapshot || touches(levels, o.priceTicks)) {
      if (now < o.levelLots) {
        long explained = Math.max(now, o.levelLots - o.tradedSinceDepth);
        o.aheadLots = config.queue().aheadAfterDecrease(o.aheadLots, explained, now);
      }
      o.levelLots = now;
      o.tradedSinceDepth = 0;
    }
    long opposite = market.bestPrice(o.bookSide().opposite());
    if (opposite != OrderBook.NO_PRICE
        && (o.buy ? opposite <= o.priceTicks : opposite >= o.priceTicks)) {
      fill(o, o.remainingLots(), nowNanos); // the other side moved onto our price
    }
  }

  /** A public trade of the recorded market, at venue time. */
  public void onTrade(Trade trade, long nowNanos) {
    boolean hitsBids = !trade.buyerAggressor;
    for (int i = 0; i < queued; ) {
      Resting o = queue[i];
      if (o.buy == hitsBids) {
        onTrade(o, trade, nowNanos);
      }
      if (i < queued && queue[i] == o) {
        i++;
      }
    }
  }

  private void onTrade(Resting o, Trade trade, long nowNanos) {
    boolean through = o.buy ? trade.price < o.priceTicks : trade.price > o.priceTicks;
    if (through) {
      fill(o, o.remainingLots(), nowNanos);
    } else if (trade.price == o.priceTicks) {
      o.tradedSinceDepth += trade.size;
      long left = o.aheadLots - trade.size;
      o.aheadLots = Math.max(0, left);
      if (left < 0) {
        fill(o, Math.min(-left, o.remainingLots()), nowNanos);
      }
    }
  }

  // ---------------------------------------------------------------- read-outs

  /** Size ahead of our order {@code clientOrderId} in its queue, or -1 when it is not resting. */
  public long aheadLots(String clientOrderId) {
    Resting o = resting.get(clientOrderId);
    return o == null ? -1 : o.aheadLots;
  }

  public int restingOrders() {
    return resting.size();
  }

  public long fills() {
    return fills;
  }

  public long refusedForRate() {
    return refusedForRate;
  }

  // ---------------------------------------------------------------- venue logic

  private void arrive(OrderRequest r, long atNanos) {
    if (!admitted(atNanos)) {
      refusedForRate++;
      refuse(r, "too many new orders (rate limit)", Kind.RATE_LIMITED, false, atNanos);
      return;
    }
    if (resting.containsKey(r.clientOrderId())) {
      refuse(r, "duplicate order", Kind.DUPLICATE_ORDER, false, atNanos);
      return;
    }
    boolean buy = r.side() == com.marketmaker.core.accounting.Side.BUY;
    Side opposite = buy ? Side.ASK : Side.BID;
    long best = market.bestPrice(opposite);
    boolean crosses =
        best != OrderBook.NO_PRICE && (buy ? best <= r.priceTicks() : best >= r.priceTicks());
    if (crosses && r.type() == OrderType.LIMIT_MAKER) {
      refuse(r, "order would immediately match and take", Kind.REFUSED, true, atNanos);
      return;
    }
    Resting o = new Resting(r, nextVenueOrderId++, buy);
    rest(o);
    VenueOrder acknowledged = o.view(OrderStatus.NEW, atNanos);
    answer(atNanos, t -> new OrderEvent.VenueAnswer(acknowledged, t), null);
    if (crosses) {
      take(o, opposite, atNanos);
    }
    if (o.remainingLots() > 0) {
      o.levelLots = market.sizeAtPrice(o.bookSide(), o.priceTicks);
      o.aheadLots = o.levelLots; // joins behind everything displayed at its price
    }
  }

  /** A crossing limit order takes the displayed levels up to its price. */
  private void take(Resting o, Side opposite, long atNanos) {
    for (int level = 0; o.remainingLots() > 0; level++) {
      long price = market.priceAt(opposite, level);
      if (price == OrderBook.NO_PRICE || (o.buy ? price > o.priceTicks : price < o.priceTicks)) {
        return;
      }
      execute(
          o, Math.min(o.remainingLots(), market.sizeAt(opposite, level)), price, false, atNanos);
    }
  }

  private void cancelAt(String clientOrderId, long atNanos) {
    Resting o = resting.get(clientOrderId);
    if (o == null) {
      answer(
          atNanos,
          t -> new OrderEvent.CancelRefused(clientOrderId, 0, "unknown order", true, t),
          Kind.UNKNOWN_ORDER);
      return;
    }
    unrest(o);
    VenueOrder cancelled = o.view(OrderStatus.CANCELED, atNanos);
    answer(atNanos, t -> new OrderEvent.VenueAnswer(cancelled, t), null);
  }

  private void fill(Resting o, long lots, long atNanos) {
    if (lots > 0) {
      execute(o, lots, o.priceTicks, true, atNanos);
    }
  }

  private void execute(Resting o, long lots, long priceTicks, boolean maker, long atNanos) {
    o.executedLots += lots;
    fills++;
    long fee = config.fees().fee(spec, priceTicks, lots, maker);
    OrderStatus status = o.remainingLots() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
    if (status == OrderStatus.FILLED) {
      unrest(o);
    }
    long millis = atNanos / 1_000_000L;
    OwnTrade trade =
        new OwnTrade(
            spec.id(),
            nextTradeId++,
            o.venueOrderId,
            o.request.clientOrderId(),
            o.request.side(),
            priceTicks,
            lots,
            fee,
            maker,
            millis);
    ExecutionEvent e =
        new ExecutionEvent(
            spec.id(), ExecutionType.TRADE, o.view(status, atNanos), trade, "", millis);
    answer(atNanos, t -> new OrderEvent.Executed(e, t), null);
  }

  private void refuse(OrderRequest r, String reason, Kind kind, boolean definitive, long atNanos) {
    answer(
        atNanos,
        t -> new OrderEvent.PlaceRefused(r.clientOrderId(), 0, reason, definitive, t),
        kind);
  }

  /** Rolling-window admission of a new order against every limit. */
  private boolean admitted(long atNanos) {
    if (config.limits() == null) {
      return true;
    }
    List<VenueRateLimits.Limit> limits = config.limits().orders();
    for (int i = 0; i < limits.size(); i++) {
      ArrayDeque<Long> w = windows.get(i);
      while (!w.isEmpty() && w.peekFirst() <= atNanos - limits.get(i).windowNanos()) {
        w.pollFirst();
      }
      if (w.size() >= limits.get(i).count()) {
        return false;
      }
    }
    for (ArrayDeque<Long> w : windows) {
      w.addLast(atNanos);
    }
    return true;
  }

  /** Schedules an answer to reach the strategy after the response latency. */
  private void answer(long atNanos, LongFunction<OrderEvent> event, Kind refusal) {
    long arrives = atNanos + config.response().nextNanos();
    schedule(arrives, new Timed.Answer(event.apply(arrives), refusal));
  }

  private void schedule(long atNanos, Object action) {
    pending.add(new Timed(atNanos, sequence++, action));
    nextDue = Math.min(nextDue, atNanos);
  }

  private void rest(Resting o) {
    resting.put(o.request.clientOrderId(), o);
    if (queued == queue.length) {
      queue = Arrays.copyOf(queue, queued * 2);
    }
    queue[queued++] = o;
  }

  private void unrest(Resting o) {
    resting.remove(o.request.clientOrderId());
    for (int i = 0; i < queued; i++) {
      if (queue[i] == o) {
        System.arraycopy(queue, i + 1, queue, i, queued - i - 1);
        queue[--queued] = null;
        return;
      }
    }
  }

  private static boolean touches(LevelBuffer levels, long price) {
    for (int i = 0; i < levels.count(); i++) {
      if (levels.price(i) == price) {
        return true;
      }
    }
    return false;
  }

  /** One of our orders at the venue. */
  private final class Resting {
    final OrderRequest request;
    final long venueOrderId;
    final boolean buy;
    final long priceTicks;
    long executedLots;
    long levelLots;
    long aheadLots;
    long tradedSinceDepth;

    Resting(OrderRequest request, long venueOrderId, boolean buy) {
      this.request = request;
      this.venueOrderId = venueOrderId;
      this.buy = buy;
      this.priceTicks = request.priceTicks();
    }

    long remainingLots() {
      return request.sizeLots() - executedLots;
    }

    Side bookSide() {
      return buy ? Side.BID : Side.ASK;
    }

    VenueOrder view(OrderStatus status, long atNanos) {
      return new VenueOrder(
          spec.id(),
          request.clientOrderId(),
          venueOrderId,
          request.side(),
          request.type(),
          priceTicks,
          request.sizeLots(),
          executedLots,
          status,
          atNanos / 1_000_000L);
    }
  }

  /** Something due at a time: a request reaching the venue, or an answer reaching us. */
  private record Timed(long atNanos, long sequence, Object action) {
    record Place(OrderRequest request) {}

    record Cancel(String clientOrderId) {}

    record CancelAll() {}

    record Answer(OrderEvent event, Kind refusal) {}
  }
}
