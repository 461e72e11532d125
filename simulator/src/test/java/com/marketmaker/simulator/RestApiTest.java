package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.testsupport.SharedData;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Binance REST as a client sees it: depth, exchangeInfo, errors and request weights. */
class RestApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  static ActorSystem<Void> system;
  static BinanceVenueSimulator sim;
  static BinanceVenueSimulator limited;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "rest-test");
    Settings s =
        Settings.defaults(SharedData.dir())
            .withSymbols(List.of("BTCUSDT", "ETHUSDT"), List.of("BTCUSDT"))
            .withMaxFramesPerSymbol(100);
    sim = BinanceVenueSimulator.start(system, s);
    limited =
        BinanceVenueSimulator.start(
            system, s.withSymbols(List.of("BTCUSDT"), List.of()).withWeightPerMinute(60, 60));
  }

  @AfterAll
  static void stop() {
    sim.stop();
    limited.stop();
    system.terminate();
  }

  @Test
  void depthBeforeTheReplayIsTheRecordedSnapshotTruncatedToLimit() throws Exception {
    Recorded rec = Recorded.read(false, 1, "spot_btcusdt_20240808.gz");
    JsonNode recorded = JSON.readTree(rec.snapshot);
    HttpResponse<String> r = Rest.get(sim.spotPort(), "/api/v3/depth?symbol=BTCUSDT&limit=5");
    assertEquals(200, r.statusCode());
    assertEquals("5", r.headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow().substring(0, 1));
    JsonNode depth = JSON.readTree(r.body());
    assertEquals(rec.snapshotId, depth.path("lastUpdateId").asLong());
    assertEquals(5, depth.path("bids").size());
    assertEquals(5, depth.path("asks").size());
    for (int i = 0; i < 5; i++) {
      assertEquals(recorded.path("bids").get(i), depth.path("bids").get(i)); // same decimal text
      assertEquals(recorded.path("asks").get(i), depth.path("asks").get(i));
    }
    JsonNode full =
        JSON.readTree(Rest.ok(sim.spotPort(), "/api/v3/depth?symbol=BTCUSDT&limit=5000"));
    assertEquals(recorded.path("bids"), full.path("bids"));
    assertEquals(recorded.path("asks"), full.path("asks"));
    assertEquals(
        100,
        JSON.readTree(Rest.ok(sim.spotPort(), "/api/v3/depth?symbol=BTCUSDT")).path("bids").size());
  }

  @Test
  void usdmDepthCarriesEventTimesAndFuturesDecimals() throws Exception {
    Recorded rec = Recorded.read(true, 1, "usdm_btcusdt_20240808.gz");
    JsonNode recorded = JSON.readTree(rec.snapshot);
    JsonNode depth =
        JSON.readTree(Rest.ok(sim.usdmPort(), "/fapi/v1/depth?symbol=BTCUSDT&limit=10"));
    assertEquals(rec.snapshotId, depth.path("lastUpdateId").asLong());
    assertTrue(depth.has("E") && depth.has("T"));
    assertEquals(10, depth.path("bids").size());
    for (int i = 0; i < 10; i++) {
      assertEquals(recorded.path("bids").get(i), depth.path("bids").get(i));
    }
    JsonNode err =
        JSON.readTree(Rest.get(sim.usdmPort(), "/fapi/v1/depth?symbol=BTCUSDT&limit=7").body());
    assertEquals(-1130, err.path("code").asInt());
    assertEquals(404, Rest.get(sim.usdmPort(), "/api/v3/depth?symbol=BTCUSDT").statusCode());
  }

  @Test
  void badParametersGetBinanceErrors() throws Exception {
    int p = sim.spotPort();
    assertError(Rest.get(p, "/api/v3/depth?symbol=XRPUSDT"), -1121, "Invalid symbol.");
    assertError(Rest.get(p, "/api/v3/depth?symbol=BTCUSDT&limit=abc"), -1100, null);
    assertError(Rest.get(p, "/api/v3/depth?symbol=BTCUSDT&limit=0"), -1130, null);
    assertError(Rest.get(p, "/api/v3/depth?symbol=BTCUSDT&limit=5001"), -1130, null);
    assertError(Rest.get(p, "/api/v3/depth"), -1102, null);
    assertError(Rest.get(p, "/api/v3/exchangeInfo?symbol=XRPUSDT"), -1121, "Invalid symbol.");
  }

  private static void assertError(HttpResponse<String> r, int code, String msg) throws Exception {
    assertEquals(400, r.statusCode(), r.body());
    JsonNode e = JSON.readTree(r.body());
    assertEquals(code, e.path("code").asInt(), r.body());
    if (msg != null) {
      assertEquals(msg, e.path("msg").asText());
    }
  }

  @Test
  void exchangeInfoListsTheReplayedSymbolsFilters() throws Exception {
    JsonNode spot = JSON.readTree(Rest.ok(sim.spotPort(), "/api/v3/exchangeInfo?symbol=ETHUSDT"));
    assertEquals(1, spot.path("symbols").size());
    JsonNode eth = spot.path("symbols").get(0);
    assertEquals("ETHUSDT", eth.path("symbol").asText());
    assertEquals("0.01000000", filter(eth, "PRICE_FILTER").path("tickSize").asText());
    assertEquals("0.00010000", filter(eth, "LOT_SIZE").path("stepSize").asText());
    assertEquals("5.00000000", filter(eth, "NOTIONAL").path("minNotional").asText());
    JsonNode all = JSON.readTree(Rest.ok(sim.spotPort(), "/api/v3/exchangeInfo"));
    assertEquals(2, all.path("symbols").size());
    JsonNode usdm =
        JSON.readTree(Rest.ok(sim.usdmPort(), "/fapi/v1/exchangeInfo")).path("symbols").get(0);
    assertEquals("0.10", filter(usdm, "PRICE_FILTER").path("tickSize").asText());
    assertEquals("0.001", filter(usdm, "LOT_SIZE").path("stepSize").asText());
    assertEquals("100", filter(usdm, "MIN_NOTIONAL").path("notional").asText());
  }

  private static JsonNode filter(JsonNode symbol, String type) {
    for (JsonNode f : symbol.path("filters")) {
      if (type.equals(f.path("filterType").asText())) {
        return f;
      }
    }
    throw new AssertionError("no " + type + " in " + symbol);
  }

  @Test
  void weightBudgetExceededGets429WithRetryAfter() throws Exception {
    // Budget 60 per minute, a 1000-level depth weighs 50: of three calls (at most two minutes
    // touched) at least one is refused.
    List<HttpResponse<String>> rs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rs.add(Rest.get(limited.spotPort(), "/api/v3/depth?symbol=BTCUSDT&limit=1000"));
    }
    assertEquals(200, rs.get(0).statusCode());
    assertEquals("50", rs.get(0).headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow());
    HttpResponse<String> refused =
        rs.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals(-1003, JSON.readTree(refused.body()).path("code").asInt());
  }
}
