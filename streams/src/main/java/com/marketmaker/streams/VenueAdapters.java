package com.marketmaker.streams;

import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.feed.FeedMetrics;
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

  private final MarketDataFeeds feeds;
  private final Map<Venue, VenueAdapter> adapters;

  private VenueAdapters(MarketDataFeeds feeds, Map<Venue, VenueAdapter> adapters) {
    this.feeds = feeds;
    this.adapters = adapters;
  }

  /**
   * Starts the market-data feeds of {@code venues} (and the recorder, when configured), and an
   * account adapter for each of them that has order entry.
   */
  public static VenueAdapters start(ActorSystem<?> system, Set<Venue> venues) {
    MarketDataFeeds feeds = MarketDataFeeds.start(system, venues);
    Map<Venue, VenueAdapter> adapters = new EnumMap<>(Venue.class);
    try {
      for (Venue venue : venues) {
        if (VenueAdapter.supports(venue)) {
          adapters.put(
              venue,
              VenueAdapter.withFeed(
                  system, venue, system.settings().config(), feeds.binance(venue).orElseThrow()));
        }
      }
    } catch (RuntimeException e) {
      adapters.values().forEach(VenueAdapter::stop);
      feeds.stop();
      throw e;
    }
    VenueAdapters registry = new VenueAdapters(feeds, adapters);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(), "stop-venue-accounts", registry::stopAccounts);
    return registry;
  }

  /** The venue's account adapter, or empty when the node runs none for it. */
  public Optional<VenueAdapter> adapter(Venue venue) {
    return Optional.ofNullable(adapters.get(venue));
  }

  /** The venue's account adapter; throws naming the venues there are when there is none. */
  public VenueAdapter require(Venue venue) {
    VenueAdapter a = adapters.get(venue);
    if (a == null) {
      throw new IllegalArgumentException(
          "no order entry for " + venue + " on this node; venues: " + adapters.keySet());
    }
    return a;
  }

  /** The venue's market-data feed (the lookup {@code SymbolEntity} takes). */
  public Optional<MarketDataFeed> feed(Venue venue) {
    return feeds.feed(venue);
  }

  /** The node's market-data feeds and recorder. */
  public MarketDataFeeds feeds() {
    return feeds;
  }

  public Set<Venue> venues() {
    return adapters.keySet();
  }

  /** A market-data metrics snapshot per venue. */
  public List<FeedMetrics> feedMetrics() {
    return feeds.metrics();
  }

  /** Stops the user-data streams; the feeds stop with {@link MarketDataFeeds}. */
  private CompletionStage<Done> stopAccounts() {
    CompletableFuture<?>[] stops =
        adapters.values().stream()
            .map(a -> a.stop().toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(stops).thenApply(v -> Done.getInstance());
  }

  /** Stops every adapter and feed; completes when their connections have closed. */
  public CompletionStage<Done> stop() {
    return stopAccounts().thenCompose(d -> feeds.stop());
  }
}
