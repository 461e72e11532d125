package com.marketmaker.streams.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/**
 * REST depth snapshots ({@code GET /api/v3/depth} spot, {@code GET /fapi/v1/depth} USD-M) within
 * the venue's request-weight limit.
 *
 * <p>Weights are Binance's documented ones per {@code limit}; the node keeps a {@link
 * RequestWeightBudget} of a share of the venue's per-minute limit and refuses locally rather than
 * exceed it. On HTTP 429 (rate limited) or 418 (IP banned) it honours {@code Retry-After}: every
 * request until then fails at once without reaching the venue. Every failure names the venue's
 * {@code code} and {@code msg} when there is one; a timeout bounds every request.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} requests are on the wire at once; the others wait in a bounded
 * FIFO queue and are charged their weight only when sent, so a burst (every book of a connection
 * resyncing after a reconnect) neither overflows the HTTP connection pool nor spends the weight
 * budget on requests that never leave. A request refused when it leaves the queue (the budget
 * spent, a back-off) completes at once without the next one running inside it ({@link
 * RequestAdmission}).
 */
final class BinanceDepthSnapshots {

  private static final JsonFactory JSON = new JsonFactory();
  private static final int[] USDM_LIMITS = {5, 10, 20, 50, 100, 500, 1000};

  private final ActorSystem<?> system;
  private final BinanceFeedSettings settings;
  private final RequestWeightBudget budget;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile long backOffUntilMillis;

  record Usage(int weightUsed, int weightBudget, long requests, long failures) {}

  /** Receives every usable snapshot answer as received, for the recorder. */
  @FunctionalInterface
  interface AnswerListener {
    AnswerListener NONE = (symbol, receivedNanos, body) -> {};

    void onSnapshot(String streamSymbol, long receivedNanos, String body);
  }

  private final AnswerListener listener;

  /** Requests on the wire at most at once. */
  static final int MAX_IN_FLIGHT = 8;

  /** Requests waiting to be sent at most; beyond that they are refused at once. */
  static final int MAX_WAITING = 4096;

  private final RequestAdmission admission = new RequestAdmission(MAX_IN_FLIGHT);

  BinanceDepthSnapshots(ActorSystem<?> system, BinanceFeedSettings settings) {
    this(system, settings, AnswerListener.NONE);
  }

  BinanceDepthSnapshots(
      ActorSystem<?> system, BinanceFeedSettings settings, AnswerListener listener) {
    this.system = system;
    this.settings = settings;
    this.listener = listener;
    this.budget =
        new RequestWeightBudget(
            (int) Math.floor(settings.requestWeightLimit() * settings.requestWeightShare()));
  }

  Usage usage() {
    return new Usage(
        budget.used(System.currentTimeMillis()), budget.budget(), requests.get(), failures.get());
  }

  /**
   * The documented request weight of a depth request, or -1 when {@code limit} is not accepted by
   * the venue.
   */
  static int weight(Venue venue, int limit) {
    if (venue == Venue.BINANCE) {
      if (limit < 1 || limit > 5000) {
        return -1;
      }
      return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }
    for (int l : USDM_LIMITS) {
      if (l == limit) {
        return limit <= 50 ? 2 : limit == 100 ? 5 : limit == 500 ? 10 : 20;
      }
    }
    return -1;
  }

