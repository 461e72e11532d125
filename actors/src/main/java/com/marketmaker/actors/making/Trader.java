package com.marketmaker.actors.making;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.VenueRateLimits;
import com.marketmaker.core.pricing.AvellanedaStoikov;
import com.marketmaker.core.pricing.GlftParameters;
import com.marketmaker.core.pricing.GlftQuotes;
import com.marketmaker.core.pricing.HjbParameters;
import com.marketmaker.core.pricing.HjbSolver;
import com.marketmaker.core.quote.AvellanedaStoikovModel;
import com.marketmaker.core.quote.DepthTableModel;
import com.marketmaker.core.quote.GlftClosedFormModel;
import com.marketmaker.core.quote.Ladder;
import com.marketmaker.core.quote.PositionLimit;
import com.marketmaker.core.quote.QuoteContext;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.quote.QuotePolicy;
import com.marketmaker.core.quote.QuoteStep;
import com.marketmaker.core.quote.ReferencePrice;
import com.marketmaker.core.quote.SpreadLimits;
import com.marketmaker.core.risk.RiskChecks;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.core.risk.RiskLimits;
import com.marketmaker.core.risk.RiskSnapshot;
import com.marketmaker.core.signals.BookSignals;
import com.marketmaker.core.signals.EwmaVolatility;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.List;

/**
 * The transient quoting machinery of one instrument, rebuilt whenever the entity (re)starts or its
 * parameters change: the volatility estimate, the quote policy of the chosen model, the order
 * planner, the order-rate buckets and the risk guard. Nothing here is journaled: what it decides
 * becomes journaled order events in the entity. Single-threaded (the entity's).
 */
public final class Trader {

  /** Volatility floor while the estimate warms up, ticks per √second. */
  private static final double MIN_SIGMA_TICKS = 0.5;

  private final InstrumentSpec spec;
  private final MakerParameters parameters;
  private final StrategyConfig strategy;
  private final OrderPlanner planner;
  private final VenueRateLimits limits;
  private final RiskChecks riskChecks;
  private final EwmaVolatility volatility;
  private QuotePolicy policy;
  private double policyMid = Double.NaN;
  private double policySigma = Double.NaN;
  private long lastBookNanos;
  private long peakEquity = Long.MIN_VALUE;

  public Trader(
      InstrumentSpec spec,
      MakerParameters parameters,
      StrategyConfig strategy,
      OrderPlanner.Config plannerConfig,
      VenueRateLimits.Config rateLimits,
      long maxMarketDataAgeNanos,
      long nowNanos) {
    this.spec = spec;
    this.parameters = parameters;
    this.strategy = strategy;
    this.planner = new OrderPlanner(spec.id(), plannerConfig);
    this.limits = new VenueRateLimits(rateLimits, nowNanos);
    this.volatility = new EwmaVolatility(strategy.volatilityHalfLifeSeconds() / Math.log(2));
    this.riskChecks =
        new RiskChecks(
            new RiskLimits(
                parameters.maxPositionLots(),
                cash(strategy.maxLoss()),
                cash(strategy.maxDrawdown()),
                Double.MAX_VALUE,
                Long.MAX_VALUE,
                maxMarketDataAgeNanos));
  }

  private static long cash(double amount) {
    return Math.round(amount * 1e8);
  }

  public OrderPlanner planner() {
    return planner;
  }

  public VenueRateLimits limits() {
    return limits;
  }

  /** A new trusted book state: feeds the volatility estimate. */
  public void onBook(OrderBook book, long nowNanos) {
    lastBookNanos = nowNanos;
    double mid = BookSignals.mid(book);
    if (Double.isFinite(mid) && mid > 0) {
      volatility.onMid(nowNanos, mid);
    }
  }

  /** The quotes for the book and inventory now. */
  public QuoteDecision decide(OrderBook book, long inventoryLots, long nowNanos) {
    long bid = book.bestBid();
    long ask = book.bestAsk();
    double mid = BookSignals.mid(book);
    if (!Double.isFinite(mid) || mid <= 0) {
      return QuoteDecision.pull("market data: empty book", java.util.List.of());
    }
    double sigma = Math.max(MIN_SIGMA_TICKS, volatility.sigmaPerSqrtSecond());
    if (!Double.isFinite(sigma)) {
      // No estimate yet (fewer than two mids): nothing to quote with.
      return QuoteDecision.pull("market data: volatility not available: " + sigma, List.of());
    }
    QuotePolicy p = policy(mid, sigma);
    QuoteContext c =
        new QuoteContext(
            spec,
            bid,
            ask,
            mid,
            BookSignals.weightedMid(book),
            sigma,
            BookSignals.touchImbalance(book),
            0,
            0,
            strategy.intensityA(),
            strategy.intensityK(),
            strategy.intensityA(),
            strategy.intensityK(),
            inventoryLots,
            nowNanos / 1e9);
    return p.decide(c);
  }

