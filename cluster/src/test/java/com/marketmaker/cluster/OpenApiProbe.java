package com.marketmaker.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a running node against the OpenAPI document it serves ({@code GET /openapi.json}): every
 * documented GET is sent on its sample path (path parameters replaced by their examples, e.g. the
 * instrument {@code BINANCE:SYNS001USDT}), and each non-GET known to be refused without effect is
 * sent with a body it must refuse with 400. An operation that changes state whatever it is sent
 * (the kill switch, stop, issuing or revoking tokens, resets, clears, confirmations), and any
 * non-GET this class does not know, is never sent.
 *
 * <p>A problem is: an operation the routing layer does not know (its unknown-path 404 or its 405),
 * a 5xx answer other than 503, a status the document does not list for the operation, a non-JSON
 * answer where JSON is documented, an invalid body that is not refused with 400, a public operation
 * that wants a token. Operations of an optional feature of the node ({@code x-node-feature}:
 * market-data feeds, the portfolio) that are not routed are skipped, not problems: the node may run
 * without the feature.
 */
public final class OpenApiProbe {

  /** The routing layer's answer to an unknown path, as a JSON error. */
  static final String UNKNOWN_PATH = "The requested resource could not be found.";

  /**
   * The non-GET operations that are sent, each with a body its route refuses with 400 before it
   * changes anything (an empty object misses a required field; where every field is optional, an
   * unknown field is refused).
   */
  public static final Map<String, String> INVALID_BODIES =
      Map.of(
          "POST /maker/start", "{}",
          "POST /maker/params", "{}",
          "POST /maker/fills", "{}",
          "POST /maker/risk/clear", "{}",
          "POST /backtests", "{}",
          "POST /sweeps", "{}",
          "POST /portfolio/limits", "{\"unknownField\": true}",
          "POST /portfolio/rebalance", "{\"unknownField\": true}");

  /** Longest answer read, bytes (the rest is not needed to judge it). */
  private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenApiProbe() {}

  /**
   * What was found: the problems, and the operations not sent or not judged, with why.
   *
   * @param checked operations sent
   */
  public record Report(List<String> problems, List<String> skipped, int checked) {}

  /** The problems of the node at {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}). */
  public static List<String> problems(String baseUrl, String bearerToken) {
    return check(baseUrl, bearerToken).problems();
  }