  CompletionStage<DepthUpdate> fetch(InstrumentSpec spec, int limit) {
    String symbol = spec.id().symbol();
    String what =
        "Binance " + settings.venue() + " depth snapshot of " + symbol + " (limit " + limit + ")";
    int weight = weight(settings.venue(), limit);
    if (weight < 0) {
      return refused(
          what
              + ": limit not accepted by the venue; "
              + (settings.venue() == Venue.BINANCE
                  ? "1 to 5000"
                  : "one of 5, 10, 20, 50, 100," + " 500, 1000"));
    }
    if (admission.waiting() >= MAX_WAITING) {
      return refused(what + ": " + MAX_WAITING + " snapshot requests already waiting");
    }
    CompletableFuture<DepthUpdate> out = new CompletableFuture<>();
    admission.submit(
        RequestAdmission.Lane.NORMAL,
        () -> {
          CompletionStage<DepthUpdate> sent;
          try {
            sent = send(spec, limit, weight, what);
          } catch (RuntimeException e) {
            // not sent (a request that cannot be built): the answer fails, the slot is free
            failures.incrementAndGet();
            out.completeExceptionally(
                new BinanceRestException(what + ": request not sent: " + e.getMessage()));
            return false;
          }
          sent.whenComplete(
              (d, e) -> {
                admission.release();
                if (e == null) {
                  out.complete(d);
                } else {
                  out.completeExceptionally(
                      e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                }
              });
          return true;
        });
    return out;
  }

  private CompletionStage<DepthUpdate> send(
      InstrumentSpec spec, int limit, int weight, String what) {
    String symbol = spec.id().symbol();
    long now = System.currentTimeMillis();
    long waitMillis = backOffUntilMillis - now;
    if (waitMillis > 0) {
      return refused(
          what
              + ": venue rate limit in force, retry after "
              + (waitMillis + 999) / 1000
              + " s (Retry-After)");
    }
    String url = settings.depthUrl() + "?symbol=" + symbol + "&limit=" + limit;
    HttpRequest request = HttpRequest.GET(url); // throws before any weight is spent if malformed
    if (!budget.tryAcquire(weight, now)) {
      return refused(
          what
              + ": request-weight budget exhausted ("
              + budget.used(now)
              + " of "
              + budget.budget()
              + " used this minute, request needs "
              + weight
              + "); retry in "
              + (RequestWeightBudget.millisToNextMinute(now) + 999) / 1000
              + " s");
    }
    requests.incrementAndGet();
    long timeoutMillis = settings.restTimeout().toMillis();
    CompletableFuture<DepthUpdate> result =
        Http.get(system)
            .singleRequest(request)
            .thenCompose(
                response ->
                    response
                        .entity()
                        .toStrict(timeoutMillis, Materializer.matFromSystem(system))
                        .thenApply(entity -> answer(spec, what, response, entity.getData())))
            .toCompletableFuture()
            .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    return result.handle(
        (depth, error) -> {
          if (error == null) {
            return depth;
          }
          failures.incrementAndGet();
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause instanceof BinanceRestException e) {
            throw e;
          }
          if (cause instanceof TimeoutException) {
            throw new BinanceRestException(
                what + ": no answer within " + timeoutMillis + " ms from " + url);
          }
          throw new BinanceRestException(what + ": request to " + url + " failed: " + cause);
        });
  }

  private CompletionStage<DepthUpdate> refused(String message) {
    failures.incrementAndGet();
    return CompletableFuture.failedFuture(new BinanceRestException(message));
  }

  private DepthUpdate answer(
      InstrumentSpec spec, String what, HttpResponse response, ByteString body) {
    long receivedNanos = System.nanoTime();
    long now = System.currentTimeMillis();
    header(response, "X-MBX-USED-WEIGHT-1M")
        .ifPresent(
            v -> {
              try {
                budget.observeUsed(Integer.parseInt(v.trim()), now);
              } catch (NumberFormatException ignored) {
                // A garbled header does not invalidate the answer; the local count stands.
              }
            });
    int status = response.status().intValue();
    byte[] bytes = body.toArray();
    if (status == 200) {
      BinanceDecoder decoder = new BinanceDecoder(spec);
      BinanceDecoder.Kind kind = decoder.decode(bytes);
      if (kind != BinanceDecoder.Kind.SNAPSHOT) {
        String why =
            kind == BinanceDecoder.Kind.REJECTED
                ? decoder.rejections().lastReason() + ": " + decoder.rejections().lastDetail()
                : "not a depth snapshot (" + kind + ")";
        throw new BinanceRestException(what + ": unusable answer: " + why, status, 0, null);
      }
      listener.onSnapshot(
          spec.id().symbol().toLowerCase(java.util.Locale.ROOT), receivedNanos, body.utf8String());
      return decoder.depth();
    }
    int code = 0;
    String msg = null;
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (name.equals("code") && v == JsonToken.VALUE_NUMBER_INT) {
            code = p.getIntValue();
          } else if (name.equals("msg") && v == JsonToken.VALUE_STRING) {
            msg = p.getText();
          } else {
            p.skipChildren();
          }
        }
      }
    } catch (IOException e) {
      // Not the venue's JSON error shape: report the status and the raw text below.
    }
    StringBuilder m = new StringBuilder(what).append(": HTTP ").append(status);
    if (msg != null) {
      m.append(", venue code ").append(code).append(": ").append(msg);
    } else {
      String raw = body.utf8String();
      m.append(": ").append(raw.length() > 200 ? raw.substring(0, 200) + "..." : raw);
    }
    if (status == 429 || status == 418) {
      long retryAfterSeconds =
          header(response, "Retry-After").map(BinanceDepthSnapshots::seconds).orElse(60L);
      backOffUntilMillis = Math.max(backOffUntilMillis, now + retryAfterSeconds * 1000);
      m.append(status == 418 ? " (IP banned)" : " (rate limited)")
          .append("; backing off ")
          .append(retryAfterSeconds)
          .append(" s per Retry-After");
    }
    throw new BinanceRestException(m.toString(), status, code, msg);
  }

  private static long seconds(String v) {
    try {
      return Math.max(0, Long.parseLong(v.trim()));
    } catch (NumberFormatException e) {
      return 60; // an HTTP-date or garbage: back off a full weight window
    }
  }

  private static Optional<String> header(HttpResponse response, String name) {
    return response.getHeader(name).map(HttpHeader::value);
  }
}
