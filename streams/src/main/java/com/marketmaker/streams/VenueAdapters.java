package com.marketmaker.streams;

import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.binance.FeedMetrics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The node's venue adapters, one per configured venue, started with the actor system from {@code
 * market-maker.venues.<venue>} and stopped by {@link CoordinatedShutdown} (phase {@code
 * service-stop}). The one place the node gets a venue's feed, gateway, catalog and user data.
 */
public final class VenueAdapters {

  private final Map<Venue, VenueAdapter> adapters;

  private VenueAdapters(Map<Venue, VenueAdapter> adapters) {
    this.adapters = adapters;
  }

  /** Starts an adapter for each of {@code venues} (currently Binance spot and USD-M). */
  public static VenueAdapters start(ActorSystem<?> system, Set<Venue> venues) {
    Map<Venue, VenueAdapter> adapters = new EnumMap<>(Venue.class);
    try {
      for (Venue venue : venues) {
        adapters.put(venue, VenueAdapter.start(system, venue, system.settings().config()));
      }
    } catch (RuntimeException e) {
      adapters.values().forEach(VenueAdapter::stop);
      throw e;
    }
    VenueAdapters registry = new VenueAdapters(adapters);
    CoordinatedShutdown.get(system)
        .addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-venue-adapters", registry::stop);
    return registry;
  }

  /** The venue's adapter, or empty when the node runs none for it. */
  public Optional<VenueAdapter> adapter(Venue venue) {
    return Optional.ofNullable(adapters.get(venue));
  }

  /** The venue's adapter; throws naming the venues there are when there is none. */
  public VenueAdapter require(Venue venue) {
    VenueAdapter a = adapters.get(venue);
    if (a == null) {
      throw new IllegalArgumentException(
          "no adapter for " + venue + " on this node; venues: " + adapters.keySet());
    }
    return a;
  }

  /** The venue's market-data feed (the lookup {@code SymbolEntity} takes). */
  public Optional<MarketDataFeed> feed(Venue venue) {
    return adapter(venue).map(VenueAdapter::marketData);
  }

  public Set<Venue> venues() {
    return adapters.keySet();
  }

  /** A market-data metrics snapshot per venue. */
  public List<FeedMetrics> feedMetrics() {
    List<FeedMetrics> all = new ArrayList<>();
    adapters.values().forEach(a -> all.add(a.feedMetrics()));
    return all;
  }

  /** Stops every adapter; completes when their connections have closed. */
  public CompletionStage<Done> stop() {
    CompletableFuture<?>[] stops =
        adapters.values().stream()
            .map(a -> a.stop().toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(stops).thenApply(v -> Done.getInstance());
  }
}
