package com.marketmaker.simulator.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.replay.Faults;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.simulator.ws.StreamHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exchange kept in a state folder, closed and opened again: the same ledger, the same orders
 * (the working ones back on the book), ids that never repeat; and what it does with a state file
 * cut short by a kill or damaged otherwise. Prices in ticks of 0.01 and quantities in lots of 0.001
 * on the default synthetic instruments.
 */
class ExchangeJournalTest {

  static final String S1 = "SYN001USDT";
  static final String S2 = "SYN002USDT";
  static final List<ExchangeAccount> ACCOUNTS =
      List.of(
          new ExchangeAccount("mm", "mmKey1", "mm-secret-0001"),
          new ExchangeAccount("other", "otherKey2", "other-secret-02"));

  static ActorSystem<Void> system;

  @TempDir Path dir;
  long now = 1_700_000_000_000L;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), "exchange-journal-test");
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  Exchange open(Path stateDir, int instruments) {
    return new Exchange(
        Dialect.SPOT,
        SyntheticInstrument.defaults(instruments),
        ACCOUNTS,
        FeeSchedule.of("-0.0001", "0.0005"),
        1_000,
        Duration.ofMinutes(60),
        100,
        new StreamHub("SPOT", system, 64, Duration.ofSeconds(5), Duration.ofHours(1)),
        new Faults(),
        () -> now,
        stateDir,
        RETENTION,
        FILL_RETENTION);
  }

  /** The kept state's retention of orders that ended without a fill, in these tests. */
  static final Duration RETENTION = Duration.ofDays(1);

  /** The kept state's retention of fills and of orders that ended with one, in these tests. */
  static final Duration FILL_RETENTION = Duration.ofDays(2);

  Exchange open() {
    return open(dir, 2);
  }

  static MatchingEngine engine(Exchange ex, String symbol) {
    return ex.instrument(symbol).engine();
  }

  MatchingEngine.Result place(
      Exchange ex,
      String symbol,
      String account,
      String cid,
      Side side,
      OrderType type,
      TimeInForce tif,
      long price,
      long lots) {
    now += 7;
    return engine(ex, symbol)
        .place(
            new MatchingEngine.NewOrder(account, cid, side, type, tif, PostOnly.NONE, price, lots));
  }

  MatchingEngine.Result limit(
      Exchange ex, String symbol, String account, String cid, Side side, long price, long lots) {
    return place(ex, symbol, account, cid, side, OrderType.LIMIT, TimeInForce.GTC, price, lots);
  }

  /** What a venue's clients can see of its trading accounts, to compare two runs. */
  record Picture(
      List<LedgerEntry> ledger,
      Map<String, List<OrderView>> open,
      Map<String, OrderView> orders,
      Map<String, Long> restingLots) {}

  static Picture picture(Exchange ex, Map<String, List<Long>> orderIds) {
    Map<String, List<OrderView>> open = new LinkedHashMap<>();
    Map<String, OrderView> orders = new LinkedHashMap<>();
    Map<String, Long> resting = new LinkedHashMap<>();
    for (String symbol : List.of(S1, S2)) {
      MatchingEngine e = engine(ex, symbol);
      for (ExchangeAccount a : ACCOUNTS) {
        open.put(symbol + "/" + a.name(), e.openOrders(a.name()));
        for (OrderView o : e.openOrders(a.name())) {
          com.marketmaker.core.book.Side bookSide =
              o.side() == Side.BUY
                  ? com.marketmaker.core.book.Side.BID
                  : com.marketmaker.core.book.Side.ASK;
          resting.put(symbol + "/" + o.priceTicks(), e.levelLots(bookSide, o.priceTicks()));
        }
      }
      for (long id : orderIds.getOrDefault(symbol, List.of())) {
        for (ExchangeAccount a : ACCOUNTS) {
          try {
            orders.put(symbol + "/" + id, e.order(a.name(), id, null));
          } catch (OrderRejectedException notTheirs) {
            // another account's order
          }
        }
      }
    }
    return new Picture(ex.ledger().entries(null, null), open, orders, resting);
  }

  /**
   * Trades on both instruments: resting orders, partial and full fills both ways, a maker rebate
   * and taker fees, a cancel, an IOC and a FOK that expire, a self-trade prevention, the crowd
   * trading against the account. The ids of the trading accounts' orders, per symbol.
   */
  Map<String, List<Long>> trade(Exchange ex) {
    List<Long> s1 = new ArrayList<>();
    List<Long> s2 = new ArrayList<>();
    s1.add(limit(ex, S1, "mm", "b1", Side.BUY, 10_000, 1_000).order().orderId());
    s1.add(limit(ex, S1, "mm", "a1", Side.SELL, 10_100, 500).order().orderId());
    // other sells 300 into b1: b1 partially filled (maker rebate), other taker
    s1.add(limit(ex, S1, "other", "o1", Side.SELL, 10_000, 300).order().orderId());
    // other takes all of a1 with an IOC, the rest of which expires
    MatchingEngine.Result ioc =
        place(ex, S1, "other", "o2", Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 10_100, 800);
    assertEquals(OrderStatus.EXPIRED, ioc.order().status());
    assertEquals(500, ioc.order().executedLots());
    s1.add(ioc.order().orderId());
    long b2 = limit(ex, S1, "mm", "b2", Side.BUY, 9_990, 200).order().orderId();
    s1.add(b2);
    now += 3;
    engine(ex, S1).cancel("mm", b2, null, "cx1");
    // the crowd rests an ask and sells 200 into b1
    limit(ex, S1, ExchangeAccount.CROWD, null, Side.SELL, 10_050, 100);
    place(
        ex, S1, ExchangeAccount.CROWD, null, Side.SELL, OrderType.MARKET, TimeInForce.GTC, 0, 200);
    // mm's sell meets its own bid first: expired by self-trade prevention
    MatchingEngine.Result stp = limit(ex, S1, "mm", "a2", Side.SELL, 10_000, 100);
    assertTrue(stp.order().expiredInMatch());
    s1.add(stp.order().orderId());
    MatchingEngine.Result fok =
        place(ex, S1, "mm", "f1", Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 10_050, 1_000);
    assertEquals(OrderStatus.EXPIRED, fok.order().status());
    s1.add(fok.order().orderId());
    // mm takes half of the crowd's ask
    MatchingEngine.Result take = limit(ex, S1, "mm", "b3", Side.BUY, 10_050, 50);
    assertEquals(OrderStatus.FILLED, take.order().status());
    s1.add(take.order().orderId());
    // on the second instrument mm's ask rests, partly taken by the crowd
    s2.add(limit(ex, S2, "mm", "s1", Side.SELL, 10_200, 400).order().orderId());
    place(ex, S2, ExchangeAccount.CROWD, null, Side.BUY, OrderType.MARKET, TimeInForce.GTC, 0, 150);
    return Map.of(S1, s1, S2, s2);
  }

  static long maxTradeId(Exchange ex) {
    return ex.ledger().entries(null, null).stream().mapToLong(LedgerEntry::tradeId).max().orElse(0);
  }

  @Test
  void aReopenedExchangeHasTheSameLedgerAndOrdersAndItsIdsContinue() {
    Exchange first = open();
    Map<String, List<Long>> ids = trade(first);
    Picture before = picture(first, ids);
    // sanity: what was traded is there (fills on both sides, fees and a rebate)
    // b1 x o1, a1 x o2 (both sides each), the crowd into b1, b3 into the crowd, the crowd into s1
    assertEquals(7, before.ledger().size(), before.ledger().toString());
    assertTrue(before.ledger().stream().anyMatch(e -> e.fee() < 0));
    assertTrue(before.ledger().stream().anyMatch(e -> e.fee() > 0));
    OrderView b1 = before.orders().get(S1 + "/" + ids.get(S1).get(0));
    assertEquals(OrderStatus.PARTIALLY_FILLED, b1.status());
    assertEquals(500, b1.executedLots());
    long highestOrderId = ids.get(S1).stream().mapToLong(Long::longValue).max().orElseThrow();
    long highestTradeId = maxTradeId(first);
    first.close();
    assertFalse(first.available(), "a closed exchange acknowledges nothing more");

    Exchange second = open();
    Picture after = picture(second, ids);
    assertEquals(before.ledger(), after.ledger());
    assertEquals(before.orders(), after.orders());
    assertEquals(before.open(), after.open());
    // the working orders rest on the book again, alone at their levels (the crowd's are not kept)
    assertEquals(Map.of(S1 + "/10000", 500L, S2 + "/10200", 250L), after.restingLots());
    assertEquals(10_000, engine(second, S1).bestBid());
    assertEquals(-1, engine(second, S1).bestAsk());
    assertEquals(b1, engine(second, S1).order("mm", -1, "b1"));
    assertEquals(List.of(), second.ledger().page("mm", S1, highestTradeId + 1, 10));

    // new orders and trades take ids never used before
    MatchingEngine.Result bid = limit(second, S1, "mm", "b4", Side.BUY, 9_000, 10);
    assertTrue(bid.order().orderId() > highestOrderId, "order id " + bid.order().orderId());
    MatchingEngine.Result hit = limit(second, S1, "other", "o3", Side.SELL, 10_000, 500);
    assertEquals(1, hit.fills().size());
    long newTrade = hit.fills().get(0).tradeId();
    assertTrue(newTrade > highestTradeId, "trade id " + newTrade);
    OrderView b1Filled = engine(second, S1).order("mm", b1.orderId(), null);
    assertEquals(OrderStatus.FILLED, b1Filled.status());
    assertEquals(1_000, b1Filled.executedLots());
    // the crowd's trades take fresh ids too
    limit(second, S2, ExchangeAccount.CROWD, null, Side.BUY, 10_200, 50);
    List<LedgerEntry> s2Fills = second.ledger().entries("mm", S2);
    assertEquals(2, s2Fills.size());
    assertTrue(s2Fills.get(1).tradeId() > highestTradeId);
    List<Long> kept = List.of(b1.orderId(), bid.order().orderId());
    Picture secondRun = picture(second, Map.of(S1, kept));
    long secondHighestOrder = hit.order().orderId();
    long secondHighestTrade = maxTradeId(second);
    second.close();

    Exchange third = open();
    Picture again = picture(third, Map.of(S1, kept));
    assertEquals(secondRun, again);
    assertEquals(10, again.ledger().size());
    MatchingEngine.Result later = limit(third, S1, "mm", "b5", Side.BUY, 9_001, 10);
    assertTrue(later.order().orderId() > secondHighestOrder);
    MatchingEngine.Result cross = limit(third, S1, "other", "o4", Side.SELL, 9_000, 10);
    assertTrue(cross.fills().get(0).tradeId() > secondHighestTrade);
    third.close();
  }

  Path journal() {
    return dir.resolve("binance-spot.journal");
  }

  Path snapshot() {
    return dir.resolve("binance-spot.snapshot");
  }

  List<String> journalLines() throws Exception {
    return Files.readAllLines(journal(), StandardCharsets.ISO_8859_1);
  }

  void writeJournal(List<String> lines) throws Exception {
    Files.writeString(journal(), String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
  }

  /** The index of the first journal line of {@code kind} for an order. */
  static int lineOf(List<String> lines, String kind, String symbol, long orderId) {
    for (int i = 0; i < lines.size(); i++) {
      String[] t = lines.get(i).split(" ");
      if (t[1].equals(kind) && t[2].equals(symbol) && t[4].equals(Long.toString(orderId))) {
        return i;
      }
    }
    throw new AssertionError("no " + kind + " of order " + orderId);
  }

  @Test
  void aRecordCutShortByAKillIsDroppedAndTheStartGoesOn() throws Exception {
    Exchange first = open();
    long b1 = limit(first, S1, "mm", "b1", Side.BUY, 10_000, 1_000).order().orderId();
    now += 5;
    engine(first, S1).cancel("mm", b1, null, null);
    first.close();
    // the cancel was the last record; the kill came in the middle of writing it
    byte[] bytes = Files.readAllBytes(journal());
    Files.write(journal(), Arrays.copyOf(bytes, bytes.length - 6));

    Exchange second = open();
    OrderView o = engine(second, S1).order("mm", b1, null);
    assertEquals(OrderStatus.NEW, o.status(), "the cancel never happened for the venue");
    assertEquals(List.of(o), engine(second, S1).openOrders("mm"));
    // it can be cancelled now, and that sticks
    now += 5;
    engine(second, S1).cancel("mm", b1, null, null);
    second.close();
    Exchange third = open();
    assertEquals(OrderStatus.CANCELED, engine(third, S1).order("mm", b1, null).status());
    assertTrue(engine(third, S1).openOrders("mm").isEmpty());
    third.close();
  }

  @Test
  void trailingGarbageWithoutANewlineIsDroppedToo() throws Exception {
    Exchange first = open();
    Map<String, List<Long>> ids = trade(first);
    Picture before = picture(first, ids);
    first.close();
    Files.writeString(journal(), "9999 FILL SYN00", StandardOpenOption.APPEND);
    Exchange second = open();
    assertEquals(before, picture(second, ids));
    second.close();
  }

  @Test
  void aDamagedRecordInTheMiddleStopsTheStartNamingTheFile() throws Exception {
    Exchange first = open();
    Map<String, List<Long>> ids = trade(first);
    first.close();
    List<String> lines = journalLines();
    // a digit of the first fill's price changes (b1 at 100.00 read as 100.01)
    int i = lineOf(lines, "FILL", S1, ids.get(S1).get(0));
    List<String> damaged = new ArrayList<>(lines);
    damaged.set(i, lines.get(i).replaceFirst(" 10000 300 ", " 10001 300 "));
    assertTrue(!damaged.get(i).equals(lines.get(i)));
    writeJournal(damaged);
    byte[] snapshotBefore = Files.readAllBytes(snapshot());

    IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
    assertTrue(e.getMessage().contains(journal().toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("line " + (i + 1)), e.getMessage());
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    // nothing was touched: neither a fresh account nor a rewritten snapshot
    assertEquals(damaged, journalLines());
    assertTrue(Arrays.equals(snapshotBefore, Files.readAllBytes(snapshot())));
    // and the folder is not left locked
    writeJournal(lines);
    open().close();
  }

  @Test
  void aRecordWithAValidChecksumThatDoesNotFitTheStateIsRefused() throws Exception {
    Exchange first = open();
    Map<String, List<Long>> ids = trade(first);
    first.close();
    List<String> lines = journalLines();
    int i = lineOf(lines, "FILL", S1, ids.get(S1).get(0));
    List<String> t = new ArrayList<>(List.of(lines.get(i).split(" ")));
    t.remove(t.size() - 1);
    t.set(8, Long.toString(Long.parseLong(t.get(8)) + 1)); // the quote amount, off by 10^-8
    List<String> damaged = new ArrayList<>(lines);
    damaged.set(i, JournalCodec.encode(t).stripTrailing());
    writeJournal(damaged);
    IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
    assertTrue(e.getMessage().contains("line " + (i + 1)), e.getMessage());
    assertTrue(e.getMessage().contains("not price times quantity"), e.getMessage());
  }

  @Test
  void aMissingRecordInTheMiddleIsRefused() throws Exception {
    Exchange first = open();
    trade(first);
    first.close();
    List<String> lines = new ArrayList<>(journalLines());
    lines.remove(lines.size() / 2);
    writeJournal(lines);
    IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
    assertTrue(e.getMessage().contains("binance-spot.journal"), e.getMessage());
    assertTrue(e.getMessage().contains("follows record"), e.getMessage());
  }

  @Test
  void aDamagedSnapshotIsRefused() throws Exception {
    Exchange first = open();
    trade(first);
    first.close();
    open().close(); // compacts the journal into the snapshot
    List<String> lines =
        new ArrayList<>(Files.readAllLines(snapshot(), StandardCharsets.ISO_8859_1));
    int i = lines.size() / 2;
    lines.set(i, lines.get(i).replace('1', '2'));
    Files.writeString(snapshot(), String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
    IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
    assertTrue(e.getMessage().contains("binance-spot.snapshot line " + (i + 1)), e.getMessage());
  }

  @Test
  void aSnapshotCutShortIsRefused() throws Exception {
    Exchange first = open();
    trade(first);
    first.close();
    open().close();
    byte[] bytes = Files.readAllBytes(snapshot());
    Files.write(snapshot(), Arrays.copyOf(bytes, bytes.length / 2));
    IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
    assertTrue(e.getMessage().contains("binance-spot.snapshot"), e.getMessage());
  }

  @Test
  void theSameFolderCannotBeOpenedTwice() {
    Exchange first = open();
    IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
    assertTrue(e.getMessage().contains("in use"), e.getMessage());
    first.close();
    open().close();
  }

  @Test
  void withoutAStateFolderEveryStartIsAFreshVenue() throws Exception {
    Exchange first = open(null, 2);
    MatchingEngine.Result r = limit(first, S1, "mm", "b1", Side.BUY, 10_000, 100);
    assertEquals(1, r.order().orderId());
    MatchingEngine.Result t = limit(first, S1, "other", "o1", Side.SELL, 10_000, 100);
    assertEquals(1, t.fills().get(0).tradeId());
    first.close();
    assertTrue(first.available(), "nothing to keep, nothing to fail");
    Exchange second = open(null, 2);
    assertTrue(second.ledger().entries(null, null).isEmpty());
    assertEquals(1, limit(second, S1, "mm", "b1", Side.BUY, 10_000, 100).order().orderId());
    assertTrue(second.restoredMark(S1) == null);
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void anInstrumentNoLongerConfiguredIsKeptForWhenItComesBack() {
    Exchange first = open();
    long s1 = limit(first, S2, "mm", "s1", Side.SELL, 10_200, 400).order().orderId();
    first.checkpoint(Map.of(S2, new ExchangeJournal.Mark(9.25, 0)));
    first.close();
    Exchange only = open(dir, 1);
    assertTrue(only.instrument(S2) == null);
    only.close();
    Exchange both = open();
    assertEquals(s1, engine(both, S2).openOrders("mm").get(0).orderId());
    assertEquals(new ExchangeJournal.Mark(9.25, 0), both.restoredMark(S2));
    both.close();
  }

  @Test
  void aWorkingOrderThatCannotRestIsExpiredAndThatIsKept() throws Exception {
    Exchange first = open();
    long b1 = limit(first, S1, "mm", "b1", Side.BUY, 10_000, 100).order().orderId();
    first.close();
    // as if the run ended inside the matching of an IOC: accepted, neither filled nor expired
    List<String> lines = new ArrayList<>(journalLines());
    List<String> t = new ArrayList<>(List.of(lines.get(lineOf(lines, "NEW", S1, b1)).split(" ")));
    t.remove(t.size() - 1);
    t.set(0, Long.toString(lines.size() + 1));
    t.set(4, Long.toString(b1 + 1));
    t.set(5, "i1");
    t.set(8, "IOC");
    t.set(13, "-1");
    lines.add(JournalCodec.encode(t).stripTrailing());
    writeJournal(lines);
    Exchange second = open();
    OrderView ioc = engine(second, S1).order("mm", b1 + 1, null);
    assertEquals(OrderStatus.EXPIRED, ioc.status());
    assertEquals(1, engine(second, S1).openOrders("mm").size());
    second.close();
    Exchange third = open();
    assertEquals(OrderStatus.EXPIRED, engine(third, S1).order("mm", b1 + 1, null).status());
    assertNotNull(engine(third, S1).order("mm", -1, "b1"));
    third.close();
  }

  @Test
  void ordersThatEndedUnfilledAreForgottenAfterTheRetentionButTheirIdsAreNotReused() {
    Exchange first = open();
    long b1 = limit(first, S1, "mm", "b1", Side.BUY, 9_900, 100).order().orderId();
    long b2 = limit(first, S1, "mm", "b2", Side.BUY, 10_000, 100).order().orderId();
    limit(first, S1, "other", "o1", Side.SELL, 10_000, 40);
    long b3 = limit(first, S1, "mm", "b3", Side.BUY, 9_800, 100).order().orderId();
    engine(first, S1).cancel("mm", b1, null, null);
    engine(first, S1).cancel("mm", b2, null, null);
    first.close();
    now += RETENTION.toMillis() - 1_000;
    open().close();
    now += 2_000;

    Exchange later = open();
    MatchingEngine e = engine(later, S1);
    OrderRejectedException gone =
        assertThrows(OrderRejectedException.class, () -> e.order("mm", b1, null));
    assertEquals(-2013, gone.code());
    assertEquals(OrderStatus.CANCELED, e.order("mm", b2, null).status());
    assertEquals(40, e.order("mm", b2, null).executedLots());
    assertEquals(List.of(b3), e.openOrders("mm").stream().map(OrderView::orderId).toList());
    assertEquals(2, later.ledger().entries(null, null).size());
    assertTrue(limit(later, S1, "mm", "b1", Side.BUY, 9_900, 100).order().orderId() > b3 + 1);
    later.close();
  }

  @Test
  void filledOrdersAndTheirFillsAreForgottenAfterTheFillRetentionTheWorkingOnesKeepTheirs() {
    Exchange first = open();
    long b1 = limit(first, S1, "mm", "b1", Side.BUY, 10_000, 100).order().orderId();
    long o1 = limit(first, S1, "other", "o1", Side.SELL, 10_000, 100).order().orderId();
    long b2 = limit(first, S1, "mm", "b2", Side.BUY, 9_990, 100).order().orderId();
    long o2 = limit(first, S1, "other", "o2", Side.SELL, 9_990, 40).order().orderId();
    assertEquals(4, first.ledger().entries(null, null).size());
    long lastTrade = maxTradeId(first);
    first.close();
    now += FILL_RETENTION.toMillis() - 1_000;
    Exchange second = open();
    assertEquals(4, second.ledger().entries(null, null).size());
    assertEquals(OrderStatus.FILLED, engine(second, S1).order("mm", b1, null).status());
    second.close();
    now += 2_000;

    Exchange later = open();
    MatchingEngine e = engine(later, S1);
    for (long id : new long[] {b1, o1, o2}) {
      String account = id == b1 ? "mm" : "other";
      OrderRejectedException gone =
          assertThrows(OrderRejectedException.class, () -> e.order(account, id, null));
      assertEquals(-2013, gone.code());
    }
    // b2 still rests, with the fill it had two days ago: that fill stays with it.
    assertEquals(OrderStatus.PARTIALLY_FILLED, e.order("mm", b2, null).status());
    assertEquals(40, e.order("mm", b2, null).executedLots());
    assertEquals(List.of(b2), e.openOrders("mm").stream().map(OrderView::orderId).toList());
    List<LedgerEntry> held = later.ledger().entries(null, null);
    assertEquals(1, held.size());
    assertEquals(b2, held.get(0).orderId());
    assertEquals(40, held.get(0).lots());
    // Ids go on after those of the forgotten orders and fills.
    limit(later, S1, "other", "o3", Side.SELL, 9_990, 60);
    assertEquals(OrderStatus.FILLED, e.order("mm", b2, null).status());
    assertTrue(maxTradeId(later) > lastTrade);
    later.close();

    // And the next start keeps the same.
    Exchange again = open();
    assertEquals(later.ledger().entries(null, null), again.ledger().entries(null, null));
    again.close();
  }

  @Test
  void restoredOrdersThatEndedUnfilledAreForgottenWhileTheVenueRuns() {
    Exchange first = open();
    long b1 = limit(first, S1, "mm", "b1", Side.BUY, 9_900, 100).order().orderId();
    engine(first, S1).cancel("mm", b1, null, null);
    long b2 = limit(first, S1, "mm", "b2", Side.BUY, 9_800, 100).order().orderId();
    first.close();
    now += 1_000;

    Exchange second = open();
    MatchingEngine e = engine(second, S1);
    assertEquals(OrderStatus.CANCELED, e.order("mm", b1, null).status());
    now += RETENTION.toMillis();
    limit(second, S1, "mm", "b3", Side.BUY, 9_700, 100);
    OrderRejectedException gone =
        assertThrows(OrderRejectedException.class, () -> e.order("mm", b1, null));
    assertEquals(-2013, gone.code());
    assertEquals(OrderStatus.NEW, e.order("mm", b2, null).status());
    assertEquals(3, e.acceptedOrders("mm"));
    second.close();

    // Nor does the next start bring it back.
    Exchange third = open();
    assertThrows(OrderRejectedException.class, () -> engine(third, S1).order("mm", b1, null));
    assertEquals(2, engine(third, S1).heldOrders("mm"));
    third.close();
  }
}
