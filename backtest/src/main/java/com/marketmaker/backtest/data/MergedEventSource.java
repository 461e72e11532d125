package com.marketmaker.backtest.data;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several event sources combined into one stream in receive-time order: a k-way merge on a binary
 * heap of the sources' next events. Events of equal receive time come in source order (the source
 * listed first first), and each source's own order is kept, so the result is the stable sort by
 * receive time of the sources' events concatenated in the order given.
 *
 * <p>Instruments are numbered across the run: {@link #instruments()} lists each instrument once, in
 * order of first appearance among the sources (an instrument in several sources, a capture split
 * over several files, keeps one index and must have the same grid everywhere), and every event's
 * {@link MarketEvent#instrument} is rewritten to that run-wide index. The event {@link #next()}
 * returns is reused, valid until the next call.
 *
 * <p>Each source must deliver its events in receive-time order; one that goes back in time fails
 * the merge with an {@link IllegalStateException}.
 *
 * <p>When every source {@linkplain MarketEventSource#canPeek() can peek} (event files), the heap is
 * ordered on the receive times of the sources' next records and {@link #next(MarketEvent)} decodes
 * the chosen record straight into the caller's event; otherwise each source's next event is read
 * ahead into its own object and copied from there.
 */
public final class MergedEventSource implements MarketEventSource {

  private final List<MarketEventSource> sources;
  private final List<InstrumentSpec> instruments;
  private final int[][] runIndexes;
  private final MarketEvent[] heads;
  // The receive time of each source's next event (its head's, or its peeked record's).
  private final long[] headNanos;
  private final long[] lastNanos;
  private final boolean peeking;
  private final MarketEvent own = new MarketEvent();
  // Heap of source indexes ordered by (head receive time, source index); heap[0] is the next.
  private final int[] heap;
  private int heapSize;
  private boolean started;
  private boolean advancePending;
  private int lastSource = -1;

  /**
   * @param sources the sources, in tie-breaking order; closed with this source
   * @throws IllegalArgumentException when an instrument has different grids in two sources
   */
  public MergedEventSource(List<? extends MarketEventSource> sources) {
    this.sources = List.copyOf(sources);
    List<InstrumentSpec> all = new ArrayList<>();
    Map<InstrumentId, Integer> byId = new HashMap<>();
    runIndexes = new int[this.sources.size()][];
    for (int s = 0; s < this.sources.size(); s++) {
      List<InstrumentSpec> own = this.sources.get(s).instruments();
      runIndexes[s] = new int[own.size()];
      for (int i = 0; i < own.size(); i++) {
        InstrumentSpec spec = own.get(i);
        Integer index = byId.get(spec.id());
        if (index == null) {
          index = all.size();
          byId.put(spec.id(), index);
          all.add(spec);
        } else if (!all.get(index).equals(spec)) {
          throw new IllegalArgumentException(
              "instrument "
                  + spec.id()
                  + " has different grids in the sources: "
                  + all.get(index)
                  + " and "
                  + spec);
        }
        runIndexes[s][i] = index;
      }
    }
    this.instruments = List.copyOf(all);
    this.heads = new MarketEvent[this.sources.size()];
    this.headNanos = new long[this.sources.size()];
    this.lastNanos = new long[this.sources.size()];
    this.peeking = this.sources.stream().allMatch(MarketEventSource::canPeek);
    this.heap = new int[this.sources.size()];
  }

  @Override
  public List<InstrumentSpec> instruments() {
    return instruments;
  }

  /** The index (in the list given) of the source of the event last returned, or -1. */
  public int lastSource() {
    return lastSource;
  }

  @Override
  public MarketEvent next() throws IOException {
    if (peeking) {
      return next(own) ? own : null;
    }
    if (!started) {
      start();
    } else if (advancePending) {
      // The event returned last is its source's reused object: only now may the source move on.
      int top = heap[0];
      if (!pull(top)) {
        heap[0] = heap[--heapSize];
      }
      if (heapSize > 0) {
        siftDown(0);
      }
    }
    advancePending = false;
    if (heapSize == 0) {
      lastSource = -1;
      return null;
    }
    int s = heap[0];
    advancePending = true;
    lastSource = s;
    return heads[s];
  }

  /**
   * Reads the next event into {@code into}: where every source can peek, decoded straight from the
   * chosen source's record; otherwise copied from its head.
   */
  @Override
  public boolean next(MarketEvent into) throws IOException {
    if (!peeking) {
      MarketEvent e = next();
      if (e == null) {
        return false;
      }
      into.copyFrom(e);
      return true;
    }
    if (!started) {
      start();
    }
    if (heapSize == 0) {
      lastSource = -1;
      return false;
    }
    int s = heap[0];
    MarketEventSource source = sources.get(s);
    if (!source.next(into) || into.receivedNanos != headNanos[s]) {
      throw new IllegalStateException(
          "source " + s + " did not deliver the event it announced at " + headNanos[s] + " ns");
    }
    into.instrument = runIndexes[s][into.instrument];
    lastSource = s;
    if (!peek(s)) {
      heap[0] = heap[--heapSize];
    }
    if (heapSize > 0) {
      siftDown(0);
    }
    return true;
  }

  private void start() throws IOException {
    started = true;
    for (int s = 0; s < sources.size(); s++) {
      lastNanos[s] = Long.MIN_VALUE;
      if (peeking ? peek(s) : pull(s)) {
        heap[heapSize++] = s;
      }
    }
    for (int i = heapSize / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  /** Reads source {@code s}'s next event into its head; false at its end. */
  private boolean pull(int s) throws IOException {
    MarketEvent e = sources.get(s).next();
    heads[s] = e;
    if (e == null) {
      return false;
    }
    advanceTo(s, e.receivedNanos);
    e.instrument = runIndexes[s][e.instrument];
    return true;
  }

  /**
   * Notes the receive time of source {@code s}'s next record without reading it; false at its end.
   */
  private boolean peek(int s) throws IOException {
    MarketEventSource source = sources.get(s);
    if (!source.hasNext()) {
      return false;
    }
    advanceTo(s, source.peekReceivedNanos());
    return true;
  }

  private void advanceTo(int s, long nanos) {
    if (nanos < lastNanos[s]) {
      throw new IllegalStateException(
          "source "
              + s
              + " goes back in time: an event received at "
              + nanos
              + " ns after one at "
              + lastNanos[s]
              + " ns");
    }
    lastNanos[s] = nanos;
    headNanos[s] = nanos;
  }

  private boolean before(int a, int b) {
    long ta = headNanos[a];
    long tb = headNanos[b];
    return ta < tb || (ta == tb && a < b);
  }

  private void siftDown(int i) {
    int s = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= heapSize) {
        break;
      }
      if (child + 1 < heapSize && before(heap[child + 1], heap[child])) {
        child++;
      }
      if (!before(heap[child], s)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = s;
  }

  @Override
  public boolean truncated() {
    for (MarketEventSource s : sources) {
      if (s.truncated()) {
        return true;
      }
    }
    return false;
  }

  /** Closes every source (the first failure is thrown, with the others suppressed). */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (MarketEventSource s : sources) {
      try {
        s.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
