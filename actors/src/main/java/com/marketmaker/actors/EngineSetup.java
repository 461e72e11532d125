package com.marketmaker.actors;

import com.marketmaker.actors.venue.TradingRegistry;
import com.marketmaker.core.engine.QuotingEngine;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.VenueRateLimits;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.persistence.SymbolState;
import com.marketmaker.persistence.TradingState;
import java.util.List;

/**
 * Builds an instrument's {@link QuotingEngine} from its journaled state (parameters, strategy, a
 * journaled halt) and the entity's settings, and gives it its share of the venue account's
 * order-rate limits: the account's limits divided by the instruments trading on the account on this
 * node, unless limits are configured.
 */
final class EngineSetup {

  /** Order-rate limits of a venue without a preset and without configured limits. */
  static final VenueRateLimits.Config FALLBACK_LIMITS =
      new VenueRateLimits.Config(
          List.of(VenueRateLimits.Limit.perSeconds(20, 10)),
          List.of(VenueRateLimits.Limit.perSeconds(40, 10)),
          0.5);

  private final EntitySettings settings;
  private final TradingRegistry registry;

  EngineSetup(EntitySettings settings, TradingRegistry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  /** A new engine for {@code s}, halted if the journal says so. */
  QuotingEngine create(SymbolState s, long nowNanos) {
    TradingState t = s.trading();
    QuotingEngine engine =
        new QuotingEngine(
            s.spec(),
            s.parameters(),
            t.strategy(),
            new QuotingEngine.Settings(
                settings.planner(),
                rateLimitShare(s.spec()),
                settings.maxMarketDataAge().toNanos(),
                settings.haltCoolOff().toNanos()),
            t.halted()
                ? new RiskGuard.State(
                    true, t.haltCheck(), t.haltReason(), t.haltedAtMillis() * 1_000_000L)
                : RiskGuard.State.CLEAR,
            nowNanos);
    if (settings.rateLimits() == null) {
      // A share of the account's limits starts empty: the instruments already trading on the
      // account may have spent the account's window, and the venue counts per account.
      engine.limits().drainShortWindows(nowNanos);
    }
    return engine;
  }

  /** Gives {@code engine} the journaled parameters and strategy when they changed. */
  void reconfigure(QuotingEngine engine, SymbolState s) {
    if (!engine.parameters().equals(s.parameters())
        || !engine.strategy().equals(s.trading().strategy())) {
      engine.reconfigure(s.parameters(), s.trading().strategy());
    }
  }

  /** Recomputes the share: instruments join and leave the account on this node. */
  void reshare(QuotingEngine engine, InstrumentSpec spec, long nowNanos) {
    engine.shareRateLimits(rateLimitShare(spec), nowNanos);
  }

  private VenueRateLimits.Config rateLimitShare(InstrumentSpec spec) {
    if (settings.rateLimits() != null) {
      return settings.rateLimits();
    }
    VenueRateLimits.Config account;
    try {
      account = VenueRateLimits.Config.forVenue(spec.id().venue());
    } catch (IllegalArgumentException noPreset) {
      account = FALLBACK_LIMITS;
    }
    int n = Math.max(1, registry.count(spec.id().venue()));
    return account.share(1.0 / n);
  }
}