  /** The risk verdict for the instrument's P&amp;L and position marked to this book. */
  public RiskGuard.Decision risk(
      RiskGuard guard,
      long inventoryLots,
      long totalPnl,
      boolean bookInSync,
      boolean killSwitch,
      long nowNanos) {
    peakEquity = Math.max(peakEquity, totalPnl);
    RiskSnapshot snapshot =
        new RiskSnapshot(
            inventoryLots,
            totalPnl,
            totalPnl,
            peakEquity,
            0,
            1,
            0,
            lastBookNanos == 0 ? nowNanos : lastBookNanos,
            nowNanos,
            killSwitch);
    return guard.evaluate(snapshot, bookInSync);
  }

  public RiskChecks riskChecks() {
    return riskChecks;
  }

  /** Plans the order requests towards {@code decision}. */
  public OrderPlanner.Plan plan(
      QuoteDecision decision, OrderLedger ledger, long inventoryLots, long nowNanos) {
    return planner.plan(decision, ledger, inventoryLots, nowNanos, limits);
  }

  /**
   * The policy for the current price level: spread bounds are set in basis points of the mid, so
   * the policy is rebuilt when the mid has moved more than 5% from the one it was built for. The
   * table models ({@code GLFT_EXACT}, {@code HJB}) are solved for one σ: theirs is rebuilt when the
   * volatility estimate has moved more than 25% from the σ it was solved with.
   */
  private QuotePolicy policy(double mid, double sigma) {
    boolean tableModel =
        strategy.model() == StrategyConfig.Model.GLFT_EXACT
            || strategy.model() == StrategyConfig.Model.HJB;
    if (policy != null
        && Math.abs(mid - policyMid) <= 0.05 * policyMid
        && (!tableModel || Math.abs(sigma - policySigma) <= 0.25 * policySigma)) {
      return policy;
    }
    double minTicks = Math.max(1, parameters.minSpreadBps() * mid / 10_000);
    double maxTicks = Math.max(minTicks, parameters.maxSpreadBps() * mid / 10_000);
    long size = parameters.orderSizeLots();
    long maxPos = parameters.maxPositionLots();
    QuoteStep base =
        switch (strategy.model()) {
          case AVELLANEDA_STOIKOV ->
              new AvellanedaStoikovModel(
                  new AvellanedaStoikov(
                      parameters.riskAversion(),
                      strategy.intensityK(),
                      AvellanedaStoikov.Horizon.rolling(parameters.horizonSeconds())),
                  ReferencePrice.MID);
          case GLFT -> {
            int q = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxPos / size));
            yield new GlftClosedFormModel(
                GlftParameters.glft2013(
                    parameters.riskAversion(),
                    MIN_SIGMA_TICKS,
                    strategy.intensityA(),
                    strategy.intensityK(),
                    q),
                ReferencePrice.MID);
          }
          case GLFT_EXACT ->
              DepthTableModel.stationary(
                  "glft-exact",
                  new GlftQuotes(tableParameters(sigma, size, maxPos)).stationary(),
                  ReferencePrice.MID);
          case HJB -> {
            double horizon = parameters.horizonSeconds();
            // Depths may go through the mid as in GLFT (an inventory is unloaded aggressively);
            // the spread limits below bound the quotes. Output steps of 0.1 s (the solver splits
            // them further where the fill rates demand it).
            int steps = (int) Math.min(100_000, Math.max(100, Math.ceil(horizon * 10)));
            HjbParameters hjb =
                HjbParameters.of(
                    tableParameters(sigma, size, maxPos), -maxTicks, maxTicks, horizon, steps);
            yield DepthTableModel.stationary(
                "hjb", HjbSolver.solve(hjb).atStep(0), ReferencePrice.MID);
          }
        };
    policy =
        QuotePolicy.builder(base)
            .constrain(new SpreadLimits(minTicks, maxTicks))
            .constrain(new PositionLimit(maxPos))
            .baseSize(size)
            .ladder(new Ladder(strategy.levels(), strategy.levelSpacingTicks(), 1.0, size, size))
            .build();
    policyMid = mid;
    policySigma = sigma;
    return policy;
  }

  /**
   * GLFT inputs of the table models: orders of the configured size Δ (lots), the inventory bound
   * the largest multiple of Δ within the position limit (at least one order), ξ = γ, no terminal
   * penalty; σ in ticks per √second, A per second, k per tick.
   */
  private GlftParameters tableParameters(double sigma, long size, long maxPos) {
    long orders = Math.max(1, maxPos / size);
    return new GlftParameters(
        parameters.riskAversion(),
        sigma,
        strategy.intensityA(),
        strategy.intensityK(),
        parameters.riskAversion(),
        Math.toIntExact(size),
        Math.toIntExact(orders * size),
        0.0);
  }

  /** Whether both sides of the book are present. */
  public static boolean twoSided(OrderBook book) {
    return book.bestPrice(Side.BID) > 0 && book.bestPrice(Side.ASK) > book.bestPrice(Side.BID);
  }
}
