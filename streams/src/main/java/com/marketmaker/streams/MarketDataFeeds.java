package com.marketmaker.streams;

import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.binance.BinanceFeedSettings;
import com.marketmaker.streams.binance.BinanceMarketDataFeed;
import com.marketmaker.streams.binance.FeedMetrics;
import com.marketmaker.streams.coinbase.CoinbaseMarketDataFeed;
import com.marketmaker.streams.feed.StreamFeedSettings;
import com.marketmaker.streams.kraken.KrakenMarketDataFeed;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The node's market-data feeds, one per venue, started with the actor system from {@code
 * market-maker.venues.<venue>} and stopped by {@link CoordinatedShutdown} (phase {@code
 * service-stop}, after the HTTP endpoints stop taking requests).
 */
public final class MarketDataFeeds {

  /** A running feed with its metrics and its stop. */
  private record Running(
      MarketDataFeed feed, Supplier<FeedMetrics> metrics, Supplier<CompletionStage<Done>> stop) {}

  private final Map<Venue, Running> feeds;

  private MarketDataFeeds(Map<Venue, Running> feeds) {
    this.feeds = feeds;
  }

  /** Starts a feed for each of {@code venues} (Binance spot and USD-M, Kraken, Coinbase). */
  public static MarketDataFeeds start(ActorSystem<?> system, Set<Venue> venues) {
    Map<Venue, Running> feeds = new EnumMap<>(Venue.class);
    Config config = system.settings().config();
    for (Venue venue : venues) {
      switch (venue) {
        case BINANCE, BINANCE_USDM -> {
          BinanceMarketDataFeed f =
              BinanceMarketDataFeed.start(system, BinanceFeedSettings.fromConfig(venue, config));
          feeds.put(venue, new Running(f, f::metrics, f::stop));
        }
        case KRAKEN -> {
          KrakenMarketDataFeed f =
              KrakenMarketDataFeed.start(system, StreamFeedSettings.fromConfig(venue, config));
          feeds.put(venue, new Running(f, f::metrics, f::stop));
        }
        case COINBASE -> {
          CoinbaseMarketDataFeed f =
              CoinbaseMarketDataFeed.start(system, StreamFeedSettings.fromConfig(venue, config));
          feeds.put(venue, new Running(f, f::metrics, f::stop));
        }
      }
    }
    MarketDataFeeds registry = new MarketDataFeeds(feeds);
    CoordinatedShutdown.get(system)
        .addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-market-data-feeds", registry::stop);
    return registry;
  }

  /** The venue's feed, or empty when the node runs none for it. */
  public Optional<MarketDataFeed> feed(Venue venue) {
    return Optional.ofNullable(feeds.get(venue)).map(Running::feed);
  }

  /** The venue's feed; throws naming the venues there are when there is none. */
  public MarketDataFeed require(Venue venue) {
    Running f = feeds.get(venue);
    if (f == null) {
      throw new IllegalArgumentException(
          "no market-data feed for " + venue + " on this node; feeds: " + feeds.keySet());
    }
    return f.feed();
  }

  /** A metrics snapshot per venue. */
  public List<FeedMetrics> metrics() {
    List<FeedMetrics> all = new ArrayList<>();
    feeds.values().forEach(f -> all.add(f.metrics().get()));
    return all;
  }

  /** Stops every feed; completes when their connections have closed. */
  public java.util.concurrent.CompletionStage<Done> stop() {
    CompletableFuture<?>[] stops =
        feeds.values().stream()
            .map(f -> f.stop().get().toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(stops).thenApply(v -> Done.getInstance());
  }
}
