package com.marketmaker.actors.venue;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The instruments trading on this node, by venue and venue symbol: entities register when they set
 * up order entry here and leave when they stop or move. The node's user-data streams resolve the
 * symbols of executions through it (an execution of an instrument trading elsewhere is the business
 * of that node's stream; its entity also reconciles from the venue after a move).
 */
public final class TradingRegistry implements Extension {

  private final Map<Venue, Map<String, InstrumentSpec>> byVenue = new ConcurrentHashMap<>();

  public void register(InstrumentSpec spec) {
    byVenue
        .computeIfAbsent(spec.id().venue(), v -> new ConcurrentHashMap<>())
        .put(spec.id().symbol(), spec);
  }

  public void unregister(InstrumentSpec spec) {
    Map<String, InstrumentSpec> m = byVenue.get(spec.id().venue());
    if (m != null) {
      m.remove(spec.id().symbol(), spec);
    }
  }

  /** The spec of {@code symbol} at {@code venue} if it trades on this node. */
  public Optional<InstrumentSpec> find(Venue venue, String symbol) {
    Map<String, InstrumentSpec> m = byVenue.get(venue);
    return m == null ? Optional.empty() : Optional.ofNullable(m.get(symbol));
  }

  /** Instruments registered at {@code venue}. */
  public int count(Venue venue) {
    Map<String, InstrumentSpec> m = byVenue.get(venue);
    return m == null ? 0 : m.size();
  }

  public static TradingRegistry get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private static final class Id extends ExtensionId<TradingRegistry> {
    static final Id INSTANCE = new Id();

    @Override
    public TradingRegistry createExtension(ActorSystem<?> system) {
      return new TradingRegistry();
    }
  }
}
