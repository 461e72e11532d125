package com.marketmaker.core.orders;

import static com.marketmaker.core.orders.Orders.BTC;
import static com.marketmaker.core.orders.Orders.IDS;
import static com.marketmaker.core.orders.Orders.SPEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.PnL;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.quote.QuoteLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The order manager's pure parts driven together over seeded random sequences: quote decisions go
 * through the planner, its requests to a small venue model that acknowledges, rejects, fills and
 * cancels (reaching it in any order: a cancel may overtake its placement), and the venue's answers
 * and stream events come back shuffled, duplicated and held back; every so often (and at the end)
 * the entity reconciles. Invariants checked throughout, among them that the position at the venue
 * never goes beyond the limit, whatever the order in which the reports arrive.
 */
class OrderManagementPropertyTest {

  private static final long MS = 1_000_000L;
  private static final long MAX_POSITION = 20;
  private static final VenueRateLimits.Config LIMITS =
      new VenueRateLimits.Config(
          List.of(
              VenueRateLimits.Limit.perSeconds(50, 10), VenueRateLimits.Limit.perSeconds(240, 60)),
          List.of(VenueRateLimits.Limit.perSeconds(100, 10)),
          0.5);

  /** The venue's view of its orders and our trades. */
  private static final class Venue {
    final Map<String, VenueOrder> orders = new LinkedHashMap<>();
    final TreeMap<Long, OwnTrade> trades = new TreeMap<>();
    long nextVenueId = 1;
    long nextTradeId = 1;

    boolean working(String id) {
      VenueOrder o = orders.get(id);
      return o != null && o.status().working();
    }

    List<VenueOrder> open() {
      return orders.values().stream().filter(o -> o.status().working()).toList();
    }

    long position() {
      return trades.values().stream().mapToLong(t -> t.side().sign() * t.sizeLots()).sum();
    }
  }

  /** A request on its way to the venue, sent at {@code sentNanos}. */
  private record Request(long sentNanos, Runnable reach) {}

  /**
   * The venue's open orders and trades as listed at {@code askedNanos}, applied at a later step.
   */
  private record StaleList(
      List<VenueOrder> open, List<OwnTrade> trades, long askedNanos, int applyAtStep) {}

  /**
   * No request reaches the venue later than this after it was sent (the live gateway sends none
   * later than its send deadline, and the venue refuses one older than its recvWindow): the
   * reconciliation's in-flight window.
   */
  private static final long IN_FLIGHT = 2_000 * MS;

  private record Result(
      List<OrderEvent> journal, OrderLedger.State ledger, PnL pnl, List<Long> placeTimes) {}

  @Test
  void invariantsHoldOverRandomSequences() {
    for (long seed = 1; seed <= 25; seed++) {
      run(seed);
    }
  }

  @Test
  void theSameSeedGivesTheSameJournalLedgerAndPnl() {
    for (long seed = 100; seed < 103; seed++) {
      Result a = run(seed);
      Result b = run(seed);
      assertEquals(a.journal(), b.journal());
      assertEquals(a.ledger(), b.ledger());
      assertEquals(a.pnl(), b.pnl());
    }
  }

