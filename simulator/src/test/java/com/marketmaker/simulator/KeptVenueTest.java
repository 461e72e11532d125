package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.testsupport.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A venue simulator with a state folder, stopped and started again, as a client sees it over REST:
 * its open order and its trades are still there with the same ids, new ids continue after them, and
 * a venue that can no longer keep its state answers {@code -1001} rather than acknowledging.
 */
class KeptVenueTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  BinanceVenueSimulator start(ActorSystem<?> system) {
    ExchangeSettings ex =
        ExchangeSettings.defaults()
            .withAccounts(
                List.of(
                    new ExchangeAccount("mm", "mmKey1", "mm-secret-0001"),
                    new ExchangeAccount("other", "otherKey2", "other-secret-02")))
            .withInstruments(SyntheticInstrument.defaults(1), List.of())
            .withStateDir(dir);
    return BinanceVenueSimulator.start(
        system,
        Settings.defaults(SharedData.dir()).withSymbols(List.of(), List.of()).withExchange(ex));
  }

  static JsonNode ok(SignedClient.Reply r) throws Exception {
    assertEquals(200, r.status(), r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void aRestartedVenueStillHasTheAccountsOrdersAndTrades() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "kept-venue-test");
    try {
      BinanceVenueSimulator sim = start(system);
      SignedClient mm = new SignedClient(system, sim.spotPort(), "mmKey1", "mm-secret-0001");
      SignedClient other = new SignedClient(system, sim.spotPort(), "otherKey2", "other-secret-02");
      long sell =
          ok(mm.signed(
                  HttpMethods.POST,
                  "/api/v3/order",
                  "symbol=SYN001USDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1.000"
                      + "&price=100.00&newClientOrderId=mm-1"))
              .path("orderId")
              .asLong();
      ok(
          other.signed(
              HttpMethods.POST,
              "/api/v3/order",
              "symbol=SYN001USDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.400&price=100.50"));
      JsonNode trades = ok(mm.signed(HttpMethods.GET, "/api/v3/myTrades", "symbol=SYN001USDT"));
      assertEquals(1, trades.size());
      long tradeId = trades.get(0).path("id").asLong();
      sim.stop();

      BinanceVenueSimulator again = start(system);
      try {
        mm = new SignedClient(system, again.spotPort(), "mmKey1", "mm-secret-0001");
        JsonNode open = ok(mm.signed(HttpMethods.GET, "/api/v3/openOrders", "symbol=SYN001USDT"));
        assertEquals(1, open.size(), open.toString());
        assertEquals(sell, open.get(0).path("orderId").asLong());
        assertEquals("mm-1", open.get(0).path("clientOrderId").asText());
        assertEquals("0.40000000", open.get(0).path("executedQty").asText());
        JsonNode kept =
            ok(
                mm.signed(
                    HttpMethods.GET, "/api/v3/myTrades", "symbol=SYN001USDT&fromId=" + tradeId));
        assertEquals(trades, kept);
        long next =
            ok(mm.signed(
                    HttpMethods.POST,
                    "/api/v3/order",
                    "symbol=SYN001USDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1.000"
                        + "&price=99.00"))
                .path("orderId")
                .asLong();
        assertTrue(next > sell, next + " after " + sell);

        // the state can no longer be kept: nothing more is acknowledged
        again.exchange(Dialect.SPOT).close();
        SignedClient.Reply refused =
            mm.signed(
                HttpMethods.POST,
                "/api/v3/order",
                "symbol=SYN001USDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1.000"
                    + "&price=98.00");
        assertEquals(503, refused.status(), refused.body());
        assertEquals(-1001, JSON.readTree(refused.body()).path("code").asInt());
      } finally {
        again.stop();
      }
    } finally {
      system.terminate();
    }
  }
}
