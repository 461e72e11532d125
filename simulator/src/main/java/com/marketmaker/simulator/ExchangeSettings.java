package com.marketmaker.simulator;

import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.exchange.FeeSchedule;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The simulated exchange: trading accounts, synthetic instruments per dialect and their flow, fees
 * and order limits.
 *
 * @param accounts trading accounts, usable on both dialects (API keys unique)
 * @param spotInstruments synthetic instruments served on the spot binding
 * @param usdmInstruments synthetic instruments served on the USD-M binding
 * @param seed seed of the synthetic flow: the same seed gives the same crowd events
 * @param tick the market-data beat: crowd events are generated and book changes published every
 *     tick (Binance's {@code @depth@100ms} batches when 100 ms)
 * @param spotFees spot maker/taker rates
 * @param usdmFees USD-M maker/taker rates
 * @param spotOrdersPer10s spot new orders allowed per account per 10 s (Binance: 50)
 * @param usdmOrdersPer10s USD-M new orders allowed per account per 10 s (Binance: 300)
 * @param listenKeyValidity a listen key expires this long after its last keep-alive (Binance: 60
 *     min)
 * @param autostart start the synthetic flow with the simulator (else {@code POST
 *     /admin/synthetic/start})
 * @param stateDir where the exchange keeps its trading accounts (orders, fills, ids) and the
 *     synthetic markets' positions across restarts, one pair of files per dialect (see {@link
 *     com.marketmaker.simulator.exchange.ExchangeJournal}); null keeps them in memory only, so
 *     every start is a fresh venue
 * @param unfilledOrderRetention how long an order of a trading account that ended without a fill
 *     (cancelled or expired, nothing executed) can still be looked up, in memory and in the kept
 *     state
 * @param fillRetention how long a fill stays in the venue's ledger, and an order that ended with a
 *     fill can still be looked up, counted from the fill and from the order's end; in memory and in
 *     the kept state. At least the unfilled order retention.
 */
