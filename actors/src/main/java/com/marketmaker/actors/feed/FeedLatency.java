package com.marketmaker.actors.feed;

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
 * (nanoseconds, 3 significant digits).
 */
public final class FeedLatency implements Extension {

  private final FeedLatency tickToQuote;
  private final FeedLatency tickToPlan;
  private final FeedLatency frameToBookBehindJournal;
  private final FeedLatency tickToQuoteBehindJournal;
  private final LongAdder ticksBesideJournal = new LongAdder();

  private FeedLatency(boolean withTickToQuote) {
    this.tickToQuote = withTickToQuote ? new FeedLatency(false) : null;
    this.tickToPlan = withTickToQuote ? new FeedLatency(false) : null;
    this.frameToBookBehindJournal = withTickToQuote ? new FeedLatency(false) : null;
    this.tickToQuoteBehindJournal = withTickToQuote ? new FeedLatency(false) : null;
  }

  /**
   * The part of frame-to-book whose diffs waited for a journal write: a write of the entity ended
   * after the frame arrived and before the diff was applied (the entity holds its commands while it
   * journals), so the diff waited at least until that write was done.
   */
  public FeedLatency frameToBookBehindJournal() {
    if (frameToBookBehindJournal == null) {
      throw new IllegalStateException("frame-to-book behind the journal is a histogram of its own");
    }
    return frameToBookBehindJournal;
  }

  /** The part of tick-to-quote whose ticks waited for a journal write (as above). */
  public FeedLatency tickToQuoteBehindJournal() {
    if (tickToQuoteBehindJournal == null) {
      throw new IllegalStateException("tick-to-quote behind the journal is a histogram of its own");
    }
    return tickToQuoteBehindJournal;
  }

  /** Ticks the node's entities applied and quoted beside a journal write. */
  public LongAdder ticksBesideJournal() {
    return ticksBesideJournal;
  }

  /** Forgets what every histogram of the node recorded so far. */
  public void resetAll() {
    ticksBesideJournal.reset();
    reset();
    tickToQuote().reset();
    tickToPlan().reset();
    frameToBookBehindJournal().reset();
    tickToQuoteBehindJournal().reset();
  }

  /**
   * The first part of tick-to-quote: from the arrival of the frame that triggered a quote change to
   * the order plan being ready (risk, quote decision and plan done), before the requests are built,
   * signed and handed to the gateway.
   */
  public FeedLatency tickToPlan() {
    if (tickToPlan == null) {
      throw new IllegalStateException("tick-to-plan is a histogram of its own");
    }
    return tickToPlan;
  }

  /**
   * The node's tick-to-quote latency: from the arrival of the frame that triggered a quote change
   * to the order requests being handed to the venue gateway.
   */
  public FeedLatency tickToQuote() {
    if (tickToQuote == null) {
      throw new IllegalStateException("tick-to-quote is a histogram of its own");
    }
    return tickToQuote;
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
