package com.marketmaker.simulator.replay;

import com.marketmaker.simulator.ws.StreamHub;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Replays one Binance venue's {@link Capture} at the pace {@link PacedReplay} keeps: each depth
 * diff is first applied to the simulator's book, then (unless a drop fault withholds it) sent to
 * the subscribed connections; other frames are sent as they are.
 */
public final class ReplayEngine extends PacedReplay {

  /**
   * A replay status.
   *
   * @param framesSent per stream, frames replayed to clients (dropped diffs not counted)
   * @param lastUpdateId per symbol, the simulator's book position
   */
  public record Status(
      String venue,
      State state,
      boolean done,
      String speed,
      int position,
      int total,
      Map<String, Long> framesSent,
      Map<String, Long> lastUpdateId,
      long deliveries,
      long droppedDiffs,
      long staleSnapshotsServed,
      long framesDelayed,
      long malformedFramesSent,
      int openConnections,
      long acceptedConnections,
      long overflowCloses,
      long lifetimeCloses,
      long faultDisconnects,
      long badRequests,
      String error) {}

  private final Capture capture;
  private final List<SimulatedBook> books;
  private final StreamHub hub;
  private final Faults faults;
  private final AtomicLongArray framesSent;
  private volatile long deliveries;
  private volatile long malformedSent;

  public ReplayEngine(
      String venue, Capture capture, List<SimulatedBook> books, StreamHub hub, Faults faults) {
    super(venue, faults);
    this.capture = capture;
    this.books = books;
    this.hub = hub;
    this.faults = faults;
    this.framesSent = new AtomicLongArray(capture.streams().size());
  }

  /** Sends {@code n} malformed frames to every connection now. */
  public synchronized int sendMalformed(int n) {
    int reached = hub.sendMalformed(n);
    malformedSent += n;
    return reached;
  }

  @Override
  protected int frameCount() {
    return capture.size();
  }

  @Override
  protected long frameNanos(int i) {
    return capture.frame(i).receivedNanos();
  }

  @Override
  protected void replay(int i, boolean max) {
    RecordedFrame f = capture.frame(i);
    if (f.depth()) {
      books.get(f.symbol()).applyDiff(f.raw());
      if (faults.consumeDrop(capture.symbols().get(f.symbol()).symbol())) {
        return;
      }
    }
    String stream = capture.streams().get(f.stream());
    deliveries += hub.publish(stream, f.raw(), () -> f.payload(stream), max);
    framesSent.incrementAndGet(f.stream());
  }

  @Override
  public Status status() {
    Map<String, Long> sent = new LinkedHashMap<>();
    for (int s = 0; s < capture.streams().size(); s++) {
      sent.put(capture.streams().get(s), framesSent.get(s));
    }
    Map<String, Long> ids = new LinkedHashMap<>();
    for (int s = 0; s < books.size(); s++) {
      ids.put(capture.symbols().get(s).symbol(), books.get(s).lastUpdateId());
    }
    State state = state();
    return new Status(
        venue(),
        state,
        state == State.DONE,
        speedName(),
        position(),
        capture.size(),
        sent,
        ids,
        deliveries,
        faults.droppedDiffs(),
        faults.staleSnapshotsServed(),
        faults.framesDelayed(),
        malformedSent,
        hub.sessions().openConnections(),
        hub.sessions().acceptedConnections(),
        hub.sessions().overflowCloses(),
        hub.sessions().lifetimeCloses(),
        hub.sessions().faultCloses(),
        hub.badRequests(),
        error());
  }
}
