package com.marketmaker.actors;

import com.marketmaker.persistence.SymbolEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * An instrument's dashboard series before a given time, read from its journal (Cassandra on a node)
 * and folded by {@link JournalSeries}: the history the node's in-memory series do not hold.
 */
@FunctionalInterface
public interface JournalHistory {

  /** No journal to read: nothing older than the node's own series. */
  JournalHistory NONE =
      (instrument, beforeMillis, maxPoints) -> CompletableFuture.completedFuture(null);

  /**
   * The newest points a node keeps folded per instrument (an hour at one point a second, twice).
   */
  int RETAINED_POINTS = 7_200;

  /** The instruments a node keeps folded, the most recently asked for. */
  int RETAINED_INSTRUMENTS = 32;

  /**
   * The newest {@code maxPoints} points stamped before {@code beforeMillis}, in the columns of the
   * node's series; null when the journal has none.
   */
  CompletionStage<Map<String, Object>> before(String instrument, long beforeMillis, int maxPoints);

  /**
   * Reads the instrument entities' journal through {@code journal} (any read journal plugin). The
   * fold of the {@value #RETAINED_INSTRUMENTS} instruments asked for last is kept with its newest
   * {@value #RETAINED_POINTS} points and continued from the next sequence number at the next
   * request, so a page load reads only the events journaled since the last one.
   */
  static JournalHistory of(ActorSystem<?> system, CurrentEventsByPersistenceIdQuery journal) {
    return new Folds(system, journal, RETAINED_POINTS, RETAINED_INSTRUMENTS);
  }

  /** The folds kept per instrument; each continued by one request at a time. */
  final class Folds implements JournalHistory {

    private final ActorSystem<?> system;
    private final CurrentEventsByPersistenceIdQuery journal;
    private final int retainedPoints;
    private final Map<String, Fold> folds;

    /** One instrument's fold: its series, the next sequence number, and the request in progress. */
    private static final class Fold {
      final JournalSeries series;
      long nextSequenceNr;
      CompletableFuture<?> last = CompletableFuture.completedFuture(null);

      Fold(int points) {
        series = new JournalSeries(Long.MAX_VALUE, points);
      }
    }

    Folds(
        ActorSystem<?> system,
        CurrentEventsByPersistenceIdQuery journal,
        int retainedPoints,
        int retainedInstruments) {
      this.system = system;
      this.journal = journal;
      this.retainedPoints = retainedPoints;
      this.folds =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Fold> eldest) {
              return size() > retainedInstruments;
            }
          };
    }

    @Override
    public CompletionStage<Map<String, Object>> before(
        String instrument, long beforeMillis, int maxPoints) {
      if (maxPoints > retainedPoints) {
        // More than a fold keeps: folded afresh for this request alone.
        Fold once = new Fold(maxPoints);
        return continueFold(instrument, once)
            .thenApply(done -> once.series.columnsBefore(beforeMillis, maxPoints));
      }
      Fold fold;
      synchronized (folds) {
        fold = folds.computeIfAbsent(instrument, i -> new Fold(retainedPoints));
      }
      CompletableFuture<Map<String, Object>> answer;
      synchronized (fold) {
        answer =
            fold.last
                .thenCompose(previous -> continueFold(instrument, fold))
                .thenApply(done -> fold.series.columnsBefore(beforeMillis, maxPoints));
        // The next request continues after this one, whether or not it succeeded.
        fold.last = answer.handle((a, failure) -> null);
      }
      return answer;
    }

    /** Applies the events journaled since the fold's last one. */
    private CompletableFuture<?> continueFold(String instrument, Fold fold) {
      return journal
          .currentEventsByPersistenceId(
              PersistenceId.of(SymbolEntity.ENTITY_KEY.name(), instrument).id(),
              fold.nextSequenceNr,
              Long.MAX_VALUE)
          .runForeach(
              envelope -> {
                fold.nextSequenceNr = envelope.sequenceNr() + 1;
                if (envelope.event() instanceof SymbolEvent e) {
                  fold.series.add(e);
                }
              },
              system)
          .toCompletableFuture();
    }
  }
}