  private Result run(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    OrderPlanner planner =
        new OrderPlanner(
            BTC,
            new OrderPlanner.Config(
                1,
                0,
                1,
                200 * MS,
                5_000 * MS,
                MAX_POSITION,
                1_000 * MS,
                3_000 * MS,
                OrderType.LIMIT_MAKER,
                TimeInForce.GTC));
    OrderLedger ledger = new OrderLedger(IDS);
    VenueRateLimits limits = new VenueRateLimits(LIMITS, 0);
    Venue venue = new Venue();
    List<OrderEvent> journal = new ArrayList<>();
    List<LongFunction<OrderEvent>> inFlight = new ArrayList<>();
    List<Request> toVenue = new ArrayList<>();
    StaleList stale = null;
    Set<Long> booked = new HashSet<>();
    PnL[] pnl = {PnL.FLAT};
    List<Long> placeTimes = new ArrayList<>();
    List<Long> cancelTimes = new ArrayList<>();
    long now = 0;
    long mid = 100_000;

    for (int step = 0; step < 400; step++) {
      now += 1 + rnd.nextLong(300 * MS);
      mid += rnd.nextInt(8) == 0 ? rnd.nextInt(7) - 3 : 0;
      QuoteDecision decision = randomDecision(rnd, mid);

      OrderPlanner.Plan plan = planner.plan(decision, ledger, pnl[0].inventoryLots(), now, limits);
      for (OrderEvent e : plan.events(now)) {
        journal.add(e);
        ledger.apply(e);
      }
      checkOneOrderPerLevel(ledger, seed);
      for (OrderPlanner.Action a : plan.actions()) {
        if (a instanceof OrderPlanner.Place p) {
          placeTimes.add(now);
          Side side = p.request().side();
          long worst =
              side == Side.BUY
                  ? pnl[0].inventoryLots() + ledger.openExposure(Side.BUY)
                  : -pnl[0].inventoryLots() + ledger.openExposure(Side.SELL);
          assertTrue(worst <= MAX_POSITION, "seed " + seed + ": placed beyond the limit");
          toVenue.add(new Request(now, () -> place(venue, p.request(), rnd, inFlight)));
        } else if (a instanceof OrderPlanner.Cancel c) {
          cancelTimes.add(now);
          toVenue.add(new Request(now, () -> cancel(venue, c.clientOrderId(), inFlight)));
        }
      }
      arrive(rnd, toVenue, false);
      arriveSentBefore(toVenue, now - IN_FLIGHT);
      fill(venue, rnd, now, inFlight);
      assertTrue(
          Math.abs(venue.position()) <= MAX_POSITION,
          "seed " + seed + ": the venue's position " + venue.position() + " beyond the limit");
      deliver(rnd, now, inFlight, toVenue, journal, ledger, booked, pnl, venue, seed);
      if (step % 60 == 29) {
        // A list asked for now, with requests still on their way to the venue, comes back a few
        // steps later: reports that arrive meanwhile are newer than it.
        long from = ledger.reconcileFromTradeId();
        stale =
            new StaleList(
                List.copyOf(venue.open()),
                List.copyOf(venue.trades.tailMap(from, true).values()),
                now,
                step + 1 + rnd.nextInt(10));
      }
      if (stale != null && step == stale.applyAtStep()) {
        Reconciler.Reconciliation r =
            Reconciler.reconcile(
                ledger, stale.open(), stale.trades(), true, now, stale.askedNanos(), IN_FLIGHT);
        journal.add(r.event());
        book(ledger.apply(r.event()), booked, pnl, seed);
        for (VenueOrder o : r.cancel()) {
          toVenue.add(new Request(now, () -> cancel(venue, o.clientOrderId(), inFlight)));
        }
        checkOneOrderPerLevel(ledger, seed);
        stale = null;
      }
      if (step % 60 == 59) {
        // the list is asked for once every request sent before it has reached the venue (the
        // live entity's in-flight window)
        arrive(rnd, toVenue, true);
        reconcile(venue, ledger, journal, booked, pnl, now, inFlight, seed);
      }
    }
    // drain what is still in flight (late, shuffled, duplicated), then a final reconciliation
    arrive(rnd, toVenue, true);
    while (!inFlight.isEmpty()) {
      now += MS;
      deliver(rnd, now, inFlight, toVenue, journal, ledger, booked, pnl, venue, seed);
      arrive(rnd, toVenue, true);
    }
    // Every report has now arrived: every order working at the venue is working in the ledger. No
    // reconciliation, however old its list, closed an order the venue still has.
    for (VenueOrder o : venue.open()) {
      TrackedOrder t = ledger.find(o.clientOrderId());
      assertTrue(
          t != null && t.state().working(),
          "seed " + seed + ": " + o.clientOrderId() + " works at the venue, the ledger has " + t);
    }
    reconcile(venue, ledger, journal, booked, pnl, now + MS, inFlight, seed);

    assertEquals(venue.trades.keySet(), booked, "seed " + seed + ": every trade booked once");
    assertEquals(venue.position(), pnl[0].inventoryLots(), "seed " + seed);
    long sumOfFills = 0;
    for (long id : booked) {
      OwnTrade t = venue.trades.get(id);
      sumOfFills += t.side().sign() * t.sizeLots();
    }
    assertEquals(sumOfFills, pnl[0].inventoryLots(), "inventory is the sum of applied fills");
    assertEquals(pnl[0].realized(), pnl[0].tradingCash() + pnl[0].openCost());

    // replaying the journal rebuilds the same ledger and books the same trades
    OrderLedger replayed = new OrderLedger(IDS);
    PnL replayedPnl = PnL.FLAT;
    for (OrderEvent e : journal) {
      for (OwnTrade t : replayed.apply(e).booked()) {
        replayedPnl = replayedPnl.apply(t, SPEC);
      }
    }
    assertEquals(ledger.snapshot(), replayed.snapshot(), "seed " + seed + ": replay");
    assertEquals(pnl[0], replayedPnl);

    for (VenueRateLimits.Limit l : LIMITS.orders()) {
      assertWithin(placeTimes, l, "seed " + seed + " places");
    }
    for (VenueRateLimits.Limit l : LIMITS.cancels()) {
      assertWithin(cancelTimes, l, "seed " + seed + " cancels");
    }
    assertTrue(booked.size() >= 15, "seed " + seed + ": the run traded (" + booked.size() + ")");
    return new Result(journal, ledger.snapshot(), pnl[0], placeTimes);
  }

