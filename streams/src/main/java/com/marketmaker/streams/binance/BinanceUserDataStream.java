package com.marketmaker.streams.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.actors.venue.ExecutionListener;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.VenueException;
import com.marketmaker.streams.feed.ReconnectingSocket;
import com.marketmaker.streams.feed.WebSocketClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user-data stream of one Binance account (spot or USD-M) on this node, delivering our order
 * executions to an {@link ExecutionListener} in the venue's order.
 *
 * <p>Each session obtains a listen key ({@code POST /api/v3/userDataStream} or {@code POST
 * /fapi/v1/listenKey}, API key header only; the venue returns the active key when there is one),
 * connects {@code <ws-url>/ws/<listenKey>}, and keeps the key alive with a {@code PUT} every {@code
 * user-data.keep-alive} (30 min by default; the venue expires a key 60 min after its last
 * keep-alive). When the connection is lost, the venue sends {@code listenKeyExpired}, or a
 * keep-alive fails, the session ends and a new one starts after an exponential backoff with jitter;
 * once the new connection is up, the listener's {@link ExecutionListener#onGap} is called with the
 * reason, before any event of the new connection, so it can reconcile from the REST history without
 * missing an execution.
 *
 * <p>Frames are decoded by {@link BinanceExecutionDecoder}; malformed frames and events for symbols
 * outside the registry are counted and skipped, never ending the stream. A listener that throws is
 * logged and counted; delivery goes on.
 */
