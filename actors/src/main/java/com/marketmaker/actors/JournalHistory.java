package com.marketmaker.actors;

import com.marketmaker.persistence.SymbolEvent;
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
   * The newest {@code maxPoints} points stamped before {@code beforeMillis}, in the columns of the
   * node's series; null when the journal has none.
   */
  CompletionStage<Map<String, Object>> before(String instrument, long beforeMillis, int maxPoints);

  /** Reads the instrument entities' journal through {@code journal} (any read journal plugin). */
  static JournalHistory of(ActorSystem<?> system, CurrentEventsByPersistenceIdQuery journal) {
    return (instrument, beforeMillis, maxPoints) ->
        journal
            .currentEventsByPersistenceId(
                PersistenceId.of(SymbolEntity.ENTITY_KEY.name(), instrument).id(),
                0L,
                Long.MAX_VALUE)
            .runFold(
                new JournalSeries(beforeMillis, maxPoints),
                (series, envelope) -> {
                  if (envelope.event() instanceof SymbolEvent e) {
                    series.add(e);
                  }
                  return series;
                },
                system)
            .thenApply(series -> series.size() == 0 ? null : series.columns());
  }
}
