package com.marketmaker.streams.binance;

import com.marketmaker.actors.venue.ExecutionListener;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The account side of one Binance venue on this node: order gateway, exchange-info catalog and
 * user-data streams sharing one REST client, so the venue's IP-wide {@code Retry-After}, the
 * account's order-rate counts and the clock offset are seen by all of them.
 *
 * <p>Without credentials the catalog still works; the gateway refuses every request and {@link
 * #startUserData} throws, both with {@link #unavailableReason()}.
 */
public final class BinanceAccount {

  private final BinanceRestClient rest;
  private final BinanceOrderGateway gateway;
  private final BinanceInstrumentCatalog catalog;

  private BinanceAccount(BinanceRestClient rest) {
    this.rest = rest;
    this.gateway = new BinanceOrderGateway(rest);
    this.catalog = new BinanceInstrumentCatalog(rest);
  }

  /**
   * The account of {@code settings.venue()}.
   *
   * @param credentials empty when none are configured
   * @param unavailableReason why order entry is unavailable when {@code credentials} is empty
   */
  public static BinanceAccount create(
      ActorSystem<?> system,
      BinanceAccountSettings settings,
      Optional<BinanceCredentials> credentials,
      String unavailableReason) {
    return new BinanceAccount(
        new BinanceRestClient(system, settings, credentials, unavailableReason));
  }

  public Venue venue() {
    return rest.settings().venue();
  }

  /** Whether credentials are configured. */
  public boolean available() {
    return rest.hasCredentials();
  }

  /**
   * Why order entry and user data are unavailable (meaningful when {@link #available()} is false).
   */
  public String unavailableReason() {
    return rest.unavailableReason();
  }

  public BinanceOrderGateway gateway() {
    return gateway;
  }

  public BinanceInstrumentCatalog catalog() {
    return catalog;
  }

  /**
   * Starts a user-data stream of this account.
   *
   * @throws IllegalStateException without credentials
   */
  public BinanceUserDataStream startUserData(
      Function<String, Optional<InstrumentSpec>> instruments, ExecutionListener listener) {
    return BinanceUserDataStream.start(rest, instruments, listener);
  }

  /** REST counters and latencies of the account's requests. */
  public AccountRestMetrics metrics() {
    return rest.metrics();
  }
}
