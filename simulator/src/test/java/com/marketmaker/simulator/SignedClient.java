package com.marketmaker.simulator;

import com.marketmaker.simulator.rest.Hmac;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;

/**
 * A Binance REST client on Pekko HTTP's client, signing as Binance's docs describe: HMAC-SHA256 of
 * the query string followed by the form body, appended as {@code signature}.
 */
final class SignedClient {

  record Reply(int status, String body, Map<String, String> headers) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final ActorSystem<?> system;
  private final int port;
  final String apiKey;
  private final String secret;

  SignedClient(ActorSystem<?> system, int port, String apiKey, String secret) {
    this.system = system;
    this.port = port;
    this.apiKey = apiKey;
    this.secret = secret;
  }

  /** Signed request with every parameter in the query string. */
  Reply signed(HttpMethod method, String path, String params) throws Exception {
    String q = (params.isEmpty() ? "" : params + "&") + "timestamp=" + System.currentTimeMillis();
    return send(method, path + "?" + q + "&signature=" + Hmac.sign(secret, q), null, apiKey);
  }

  /** Signed request with every parameter in the form body. */
  Reply signedBody(HttpMethod method, String path, String params) throws Exception {
    String b = params + "&timestamp=" + System.currentTimeMillis();
    return send(method, path, b + "&signature=" + Hmac.sign(secret, b), apiKey);
  }

  /** A request sent as given (for forged or malformed requests). */
  Reply send(HttpMethod method, String pathAndQuery, String formBody, String key) throws Exception {
    HttpRequest req =
        HttpRequest.create("http://127.0.0.1:" + port + pathAndQuery).withMethod(method);
    if (key != null) {
      req = req.addHeader(RawHeader.create("X-MBX-APIKEY", key));
    }
    if (formBody != null) {
      req = req.withEntity(ContentTypes.APPLICATION_X_WWW_FORM_URLENCODED, formBody);
    }
    HttpResponse r =
        Http.get(system).singleRequest(req).toCompletableFuture().get(10, TimeUnit.SECONDS);
    String body =
        r.entity()
            .toStrict(10_000, Materializer.matFromSystem(system))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .getData()
            .utf8String();
    Map<String, String> headers = new java.util.HashMap<>();
    r.getHeaders().forEach(h -> headers.put(h.lowercaseName(), h.value()));
    return new Reply(r.status().intValue(), body, headers);
  }

  String sign(String payload) {
    return Hmac.sign(secret, payload);
  }
}