  private static QuoteDecision randomDecision(SplittableRandom rnd, long mid) {
    if (rnd.nextInt(100) == 0) {
      return QuoteDecision.pull("random pull", List.of());
    }
    // the ladder's depth changes now and then, as when parameters are updated
    int levels = rnd.nextInt(15) == 0 ? 1 + rnd.nextInt(5) : 3;
    long half = 2 + (rnd.nextInt(10) == 0 ? 1 : 0);
    List<QuoteLevel> bids = new ArrayList<>();
    List<QuoteLevel> asks = new ArrayList<>();
    for (int i = 0; i < levels; i++) {
      bids.add(new QuoteLevel(mid - half - 2L * i, rnd.nextInt(30) == 0 ? 8 : 5));
      asks.add(new QuoteLevel(mid + half + 2L * i, rnd.nextInt(30) == 0 ? 8 : 5));
    }
    int oneSided = rnd.nextInt(60);
    return new QuoteDecision(
        QuoteDecision.Action.QUOTE,
        oneSided == 0 ? List.of() : bids,
        oneSided == 1 ? List.of() : asks,
        "",
        List.of());
  }

  private static void place(
      Venue venue, OrderRequest r, SplittableRandom rnd, List<LongFunction<OrderEvent>> inFlight) {
    if (rnd.nextInt(25) == 0) {
      String id = r.clientOrderId();
      inFlight.add(
          t -> new OrderEvent.PlaceRefused(id, -2010, "Order would immediately match", true, t));
      return;
    }
    VenueOrder o =
        new VenueOrder(
            BTC,
            r.clientOrderId(),
            venue.nextVenueId++,
            r.side(),
            r.type(),
            r.priceTicks(),
            r.sizeLots(),
            0,
            OrderStatus.NEW,
            0);
    venue.orders.put(o.clientOrderId(), o);
    inFlight.add(t -> new OrderEvent.VenueAnswer(o, t));
    inFlight.add(
        t ->
            new OrderEvent.Executed(new ExecutionEvent(BTC, ExecutionType.NEW, o, null, "", 0), t));
  }

  private static void cancel(Venue venue, String id, List<LongFunction<OrderEvent>> inFlight) {
    if (!venue.working(id)) {
      inFlight.add(t -> new OrderEvent.CancelRefused(id, -2011, "Unknown order sent.", true, t));
      return;
    }
    VenueOrder o = venue.orders.get(id);
    VenueOrder done =
        new VenueOrder(
            BTC,
            id,
            o.venueOrderId(),
            o.side(),
            o.type(),
            o.priceTicks(),
            o.sizeLots(),
            o.executedLots(),
            OrderStatus.CANCELED,
            0);
    venue.orders.put(id, done);
    inFlight.add(t -> new OrderEvent.VenueAnswer(done, t));
    inFlight.add(
        t ->
            new OrderEvent.Executed(
                new ExecutionEvent(BTC, ExecutionType.CANCELED, done, null, "", 0), t));
  }

  private static void fill(
      Venue venue, SplittableRandom rnd, long now, List<LongFunction<OrderEvent>> inFlight) {
    for (VenueOrder o : List.copyOf(venue.orders.values())) {
      if (!o.status().working() || rnd.nextInt(30) != 0) {
        continue;
      }
      long lots = 1 + rnd.nextLong(o.remainingLots());
      long executed = o.executedLots() + lots;
      VenueOrder after =
          new VenueOrder(
              BTC,
              o.clientOrderId(),
              o.venueOrderId(),
              o.side(),
              o.type(),
              o.priceTicks(),
              o.sizeLots(),
              executed,
              executed == o.sizeLots() ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED,
              0);
      venue.orders.put(o.clientOrderId(), after);
      venue.nextTradeId += 1 + rnd.nextInt(5); // other participants trade too
      OwnTrade trade =
          new OwnTrade(
              BTC,
              venue.nextTradeId,
              o.venueOrderId(),
              o.clientOrderId(),
              o.side(),
              o.priceTicks(),
              lots,
              0,
              true,
              now / MS);
      venue.trades.put(trade.tradeId(), trade);
      inFlight.add(
          t ->
              new OrderEvent.Executed(
                  new ExecutionEvent(BTC, ExecutionType.TRADE, after, trade, "", 0), t));
    }
  }

  /**
   * Requests reach the venue in any order (separate connections): a random part of those sent, or
   * all of them; a cancel can arrive before the placement it cancels.
   */
  private static void arrive(SplittableRandom rnd, List<Request> toVenue, boolean all) {
    while (!toVenue.isEmpty()) {
      if (!all && rnd.nextInt(2) == 0) {
        return;
      }
      toVenue.remove(rnd.nextInt(toVenue.size())).reach().run();
    }
  }

