package com.marketmaker.simulator.exchange;

import com.marketmaker.core.book.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.replay.Faults;
import com.marketmaker.simulator.rest.OrderJson;
import com.marketmaker.simulator.rest.OrderRateLimiter;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.simulator.ws.StreamHub;
import com.marketmaker.simulator.ws.UserDataStreams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated exchange of one dialect: a {@link MatchingEngine} per synthetic instrument, the
 * trading accounts, the fill {@link Ledger}, the user-data streams, the order rate limit, and the
 * public market data of each instrument ({@link BookFeed}). Every engine change reaches, under the
 * engine's lock and in order: the ledger (fills), the account's user-data streams (order events)
 * and the market-data feed (levels, trades).
 *
 * <p>With a state folder the trading accounts outlive the process, as a real venue's do: every
 * account event is recorded by an {@link ExchangeJournal} before it is published, and a new
 * exchange over the same folder starts with the same ledger, the same orders (the working ones back
 * on the book), ids continuing, and the synthetic markets where they were. When the journal cannot
 * be written the exchange stops acknowledging: every trading request is refused ({@link
 * #available()}) until a restart.
 */
public final class Exchange {

  private static final Logger log = LoggerFactory.getLogger(Exchange.class);

  /** One tradable synthetic instrument. */
  public record Instrument(
      SyntheticInstrument config,
      InstrumentSpec spec,
      MatchingEngine engine,
      BookFeed feed,
      OrderJson json) {}

  private final Dialect dialect;
  private final Map<String, Instrument> instruments = new LinkedHashMap<>();
  private final Map<String, ExchangeAccount> byApiKey = new HashMap<>();
  private final Ledger ledger;
  private final UserDataStreams userStreams;
  private final OrderRateLimiter orderLimiter;
  private final LongSupplier clock;
  private final ExchangeJournal journal;
  private final long unfilledRetentionMillis;
  private final long fillRetentionMillis;

  /**
   * @param stateDir where the trading accounts are kept across restarts, or null to keep them in
   *     memory only
   * @param unfilledOrderRetention how long an order that ended without a fill can still be looked
   *     up (in memory and in the kept state); null keeps them all
   * @param fillRetention how long a fill stays in the ledger and an order that ended with a fill
   *     can still be looked up (in memory and in the kept state); null keeps them all
   * @throws IllegalStateException when the kept state is damaged or in use
   */
  public Exchange(
      Dialect dialect,
      List<SyntheticInstrument> synthetic,
      List<ExchangeAccount> accounts,
      FeeSchedule fees,
      int ordersPer10s,
      Duration listenKeyValidity,
      long tickMillis,
      StreamHub hub,
      Faults faults,
      LongSupplier clockMillis,
      Path stateDir,
      Duration unfilledOrderRetention,
      Duration fillRetention) {
    this.dialect = dialect;
    this.unfilledRetentionMillis =
        unfilledOrderRetention == null ? Long.MAX_VALUE : unfilledOrderRetention.toMillis();
    this.fillRetentionMillis = fillRetention == null ? Long.MAX_VALUE : fillRetention.toMillis();
    this.ledger = new Ledger(fillRetentionMillis);
    this.clock = clockMillis;
    this.userStreams =
        new UserDataStreams(hub, listenKeyValidity, clockMillis, dialect == Dialect.USDM);
    this.orderLimiter = new OrderRateLimiter(ordersPer10s, clockMillis);
    hub.acceptListenKeys(userStreams::valid);
    for (ExchangeAccount a : accounts) {
      byApiKey.put(a.apiKey(), a);
    }
    this.journal =
        stateDir == null
            ? null
            : ExchangeJournal.open(
                stateDir,
                "binance-" + dialect.name().toLowerCase(Locale.ROOT),
                dialect.venue,
                synthetic.stream().map(s -> s.spec(dialect)).toList(),
                clockMillis.getAsLong(),
                unfilledRetentionMillis,
                fillRetentionMillis);
    try {
      build(dialect, synthetic, fees, tickMillis, hub, faults, clockMillis);
      if (journal != null) {
        restore();
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void build(
      Dialect dialect,
      List<SyntheticInstrument> synthetic,
      FeeSchedule fees,
      long tickMillis,
      StreamHub hub,
      Faults faults,
      LongSupplier clockMillis) {
    for (SyntheticInstrument s : synthetic) {
      InstrumentSpec spec = s.spec(dialect);
      BookFeed feed = new BookFeed(dialect, s.symbol(), spec, s.filters(), hub, faults, tickMillis);
      OrderJson json = new OrderJson(dialect, spec, s.filters());
      MatchingEngine engine =
          new MatchingEngine(
              s.symbol(),
              spec,
              fees,
              clockMillis,
              new EngineListener() {
                @Override
                public void onOrderUpdate(OrderUpdate u) {
                  // Nothing is told that the next start would not find.
                  if (journal == null || journal.event(u)) {
                    userStreams.publish(u.order().account(), json.event(u));
                  }
                }

                @Override
                public void onIdsReserved(long nextOrderId, long nextTradeId) {
                  if (journal != null) {
                    journal.reserve(s.symbol(), nextOrderId, nextTradeId);
                  }
                }

                @Override
                public void onFill(LedgerEntry fill) {
                  ledger.add(fill);
                }

                @Override
                public void onCrowdFill() {
                  ledger.countCrowdFill();
                }

                @Override
                public void onLevel(Side side, long price, long total, long updateId) {
                  feed.onLevel(side, price, total, updateId);
                }

                @Override
                public void onTrade(
                    long tradeId, long price, long lots, boolean buyerMaker, long time) {
                  feed.onTrade(tradeId, price, lots, buyerMaker, time);
                }
              },
              unfilledRetentionMillis,
              fillRetentionMillis);
      feed.attach(engine);
      instruments.put(s.symbol(), new Instrument(s, spec, engine, feed, json));
    }
  }

  /** Gives every engine and the ledger back what the journal kept. */
  private void restore() {
    int orders = 0;
    int working = 0;
    int fills = 0;
    for (Instrument i : instruments.values()) {
      ExchangeJournal.Restored r = journal.restored(i.spec());
      r.fills().forEach(ledger::add);
      i.engine().restore(r.nextOrderId(), r.nextTradeId(), r.orders());
      orders += r.orders().size();
      fills += r.fills().size();
      for (String a : i.engine().accounts()) {
        working += i.engine().openOrders(a).size();
      }
    }
    log.info(
        "{}: trading accounts kept in {}: {} orders ({} resting), {} fills",
        dialect,
        journal.dir().toAbsolutePath(),
        orders,
        working,
        fills);
  }

  /** Whether trading requests may be served: the account state is still being kept. */
  public boolean available() {
    return journal == null || journal.writable();
  }

  /**
   * The synthetic market of {@code symbol} where the earlier run left it, or null (no state kept,
   * or none for it).
   */
  public ExchangeJournal.Mark restoredMark(String symbol) {
    return journal == null ? null : journal.restoredMark(symbol);
  }

  /** Lets go of the restored state once the synthetic markets have taken their marks. */
  public void restored() {
    if (journal != null) {
      journal.forgetRestored();
    }
  }

  /**
   * Keeps where the synthetic markets are and forces what was recorded to the disk (a no-op without
   * a state folder).
   */
  public void checkpoint(Map<String, ExchangeJournal.Mark> marks) {
    if (journal != null) {
      marks.forEach(journal::mark);
      journal.sync();
    }
  }

  /** Stops keeping the state (forced to disk); trading requests are refused from then on. */
  public void close() {
    if (journal != null) {
      journal.close();
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The instrument of {@code symbol}, or null when it is not a synthetic one. */
  public Instrument instrument(String symbol) {
    return instruments.get(symbol);
  }

  public Collection<Instrument> instruments() {
    return instruments.values();
  }

  /** The account with this API key, or null. */
  public ExchangeAccount accountByKey(String apiKey) {
    return byApiKey.get(apiKey);
  }

  /** Whether an account of that name exists. */
  public boolean hasAccount(String name) {
    return byApiKey.values().stream().anyMatch(a -> a.name().equals(name));
  }

  public Ledger ledger() {
    return ledger;
  }

  public UserDataStreams userStreams() {
    return userStreams;
  }

  public OrderRateLimiter orderLimiter() {
    return orderLimiter;
  }

  public long now() {
    return clock.getAsLong();
  }
}
