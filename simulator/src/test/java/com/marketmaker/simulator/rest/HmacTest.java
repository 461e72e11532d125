package com.marketmaker.simulator.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The SIGNED endpoint examples of Binance's spot REST documentation ("SIGNED (TRADE, USER_DATA and
 * MARGIN) Endpoint security", HMAC keys): the same request signed as a query string, as a body, and
 * split between both.
 */
class HmacTest {

  static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
  static final String PARAMS =
      "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
          + "&timestamp=1499827319559";

  @Test
  void signsTheDocumentationExample() {
    assertEquals(
        "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
        Hmac.sign(SECRET, PARAMS));
  }

  @Test
  void signsQueryStringFollowedByBodyWithoutTheSignatureParameter() {
    String query = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC";
    String body = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    // The documentation's third example: the query string and the body concatenated as sent.
    assertEquals(
        "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77",
        Hmac.sign(SECRET, query + body));
    String signed =
        body + "&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77";
    assertEquals(body, SignedRequest.withoutSignature(signed));
    assertTrue(
        Hmac.verify(
            SECRET,
            SignedRequest.withoutSignature(query) + SignedRequest.withoutSignature(signed),
            "0FD168B8DDB4876A0358A8D14D0C9F3DA0E9B20C5D52B2A00FCF7D1C602F9A77"));
    assertFalse(
        Hmac.verify(
            SECRET,
            query + "&" + body,
            "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77"));
  }
}