  /** Requests sent before {@code cutoffNanos} reach the venue now, in the order they were sent. */
  private static void arriveSentBefore(List<Request> toVenue, long cutoffNanos) {
    for (int i = 0; i < toVenue.size(); ) {
      if (toVenue.get(i).sentNanos() < cutoffNanos) {
        toVenue.remove(i).reach().run();
      } else {
        i++;
      }
    }
  }

  /** Delivers a random part of what is in flight, shuffled; some twice, some held back. */
  private static void deliver(
      SplittableRandom rnd,
      long now,
      List<LongFunction<OrderEvent>> inFlight,
      List<Request> toVenue,
      List<OrderEvent> journal,
      OrderLedger ledger,
      Set<Long> booked,
      PnL[] pnl,
      Venue venue,
      long seed) {
    int n = inFlight.isEmpty() ? 0 : 1 + rnd.nextInt(inFlight.size());
    for (int k = 0; k < n && !inFlight.isEmpty(); k++) {
      int at = rnd.nextInt(inFlight.size());
      LongFunction<OrderEvent> next = inFlight.get(at);
      int fate = rnd.nextInt(50);
      if (fate >= 5) {
        inFlight.remove(at); // delivered once; otherwise delivered again later, or held back (0)
      }
      if (fate == 0) {
        continue;
      }
      OrderEvent e = next.apply(now);
      journal.add(e);
      OrderLedger.Applied applied = ledger.apply(e);
      book(applied, booked, pnl, seed);
      for (VenueOrder orphan : applied.orphans()) {
        toVenue.add(new Request(now, () -> cancel(venue, orphan.clientOrderId(), inFlight)));
      }
      checkOneOrderPerLevel(ledger, seed);
    }
  }

  private static void book(OrderLedger.Applied applied, Set<Long> booked, PnL[] pnl, long seed) {
    for (OwnTrade t : applied.booked()) {
      assertTrue(booked.add(t.tradeId()), "seed " + seed + ": trade " + t.tradeId() + " twice");
      pnl[0] = pnl[0].apply(t, SPEC);
    }
  }

  private static void reconcile(
      Venue venue,
      OrderLedger ledger,
      List<OrderEvent> journal,
      Set<Long> booked,
      PnL[] pnl,
      long now,
      List<LongFunction<OrderEvent>> inFlight,
      long seed) {
    long from = ledger.reconcileFromTradeId();
    List<OwnTrade> trades = List.copyOf(venue.trades.tailMap(from, true).values());
    Reconciler.Reconciliation r = Reconciler.reconcile(ledger, venue.open(), trades, true, now);
    journal.add(r.event());
    book(ledger.apply(r.event()), booked, pnl, seed);
    assertEquals(
        describe(venue.open()),
        describe(ledger.workingOrders()),
        "seed " + seed + ": after reconciliation the working orders are the venue's");
    assertTrue(
        booked.containsAll(venue.trades.keySet()), "seed " + seed + ": no trade left unbooked");
    for (VenueOrder o : r.cancel()) {
      cancel(venue, o.clientOrderId(), inFlight);
    }
    checkOneOrderPerLevel(ledger, seed);
  }

  private static Map<String, String> describe(List<?> orders) {
    Map<String, String> out = new HashMap<>();
    for (Object x : orders) {
      if (x instanceof VenueOrder v) {
        out.put(
            v.clientOrderId(),
            v.side() + " " + v.priceTicks() + " " + v.sizeLots() + " " + v.executedLots());
      } else {
        TrackedOrder o = (TrackedOrder) x;
        out.put(
            o.clientOrderId(),
            o.side() + " " + o.priceTicks() + " " + o.sizeLots() + " " + o.executedLots());
      }
    }
    return out;
  }

  private static void checkOneOrderPerLevel(OrderLedger ledger, long seed) {
    Set<String> held = new HashSet<>();
    for (int i = 0; i < ledger.workingCount(); i++) {
      TrackedOrder o = ledger.working(i);
      if (o.state().holdsSlot() && o.level() >= 0) {
        assertTrue(
            held.add(o.side() + "/" + o.level()),
            "seed "
                + seed
                + ": two orders hold "
                + o.side()
                + " level "
                + o.level()
                + " "
                + ledger.workingOrders());
      }
    }
  }

  private static void assertWithin(List<Long> times, VenueRateLimits.Limit limit, String what) {
    int lo = 0;
    for (int hi = 0; hi < times.size(); hi++) {
      while (times.get(hi) - times.get(lo) >= limit.windowNanos()) {
        lo++;
      }
      assertTrue(
          hi - lo + 1 <= limit.count(), what + ": more than " + limit.count() + " in a window");
    }
  }
}