public final class BinanceUserDataStream implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BinanceUserDataStream.class);
  private static final Pattern LISTEN_KEY = Pattern.compile("[A-Za-z0-9_-]{1,200}");

  private final ActorSystem<?> system;
  private final BinanceRestClient rest;
  private final BinanceAccountSettings settings;
  private final BinanceExecutionDecoder decoder;
  private final ExecutionListener listener;
  private final WebSocketClient.Settings webSocket;

  private volatile String listenKey;
  private volatile UniqueKillSwitch connection;
  private volatile String lostReason;
  private volatile boolean everConnected;
  private volatile boolean connected;
  private volatile boolean stopping;

  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong listenKeys = new AtomicLong();
  private final AtomicLong keepAlives = new AtomicLong();
  private final AtomicLong keepAliveFailures = new AtomicLong();
  private final AtomicLong listenKeyExpired = new AtomicLong();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong executions = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private final AtomicLong unknownSymbol = new AtomicLong();
  private final AtomicLong unsupported = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong feesInOtherAssets = new AtomicLong();
  private final AtomicLong listenerErrors = new AtomicLong();

  private UniqueKillSwitch killSwitch;
  private CompletionStage<Done> done;
  private Cancellable keepAliveTimer;

  /** What flows from a session to the delivering sink. */
  private sealed interface Element permits Connected, Frame {}

  /** The connection of a session is up. */
  private record Connected(String listenKey) implements Element {}

  private record Frame(String text) implements Element {}

  private BinanceUserDataStream(
      ActorSystem<?> system,
      BinanceRestClient rest,
      Function<String, Optional<InstrumentSpec>> instruments,
      ExecutionListener listener) {
    this.system = system;
    this.rest = rest;
    this.settings = rest.settings();
    this.decoder = new BinanceExecutionDecoder(settings.venue(), instruments);
    this.listener = listener;
    this.webSocket = WebSocketClient.Settings.from(system.settings().config());
  }

  /**
   * Starts the account's user-data stream; stop it with {@link #stop()}.
   *
   * @param instruments the instruments whose events are delivered, by Binance symbol
   * @throws IllegalStateException when the venue has no credentials
   */
  public static BinanceUserDataStream start(
      ActorSystem<?> system,
      BinanceAccountSettings settings,
      Optional<BinanceCredentials> credentials,
      Function<String, Optional<InstrumentSpec>> instruments,
      ExecutionListener listener) {
    String reason =
        "no API credentials for "
            + settings.venue()
            + "; the user-data stream is unavailable ("
            + BinanceCredentials.missingHint(settings.venue())
            + ")";
    return start(
        new BinanceRestClient(system, settings, credentials, reason), instruments, listener);
  }

  static BinanceUserDataStream start(
      BinanceRestClient rest,
      Function<String, Optional<InstrumentSpec>> instruments,
      ExecutionListener listener) {
    if (!rest.hasCredentials()) {
      throw new IllegalStateException(rest.unavailableReason());
    }
    BinanceUserDataStream stream =
        new BinanceUserDataStream(rest.system(), rest, instruments, listener);
    stream.run();
    return stream;
  }

  public Venue venue() {
    return settings.venue();
  }

  private void run() {
    RestartSettings restart =
        RestartSettings.create(
            settings.minBackoff(), settings.maxBackoff(), settings.randomFactor());
    Pair<UniqueKillSwitch, CompletionStage<Done>> running =
        RestartSource.withBackoff(restart, this::session)
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.foreach(this::onElement), Keep.both())
            .run(system);
    killSwitch = running.first();
    done = running.second();
    keepAliveTimer =
        system
            .scheduler()
            .scheduleWithFixedDelay(
                settings.listenKeyKeepAlive(),
                settings.listenKeyKeepAlive(),
                this::keepAlive,
                system.executionContext());
  }

  /** One session: a listen key, then a connection with it. Fails or completes to restart. */
  private Source<Element, NotUsed> session() {
    CompletionStage<Source<Element, NotUsed>> connected =
        obtainListenKey()
            .handle(
                (key, error) -> {
                  if (error != null) {
                    Throwable cause = unwrap(error);
                    noteLost("listen key request failed: " + cause.getMessage());
                    log.warn("{} user data: {}", venue(), cause.getMessage());
                    return Source.<Element>failed(cause);
                  }
                  return connect(key);
                });
    return Source.completionStageSource(connected).mapMaterializedValue(m -> NotUsed.getInstance());
  }

  private CompletionStage<String> obtainListenKey() {
    return rest.send(
            HttpMethods.POST,
            settings.listenKeyPath(),
            BinanceRestClient.Security.API_KEY,
            Map.of(),
            false)
        .thenApply(
            json -> {
              JsonNode key = json.get("listenKey");
              if (key == null
                  || !key.isTextual()
                  || !LISTEN_KEY.matcher(key.textValue()).matches()) {
                throw rest.malformed(
                    "POST " + settings.listenKeyPath(), 200, "no valid listenKey in " + json);
              }
              listenKeys.incrementAndGet();
              listenKey = key.textValue();
              return key.textValue();
            });
  }

  private Source<Element, NotUsed> connect(String key) {
    String url = settings.userStreamUrl(key);
    Pair<CompletionStage<WebSocketClient.Upgrade>, Source<ReconnectingSocket.Frame, NotUsed>> ws =
        Source.<String>maybe()
            .viaMat(WebSocketClient.flow(system, url, webSocket), Keep.right())
            .preMaterialize(system);
    Source<Element, NotUsed> up =
        Source.completionStage(
            ws.first()
                .thenApply(
                    response -> {
                      if (!response.accepted()) {
                        throw new IllegalStateException(
                            "user-data connection refused: "
                                + response.status()
                                + " "
                                + response.reason());
                      }
                      return (Element) new Connected(key);
                    }));
    return up.concat(ws.second().map(frame -> (Element) new Frame(frame.text())))
        .viaMat(KillSwitches.single(), Keep.right())
        .watchTermination(
            (switchOf, terminated) -> {
              connection = switchOf;
              terminated.whenComplete((d, error) -> onDisconnected(switchOf, error));
              return NotUsed.getInstance();
            });
  }

  private void onDisconnected(UniqueKillSwitch which, Throwable error) {
    if (connection == which) {
      connected = false;
    }
    if (stopping) {
      return;
    }
    noteLost(
        error == null
            ? "connection closed by the venue"
            : "connection failed: " + error.getClass().getSimpleName() + " " + error.getMessage());
    log.info("{} user-data connection ended: {}", venue(), lostReason);
  }

  /** Keeps the first reason until a connection is up again. */
  private synchronized void noteLost(String reason) {
    if (lostReason == null) {
      lostReason = reason;
    }
  }

  private synchronized String takeLost() {
    String r = lostReason;
    lostReason = null;
    return r;
  }

  /** Ends the current connection; the restart opens a new session. */
  private void dropConnection(String reason) {
    noteLost(reason);
    UniqueKillSwitch c = connection;
    if (c != null) {
      c.shutdown();
    }
  }

  private void onElement(Element element) {
    if (element instanceof Connected c) {
      connects.incrementAndGet();
      connected = true;
      String reason = takeLost();
      boolean reconnect = everConnected;
      everConnected = true;
      log.info("{} user-data stream connected{}", venue(), reconnect ? " again" : "");
      if (reconnect) {
        gaps.incrementAndGet();
        String why = reason == null ? "reconnected" : reason;
        try {
          listener.onGap(venue() + " user-data stream interrupted (" + why + ")");
        } catch (RuntimeException e) {
          listenerErrors.incrementAndGet();
          log.warn("{} execution listener failed on a gap: {}", venue(), e.toString());
        }
      }
      return;
    }
    Frame frame = (Frame) element;
    frames.incrementAndGet();
    if (frame.text() == null) {
      malformed.incrementAndGet();
      return;
    }
    BinanceExecutionDecoder.Outcome outcome = decoder.decode(frame.text());
    switch (outcome.kind()) {
      case EXECUTION -> {
        executions.incrementAndGet();
        if (outcome.feeInOtherAsset()) {
          feesInOtherAssets.incrementAndGet();
        }
        try {
          listener.onExecution(outcome.event());
        } catch (RuntimeException e) {
          listenerErrors.incrementAndGet();
          log.warn("{} execution listener failed: {}", venue(), e.toString());
        }
      }
      case LISTEN_KEY_EXPIRED -> {
        listenKeyExpired.incrementAndGet();
        log.info("{} user-data listen key expired; reconnecting with a new one", venue());
        dropConnection("listen key expired");
      }
      case IGNORED -> ignored.incrementAndGet();
      case UNKNOWN_SYMBOL -> {
        unknownSymbol.incrementAndGet();
        log.debug("{} user-data event for unknown symbol {} skipped", venue(), outcome.detail());
      }
      case UNSUPPORTED -> {
        unsupported.incrementAndGet();
        log.warn("{} user-data event skipped: {}", venue(), outcome.detail());
      }
      case MALFORMED -> {
        malformed.incrementAndGet();
        log.warn("{} malformed user-data frame skipped: {}", venue(), outcome.detail());
      }
    }
  }

  private void keepAlive() {
    String key = listenKey;
    if (key == null || stopping) {
      return;
    }
    Map<String, String> params =
        settings.venue() == Venue.BINANCE ? Map.of("listenKey", key) : Map.of();
    rest.send(
            HttpMethods.PUT,
            settings.listenKeyPath(),
            BinanceRestClient.Security.API_KEY,
            params,
            false)
        .whenComplete(
            (json, error) -> {
              if (error == null) {
                keepAlives.incrementAndGet();
                return;
              }
              keepAliveFailures.incrementAndGet();
              Throwable cause = unwrap(error);
              String why =
                  cause instanceof VenueException v
                      ? "listen key keep-alive refused: " + v.code() + " " + v.venueMessage()
                      : "listen key keep-alive failed: " + cause.getMessage();
              log.warn("{} {}; reconnecting", venue(), why);
              dropConnection(why);
            });
  }

  /** A snapshot of the counters. */
  public UserDataMetrics metrics() {
    return new UserDataMetrics(
        venue(),
        connected,
        connects.get(),
        gaps.get(),
        listenKeys.get(),
        keepAlives.get(),
        keepAliveFailures.get(),
        listenKeyExpired.get(),
        frames.get(),
        executions.get(),
        ignored.get(),
        unknownSymbol.get(),
        unsupported.get(),
        malformed.get(),
        feesInOtherAssets.get(),
        listenerErrors.get());
  }

  /** Sends a keep-alive now (the timer does it every {@code user-data.keep-alive}). */
  void keepAliveNow() {
    keepAlive();
  }

  /**
   * Stops the stream; completes when the connection has closed. The listen key is left open: the
   * venue keeps one key per account and hands the same key to every node trading it, so closing it
   * here would cut the user-data stream of every other node (a rolling restart would blind the
   * survivors). An unused key lapses at the venue 60 minutes after its last keep-alive.
   */
  public CompletionStage<Done> stop() {
    stopping = true;
    if (keepAliveTimer != null) {
      keepAliveTimer.cancel();
    }
    killSwitch.shutdown();
    return done.exceptionally(e -> Done.getInstance());
  }

  @Override
  public void close() {
    stop();
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