public record ExchangeSettings(
    List<ExchangeAccount> accounts,
    List<SyntheticInstrument> spotInstruments,
    List<SyntheticInstrument> usdmInstruments,
    long seed,
    Duration tick,
    FeeSchedule spotFees,
    FeeSchedule usdmFees,
    int spotOrdersPer10s,
    int usdmOrdersPer10s,
    Duration listenKeyValidity,
    boolean autostart,
    Path stateDir,
    Duration unfilledOrderRetention,
    Duration fillRetention) {

  /**
   * How long the venue keeps an order that ended without a fill unless told otherwise. Binance
   * archives such orders after days; the simulator holds its accounts in memory, where a day of a
   * busy account's replaced quotes would be gigabytes. A trading client finds out what happened to
   * an order from the order's own events, its open orders and its trades, and looks an order up by
   * id only while it is in flight, seconds after sending it, so a quarter of an hour loses nothing
   * a client needs.
   */
  public static final Duration DEFAULT_UNFILLED_ORDER_RETENTION = Duration.ofMinutes(15);

  /**
   * How long the venue keeps a fill, and the order it filled once that order ended, unless told
   * otherwise. Binance USD-M answers trade-history queries for the past six months; the simulator
   * holds its ledger in memory, about 350 bytes a fill with its order, and an account filled a
   * thousand times a minute would fill a gigabyte in two days. A trading client reconciles from the
   * last trade id it booked, which is never older than its own downtime while its orders could
   * fill, and a day keeps the venue's history for an operator to look at. Memory then stops growing
   * at a day of fills: about 15 MB at the demo's rate of some thirty fills a minute.
   */
  public static final Duration DEFAULT_FILL_RETENTION = Duration.ofHours(24);

  public ExchangeSettings {
    accounts = List.copyOf(accounts);
    spotInstruments = List.copyOf(spotInstruments);
    usdmInstruments = List.copyOf(usdmInstruments);
    Objects.requireNonNull(spotFees, "spotFees");
    Objects.requireNonNull(usdmFees, "usdmFees");
    Set<String> keys = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (ExchangeAccount a : accounts) {
      if (!keys.add(a.apiKey()) || !names.add(a.name())) {
        throw new IllegalArgumentException("account names and API keys must be unique: " + a);
      }
    }
    unique(spotInstruments, "spot");
    unique(usdmInstruments, "USD-M");
    if (tick.toMillis() < 10 || tick.toMillis() > 10_000) {
      throw new IllegalArgumentException("tick must be 10 ms to 10 s, got " + tick);
    }
    if (spotOrdersPer10s < 1 || usdmOrdersPer10s < 1) {
      throw new IllegalArgumentException("order limits must be positive");
    }
    if (listenKeyValidity.toMillis() < 100) {
      throw new IllegalArgumentException("listen key validity must be at least 100 ms");
    }
    Objects.requireNonNull(unfilledOrderRetention, "unfilledOrderRetention");
    if (unfilledOrderRetention.toMillis() < 1_000) {
      throw new IllegalArgumentException(
          "unfilled order retention must be at least 1 s, got " + unfilledOrderRetention);
    }
    Objects.requireNonNull(fillRetention, "fillRetention");
    if (fillRetention.compareTo(unfilledOrderRetention) < 0) {
      throw new IllegalArgumentException(
          "fill retention ("
              + fillRetention
              + ") must be at least the unfilled order retention ("
              + unfilledOrderRetention
              + ")");
    }
  }

  private static void unique(List<SyntheticInstrument> list, String what) {
    Set<String> seen = new HashSet<>();
    for (SyntheticInstrument s : list) {
      if (!seen.add(s.symbol())) {
        throw new IllegalArgumentException("duplicate " + what + " synthetic symbol " + s.symbol());
      }
    }
  }

  /** No accounts, no synthetic instruments, Binance's fees and limits, a 100 ms tick, seed 1. */
  public static ExchangeSettings defaults() {
    return new ExchangeSettings(
        List.of(),
        List.of(),
        List.of(),
        1,
        Duration.ofMillis(100),
        FeeSchedule.SPOT_DEFAULT,
        FeeSchedule.USDM_DEFAULT,
        50,
        300,
        Duration.ofMinutes(60),
        false,
        null,
        DEFAULT_UNFILLED_ORDER_RETENTION,
        DEFAULT_FILL_RETENTION);
  }

  public ExchangeSettings withAccounts(List<ExchangeAccount> a) {
    return new ExchangeSettings(
        a,
        spotInstruments,
        usdmInstruments,
        seed,
        tick,
        spotFees,
        usdmFees,
        spotOrdersPer10s,
        usdmOrdersPer10s,
        listenKeyValidity,
        autostart,
        stateDir,
        unfilledOrderRetention,
        fillRetention);
  }

  public ExchangeSettings withInstruments(
      List<SyntheticInstrument> spot, List<SyntheticInstrument> usdm) {
    return new ExchangeSettings(
        accounts,
        spot,
        usdm,
        seed,
        tick,
        spotFees,
        usdmFees,
        spotOrdersPer10s,
        usdmOrdersPer10s,
        listenKeyValidity,
        autostart,
        stateDir,
        unfilledOrderRetention,
        fillRetention);
  }

  public ExchangeSettings withFlow(long seed, Duration tick, boolean autostart) {
    return new ExchangeSettings(
        accounts,
        spotInstruments,
        usdmInstruments,
        seed,
        tick,
        spotFees,
        usdmFees,
        spotOrdersPer10s,
        usdmOrdersPer10s,
        listenKeyValidity,
        autostart,
        stateDir,
        unfilledOrderRetention,
        fillRetention);
  }

  public ExchangeSettings withFees(FeeSchedule spot, FeeSchedule usdm) {
    return new ExchangeSettings(
        accounts,
        spotInstruments,
        usdmInstruments,
        seed,
        tick,
        spot,
        usdm,
        spotOrdersPer10s,
        usdmOrdersPer10s,
        listenKeyValidity,
        autostart,
        stateDir,
        unfilledOrderRetention,
        fillRetention);
  }

  public ExchangeSettings withOrderLimits(int spotPer10s, int usdmPer10s) {
    return new ExchangeSettings(
        accounts,
        spotInstruments,
        usdmInstruments,
        seed,
        tick,
        spotFees,
        usdmFees,
        spotPer10s,
        usdmPer10s,
        listenKeyValidity,
        autostart,
        stateDir,
        unfilledOrderRetention,
        fillRetention);
  }

  public ExchangeSettings withListenKeyValidity(Duration validity) {
    return new ExchangeSettings(
        accounts,
        spotInstruments,
        usdmInstruments,
        seed,
        tick,
        spotFees,
        usdmFees,
        spotOrdersPer10s,
        usdmOrdersPer10s,
        validity,
        autostart,
        stateDir,
        unfilledOrderRetention,
        fillRetention);
  }

  /** These settings keeping the trading accounts in {@code dir} (null: in memory only). */
  public ExchangeSettings withStateDir(Path dir) {
    return new ExchangeSettings(
        accounts,
        spotInstruments,
        usdmInstruments,
        seed,
        tick,
        spotFees,
        usdmFees,
        spotOrdersPer10s,
        usdmOrdersPer10s,
        listenKeyValidity,
        autostart,
        dir,
        unfilledOrderRetention,
        fillRetention);
  }

  /** These settings forgetting orders that ended without a fill {@code retention} after. */
  public ExchangeSettings withUnfilledOrderRetention(Duration retention) {
    return new ExchangeSettings(
        accounts,
        spotInstruments,
        usdmInstruments,
        seed,
        tick,
        spotFees,
        usdmFees,
        spotOrdersPer10s,
        usdmOrdersPer10s,
        listenKeyValidity,
        autostart,
        stateDir,
        retention,
        fillRetention);
  }

  /**
   * These settings forgetting fills, and the orders that ended with a fill, {@code retention}
   * after.
   */
  public ExchangeSettings withFillRetention(Duration retention) {
    return new ExchangeSettings(
        accounts,
        spotInstruments,
        usdmInstruments,
        seed,
        tick,
        spotFees,
        usdmFees,
        spotOrdersPer10s,
        usdmOrdersPer10s,
        listenKeyValidity,
        autostart,
        stateDir,
        unfilledOrderRetention,
        retention);
  }

  List<SyntheticInstrument> instruments(Dialect d) {
    return d == Dialect.SPOT ? spotInstruments : usdmInstruments;
  }

  FeeSchedule fees(Dialect d) {
    return d == Dialect.SPOT ? spotFees : usdmFees;
  }

  int ordersPer10s(Dialect d) {
    return d == Dialect.SPOT ? spotOrdersPer10s : usdmOrdersPer10s;
  }
}
