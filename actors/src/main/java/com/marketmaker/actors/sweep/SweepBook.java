package com.marketmaker.actors.sweep;

import com.marketmaker.actors.sweep.SweepEvent.PointRecorded;
import com.marketmaker.actors.sweep.SweepEvent.SweepSubmitted;
import com.marketmaker.actors.sweep.SweepProtocol.PointKey;
import com.marketmaker.actors.sweep.SweepProtocol.PointOutcome;
import com.marketmaker.actors.sweep.SweepProtocol.SweepSpec;
import com.marketmaker.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The coordinator's journaled state: the remembered sweeps, oldest first, each with its recorded
 * outcomes. Immutable: {@link #apply} returns a new book sharing the untouched sweeps, so a
 * snapshot being written is never changed under the writer.
 *
 * @param keep how many sweeps are remembered; submitting one more forgets the oldest finished one
 */
public record SweepBook(List<Sweep> sweeps, int keep) implements CborSerializable {

  /** One sweep and the outcomes recorded so far, by point index. */
  public record Sweep(SweepSpec spec, Map<Integer, PointOutcome> outcomes)
      implements CborSerializable {
    public Sweep {
      outcomes = Collections.unmodifiableMap(new TreeMap<>(outcomes));
    }

    public boolean finished() {
      return outcomes.size() >= spec.points().size();
    }

    public boolean recorded(int index) {
      return outcomes.containsKey(index);
    }

    public int failed() {
      int n = 0;
      for (PointOutcome o : outcomes.values()) {
        n += o.failed() ? 1 : 0;
      }
      return n;
    }
  }

  public SweepBook {
    sweeps = List.copyOf(sweeps);
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1, got " + keep);
    }
  }

  public static SweepBook empty(int keep) {
    return new SweepBook(List.of(), keep);
  }

  public Optional<Sweep> find(String id) {
    for (Sweep s : sweeps) {
      if (s.spec().id().equals(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code key}'s outcome is recorded (or its sweep is forgotten). */
  public boolean settled(PointKey key) {
    return find(key.sweepId()).map(s -> s.recorded(key.index())).orElse(true);
  }

  /**
   * The next points no outcome is recorded for, oldest sweep first, skipping {@code excluded}
   * (those in progress).
   */
  public List<PointKey> pending(int max, java.util.Set<PointKey> excluded) {
    List<PointKey> out = new ArrayList<>();
    for (Sweep s : sweeps) {
      if (s.finished()) {
        continue;
      }
      for (int i = 0; i < s.spec().points().size() && out.size() < max; i++) {
        PointKey k = new PointKey(s.spec().id(), i);
        if (!s.recorded(i) && !excluded.contains(k)) {
          out.add(k);
        }
      }
      if (out.size() >= max) {
        break;
      }
    }
    return out;
  }

  public SweepBook apply(SweepEvent event) {
    if (event instanceof SweepSubmitted submitted) {
      if (find(submitted.spec().id()).isPresent()) {
        return this;
      }
      List<Sweep> next = new ArrayList<>(sweeps);
      next.add(new Sweep(submitted.spec(), Map.of()));
      // Forget the oldest finished sweeps beyond the limit; unfinished ones are never dropped.
      for (int i = 0; i < next.size() && next.size() > keep; ) {
        if (next.get(i).finished()) {
          next.remove(i);
        } else {
          i++;
        }
      }
      return new SweepBook(next, keep);
    }
    PointRecorded recorded = (PointRecorded) event;
    PointKey key = recorded.outcome().key();
    List<Sweep> next = new ArrayList<>(sweeps.size());
    for (Sweep s : sweeps) {
      if (s.spec().id().equals(key.sweepId()) && !s.recorded(key.index())) {
        Map<Integer, PointOutcome> outcomes = new LinkedHashMap<>(s.outcomes());
        outcomes.put(key.index(), recorded.outcome());
        next.add(new Sweep(s.spec(), outcomes));
      } else {
        next.add(s);
      }
    }
    return new SweepBook(next, keep);
  }
}
