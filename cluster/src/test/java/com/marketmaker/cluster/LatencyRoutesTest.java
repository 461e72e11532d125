package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketmaker.actors.feed.FeedLatency;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.Test;

/** {@code GET /feeds/latency} and {@code POST /feeds/latency/reset} on a real binding. */
class LatencyRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void summarisesEachHistogramInMicrosecondsAndResetsThemAll() throws Exception {
    ActorTestKit kit =
        ActorTestKit.create(
            "latency-routes",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.defaultReference()));
    try {
      FeedLatency latency = FeedLatency.get(kit.system());
      long now = System.nanoTime();
      // Recorded "now" minus an age: each value is at least that age.
      latency.recordApplied(now - 2_000_000); // 2 ms
      latency.recordApplied(now - 4_000_000);
      latency.tickToPlan().recordApplied(now - 3_000_000);
      // Two quote-changing ticks of 5 ms and 1 ms (fixed values: a pause of the test would add to
      // a value measured from "now"); the 5 ms one waited for a journal write, and the same value
      // goes to the part behind it.
      long behind = latency.tickToQuote().recordLatency(5_000_000);
      latency.tickToQuote().recordLatency(1_000_000);
      latency.tickToQuoteBehindJournal().recordLatency(behind);
      latency.ticksBesideJournal().add(3);
      ServerBinding binding =
          Http.get(kit.system())
              .newServerAt("127.0.0.1", 0)
              .bind(new LatencyRoutes(latency).routes())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + binding.localAddress().getPort();

      JsonNode all = JSON.readTree(send(base + "/feeds/latency", "GET").body());
      assertEquals(2, all.path("frameToBook").path("count").asLong());
      assertEquals(1, all.path("tickToPlan").path("count").asLong());
      assertEquals(2, all.path("tickToQuote").path("count").asLong());
      assertEquals(1, all.path("tickToQuoteBehindJournal").path("count").asLong());
      assertTrue(all.path("tickToQuoteBehindJournal").path("p50Micros").asDouble() >= 5_000);
      // The rest: the 1 ms tick alone.
      JsonNode rest = all.path("tickToQuoteNotBehindJournal");
      assertEquals(1, rest.path("count").asLong());
      assertEquals(1_000, rest.path("maxMicros").asDouble(), 1, rest.toString());
      assertEquals(3, all.path("ticksBesideJournal").asLong());
      assertTrue(all.path("frameToBook").path("maxMicros").asDouble() >= 4_000);
      assertTrue(all.path("tickToPlan").path("p50Micros").asDouble() >= 3_000);
      assertTrue(all.path("tickToQuote").path("p99Micros").asDouble() >= 5_000);

      HttpResponse<String> reset = send(base + "/feeds/latency/reset", "POST");
      assertEquals(200, reset.statusCode());
      JsonNode after = JSON.readTree(reset.body());
      assertEquals(0, after.path("ticksBesideJournal").asLong());
      for (String h :
          new String[] {
            "frameToBook",
            "tickToPlan",
            "tickToQuote",
            "frameToBookBehindJournal",
            "tickToQuoteBehindJournal",
            "tickToQuoteNotBehindJournal"
          }) {
        assertEquals(0, after.path(h).path("count").asLong(), h);
        assertTrue(after.path(h).path("p50Micros").isMissingNode(), h + ": no percentiles");
      }
      assertEquals(405, send(base + "/feeds/latency/reset", "GET").statusCode());
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static HttpResponse<String> send(String url, String method) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
