package com.marketmaker.streams.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.Venue;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The signed request as built for the wire, without a server: a new order's parameters go as the
 * form body that was signed, a read's in the query string, the API key rides in its header, and a
 * value that would need escaping is refused rather than sent.
 */
class BinanceRestClientRequestTest {

  private static final Config CONFIG =
      ConfigFactory.parseString(
              "pekko.actor.provider = local\n"
                  + "market-maker.venues.binance.rest-url = \"http://127.0.0.1:1\"")
          .withFallback(ConfigFactory.load());
  private static final ActorTestKit testKit = ActorTestKit.create("rest-request", CONFIG);
  private static final BinanceCredentials KEYS =
      BinanceCredentials.of("test-api-key-0123456789", "test-secret-0123456789");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static BinanceRestClient client() {
    return new BinanceRestClient(
        testKit.system(),
        BinanceAccountSettings.fromConfig(Venue.BINANCE, CONFIG),
        Optional.of(KEYS),
        "");
  }

  @Test
  void aNewOrderCarriesItsSignedParametersAsAFormBodyAndTheKeyInItsHeader() throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("symbol", "BTCUSDT");
    p.put("side", "BUY");
    p.put("type", "LIMIT_MAKER");
    p.put("quantity", "0.00050");
    p.put("price", "65000.10");
    p.put("newClientOrderId", "mm1a2b:x/y.z_1-2");
    HttpRequest r =
        client().request(HttpMethods.POST, "/api/v3/order", BinanceRestClient.Security.SIGNED, p);

    assertEquals("POST", r.method().value());
    assertEquals("http://127.0.0.1:1/api/v3/order", r.getUri().toString(), "nothing in the query");
    assertEquals(
        "application/x-www-form-urlencoded", r.entity().getContentType().mediaType().toString());
    String body =
        ((HttpEntity.Strict) r.entity()).getData().decodeString(StandardCharsets.US_ASCII);
    assertTrue(
        body.startsWith(
            "symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.00050&price=65000.10"
                + "&newClientOrderId=mm1a2b:x/y.z_1-2&recvWindow="),
        body);
    assertSignedUpToItsSignature(body);
    assertEquals("test-api-key-0123456789", r.getHeader("X-MBX-APIKEY").orElseThrow().value());
  }

  @Test
  void aSignedReadCarriesItsParametersInTheQueryString() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("symbol", "BTCUSDT");
    HttpRequest r =
        client()
            .request(HttpMethods.GET, "/api/v3/openOrders", BinanceRestClient.Security.SIGNED, p);
    String query = r.getUri().rawQueryString().orElseThrow();
    assertEquals("http://127.0.0.1:1/api/v3/openOrders?" + query, r.getUri().toString());
    assertTrue(query.startsWith("symbol=BTCUSDT&recvWindow="), query);
    assertSignedUpToItsSignature(query);
    assertTrue(r.entity().isKnownEmpty(), "no body");
  }

  /** Binance's signature: HMAC-SHA256 of everything before it, as sent. */
  private static void assertSignedUpToItsSignature(String params) {
    int at = params.indexOf("&signature=");
    assertTrue(at > 0, params);
    assertEquals(KEYS.sign(params.substring(0, at)), params.substring(at + "&signature=".length()));
  }

  @Test
  void aValueThatWouldNeedEscapingIsRefusedWithoutEchoingIt() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("symbol", "BTCUSDT");
    p.put("listenKey", "abc def&x=1");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                client()
                    .request(
                        HttpMethods.PUT,
                        "/api/v3/userDataStream",
                        BinanceRestClient.Security.API_KEY,
                        p));
    assertTrue(e.getMessage().contains("listenKey"), e.getMessage());
    assertFalse(e.getMessage().contains("abc def"), e.getMessage());
  }
}
