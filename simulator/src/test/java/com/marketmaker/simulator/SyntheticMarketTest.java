package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.testsupport.SharedData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Synthetic instruments served over Binance's protocol while the crowd trades: a client syncing
 * with core's {@link BinanceBookSync} stays in sync, agrees with every bookTicker at a diff's final
 * id and, once the crowd stops, holds exactly the REST snapshot; a dropped diff is caught as a gap
 * and repaired by a new snapshot; our resting orders are filled by the crowd and reported on the
 * user stream exactly as the ledger has them.
 */
class SyntheticMarketTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static ActorSystem<Void> system;
  static BinanceVenueSimulator sim;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "synthetic-market-test");
    ExchangeSettings ex =
        ExchangeSettings.defaults()
            .withAccounts(List.of(new ExchangeAccount("mm", "mmKey1", "mm-secret-0001")))
            .withInstruments(SyntheticInstrument.defaults(3), SyntheticInstrument.defaults(2))
            .withFlow(2024, Duration.ofMillis(100), true);
    sim =
        BinanceVenueSimulator.start(
            system,
            Settings.defaults(SharedData.dir()).withSymbols(List.of(), List.of()).withExchange(ex));
  }

  @AfterAll
  static void stop() {
    sim.stop();
    system.terminate();
  }

  /** Follows one symbol's depth stream, resyncing from REST after a gap. */
  static final class Follower {
    final BookSyncClient client;
    final WsTestClient ws;
    int resyncs;

    Follower(Dialect d, String symbol, String depthSuffix) throws Exception {
      int port = sim.port(d);
      InstrumentSpec spec = sim.exchange(d).instrument(symbol).spec();
      String s = symbol.toLowerCase();
      client =
          new BookSyncClient(
              spec,
              d.syncRule,
              () -> Rest.ok(port, d.restPrefix + "/depth?symbol=" + symbol + "&limit=1000"));
      ws =
          WsTestClient.connect(
              system,
              "ws://127.0.0.1:"
                  + port
                  + "/stream?streams="
                  + s
                  + depthSuffix
                  + "/"
                  + s
                  + "@bookTicker/"
                  + s
                  + "@trade");
    }

    void pump(Duration d) throws Exception {
      long end = System.nanoTime() + d.toNanos();
      while (System.nanoTime() < end) {
        String f = ws.frames.poll(50, TimeUnit.MILLISECONDS);
        if (f == null) {
          continue;
        }
        long gaps = client.sync.gapCount();
        client.onFrame(f);
        if (client.sync.gapCount() > gaps) {
          resyncs++;
          client.resync();
        }
      }
    }
  }

  static List<long[]> levels(OrderBook b, Side side) {
    List<long[]> out = new ArrayList<>();
    b.forEachLevel(
        side,
        (p, s) -> {
          out.add(new long[] {p, s});
          return true;
        });
    return out;
  }

  static List<long[]> levels(JsonNode arr, InstrumentSpec spec) {
    List<long[]> out = new ArrayList<>();
    for (JsonNode l : arr) {
      out.add(
          new long[] {spec.priceToTicks(l.get(0).asText()), spec.sizeToLots(l.get(1).asText())});
    }
    return out;
  }

  static void assertSameLevels(List<long[]> a, List<long[]> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i)[0], b.get(i)[0], "price at level " + i);
      assertEquals(a.get(i)[1], b.get(i)[1], "size at level " + i);
    }
  }

  @Test
  void clientsStayInSyncAgreeWithTickersAndEndOnTheSnapshot() throws Exception {
    Follower spot = new Follower(Dialect.SPOT, "SYN001USDT", "@depth@100ms");
    Follower spotSlow = new Follower(Dialect.SPOT, "SYN002USDT", "@depth");
    Follower usdm = new Follower(Dialect.USDM, "SYN001USDT", "@depth@0ms");
    Follower usdm250 = new Follower(Dialect.USDM, "SYN002USDT", "@depth");
    List<Follower> all = List.of(spot, spotSlow, usdm, usdm250);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    boolean dropped = false;
    while (System.nanoTime() < deadline
        && (spot.client.tickersMatched < 50
            || usdm.client.tickersMatched < 50
            || !dropped
            || spot.resyncs == 0)) {
      for (Follower f : all) {
        f.pump(Duration.ofMillis(100));
      }
      if (!dropped && spot.client.sync.isLive() && spot.client.diffs > 20) {
        assertEquals(
            200,
            Rest.post(
                    sim.spotPort(),
                    "/admin/faults",
                    "{\"type\":\"dropDiffs\",\"symbol\":\"SYN001USDT\",\"count\":1}")
                .statusCode());
        dropped = true;
      }
    }
    assertTrue(
        spot.client.tickersMatched >= 50, "spot tickers matched " + spot.client.tickersMatched);
    assertTrue(
        usdm.client.tickersMatched >= 50, "USD-M tickers matched " + usdm.client.tickersMatched);
    assertEquals(1, spot.resyncs, "the dropped diff is seen as one gap");
    for (Follower f : all) {
      assertNull(f.client.mismatch, f.client.mismatch);
      assertEquals(0, f.client.rejected);
      assertTrue(f.client.trades > 0);
    }

    // stop the crowd; once the last diffs are in, every client holds exactly the REST book
    assertEquals(200, Rest.post(sim.spotPort(), "/admin/synthetic/stop", "").statusCode());
    assertEquals(200, Rest.post(sim.usdmPort(), "/admin/synthetic/stop", "").statusCode());
    Thread.sleep(1500); // let the beat flush the last changes (the slowest stream sends each 1 s)
    for (Follower f : all) {
      f.pump(Duration.ofMillis(1500));
    }
    check(spot, Dialect.SPOT, "SYN001USDT");
    check(spotSlow, Dialect.SPOT, "SYN002USDT");
    check(usdm, Dialect.USDM, "SYN001USDT");
    check(usdm250, Dialect.USDM, "SYN002USDT");
    assertEquals(200, Rest.post(sim.spotPort(), "/admin/synthetic/start", "").statusCode());
    assertEquals(200, Rest.post(sim.usdmPort(), "/admin/synthetic/start", "").statusCode());
  }

  private static void check(Follower f, Dialect d, String symbol) throws Exception {
    JsonNode snap =
        JSON.readTree(
            Rest.ok(sim.port(d), d.restPrefix + "/depth?symbol=" + symbol + "&limit=1000"));
    assertTrue(f.client.sync.isLive(), symbol);
    assertEquals(
        snap.path("lastUpdateId").asLong(), f.client.sync.lastUpdateId(), d + " " + symbol);
    InstrumentSpec spec = f.client.spec;
    assertSameLevels(levels(snap.path("bids"), spec), levels(f.client.sync.book(), Side.BID));
    assertSameLevels(levels(snap.path("asks"), spec), levels(f.client.sync.book(), Side.ASK));
    assertTrue(snap.path("bids").size() > 5 && snap.path("asks").size() > 5);
  }

  @Test
  void crowdFillsOurRestingOrdersAndTheUserStreamAgreesWithTheLedger() throws Exception {
    int port = sim.spotPort();
    SignedClient mm = new SignedClient(system, port, "mmKey1", "mm-secret-0001");
    String key =
        JSON.readTree(mm.send(HttpMethods.POST, "/api/v3/userDataStream", null, "mmKey1").body())
            .path("listenKey")
            .asText();
    WsTestClient ws = WsTestClient.connect(system, "ws://127.0.0.1:" + port + "/ws/" + key);
    // quotes one tick inside the spread on SYN003 (so first in the queue), re-quoted every half
    // second (4 orders per second, within the 50 per 10 s limit), until ten fills
    List<JsonNode> reports = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    int n = 0;
    long fills = 0;
    while (fills < 10 && System.nanoTime() < deadline) {
      mm.signed(HttpMethods.DELETE, "/api/v3/openOrders", "symbol=SYN003USDT");
      JsonNode top = JSON.readTree(Rest.ok(port, "/api/v3/depth?symbol=SYN003USDT&limit=1"));
      if (top.path("bids").size() == 1 && top.path("asks").size() == 1) {
        java.math.BigDecimal tick = new java.math.BigDecimal("0.01");
        java.math.BigDecimal bid =
            new java.math.BigDecimal(top.path("bids").get(0).get(0).asText());
        java.math.BigDecimal ask =
            new java.math.BigDecimal(top.path("asks").get(0).get(0).asText());
        if (ask.subtract(bid).compareTo(tick.multiply(java.math.BigDecimal.valueOf(3))) >= 0) {
          bid = bid.add(tick);
          ask = ask.subtract(tick);
        }
        mm.signed(
            HttpMethods.POST,
            "/api/v3/order",
            "symbol=SYN003USDT&side=BUY&type=LIMIT_MAKER&quantity=0.200&price="
                + bid.setScale(2).toPlainString()
                + "&newClientOrderId=q"
                + (++n));
        mm.signed(
            HttpMethods.POST,
            "/api/v3/order",
            "symbol=SYN003USDT&side=SELL&type=LIMIT_MAKER&quantity=0.200&price="
                + ask.setScale(2).toPlainString()
                + "&newClientOrderId=q"
                + (++n));
      }
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
      while (System.nanoTime() < until) {
        String f = ws.frames.poll(50, TimeUnit.MILLISECONDS);
        if (f != null) {
          JsonNode e = JSON.readTree(f);
          reports.add(e);
          if (e.path("x").asText().equals("TRADE")) {
            fills++;
          }
        }
      }
    }
    assertTrue(fills >= 10, "fills " + fills);
    mm.signed(HttpMethods.DELETE, "/api/v3/openOrders", "symbol=SYN003USDT");
    String f;
    while ((f = ws.frames.poll(500, TimeUnit.MILLISECONDS)) != null) {
      reports.add(JSON.readTree(f));
    }
    List<JsonNode> trades =
        reports.stream().filter(e -> e.path("x").asText().equals("TRADE")).toList();
    JsonNode ledger = JSON.readTree(Rest.ok(port, "/admin/ledger?account=mm&symbol=SYN003USDT"));
    assertEquals(ledger.size(), trades.size());
    for (int i = 0; i < trades.size(); i++) {
      JsonNode t = trades.get(i);
      JsonNode l = ledger.get(i);
      assertEquals(l.path("tradeId").asLong(), t.path("t").asLong());
      assertEquals(l.path("clientOrderId").asText(), t.path("c").asText());
      assertEquals(l.path("fee").asText(), t.path("n").asText());
      assertTrue(t.path("m").asBoolean(), "post-only quotes only ever make");
      if (i > 0) {
        assertTrue(t.path("t").asLong() > trades.get(i - 1).path("t").asLong());
      }
    }
    // every order's events come in a legal order: NEW first, nothing after a final state
    java.util.Map<String, String> last = new java.util.HashMap<>();
    for (JsonNode e : reports) {
      String id =
          e.path("x").asText().equals("CANCELED") ? e.path("C").asText() : e.path("c").asText();
      String before = last.get(id);
      if (before == null) {
        assertEquals("NEW", e.path("x").asText(), id);
      } else {
        assertTrue(!before.equals("FILLED") && !before.equals("CANCELED"), id + " after " + before);
      }
      last.put(id, e.path("X").asText());
    }
  }

  @Test
  void listenKeysExpireWithAnEventUnlessKeptAlive() throws Exception {
    ExchangeSettings ex =
        ExchangeSettings.defaults()
            .withAccounts(List.of(new ExchangeAccount("mm", "mmKey1", "mm-secret-0001")))
            .withInstruments(List.of(), SyntheticInstrument.defaults(1))
            .withListenKeyValidity(Duration.ofSeconds(2));
    BinanceVenueSimulator s =
        BinanceVenueSimulator.start(
            system,
            Settings.defaults(SharedData.dir()).withSymbols(List.of(), List.of()).withExchange(ex));
    try {
      SignedClient mm = new SignedClient(system, s.usdmPort(), "mmKey1", "mm-secret-0001");
      String key =
          JSON.readTree(mm.send(HttpMethods.POST, "/fapi/v1/listenKey", null, "mmKey1").body())
              .path("listenKey")
              .asText();
      assertEquals(
          key,
          JSON.readTree(mm.send(HttpMethods.POST, "/fapi/v1/listenKey", null, "mmKey1").body())
              .path("listenKey")
              .asText());
      WsTestClient ws =
          WsTestClient.connect(system, "ws://127.0.0.1:" + s.usdmPort() + "/ws/" + key);
      long t0 = System.currentTimeMillis();
      for (int i = 0; i < 3; i++) {
        Thread.sleep(1000);
        assertEquals(200, mm.send(HttpMethods.PUT, "/fapi/v1/listenKey", null, "mmKey1").status());
      }
      assertEquals(0, ws.pending(), "kept alive past its validity");
      // a GTX order that would take expires; the user stream reports it
      mm.signed(
          HttpMethods.POST,
          "/fapi/v1/order",
          "symbol=SYN001USDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1.000&price=100.00");
      SignedClient.Reply gtx =
          mm.signed(
              HttpMethods.POST,
              "/fapi/v1/order",
              "symbol=SYN001USDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=1.000&price=100.00&newOrderRespType=RESULT");
      assertEquals("EXPIRED", JSON.readTree(gtx.body()).path("status").asText(), gtx.body());
      assertEquals("GTX", JSON.readTree(gtx.body()).path("timeInForce").asText());
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonNode e = JSON.readTree(ws.next(Duration.ofSeconds(5)));
        assertEquals("ORDER_TRADE_UPDATE", e.path("e").asText());
        seen.add(e.path("o").path("x").asText() + "/" + e.path("o").path("f").asText());
      }
      assertEquals(List.of("NEW/GTC", "NEW/GTX", "EXPIRED/GTX"), seen);
      JsonNode all =
          JSON.readTree(
              mm.signed(HttpMethods.DELETE, "/fapi/v1/allOpenOrders", "symbol=SYN001USDT").body());
      assertEquals(200, all.path("code").asInt());
      assertEquals(
          "CANCELED", JSON.readTree(ws.next(Duration.ofSeconds(5))).path("o").path("X").asText());
      // no more keep-alives: the key expires with one event, then stays gone
      JsonNode expired = JSON.readTree(ws.next(Duration.ofSeconds(10)));
      assertEquals("listenKeyExpired", expired.path("e").asText());
      assertEquals(key, expired.path("listenKey").asText());
      assertTrue(System.currentTimeMillis() - t0 >= 4000);
      assertEquals(400, mm.send(HttpMethods.PUT, "/fapi/v1/listenKey", null, "mmKey1").status());
    } finally {
      s.stop();
    }
  }
}
