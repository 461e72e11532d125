package com.marketmaker.actors.feed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's frame-to-book latency: for every depth diff an entity applies, the time from the
 * frame's arrival at the node ({@link FeedEvent#receivedNanos()}) to the diff being applied to the
 * entity's book. Recorded lock-free from every entity into one HdrHistogram {@link Recorder}
 * (nanoseconds, 3 significant digits). The node's instance also holds the other parts of the path
 * from a tick to its quote, each a histogram of its own.
 */
public final class FeedLatency implements Extension {

  private static final String TICK_TO_PLAN = "tick-to-plan";
  private static final String TICK_TO_QUOTE = "tick-to-quote";
  private static final String FRAME_TO_BOOK_BEHIND_JOURNAL = "frame-to-book behind the journal";
  private static final String TICK_TO_QUOTE_BEHIND_JOURNAL = "tick-to-quote behind the journal";
  private static final String SEND_WALL = "sending a plan (wall clock)";
  private static final String SEND_CPU = "sending a plan (thread CPU)";

  /** The node's parts; empty in a part itself. */
  private final Map<String, FeedLatency> parts = new LinkedHashMap<>();

  private final LongAdder ticksBesideJournal = new LongAdder();

  private FeedLatency(boolean root) {
    if (root) {
      for (String name :
          new String[] {
            TICK_TO_PLAN,
            TICK_TO_QUOTE,
            FRAME_TO_BOOK_BEHIND_JOURNAL,
            TICK_TO_QUOTE_BEHIND_JOURNAL,
            SEND_WALL,
            SEND_CPU
          }) {
        parts.put(name, new FeedLatency(false));
      }
    }
  }

  private FeedLatency part(String name) {
    FeedLatency p = parts.get(name);
    if (p == null) {
      throw new IllegalStateException(name + " is a histogram of the node's instance");
    }
    return p;
  }

  /**
   * The first part of tick-to-quote: from the arrival of the frame that triggered a quote change to
   * the order plan being ready (risk, quote decision and plan done), before the requests are built,
   * signed and handed to the gateway.
   */
  public FeedLatency tickToPlan() {
    return part(TICK_TO_PLAN);
  }

  /**
   * The node's tick-to-quote latency: from the arrival of the frame that triggered a quote change
   * to the order requests being handed to the venue gateway.
   */
  public FeedLatency tickToQuote() {
    return part(TICK_TO_QUOTE);
  }

  /**
   * The part of frame-to-book whose diffs waited for a journal write: a write of the entity ended
   * after the frame arrived and before the diff was applied (the entity holds its commands while it
   * journals), so the diff waited at least until that write was done.
   */
  public FeedLatency frameToBookBehindJournal() {
    return part(FRAME_TO_BOOK_BEHIND_JOURNAL);
  }

  /** The part of tick-to-quote whose ticks waited for a journal write (as above). */
  public FeedLatency tickToQuoteBehindJournal() {
    return part(TICK_TO_QUOTE_BEHIND_JOURNAL);
  }

  /**
   * The last part of tick-to-quote, by the wall clock: the plan's requests built, signed and handed
   * to the HTTP client (every plan a tick led to).
   */
  public FeedLatency sendWall() {
    return part(SEND_WALL);
  }

  /**
   * The same stretch in the entity thread's own CPU time: what it costs, without the time the
   * thread waited for a core.
   */
  public FeedLatency sendCpu() {
    return part(SEND_CPU);
  }

  /** Ticks the node's entities applied and quoted beside a journal write. */
  public LongAdder ticksBesideJournal() {
    return ticksBesideJournal;
  }

  /** Forgets what every histogram of the node recorded so far. */
  public void resetAll() {
    ticksBesideJournal.reset();
    reset();
    parts.values().forEach(FeedLatency::reset);
  }

  /** The longest latency recorded exactly; anything slower is clamped to it (one minute). */
  public static final long MAX_NANOS = 60_000_000_000L;

  private final Recorder recorder = new Recorder(MAX_NANOS, 3);
  private final Histogram total = new Histogram(MAX_NANOS, 3);
  private Histogram recycled;

  /** Records one applied diff received at {@code receivedNanos}; returns the latency recorded. */
  public long recordApplied(long receivedNanos) {
    return recordLatency(System.nanoTime() - receivedNanos);
  }

  /** Records a latency measured elsewhere (nanoseconds); returns the value recorded. */
  public long recordLatency(long latencyNanos) {
    long clamped = Math.max(0, Math.min(MAX_NANOS, latencyNanos));
    recorder.recordValue(clamped);
    return clamped;
  }

  /** Everything recorded since start or the last {@link #reset()}. */
  public synchronized Histogram total() {
    recycled = recorder.getIntervalHistogram(recycled);
    total.add(recycled);
    return total.copy();
  }

  /** Forgets what was recorded so far (for example the warm-up of a load run). */
  public synchronized void reset() {
    recycled = recorder.getIntervalHistogram(recycled);
    total.reset();
  }

  /** The node's instance. */
  public static FeedLatency get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private static final class Id extends ExtensionId<FeedLatency> {
    static final Id INSTANCE = new Id();

    @Override
    public FeedLatency createExtension(ActorSystem<?> system) {
      return new FeedLatency(true);
    }
  }
}
