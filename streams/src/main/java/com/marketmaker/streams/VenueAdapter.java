package com.marketmaker.streams;

import com.marketmaker.actors.feed.MarketDataFeed;
import com.marketmaker.actors.venue.ExecutionListener;
import com.marketmaker.actors.venue.InstrumentCatalog;
import com.marketmaker.actors.venue.OrderGateway;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.streams.binance.AccountRestMetrics;
import com.marketmaker.streams.binance.BinanceAccount;
import com.marketmaker.streams.binance.BinanceAccountSettings;
import com.marketmaker.streams.binance.BinanceCredentials;
import com.marketmaker.streams.binance.BinanceFeedSettings;
import com.marketmaker.streams.binance.BinanceMarketDataFeed;
import com.marketmaker.streams.binance.BinanceUserDataStream;
import com.marketmaker.streams.binance.UserDataMetrics;
import com.marketmaker.streams.feed.FeedMetrics;
import com.typesafe.config.Config;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything this node uses of one venue, in one place: its market-data feed, order gateway,
 * instrument catalog and (once started) the account's user-data stream. The parts are typed by the
 * actors module's interfaces ({@link MarketDataFeed}, {@link OrderGateway}, {@link
 * InstrumentCatalog}, {@link ExecutionListener}), so the entities never see a venue class.
 *
 * <p>It lives in the streams module because it builds the venue implementations, and the actors
 * module must not depend on streams; the node hands the actors the interfaces it exposes.
 *
 * <p>Guarantees: market data and the catalog work without credentials; without them {@link
 * #orderGateway()} is empty and {@link #requireOrderGateway()} / {@link #startUserData} throw with
 * {@link #orderEntryUnavailableReason()}, which says which settings or environment variables to
 * set. At most one user-data stream runs per venue; {@link #stop()} ends everything.
 */
public final class VenueAdapter {

  private static final Logger log = LoggerFactory.getLogger(VenueAdapter.class);

  private final Venue venue;
  private final BinanceMarketDataFeed feed;
  private final boolean ownsFeed;
  private final BinanceAccount account;
  private BinanceUserDataStream userData;

  private VenueAdapter(
      Venue venue, BinanceMarketDataFeed feed, boolean ownsFeed, BinanceAccount account) {
    this.venue = venue;
    this.feed = feed;
    this.ownsFeed = ownsFeed;
    this.account = account;
  }

  /** Starts the venue's market-data feed and prepares its account side from {@code config}. */
  public static VenueAdapter start(ActorSystem<?> system, Venue venue, Config config) {
    return start(
        system,
        venue,
        config,
        BinanceMarketDataFeed.start(system, BinanceFeedSettings.fromConfig(venue, config)),
        true);
  }

  /**
   * Prepares the venue's account side around a market-data feed started elsewhere (the node's
   * {@link MarketDataFeeds}, which also records it); {@link #stop()} then leaves the feed running.
   */
  public static VenueAdapter withFeed(
      ActorSystem<?> system, Venue venue, Config config, BinanceMarketDataFeed feed) {
    return start(system, venue, config, feed, false);
  }

  /** Whether the venue has an adapter with order entry (Binance spot and USD-M for now). */
  public static boolean supports(Venue venue) {
    return venue == Venue.BINANCE || venue == Venue.BINANCE_USDM;
  }

  private static VenueAdapter start(
      ActorSystem<?> system,
      Venue venue,
      Config config,
      BinanceMarketDataFeed feed,
      boolean ownsFeed) {
    if (!supports(venue)) {
      throw new IllegalArgumentException("no adapter for venue " + venue + " yet");
    }
    BinanceAccountSettings settings = BinanceAccountSettings.fromConfig(venue, config);
    Optional<BinanceCredentials> credentials;
    String unavailable;
    try {
      credentials = BinanceCredentials.fromConfig(venue, config);
      unavailable =
          "no API credentials for "
              + venue
              + "; order entry and user data are unavailable ("
              + BinanceCredentials.missingHint(venue)
              + ")";
    } catch (IllegalArgumentException e) {
      credentials = Optional.empty();
      unavailable = "invalid API credentials for " + venue + ": " + e.getMessage();
      log.error("{}", unavailable);
    }
    if (credentials.isEmpty()) {
      log.info("{}: market data only; {}", venue, unavailable);
    }
    BinanceAccount account = BinanceAccount.create(system, settings, credentials, unavailable);
    return new VenueAdapter(venue, feed, ownsFeed, account);
  }

  public Venue venue() {
    return venue;
  }

  public MarketDataFeed marketData() {
    return feed;
  }

  public InstrumentCatalog catalog() {
    return account.catalog();
  }

  /** The order gateway, or empty when the venue has no credentials. */
  public Optional<OrderGateway> orderGateway() {
    return account.available() ? Optional.of(account.gateway()) : Optional.empty();
  }

  /**
   * The order gateway.
   *
   * @throws IllegalStateException with {@link #orderEntryUnavailableReason()} without credentials
   */
  public OrderGateway requireOrderGateway() {
    if (!account.available()) {
      throw new IllegalStateException(account.unavailableReason());
    }
    return account.gateway();
  }

  /** Why order entry is unavailable, or empty when it is available. */
  public Optional<String> orderEntryUnavailableReason() {
    return account.available() ? Optional.empty() : Optional.of(account.unavailableReason());
  }

  /**
   * Starts the account's user-data stream, delivering executions of the instruments {@code
   * instruments} resolves (by venue symbol) to {@code listener}.
   *
   * @throws IllegalStateException without credentials, or when one is already running
   */
  public synchronized BinanceUserDataStream startUserData(
      Function<String, Optional<InstrumentSpec>> instruments, ExecutionListener listener) {
    if (userData != null) {
      throw new IllegalStateException(venue + " user-data stream is already running");
    }
    userData = account.startUserData(instruments, listener);
    return userData;
  }

  /** The running user-data stream, if started. */
  public synchronized Optional<BinanceUserDataStream> userData() {
    return Optional.ofNullable(userData);
  }

  public FeedMetrics feedMetrics() {
    return feed.metrics();
  }

  public AccountRestMetrics accountMetrics() {
    return account.metrics();
  }

  public synchronized Optional<UserDataMetrics> userDataMetrics() {
    return userData == null ? Optional.empty() : Optional.of(userData.metrics());
  }

  /**
   * Stops the user-data stream and the feed if this adapter started it; completes when both have
   * ended.
   */
  public CompletionStage<Done> stop() {
    BinanceUserDataStream u;
    synchronized (this) {
      u = userData;
    }
    CompletableFuture<Done> f =
        ownsFeed
            ? feed.stop().toCompletableFuture()
            : CompletableFuture.completedFuture(Done.getInstance());
    CompletableFuture<Done> s =
        u == null
            ? CompletableFuture.completedFuture(Done.getInstance())
            : u.stop().toCompletableFuture();
    return f.thenCombine(s, (a, b) -> Done.getInstance());
  }
}
