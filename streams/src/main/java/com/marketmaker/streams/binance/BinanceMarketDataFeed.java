package com.marketmaker.streams.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.actors.feed.FeedEvent;
import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance spot or USD-M market data on this node: one combined-stream WebSocket connection shared
 * by every subscribed instrument, with live {@code SUBSCRIBE} / {@code UNSUBSCRIBE} as the set of
 * subscribed instruments changes, and REST depth snapshots.
 *
 * <p>The connection runs in a {@link RestartSource#withBackoff} graph: when it fails or the venue
 * closes it (Binance does every 24 h), it is reopened after an exponential backoff with jitter,
 * every subscribed instrument is subscribed again, and once the venue acknowledges, each subscriber
 * gets a {@link FeedEvent.Resync}. Pings are answered by Pekko HTTP's WebSocket layer.
 *
 * <p>Each frame is decoded once, by the instrument's {@link
 * com.marketmaker.core.feed.BinanceDecoder} chosen by the envelope's stream name, and queued in the
 * instrument's bounded {@link InstrumentLane} (see there for the overflow policy). Malformed frames
 * are counted and skipped; the connection stays up.
 */
public final class BinanceMarketDataFeed implements MarketDataFeed, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BinanceMarketDataFeed.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final String STREAM_PREFIX = "{\"stream\":\"";

  /** Binance accepts at most 5 messages per second from a client; stay below. */
  private static final int CONTROL_MESSAGES_PER_SECOND = 4;

  private final ActorSystem<?> system;
  private final BinanceFeedSettings settings;
  private final FeedDelivery delivery;
  private final BinanceDepthSnapshots snapshots;
  private final Materializer materializer;

  private final Object lock = new Object();
  private final Map<String, InstrumentLane> lanes = new ConcurrentHashMap<>();
  private final Map<Long, List<String>> resyncOnAck = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong();

  // Guarded by lock.
  private BoundedSourceQueue<StreamChange> current;

  private volatile boolean connected;
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong malformedFrames = new AtomicLong();
  private final AtomicLong unroutedFrames = new AtomicLong();
  private final AtomicLong controlErrors = new AtomicLong();

  private UniqueKillSwitch killSwitch;
  private CompletionStage<Done> done;
  private Cancellable tick;

  /** A change of the subscribed streams, sent as one SUBSCRIBE or UNSUBSCRIBE. */
  private record StreamChange(boolean subscribe, List<String> streams, List<String> resyncOnAck) {}

  /** A text frame and its receive time. {@code text} is null for a binary frame. */
  private record Frame(String text, long receivedNanos) {}

  private BinanceMarketDataFeed(
      ActorSystem<?> system, BinanceFeedSettings settings, FeedDelivery delivery) {
    this.system = system;
    this.settings = settings;
    this.delivery = delivery;
    this.snapshots = new BinanceDepthSnapshots(system, settings);
    this.materializer = Materializer.matFromSystem(system);
  }

  /** Starts the venue's connection. Stop it with {@link #close()}. */
  public static BinanceMarketDataFeed start(ActorSystem<?> system, BinanceFeedSettings settings) {
    return start(system, settings, FeedDelivery.TELL);
  }

  /** As {@link #start(ActorSystem, BinanceFeedSettings)} with a given last delivery step. */
  public static BinanceMarketDataFeed start(
      ActorSystem<?> system, BinanceFeedSettings settings, FeedDelivery delivery) {
    BinanceMarketDataFeed feed = new BinanceMarketDataFeed(system, settings, delivery);
    feed.run();
    return feed;
  }

  public Venue venue() {
    return settings.venue();
  }

  private void run() {
    RestartSettings restart =
        RestartSettings.create(
            settings.minBackoff(), settings.maxBackoff(), settings.randomFactor());
    Pair<UniqueKillSwitch, CompletionStage<Done>> running =
        RestartSource.withBackoff(restart, this::connection)
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.foreach(this::onFrame), Keep.both())
            .run(system);
    killSwitch = running.first();
    done = running.second();
    Duration every = tickInterval(settings.staleAfter());
    tick =
        system
            .scheduler()
            .scheduleWithFixedDelay(every, every, this::onTick, system.executionContext());
  }

  private static Duration tickInterval(Duration staleAfter) {
    long ms = Math.max(20, Math.min(1000, staleAfter.toMillis() / 4));
    return Duration.ofMillis(ms);
  }

  /** One WebSocket connection; a new one per (re)start. */
  private Source<Frame, NotUsed> connection() {
    Pair<BoundedSourceQueue<StreamChange>, Source<StreamChange, NotUsed>> out =
        Source.<StreamChange>queue(1024).preMaterialize(system);
    BoundedSourceQueue<StreamChange> queue = out.first();
    Source<Message, NotUsed> outgoing =
        out.second()
            // Changes of many entities starting together go out as few messages.
            .groupedWithin(256, Duration.ofMillis(20))
            .mapConcat(this::toRequests)
            .throttle(CONTROL_MESSAGES_PER_SECOND, Duration.ofSeconds(1))
            .map(TextMessage::create);
    Flow<Message, Message, CompletionStage<WebSocketUpgradeResponse>> ws =
        Http.get(system).webSocketClientFlow(WebSocketRequest.create(settings.streamUrl()));
    return outgoing
        .viaMat(ws, Keep.right())
        .mapMaterializedValue(
            upgrade -> {
              upgrade.whenComplete((response, error) -> onUpgrade(queue, response, error));
              return NotUsed.getInstance();
            })
        .mapAsync(1, this::strict)
        .watchTermination(
            (nu, terminated) -> {
              terminated.whenComplete((d, error) -> onDisconnected(queue, error));
              return nu;
            });
  }

  private CompletionStage<Frame> strict(Message message) {
    if (message.isText()) {
      TextMessage text = message.asTextMessage();
      if (text.isStrict()) {
        return CompletableFuture.completedFuture(
            new Frame(text.getStrictText(), System.nanoTime()));
      }
      return text.toStrict(settings.restTimeout().toMillis(), materializer)
          .thenApply(t -> new Frame(t.getStrictText(), System.nanoTime()));
    }
    // Binance sends text only; drain and count anything else.
    message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
    return CompletableFuture.completedFuture(new Frame(null, System.nanoTime()));
  }

  private List<String> toRequests(List<StreamChange> changes) {
    List<String> requests = new ArrayList<>();
    int i = 0;
    while (i < changes.size()) {
      boolean subscribe = changes.get(i).subscribe();
      List<String> streams = new ArrayList<>();
      List<String> resync = new ArrayList<>();
      while (i < changes.size() && changes.get(i).subscribe() == subscribe) {
        streams.addAll(changes.get(i).streams());
        resync.addAll(changes.get(i).resyncOnAck());
        i++;
      }
      long id = requestIds.incrementAndGet();
      if (!resync.isEmpty()) {
        resyncOnAck.put(id, resync);
      }
      requests.add(controlRequest(subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE", streams, id));
    }
    return requests;
  }

  static String controlRequest(String method, List<String> streams, long id) {
    StringBuilder sb = new StringBuilder("{\"method\":\"").append(method).append("\",\"params\":[");
    for (int i = 0; i < streams.size(); i++) {
      sb.append(i == 0 ? "\"" : ",\"").append(streams.get(i)).append('"');
    }
    return sb.append("],\"id\":").append(id).append('}').toString();
  }

  private List<String> streamsOf(InstrumentLane lane) {
    String s = lane.streamSymbol;
    return List.of(s + "@" + settings.depthStream(), s + "@bookTicker", s + "@trade");
  }

  private void onUpgrade(
      BoundedSourceQueue<StreamChange> queue, WebSocketUpgradeResponse response, Throwable error) {
    if (error != null) {
      log.warn("{} connection to {} failed: {}", venue(), settings.streamUrl(), error.toString());
      return;
    }
    if (!response.response().status().equals(StatusCodes.SWITCHING_PROTOCOLS)) {
      log.warn(
          "{} connection to {} refused: {}",
          venue(),
          settings.streamUrl(),
          response.response().status());
      return;
    }
    synchronized (lock) {
      boolean reconnect = connects.incrementAndGet() > 1;
      if (reconnect) {
        reconnects.incrementAndGet();
      }
      connected = true;
      current = queue;
      List<String> streams = new ArrayList<>();
      List<String> symbols = new ArrayList<>();
      long now = System.nanoTime();
      for (InstrumentLane lane : lanes.values()) {
        streams.addAll(streamsOf(lane));
        symbols.add(lane.streamSymbol);
        lane.touch(now);
      }
      log.info(
          "{} connected to {} ({} instruments{})",
          venue(),
          settings.streamUrl(),
          symbols.size(),
          reconnect ? ", reconnect" : "");
      if (!streams.isEmpty()) {
        // After a lost connection every book missed diffs: resync once the venue confirms.
        send(new StreamChange(true, streams, reconnect ? symbols : List.of()));
      }
    }
  }

  private void onDisconnected(BoundedSourceQueue<StreamChange> queue, Throwable error) {
    synchronized (lock) {
      if (current == queue) {
        current = null;
        connected = false;
      }
    }
    queue.complete();
    log.info("{} connection closed{}", venue(), error == null ? "" : ": " + error.getMessage());
  }

  /** Caller holds the lock. */
  private void send(StreamChange change) {
    if (current == null) {
      return; // sent with the full subscription set on (re)connect
    }
    QueueOfferResult result = current.offer(change);
    if (result != QueueOfferResult.enqueued()) {
      log.warn("{} could not queue {}: {}", venue(), change, result);
    }
  }

  @Override
  public void subscribe(InstrumentSpec spec, ActorRef<FeedEvent> subscriber) {
    InstrumentId id = spec.id();
    requireVenue(id);
    synchronized (lock) {
      String symbol = id.symbol().toLowerCase(java.util.Locale.ROOT);
      InstrumentLane lane = lanes.get(symbol);
      if (lane == null) {
        lane =
            new InstrumentLane(spec, settings.laneCapacity(), system.executionContext(), delivery);
        lanes.put(symbol, lane);
        lane.addSubscriber(subscriber);
        send(new StreamChange(true, streamsOf(lane), List.of()));
      } else {
        lane.addSubscriber(subscriber);
      }
    }
  }

  @Override
  public void unsubscribe(InstrumentId instrument, ActorRef<FeedEvent> subscriber) {
    requireVenue(instrument);
    synchronized (lock) {
      String symbol = instrument.symbol().toLowerCase(java.util.Locale.ROOT);
      InstrumentLane lane = lanes.get(symbol);
      if (lane == null || !lane.removeSubscriber(subscriber) || lane.hasSubscribers()) {
        return;
      }
      lanes.remove(symbol);
      send(new StreamChange(false, streamsOf(lane), List.of()));
    }
  }

  @Override
  public CompletionStage<DepthUpdate> depthSnapshot(InstrumentSpec spec, int limit) {
    requireVenue(spec.id());
    return snapshots.fetch(spec, limit);
  }

  private void requireVenue(InstrumentId id) {
    if (id.venue() != settings.venue()) {
      throw new IllegalArgumentException(
          "instrument " + id + " is not on this feed's venue " + settings.venue());
    }
  }

  private void onFrame(Frame frame) {
    frames.incrementAndGet();
    String text = frame.text();
    try {
      if (text == null) {
        malformedFrames.incrementAndGet();
        return;
      }
      if (text.startsWith(STREAM_PREFIX)) {
        int from = STREAM_PREFIX.length();
        int at = text.indexOf('@', from);
        int quote = text.indexOf('"', from);
        if (at > from && at < quote) {
          route(text.substring(from, at), text, frame.receivedNanos());
          return;
        }
      }
      onOtherFrame(text, frame.receivedNanos());
    } catch (RuntimeException e) {
      // A bug or an unforeseen shape must not end the shared connection.
      malformedFrames.incrementAndGet();
      log.warn("{} frame skipped: {}", venue(), e.toString());
    }
  }

  private void route(String streamSymbol, String text, long receivedNanos) {
    InstrumentLane lane = lanes.get(streamSymbol);
    if (lane == null) {
      unroutedFrames.incrementAndGet();
      return;
    }
    lane.onFrame(text.getBytes(StandardCharsets.UTF_8), receivedNanos);
  }

  /** Control replies, errors, and envelopes whose stream field is not first. */
  private void onOtherFrame(String text, long receivedNanos) {
    String stream = null;
    Long id = null;
    String error = null;
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("stream") && v == JsonToken.VALUE_STRING) {
          stream = p.getText();
        } else if (name.equals("id") && v == JsonToken.VALUE_NUMBER_INT) {
          id = p.getLongValue();
        } else if (name.equals("error") && v == JsonToken.START_OBJECT) {
          error = readError(p);
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      malformedFrames.incrementAndGet();
      log.debug("{} malformed frame skipped: {}", venue(), e.getMessage());
      return;
    }
    if (stream != null && stream.indexOf('@') > 0) {
      route(stream.substring(0, stream.indexOf('@')), text, receivedNanos);
    } else if (error != null) {
      controlErrors.incrementAndGet();
      List<String> lost = id == null ? null : resyncOnAck.remove(id);
      log.warn("{} venue refused request {}: {} (resync pending: {})", venue(), id, error, lost);
    } else if (id != null) {
      List<String> symbols = resyncOnAck.remove(id);
      if (symbols != null) {
        for (String s : symbols) {
          InstrumentLane lane = lanes.get(s);
          if (lane != null) {
            lane.resync("reconnected to " + venue() + "; diffs may have been missed");
          }
        }
      }
    } else {
      malformedFrames.incrementAndGet();
    }
  }

  private static String readError(JsonParser p) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      sb.append(sb.length() == 0 ? "" : ", ").append(name).append('=').append(p.getText());
      p.skipChildren();
    }
    return sb.toString();
  }

  private void onTick() {
    long now = System.nanoTime();
    long staleNanos = settings.staleAfter().toNanos();
    for (InstrumentLane lane : lanes.values()) {
      // Also while disconnected: the entity must not quote from a frozen book meanwhile.
      lane.checkStale(now, staleNanos);
      lane.sampleRate(now);
    }
  }

  /** A snapshot of the counters. */
  public FeedMetrics metrics() {
    Map<InstrumentId, FeedMetrics.Instrument> instruments = new HashMap<>();
    for (InstrumentLane lane : lanes.values()) {
      instruments.put(lane.id, lane.metrics());
    }
    BinanceDepthSnapshots.Usage usage = snapshots.usage();
    return new FeedMetrics(
        venue(),
        connected,
        connects.get(),
        reconnects.get(),
        frames.get(),
        malformedFrames.get(),
        unroutedFrames.get(),
        controlErrors.get(),
        usage.weightUsed(),
        usage.weightBudget(),
        usage.requests(),
        usage.failures(),
        instruments);
  }

  /** Stops the connection and the timers; completes when the stream has ended. */
  public CompletionStage<Done> stop() {
    if (tick != null) {
      tick.cancel();
    }
    killSwitch.shutdown();
    return done.exceptionally(e -> Done.getInstance());
  }

  @Override
  public void close() {
    stop();
  }
}
