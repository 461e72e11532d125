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
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The simulated exchange of one dialect: a {@link MatchingEngine} per synthetic instrument, the
 * trading accounts, the fill {@link Ledger}, the user-data streams, the order rate limit, and the
 * public market data of each instrument ({@link BookFeed}). Every engine change reaches, under the
 * engine's lock and in order: the ledger (fills), the account's user-data streams (order events)
 * and the market-data feed (levels, trades).
 */
public final class Exchange {

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
  private final Ledger ledger = new Ledger();
  private final UserDataStreams userStreams;
  private final OrderRateLimiter orderLimiter;
  private final LongSupplier clock;

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
      LongSupplier clockMillis) {
    this.dialect = dialect;
    this.clock = clockMillis;
    this.userStreams =
        new UserDataStreams(hub, listenKeyValidity, clockMillis, dialect == Dialect.USDM);
    this.orderLimiter = new OrderRateLimiter(ordersPer10s, clockMillis);
    hub.acceptListenKeys(userStreams::valid);
    for (ExchangeAccount a : accounts) {
      byApiKey.put(a.apiKey(), a);
    }
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
                  userStreams.publish(u.order().account(), json.event(u));
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
              });
      feed.attach(engine);
      instruments.put(s.symbol(), new Instrument(s, spec, engine, feed, json));
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
