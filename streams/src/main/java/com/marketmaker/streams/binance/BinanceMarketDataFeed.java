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
import com.marketmaker.streams.feed.FeedDelivery;
import com.marketmaker.streams.feed.FeedMetrics;
import com.marketmaker.streams.feed.ReconnectingSocket;
import com.marketmaker.streams.recorder.MarketDataRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance spot or USD-M market data on this node: as few combined-stream WebSocket connections as
 * the venue's stream limit allows (one as long as the subscribed streams fit), with live {@code
 * SUBSCRIBE} / {@code UNSUBSCRIBE} as the set of subscribed instruments changes, and REST depth
 * snapshots.
 *
 * <p><b>Connections.</b> Binance allows a limited number of streams per connection (spot: 1024, <a
 * href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams">spot
 * WebSocket Streams, "WebSocket Limits"</a>; USD-M: 200 in the futures documentation this feed was
 * written against, 1024 on the <a
 * href="https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams">current
 * USD-M page</a>; the limit is {@code max-streams-per-connection}). Each instrument takes {@value
 * BinanceFeedSettings#STREAMS_PER_INSTRUMENT} streams. A new instrument goes to the lowest-index
 * connection with room, and a new connection is opened only when none has room (300 USD-M
 * instruments at 200 streams: 66 per connection, 5 connections). An instrument stays on its
 * connection until it is unsubscribed (assignment is stable; nothing is moved to rebalance), and
 * the room it frees is reused by the next new instrument. A connection other than the first that
 * carries no instrument any more is closed.
 *
 * <p><b>Control messages.</b> Binance counts every message a client sends on a connection, pings,
 * pongs and JSON requests alike, against a per-connection limit (spot 5 per second, USD-M 10 per
 * second; the same pages; {@code max-control-messages-per-second}); a connection over the limit is
 * closed. Each connection batches its changes (several streams per {@code SUBSCRIBE}) and sends at
 * most one request every {@code 1 s / (limit - 1)}, so at most {@code limit - 1} per second,
 * leaving one per second for keep-alive pongs.
 *
 * <p><b>Reconnects.</b> Each connection runs in its own {@link RestartSource#withBackoff} graph:
 * when it fails or the venue closes it (Binance does every 24 h), it is reopened after an
 * exponential backoff with jitter, its own instruments are subscribed again, and once the venue
 * acknowledges, their subscribers get a {@link FeedEvent.Resync}. Instruments on the other
 * connections are not disturbed. Pings are answered by the {@link
 * com.marketmaker.streams.feed.WebSocketClient}.
 *
 * <p><b>Frames.</b> Each frame is decoded once, by the instrument's {@link
 * com.marketmaker.core.feed.BinanceDecoder} chosen by the envelope's stream name, and queued in the
 * instrument's bounded {@link InstrumentLane} (see there for the overflow policy). Malformed frames
 * are counted and skipped; the connection stays up. With a {@link MarketDataRecorder}, every frame
 * and every REST snapshot answer is also handed to it with its receive time (never blocking).
 *
 * <p>Why the file passes 600 lines: the connection assignment, the paced control messages and the
 * reconnect graph share one lock-guarded table of connections and instruments, and are kept
 * together so that every change of that table is read in one place; snapshots ({@link
 * BinanceDepthSnapshots}), decoding and delivery ({@link InstrumentLane}) and metrics are
 * elsewhere.
 */
public final class BinanceMarketDataFeed implements MarketDataFeed, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BinanceMarketDataFeed.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final String STREAM_PREFIX = "{\"stream\":\"";

  private final ActorSystem<?> system;
  private final BinanceFeedSettings settings;
  private final FeedDelivery delivery;
  private final BinanceDepthSnapshots snapshots;
  private final MarketDataRecorder recorder;

  private final Object lock = new Object();
  private final Map<String, InstrumentLane> lanes = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong();

  // Guarded by lock. Index = connection slot; null where a slot's connection was closed.
  private final List<Connection> connections = new ArrayList<>();
  private final Map<String, Connection> assignment = new HashMap<>();
  private boolean stopped;

  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong malformedFrames = new AtomicLong();
  private final AtomicLong unroutedFrames = new AtomicLong();
  private final AtomicLong controlErrors = new AtomicLong();
  private final AtomicLong closedConnects = new AtomicLong();
  private final AtomicLong closedReconnects = new AtomicLong();
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong recordDrops = new AtomicLong();

  private Cancellable tick;

  /** A change of the subscribed streams, sent as one SUBSCRIBE or UNSUBSCRIBE. */
  private record StreamChange(boolean subscribe, List<String> streams, List<String> resyncOnAck) {}

  /** A SUBSCRIBE sent and not yet confirmed: its instruments and those to resync on the reply. */
  private record Request(List<String> symbols, List<String> resyncOnAck) {}

  private BinanceMarketDataFeed(
      ActorSystem<?> system,
      BinanceFeedSettings settings,
      FeedDelivery delivery,
      MarketDataRecorder recorder) {
    this.system = system;
    this.settings = settings;
    this.delivery = delivery;
    this.recorder = recorder != null && recorder.records(settings.venue()) ? recorder : null;
    this.snapshots = new BinanceDepthSnapshots(system, settings, this::record);
  }

  /** Starts the venue's first connection. Stop it with {@link #close()}. */
  public static BinanceMarketDataFeed start(ActorSystem<?> system, BinanceFeedSettings settings) {
    return start(system, settings, FeedDelivery.TELL, null);
  }

  /** As {@link #start(ActorSystem, BinanceFeedSettings)} with a given last delivery step. */
  public static BinanceMarketDataFeed start(
      ActorSystem<?> system, BinanceFeedSettings settings, FeedDelivery delivery) {
    return start(system, settings, delivery, null);
  }

  /**
   * As {@link #start(ActorSystem, BinanceFeedSettings)}, recording every frame and snapshot answer
   * with {@code recorder} when it records this venue ({@code recorder} may be null).
   */
  public static BinanceMarketDataFeed start(
      ActorSystem<?> system,
      BinanceFeedSettings settings,
      FeedDelivery delivery,
      MarketDataRecorder recorder) {
    BinanceMarketDataFeed feed = new BinanceMarketDataFeed(system, settings, delivery, recorder);
    feed.run();
    return feed;
  }

  public Venue venue() {
    return settings.venue();
  }

  private void run() {
    synchronized (lock) {
      openConnection(0);
    }
    // Also while disconnected: the entity must not quote from a frozen book meanwhile.
    tick = InstrumentLane.scheduleChecks(system, lanes.values(), settings.staleAfter());
  }

  /** Caller holds the lock. */
  private Connection openConnection(int index) {
    Connection c = new Connection(index);
    while (connections.size() <= index) {
      connections.add(null);
    }
    connections.set(index, c);
    c.run();
    return c;
  }

  /** The connection with room for one more instrument, opened if need be. Caller holds the lock. */
  private Connection connectionWithRoom() {
    int needed = BinanceFeedSettings.STREAMS_PER_INSTRUMENT;
    int firstFree = -1;
    for (int i = 0; i < connections.size(); i++) {
      Connection c = connections.get(i);
      if (c == null) {
        if (firstFree < 0) {
          firstFree = i;
        }
      } else if (c.streams + needed <= settings.maxStreamsPerConnection()) {
        return c;
      }
    }
    int index = firstFree >= 0 ? firstFree : connections.size();
    log.info(
        "{}: every connection holds {} streams; opening connection {}",
        venue(),
        settings.maxStreamsPerConnection(),
        index);
    return openConnection(index);
  }

  private List<String> streamsOf(InstrumentLane lane) {
    String s = lane.streamSymbol;
    return List.of(s + "@" + settings.depthStream(), s + "@bookTicker", s + "@trade");
  }

  static String controlRequest(String method, List<String> streams, long id) {
    StringBuilder sb = new StringBuilder("{\"method\":\"").append(method).append("\",\"params\":[");
    for (int i = 0; i < streams.size(); i++) {
      sb.append(i == 0 ? "\"" : ",\"").append(streams.get(i)).append('"');
    }
    return sb.append("],\"id\":").append(id).append('}').toString();
  }

  @Override
  public void subscribe(InstrumentSpec spec, ActorRef<FeedEvent> subscriber) {
    subscribe(spec, subscriber, false);
  }

  @Override
  public void consumed(InstrumentId instrument, ActorRef<FeedEvent> subscriber) {
    InstrumentLane lane = lanes.get(instrument.symbol().toLowerCase(Locale.ROOT));
    if (lane != null) {
      lane.consumed(subscriber);
    }
  }

  @Override
  public void subscribe(InstrumentSpec spec, ActorRef<FeedEvent> subscriber, boolean bounded) {
    InstrumentId id = spec.id();
    requireVenue(id);
    synchronized (lock) {
      if (stopped) {
        throw new IllegalStateException(venue() + " feed is stopped");
      }
      String symbol = id.symbol().toLowerCase(Locale.ROOT);
      InstrumentLane lane = lanes.get(symbol);
      if (lane == null) {
        lane = new InstrumentLane(spec, settings.laneCapacity(), delivery);
        lane.addSubscriber(subscriber, bounded);
        Connection c = connectionWithRoom();
        lane.connection = c.index;
        lanes.put(symbol, lane);
        assignment.put(symbol, c);
        c.add(lane);
      } else {
        lane.addSubscriber(subscriber, bounded);
      }
    }
  }

  @Override
  public void unsubscribe(InstrumentId instrument, ActorRef<FeedEvent> subscriber) {
    requireVenue(instrument);
    synchronized (lock) {
      String symbol = instrument.symbol().toLowerCase(Locale.ROOT);
      InstrumentLane lane = lanes.get(symbol);
      if (lane == null || !lane.removeSubscriber(subscriber) || lane.hasSubscribers()) {
        return;
      }
      lanes.remove(symbol);
      Connection c = assignment.remove(symbol);
      if (c != null) {
        c.remove(lane);
        if (c.lanes.isEmpty() && c.index != 0) {
          connections.set(c.index, null);
          c.shutdown();
          closedConnects.addAndGet(c.connects.get());
          closedReconnects.addAndGet(c.reconnects.get());
          log.info("{} connection {} carries no instrument any more; closed", venue(), c.index);
        }
      }
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

  /** Hands a received text to the recorder, if there is one. */
  private void record(String symbol, long receivedNanos, String text) {
    if (recorder != null) {
      recorded.incrementAndGet();
      if (!recorder.record(settings.venue(), symbol, receivedNanos, text)) {
        recordDrops.incrementAndGet();
      }
    }
  }

  private void onFrame(Connection connection, ReconnectingSocket.Frame frame) {
    frames.incrementAndGet();
    connection.frames.incrementAndGet();
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
      onOtherFrame(connection, text, frame.receivedNanos());
    } catch (RuntimeException e) {
      // A bug or an unforeseen shape must not end the shared connection.
      malformedFrames.incrementAndGet();
      log.warn("{} frame skipped: {}", venue(), e.toString());
    }
  }

  private void route(String streamSymbol, String text, long receivedNanos) {
    InstrumentLane lane = lanes.get(streamSymbol);
    if (lane == null) {
      record(null, receivedNanos, text);
      unroutedFrames.incrementAndGet();
      return;
    }
    record(lane.streamSymbol, receivedNanos, text);
    lane.onFrame(text.getBytes(StandardCharsets.UTF_8), receivedNanos);
  }

  /** Control replies, errors, and envelopes whose stream field is not first. */
  private void onOtherFrame(Connection connection, String text, long receivedNanos) {
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
      record(null, receivedNanos, text);
      malformedFrames.incrementAndGet();
      log.debug("{} malformed frame skipped: {}", venue(), e.getMessage());
      return;
    }
    if (stream != null && stream.indexOf('@') > 0) {
      route(stream.substring(0, stream.indexOf('@')), text, receivedNanos);
      return;
    }
    record(null, receivedNanos, text);
    if (error != null) {
      controlErrors.incrementAndGet();
      Request lost = id == null ? null : connection.awaitingAck.remove(id);
      log.warn(
          "{} venue refused request {} on connection {}: {} (resync pending: {})",
          venue(),
          id,
          connection.index,
          error,
          lost);
    } else if (id != null) {
      connection.onAck(id);
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

  /** A snapshot of the counters. */
  public FeedMetrics metrics() {
    FeedMetrics.LaneTotals lanes = FeedMetrics.LaneTotals.of(this.lanes.values());
    List<FeedMetrics.Connection> conns = new ArrayList<>();
    boolean connected = true;
    long connects = closedConnects.get();
    long reconnects = closedReconnects.get();
    synchronized (lock) {
      for (Connection c : connections) {
        if (c != null) {
          FeedMetrics.Connection m = c.metrics();
          conns.add(m);
          connected &= m.connected();
          connects += m.connects();
          reconnects += m.reconnects();
        }
      }
    }
    BinanceDepthSnapshots.Usage usage = snapshots.usage();
    return new FeedMetrics(
        venue(),
        connected && !conns.isEmpty(),
        connects,
        reconnects,
        frames.get(),
        malformedFrames.get(),
        unroutedFrames.get(),
        controlErrors.get(),
        usage.weightUsed(),
        usage.weightBudget(),
        usage.requests(),
        usage.failures(),
        lanes.messagesPerSecond(),
        lanes.decodeErrors(),
        lanes.gaps(),
        lanes.resyncs(),
        recorded.get(),
        recordDrops.get(),
        conns,
        lanes.instruments());
  }

  /** Stops every connection and the timers; completes when their streams have ended. */
  public CompletionStage<Done> stop() {
    if (tick != null) {
      tick.cancel();
    }
    List<CompletableFuture<Done>> ends = new ArrayList<>();
    synchronized (lock) {
      stopped = true;
      for (Connection c : connections) {
        if (c != null) {
          ends.add(c.shutdown().toCompletableFuture());
        }
      }
    }
    return CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))
        .thenApply(v -> Done.getInstance());
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * One WebSocket connection slot: its instruments, its (re)connecting stream graph, its paced
   * control messages.
   */
  private final class Connection implements ReconnectingSocket.Listener<StreamChange> {
    final int index;

    // Guarded by the feed's lock.
    final Set<InstrumentLane> lanes = new LinkedHashSet<>();
    int streams;
    private BoundedSourceQueue<StreamChange> current;

    final Map<Long, Request> awaitingAck = new ConcurrentHashMap<>();
    final AtomicLong connects = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong frames = new AtomicLong();
    final AtomicLong controlMessages = new AtomicLong();
    private volatile boolean connected;
    private ReconnectingSocket<StreamChange> socket;

    Connection(int index) {
      this.index = index;
    }

    void run() {
      socket =
          ReconnectingSocket.open(
              system,
              venue() + " connection " + index,
              settings.streamUrl(),
              RestartSettings.create(
                  settings.minBackoff(), settings.maxBackoff(), settings.randomFactor()),
              this::outgoing,
              this);
    }

    /** Caller holds the feed's lock. */
    void add(InstrumentLane lane) {
      lanes.add(lane);
      streams += BinanceFeedSettings.STREAMS_PER_INSTRUMENT;
      send(new StreamChange(true, streamsOf(lane), List.of()));
    }

    /** Caller holds the feed's lock. */
    void remove(InstrumentLane lane) {
      if (lanes.remove(lane)) {
        streams -= BinanceFeedSettings.STREAMS_PER_INSTRUMENT;
        send(new StreamChange(false, streamsOf(lane), List.of()));
      }
    }

    /** Caller holds the feed's lock. */
    CompletionStage<Done> shutdown() {
      return socket.shutdown();
    }

    /** What goes out on each connection: its stream changes as paced SUBSCRIBE / UNSUBSCRIBE. */
    private Source<String, NotUsed> outgoing(Source<StreamChange, NotUsed> changes) {
      // One request per 1 s / (limit - 1), no burst: never more than limit - 1 in any second.
      Duration spacing =
          Duration.ofNanos(1_000_000_000L / (settings.maxControlMessagesPerSecond() - 1));
      return changes
          // Changes of many entities starting together go out as few messages.
          .groupedWithin(1024, Duration.ofMillis(20))
          .mapConcat(this::toRequests)
          .throttle(1, spacing, 1, ThrottleMode.shaping())
          .map(
              request -> {
                controlMessages.incrementAndGet();
                return request;
              });
    }

    @Override
    public void frame(ReconnectingSocket.Frame frame) {
      onFrame(this, frame);
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
        if (subscribe) {
          awaitingAck.put(id, new Request(symbolsOf(streams), resync));
        }
        requests.add(controlRequest(subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE", streams, id));
      }
      return requests;
    }

    private static List<String> symbolsOf(List<String> streams) {
      List<String> symbols = new ArrayList<>();
      for (String s : streams) {
        String symbol = s.substring(0, s.indexOf('@'));
        if (symbols.isEmpty() || !symbols.get(symbols.size() - 1).equals(symbol)) {
          symbols.add(symbol);
        }
      }
      return symbols;
    }

    /** The venue confirmed request {@code id}. */
    void onAck(long id) {
      Request r = awaitingAck.remove(id);
      if (r == null) {
        return;
      }
      for (String s : r.symbols()) {
        InstrumentLane lane = BinanceMarketDataFeed.this.lanes.get(s);
        if (lane != null) {
          lane.confirmed = true;
        }
      }
      for (String s : r.resyncOnAck()) {
        InstrumentLane lane = BinanceMarketDataFeed.this.lanes.get(s);
        if (lane != null) {
          lane.resync(
              "reconnected to "
                  + venue()
                  + " (connection "
                  + index
                  + "); diffs may have been missed");
        }
      }
    }

    @Override
    public void up(BoundedSourceQueue<StreamChange> queue) {
      synchronized (lock) {
        boolean reconnect = connects.incrementAndGet() > 1;
        if (reconnect) {
          reconnects.incrementAndGet();
        }
        connected = true;
        current = queue;
        List<String> streamNames = new ArrayList<>();
        List<String> symbols = new ArrayList<>();
        long now = System.nanoTime();
        for (InstrumentLane lane : lanes) {
          streamNames.addAll(streamsOf(lane));
          symbols.add(lane.streamSymbol);
          lane.touch(now);
          lane.restartSequence();
          lane.confirmed = false;
        }
        log.info(
            "{} connection {} up to {} ({} instruments{})",
            venue(),
            index,
            settings.streamUrl(),
            symbols.size(),
            reconnect ? ", reconnect" : "");
        if (!streamNames.isEmpty()) {
          // After a lost connection its books missed diffs: resync once the venue confirms.
          send(new StreamChange(true, streamNames, reconnect ? symbols : List.of()));
        }
      }
    }

    @Override
    public void down(BoundedSourceQueue<StreamChange> queue, Throwable error) {
      synchronized (lock) {
        if (current == queue) {
          current = null;
          connected = false;
        }
      }
    }

    /** Caller holds the feed's lock. */
    private void send(StreamChange change) {
      if (current == null) {
        return; // sent with the full subscription set on (re)connect
      }
      QueueOfferResult result = current.offer(change);
      if (result != QueueOfferResult.enqueued()) {
        log.warn("{} connection {} could not queue {}: {}", venue(), index, change, result);
      }
    }

    FeedMetrics.Connection metrics() {
      return new FeedMetrics.Connection(
          index,
          connected,
          connects.get(),
          reconnects.get(),
          streams,
          lanes.size(),
          frames.get(),
          controlMessages.get());
    }
  }
}