  /** Checks every documented operation the probe may send. */
  public static Report check(String baseUrl, String bearerToken) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<String> problems = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    JsonNode doc;
    try {
      Answer a = send(client, base, "GET", "/openapi.json", null, bearerToken);
      if (a.status != 200 || a.json() == null || !a.json().has("paths")) {
        problems.add("GET /openapi.json: expected the document, got " + a);
        return new Report(problems, skipped, 1);
      }
      doc = a.json();
    } catch (IOException e) {
      problems.add("GET /openapi.json: " + e);
      return new Report(problems, skipped, 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    int checked = 1;
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> item = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ms = item.getValue().fields(); ms.hasNext(); ) {
        Map.Entry<String, JsonNode> m = ms.next();
        if (m.getKey().equals("parameters") || !m.getValue().isObject()) {
          continue;
        }
        String method = m.getKey().toUpperCase(Locale.ROOT);
        String name = method + " " + item.getKey();
        String body = null;
        if (!method.equals("GET")) {
          body = INVALID_BODIES.get(name);
          if (body == null) {
            skipped.add(name + ": changes state whatever it is sent; not sent");
            continue;
          }
        }
        String path = samplePath(doc, item.getKey(), item.getValue(), m.getValue(), problems);
        if (path == null) {
          continue;
        }
        boolean isPublic = "public".equals(m.getValue().path("x-required-role").asText());
        try {
          Answer a = send(client, base, method, path, body, isPublic ? null : bearerToken);
          checked++;
          judge(doc, name, m.getValue(), a, body != null, isPublic, problems, skipped);
        } catch (IOException e) {
          problems.add(name + " (" + path + "): no answer: " + e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
    return new Report(problems, skipped, checked);
  }

  private static void judge(
      JsonNode doc,
      String name,
      JsonNode op,
      Answer a,
      boolean invalidBody,
      boolean isPublic,
      List<String> problems,
      List<String> skipped) {
    if (a.unrouted()) {
      if (op.has("x-node-feature")) {
        skipped.add(name + ": not routed; the node runs without " + op.get("x-node-feature"));
      } else {
        problems.add(name + ": not routed: " + a);
      }
      return;
    }
    if (a.status >= 500 && a.status != 503) {
      problems.add(name + ": server error " + a);
    }
    if (isPublic && a.status == 401) {
      problems.add(name + ": documented as public, but wants a token: " + a);
    }
    if (invalidBody && a.status != 400) {
      problems.add(name + ": an invalid body should be refused with 400, got " + a);
    }
    JsonNode responses = op.path("responses");
    JsonNode documented = responses.get(Integer.toString(a.status));
    if (documented == null) {
      documented = responses.get("default");
    }
    if (documented == null) {
      problems.add(name + ": status " + a.status + " is not documented: " + a);
      return;
    }
    documented = resolve(doc, documented);
    JsonNode content = documented.path("content");
    if (content.has("application/json")) {
      if (!a.contentType.startsWith("application/json") || (!a.stream && a.json() == null)) {
        problems.add(name + ": documented as JSON, answered '" + a.contentType + "': " + a);
      }
    } else if (content.size() > 0) {
      boolean listed = false;
      for (Iterator<String> types = content.fieldNames(); types.hasNext(); ) {
        listed |= a.contentType.startsWith(types.next());
      }
      if (!listed) {
        problems.add(name + ": answered '" + a.contentType + "', documented " + content);
      }
    }
  }

  /** The path with each path parameter replaced by its example; null (and a problem) if none. */
  private static String samplePath(
      JsonNode doc, String template, JsonNode item, JsonNode op, List<String> problems) {
    String path = template;
    List<JsonNode> parameters = new ArrayList<>();
    item.path("parameters").forEach(p -> parameters.add(resolve(doc, p)));
    op.path("parameters").forEach(p -> parameters.add(resolve(doc, p)));
    for (JsonNode p : parameters) {
      if (!"path".equals(p.path("in").asText())) {
        continue;
      }
      JsonNode example =
          p.has("example") ? p.get("example") : resolve(doc, p.path("schema")).path("example");
      if (example.isMissingNode() || example.asText().isEmpty()) {
        problems.add(template + ": path parameter " + p.path("name") + " has no example");
        return null;
      }
      path = path.replace("{" + p.path("name").asText() + "}", example.asText());
    }
    if (path.contains("{")) {
      problems.add(template + ": a path parameter is not declared");
      return null;
    }
    return path;
  }

  private static JsonNode resolve(JsonNode doc, JsonNode node) {
    JsonNode n = node;
    for (int hops = 0; n.has("$ref") && hops < 20; hops++) {
      n = doc.at(n.get("$ref").asText().replaceFirst("^#", ""));
    }
    return n;
  }

  // ---------------------------------------------------------------- HTTP

  /** An answer; the body of an event stream is not read ({@code stream}). */
  private record Answer(int status, String contentType, byte[] body, boolean stream) {
    JsonNode json() {
      try {
        return body.length == 0 ? null : JSON.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }

    boolean unrouted() {
      JsonNode j = json();
      return status == 405
          || (status == 404 && j != null && UNKNOWN_PATH.equals(j.path("error").asText()));
    }

    @Override
    public String toString() {
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      return status
          + (stream
              ? " (event stream)"
              : " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
    }
  }

  private static Answer send(
      HttpClient client, String base, String method, String path, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    String type = r.headers().firstValue("Content-Type").orElse("");
    try (InputStream in = r.body()) {
      if (type.startsWith("text/event-stream")) {
        return new Answer(r.statusCode(), type, new byte[0], true); // never ends: not read
      }
      return new Answer(r.statusCode(), type, in.readNBytes(MAX_BODY_BYTES), false);
    }
  }
}
