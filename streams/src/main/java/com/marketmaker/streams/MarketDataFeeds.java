package com.marketmaker.streams;

import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.binance.BinanceFeedSettings;
import com.marketmaker.streams.binance.BinanceMarketDataFeed;
import com.marketmaker.streams.coinbase.CoinbaseMarketDataFeed;
import com.marketmaker.streams.feed.FeedDelivery;
import com.marketmaker.streams.feed.FeedMetrics;
import com.marketmaker.streams.feed.StreamFeedSettings;
import com.marketmaker.streams.kraken.KrakenMarketDataFeed;
import com.marketmaker.streams.recorder.MarketDataRecorder;
import com.marketmaker.streams.recorder.RecorderMetrics;
import com.marketmaker.streams.recorder.RecorderSettings;
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
 * service-stop}, after the HTTP endpoints stop taking requests). With {@code
 * market-maker.recorder.enabled}, one {@link MarketDataRecorder} records the configured venues'
 * frames and snapshots; it is closed (every file finished) after the feeds have stopped.
 */
public final class MarketDataFeeds {

  /** A running feed with its metrics and its stop. */
  private record Running(
      MarketDataFeed feed, Supplier<FeedMetrics> metrics, Supplier<CompletionStage<Done>> stop) {}

  private final Map<Venue, Running> feeds;
  private final MarketDataRecorder recorder;

  private MarketDataFeeds(Map<Venue, Running> feeds, MarketDataRecorder recorder) {
    this.feeds = feeds;
    this.recorder = recorder;
  }

  /** Starts a feed for each of {@code venues} (Binance spot and USD-M, Kraken, Coinbase). */
  public static MarketDataFeeds start(ActorSystem<?> system, Set<Venue> venues) {
    Map<Venue, Running> feeds = new EnumMap<>(Venue.class);
    Config config = system.settings().config();
    RecorderSettings recording = RecorderSettings.fromConfig(config);
    MarketDataRecorder recorder = recording.enabled() ? MarketDataRecorder.start(recording) : null;
    for (Venue venue : venues) {
      switch (venue) {
        case BINANCE, BINANCE_USDM -> {
          BinanceMarketDataFeed f =
              BinanceMarketDataFeed.start(
                  system,
                  BinanceFeedSettings.fromConfig(venue, config),
                  FeedDelivery.TELL,
                  recorder);
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
    MarketDataFeeds registry = new MarketDataFeeds(feeds, recorder);
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

  /** The venue's Binance feed, when the venue is a Binance one and this node runs it. */
  public Optional<BinanceMarketDataFeed> binance(Venue venue) {
    Running r = feeds.get(venue);
    return r != null && r.feed() instanceof BinanceMarketDataFeed b
        ? Optional.of(b)
        : Optional.empty();
  }

  /** The recorder's counters, or empty when the node does not record. */
  public Optional<RecorderMetrics> recorderMetrics() {
    return Optional.ofNullable(recorder).map(MarketDataRecorder::metrics);
  }

  /**
   * Stops every feed, then finishes the recorder's files; completes when their connections have
   * closed and the files are complete.
   */
  public java.util.concurrent.CompletionStage<Done> stop() {
    CompletableFuture<?>[] stops =
        feeds.values().stream()
            .map(f -> f.stop().get().toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(stops)
        .thenApplyAsync(
            v -> {
              if (recorder != null) {
                recorder.close(); // blocks while it writes the queue out: not on a Pekko thread
              }
              return Done.getInstance();
            });
  }
}
