package com.marketmaker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Routes on a real loopback binding behind the API's guard, as a node serves them, and requests to
 * them with a bearer token.
 *
 * <p>A request carries {@code Content-Type: application/json} when it has a body and {@code
 * Authorization: Bearer} when it has a token; the extra headers given to {@link #send} are set
 * after those and replace them. The views made by {@link #http11()}, {@link #timeout(Duration)} and
 * {@link #requireJson()} share the binding.
 */
final class TestApi implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final HttpClient HTTP_1_1_CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final ServerBinding binding;
  private final HttpClient client;
  private final Duration timeout;
  private final boolean jsonOnly;

  private TestApi(ServerBinding binding, HttpClient client, Duration timeout, boolean jsonOnly) {
    this.binding = binding;
    this.client = client;
    this.timeout = timeout;
    this.jsonOnly = jsonOnly;
  }

  /** Serves {@code api} with the {@code /auth} and {@code /audit} routes behind the guard. */
  static TestApi serve(ActorTestKit kit, ApiSecurity security, Route api) throws Exception {
    return bind(kit, security.wrap(api));
  }

  /** As {@link #serve(ActorTestKit, ApiSecurity, Route)}, with public files served unguarded. */
  static TestApi serve(ActorTestKit kit, ApiSecurity security, Route publicFiles, Route api)
      throws Exception {
    return bind(kit, security.wrap(publicFiles, api));
  }

  /** Serves {@code api} behind {@code guard} alone. */
  static TestApi serve(ActorTestKit kit, ApiGuard guard, Route api) throws Exception {
    return bind(kit, guard.wrap(api));
  }

  private static TestApi bind(ActorTestKit kit, Route guarded) throws Exception {
    ServerBinding binding =
        HttpServer.start(kit.system(), guarded, "127.0.0.1", 0).toCompletableFuture().get();
    return new TestApi(binding, CLIENT, Duration.ofSeconds(20), false);
  }

  /** This binding, asked over HTTP/1.1 only (no offer to upgrade to HTTP/2). */
  TestApi http11() {
    return new TestApi(binding, HTTP_1_1_CLIENT, timeout, jsonOnly);
  }

  /** This binding, with {@code timeout} for each request (20 s unless told). */
  TestApi timeout(Duration timeout) {
    return new TestApi(binding, client, timeout, jsonOnly);
  }

  /** This binding, where a request fails when its answer has a body that is not JSON. */
  TestApi requireJson() {
    return new TestApi(binding, client, timeout, true);
  }

  int port() {
    return binding.localAddress().getPort();
  }

  /** {@code http://127.0.0.1:port}, without a trailing slash. */
  String base() {
    return "http://127.0.0.1:" + port();
  }

  Reply get(String path, String token) throws Exception {
    return send("GET", path, token, null);
  }

  Reply post(String path, String token, String json) throws Exception {
    return send("POST", path, token, json);
  }

  /**
   * Sends {@code method} to {@code path} with {@code token} (none when null) and {@code body} (none
   * when null), and {@code headers} as name and value, one after the other.
   */
  Reply send(String method, String path, String token, String body, String... headers)
      throws Exception {
    HttpResponse<byte[]> r =
        client.send(
            request(method, path, token, body, headers), HttpResponse.BodyHandlers.ofByteArray());
    return reply(r);
  }

  /** As {@link #send}, without waiting for the answer. */
  CompletableFuture<Reply> sendAsync(
      String method, String path, String token, String body, String... headers) {
    return client
        .sendAsync(
            request(method, path, token, body, headers), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(
            r -> {
              try {
                return reply(r);
              } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + ": not JSON", e);
              }
            });
  }

  private HttpRequest request(
      String method, String path, String token, String body, String... headers) {
    if (headers.length % 2 != 0) {
      throw new IllegalArgumentException("headers come as name and value");
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.setHeader(headers[i], headers[i + 1]);
    }
    return builder.build();
  }

  private Reply reply(HttpResponse<byte[]> r) throws IOException {
    JsonNode json;
    try {
      json = JSON.readTree(r.body());
    } catch (IOException e) {
      if (jsonOnly) {
        throw e;
      }
      json = null;
    }
    return new Reply(r.statusCode(), r.headers(), r.body(), json);
  }

  /** Unbinds; the views of this binding are closed with it. */
  @Override
  public void close() {
    binding.unbind().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  /**
   * An answer.
   *
   * @param bytes the body as received
   * @param json the body as JSON (a missing node when the body is empty), null when it is not JSON
   */
  record Reply(int status, HttpHeaders headers, byte[] bytes, JsonNode json) {

    /** The body as JSON; fails when it is not JSON. */
    JsonNode body() {
      if (json == null) {
        throw new AssertionError("not JSON: " + this);
      }
      return json;
    }

    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The first value of header {@code name}, or the empty string. */
    String header(String name) {
      return headers.firstValue(name).orElse("");
    }

    String contentType() {
      return header("Content-Type");
    }

    /** The {@code error} of a JSON error. */
    String error() {
      return body().path("error").asText();
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }
}
