package com.marketmaker.core.engine;

import com.marketmaker.core.accounting.PnL;
import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.VenueRateLimits;
import com.marketmaker.core.quote.PortfolioAdvice;
import com.marketmaker.core.quote.QuoteContext;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.risk.RiskChecks;
import com.marketmaker.core.risk.RiskGuard;
import com.marketmaker.core.risk.RiskLimits;
import com.marketmaker.core.risk.RiskSnapshot;
import com.marketmaker.core.signals.BookSignals;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.QuoteSettings;
import com.marketmaker.core.strategy.StrategyConfig;
import java.util.List;

/**
 * The strategy of one instrument: market events, own fills and time in; quote decisions and order
 * plans out. It owns the venue book and its sync ({@link VenueBook}), the market signals, the
 * online calibration of σ and of the fill intensities A± and k±, the quote policy of the chosen
 * model with every quote step, the risk checks and guard, the order planner and the order-rate
 * buckets. The live entity and the backtester drive this same class; it is pure Java,
 * single-threaded and deterministic given its inputs and the times passed in (it never reads a
 * clock).
 *
 * <p>Units: prices in ticks and sizes in lots of the instrument; σ in ticks per √s inside, shown in
 * price and basis points per √s; A per second, k per tick; times in nanoseconds.
 *
 * <p>Longer than most files here: it is the one place where the live entity and the backtester meet
 * the strategy, and its parts (book, signals, policy, guard, planner) are already classes of their
 * own; what remains is their wiring and the order of a turn, kept together on purpose.
 */
public final class QuotingEngine {

  /**
   * Engine tuning that is not the operator's strategy.
   *
   * @param planner how working orders are judged
   * @param rateLimits this instrument's share of the account's order-rate limits
   * @param maxMarketDataAgeNanos quotes are pulled when the book is older than this
   * @param haltCoolOffNanos a halt clears by itself this long after the breach is gone (0: never)
   */
  public record Settings(
      OrderPlanner.Config planner,
      VenueRateLimits.Config rateLimits,
      long maxMarketDataAgeNanos,
      long haltCoolOffNanos) {}

  /**
   * One turn of the quoting loop.
   *
   * @param decision the quotes wanted (or a pull and why)
   * @param plan the requests that move the working orders toward them
   * @param toleranceTicks the price tolerance the plan used
   */
  public record Step(QuoteDecision decision, OrderPlanner.Plan plan, long toleranceTicks) {}

  /** Intensity windows kept: an hour of 5 s windows. */
  private static final int INTENSITY_WINDOWS = 720;

  private final InstrumentSpec spec;
  private MakerParameters parameters;
  private StrategyConfig strategy;
  private final VenueBook book;
  private MarketSignals signals;
  private IntensityEstimate bidIntensity;
  private IntensityEstimate askIntensity;
  private StrategyPolicy policy;
  private RiskChecks riskChecks;
  private RiskGuard guard;
  private final OrderPlanner planner;
  private final Settings settings;
  private VenueRateLimits limits;
  private long lastBookNanos;
  private long lastClockNanos = Long.MIN_VALUE;
  private long lastTwoSidedNanos = Long.MIN_VALUE;
  private long lastSpreadTicks;

  /** How long a book with one side swept is still quoted from the last spread. */
  static final int SWEPT_SIDE_GRACE_SECONDS = 5;

  private long peakEquity = Long.MIN_VALUE;
  private long decisions;
  // The last decision and its inputs; explained on request (off the hot path).
  private QuoteContext lastContext;
  private QuoteDecision lastDecision;
  private long lastDecisionNanos;
  private long lastToleranceTicks;
  private long lastPlacesAvailable;
  private PortfolioAdvice portfolioAdvice = PortfolioAdvice.NONE;
  // Signed public traded notional since this engine was made, ticks x lots (buyer-initiated +).
  private double signedTradedTickLots;

  /**
   * @param halt the journaled halt the guard starts from ({@link RiskGuard.State#CLEAR} if none)
   */
  public QuotingEngine(
      InstrumentSpec spec,
      MakerParameters parameters,
      StrategyConfig strategy,
      Settings settings,
      RiskGuard.State halt,
      long nowNanos) {
    this.spec = spec;
    this.settings = settings;
    this.book = VenueBook.create(spec);
    configure(parameters, strategy, halt);
    this.planner = new OrderPlanner(spec.id(), settings.planner());
    this.limits = new VenueRateLimits(settings.rateLimits(), nowNanos);
  }

  /**
   * New parameters or strategy (an operator's update): the policy and risk limits are rebuilt, the
   * halt state is kept; the book stays, and so do the signals and calibrations unless their own
   * settings changed.
   */
  public void reconfigure(MakerParameters newParameters, StrategyConfig newStrategy) {
    configure(newParameters, newStrategy, guard.state());
  }

  private void configure(MakerParameters p, StrategyConfig s, RiskGuard.State halt) {
    QuoteSettings q = s.quoting();
    QuoteSettings old = strategy == null ? null : strategy.quoting();
    if (old == null
        || strategy.volatilityHalfLifeSeconds() != s.volatilityHalfLifeSeconds()
        || old.volatilitySampleMillis() != q.volatilitySampleMillis()
        || old.volatilityPriorBpsPerSqrtSecond() != q.volatilityPriorBpsPerSqrtSecond()
        || old.tradeFlowWindowSeconds() != q.tradeFlowWindowSeconds()) {
      signals =
          new MarketSignals(
              spec,
              s.volatilityHalfLifeSeconds(),
              q.volatilitySampleMillis() * 1_000_000L,
              q.volatilityPriorBpsPerSqrtSecond(),
              q.tradeFlowWindowSeconds());
    }
    if (old == null
        || strategy.intensityA() != s.intensityA()
        || strategy.intensityK() != s.intensityK()
        || old.intensityWindowSeconds() != q.intensityWindowSeconds()
        || old.intensityMinFills() != q.intensityMinFills()) {
      bidIntensity = intensity(s);
      askIntensity = intensity(s);
    }
    this.parameters = p;
    this.strategy = s;
    this.policy = new StrategyPolicy(spec, p, s);
    this.riskChecks =
        new RiskChecks(
            new RiskLimits(
                p.maxPositionLots(),
                cash(s.maxLoss()),
                cash(s.maxDrawdown()),
                Double.MAX_VALUE,
                Long.MAX_VALUE,
                settings.maxMarketDataAgeNanos()));
    this.guard = new RiskGuard(riskChecks, settings.haltCoolOffNanos(), halt);
  }

  private static IntensityEstimate intensity(StrategyConfig s) {
    QuoteSettings q = s.quoting();
    return new IntensityEstimate(
        s.intensityA(),
        s.intensityK(),
        q.intensityWindowSeconds(),
        INTENSITY_WINDOWS,
        q.intensityMinFills());
  }

  /**
   * The portfolio's advice for this instrument's quotes (a basket skew, or a limit's widening, size
   * cut or pull), applied from the next decision on until replaced.
   */
  public void advise(PortfolioAdvice advice) {
    this.portfolioAdvice = advice == null ? PortfolioAdvice.NONE : advice;
  }

  public PortfolioAdvice advice() {
    return portfolioAdvice;
  }

  /** An operator's kill: the guard halts at once with {@code reason}. */
  public void kill(String reason, long nowNanos) {
    guard =
        new RiskGuard(
            riskChecks,
            settings.haltCoolOffNanos(),
            new RiskGuard.State(
                true, com.marketmaker.core.risk.RiskCheck.KILL_SWITCH, reason, nowNanos));
  }

  private static long cash(double amount) {
    return Math.round(amount * 1e8);
  }

  // ------------------------------------------------------------------ market events

  /** The venue's book, for its sync protocol (snapshot requests, retries, read-outs). */
  public VenueBook book() {
    return book;
  }

  /**
   * A diff of the venue's book received at {@code receivedNanos} ({@link VenueBook#NO_CHECKSUM}
   * when it carries none). Returns true when a (new) snapshot is needed.
   */
  public boolean onDepth(DepthUpdate update, long checksum, long receivedNanos) {
    onClock(receivedNanos);
    boolean needs = book.onDepth(update, checksum);
    afterBookChange(receivedNanos);
    return needs;
  }

  /** A REST snapshot answer. Returns true if the book still needs another one. */
  public boolean onSnapshot(DepthUpdate snapshot, long receivedNanos) {
    onClock(receivedNanos);
    boolean needs = book.onSnapshot(snapshot);
    afterBookChange(receivedNanos);
    return needs;
  }

  /** A full book on the stream (Kraken, Coinbase). Returns true if another is needed. */
  public boolean onStreamSnapshot(DepthUpdate snapshot, int depth, long receivedNanos) {
    onClock(receivedNanos);
    boolean needs = book.onStreamSnapshot(snapshot, depth);
    afterBookChange(receivedNanos);
    return needs;
  }

  /** The venue's best bid/offer message: checked against the book. */
  public void onTicker(BookTicker ticker) {
    book.onTicker(ticker);
  }

  /** Diffs may have been lost upstream: the book waits for a new snapshot. */
  public void resync(String reason) {
    book.resync(reason);
    interrupt();
  }

  /** The feed fell silent. */
  public void onStale() {
    book.onStale();
    interrupt();
  }

  private void interrupt() {
    signals.interrupt();
    bidIntensity.interrupt();
    askIntensity.interrupt();
  }

  private void afterBookChange(long nowNanos) {
    OrderBook b = book.book();
    if (book.trusted() && !b.hasTwoSides() && inSync()) {
      // A swept side: quoted from the last spread for a while; σ and the windows wait for it.
      lastBookNanos = nowNanos;
      return;
    }
    if (!book.trusted() || !b.hasTwoSides()) {
      interrupt();
      return;
    }
    lastBookNanos = nowNanos;
    lastTwoSidedNanos = nowNanos;
    lastSpreadTicks = b.bestAsk() - b.bestBid();
    signals.onBook(b, nowNanos);
    double mid = BookSignals.mid(b);
    bidIntensity.onClock(nowNanos, mid);
    askIntensity.onClock(nowNanos, mid);
  }

  /** A public trade of the instrument (price ticks, size lots, the aggressor's side). */
  public void onTrade(Trade trade, long receivedNanos) {
    onClock(receivedNanos);
    signals.onTrade(trade, receivedNanos);
    if (trade.size > 0) {
      double notional = (double) trade.price * trade.size;
      signedTradedTickLots += trade.buyerAggressor ? notional : -notional;
    }
    hit(trade.buyerAggressor, trade.price, receivedNanos);
  }

  /**
   * The signed notional of the public trades seen since this engine was made, quote currency,
   * buyer-initiated trades positive: the order flow the portfolio's cross-impact model regresses
   * returns on (a running total; its differences over time are the flow).
   */
  public double signedTradedNotional() {
    return signedTradedTickLots * spec.ticksToDouble(1) * spec.lotsToDouble(1);
  }

  /**
   * One of our orders filled at {@code priceTicks}: {@code buy} when our bid was hit. Feeds the
   * intensity of that side (the same observation as the venue's public print of it).
   */
  public void onOwnFill(boolean buy, long priceTicks, long nowNanos) {
    onClock(nowNanos);
    hit(!buy, priceTicks, nowNanos);
  }

  private void hit(boolean buyerAggressor, long priceTicks, long nowNanos) {
    if (buyerAggressor) {
      askIntensity.onHit(nowNanos, priceTicks, +1);
    } else {
      bidIntensity.onHit(nowNanos, priceTicks, -1);
    }
  }

  /**
   * Time passes (before any event of {@code nowNanos} is applied): σ sampling and the intensity
   * windows move on with the book as it has been since the last event.
   */
  public void onClock(long nowNanos) {
    if (nowNanos < lastClockNanos) {
      return; // an event stamped earlier than one already seen: time does not go back
    }
    lastClockNanos = nowNanos;
    signals.onClock(nowNanos);
    double mid = inSync() ? 0.5 * (bidTicks() + askTicks()) : Double.NaN;
    bidIntensity.onClock(nowNanos, mid);
    askIntensity.onClock(nowNanos, mid);
  }

  /**
   * Whether quotes may be computed from the book: trusted, and two-sided — or one side swept within
   * the last {@value #SWEPT_SIDE_GRACE_SECONDS} s of a two-sided book, when the missing side is
   * taken at the last spread away from the side left (a market maker refills a swept side; the
   * trade-flow step widens the side being hit).
   */
  public boolean inSync() {
    if (!book.trusted()) {
      return false;
    }
    OrderBook b = book.book();
    if (b.hasTwoSides()) {
      return true;
    }
    boolean oneSide = b.bestBid() != OrderBook.NO_PRICE || b.bestAsk() != OrderBook.NO_PRICE;
    return oneSide
        && lastSpreadTicks > 0
        && lastClockNanos - lastTwoSidedNanos <= SWEPT_SIDE_GRACE_SECONDS * 1_000_000_000L;
  }

  /** Best bid the quotes and marks use, ticks: the book's, or the swept side's stand-in. */
  public long bidTicks() {
    OrderBook b = book.book();
    return b.bestBid() != OrderBook.NO_PRICE ? b.bestBid() : b.bestAsk() - lastSpreadTicks;
  }

  /** Best ask the quotes and marks use, ticks. */
  public long askTicks() {
    OrderBook b = book.book();
    return b.bestAsk() != OrderBook.NO_PRICE ? b.bestAsk() : b.bestBid() + lastSpreadTicks;
  }

  // ------------------------------------------------------------------ decisions

  /** The risk guard's verdict for the position and its P&amp;L (cash units) marked to the book. */
  public RiskGuard.Decision risk(
      long inventoryLots, long totalPnl, boolean killSwitch, long nowNanos) {
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
    return guard.evaluate(snapshot, inSync());
  }

  public RiskGuard guard() {
    return guard;
  }

  /** The quotes for the book and inventory now (no risk verdict: the backtester's turn). */
  public QuoteDecision decide(long inventoryLots, long nowNanos) {
    onClock(nowNanos);
    OrderBook b = book.book();
    if (!inSync()) {
      QuoteDecision pull =
          QuoteDecision.pull(
              "market data: " + (book.trusted() ? "one-sided book" : "book not in sync"),
              List.of());
      remember(null, pull, nowNanos);
      return pull;
    }
    long bestBid = bidTicks();
    long bestAsk = askTicks();
    boolean twoSided = b.hasTwoSides();
    double mid = 0.5 * (bestBid + bestAsk);
    double sigma = signals.volatilityTicksPerSqrtSecond();
    IntensityEstimate.Value bid = bidIntensity.value();
    IntensityEstimate.Value ask = askIntensity.value();
    double weighted = twoSided ? BookSignals.weightedMid(b) : mid;
    QuoteContext c =
        new QuoteContext(
            spec,
            bestBid,
            bestAsk,
            mid,
            twoSided ? signals.microPriceTicks(b) : mid,
            weighted,
            sigma,
            BookSignals.imbalance(b, 5),
            signals.vpin(),
            signals.tradeFlowImbalance(nowNanos),
            bid.aPerSecond(),
            bid.kPerTick(),
            ask.aPerSecond(),
            ask.kPerTick(),
            inventoryLots,
            nowNanos / 1e9,
            portfolioAdvice);
    QuoteDecision d =
        policy
            .policy(
                mid,
                sigma,
                0.5 * (bid.aPerSecond() + ask.aPerSecond()),
                0.5 * (bid.kPerTick() + ask.kPerTick()))
            .decide(c);
    remember(c, d, nowNanos);
    return d;
  }

  /**
   * One turn of the quoting loop, as the live entity and the backtester run it: the risk verdict on
   * the position and its P&amp;L marked to the book, then, unless the verdict halts or clears a
   * halt (the caller journals that first), the decision and the order plan.
   *
   * @param pnl the booked position and cash
   */
  public Turn turn(PnL pnl, OrderLedger ledger, long nowNanos) {
    long inventory = pnl.inventoryLots();
    long total = inSync() ? pnl.total(spec, bidTicks(), askTicks()) : 0;
    RiskGuard.Decision risk = risk(inventory, total, false, nowNanos);
    if (risk.halted() || risk.cleared()) {
      return new Turn(risk, null);
    }
    return new Turn(risk, quote(risk, inventory, ledger, nowNanos));
  }

  /**
   * What a turn of the loop came to.
   *
   * @param step the decision and plan; null when the verdict newly halts or clears a halt
   */
  public record Turn(RiskGuard.Decision risk, Step step) {}

  /**
   * One turn of the live loop after the risk verdict: the decision (a pull when the guard halts or
   * pulls) and the order plan toward it, with the adaptive price tolerance.
   */
  public Step quote(
      RiskGuard.Decision risk, long inventoryLots, OrderLedger ledger, long nowNanos) {
    QuoteDecision decision;
    if (risk.action() == RiskGuard.Action.HALT) {
      decision = QuoteDecision.pull("halted: " + risk.reason(), List.of());
      remember(null, decision, nowNanos);
    } else if (risk.action() == RiskGuard.Action.PULL) {
      decision = QuoteDecision.pull(risk.reason(), List.of());
      remember(null, decision, nowNanos);
    } else {
      decision = decide(inventoryLots, nowNanos);
    }
    long tolerance = toleranceTicks(decision, nowNanos);
    OrderPlanner.Plan plan =
        planner.plan(
            decision,
            ledger,
            inventoryLots,
            nowNanos,
            limits,
            tolerance,
            parameters.maxPositionLots());
    lastToleranceTicks = tolerance;
    lastPlacesAvailable = limits.placesAvailable(nowNanos);
    return new Step(decision, plan, tolerance);
  }

  /**
   * The price tolerance of this plan, ticks: moving an order is worth a token only when the wanted
   * price has moved further than the mid typically moves while the buckets earn the two tokens of a
   * cancel-replace, {@code σ·√(2/r)} with {@code r} the sustained order rate; scaled up to four
   * times as the buckets empty; never more than half the quoted spread (a kept order stays on its
   * side of the fair price).
   */
  long toleranceTicks(QuoteDecision decision, long nowNanos) {
    if (decision.isPull() || decision.bids().isEmpty() || decision.asks().isEmpty()) {
      return 0;
    }
    double sigma = signals.volatilityTicksPerSqrtSecond();
    double rate = limits.sustainedPlacesPerSecond();
    double move = sigma * Math.sqrt(2.0 / rate);
    double fill = Math.min(1.0, (double) limits.placesAvailable(nowNanos) / limits.placeCapacity());
    double tolerance = move * (1 + 3 * (1 - fill));
    long halfSpread =
        (decision.asks().get(0).priceTicks() - decision.bids().get(0).priceTicks()) / 2;
    return Math.max(0, Math.min(halfSpread, (long) Math.floor(tolerance)));
  }

  /** The planner, for cancel-all after a halt or stop. */
  public OrderPlanner planner() {
    return planner;
  }

  public VenueRateLimits limits() {
    return limits;
  }

  /** A new share of the account's order-rate limits (the instruments on the account changed). */
  public void shareRateLimits(VenueRateLimits.Config config, long nowNanos) {
    if (!config.equals(limits.config())) {
      limits = new VenueRateLimits(config, nowNanos);
      // The new share starts empty: the tokens of the old one may just have been spent, and the
      // account's window still counts them.
      limits.drainShortWindows(nowNanos);
    }
  }

  public MarketSignals.Readout signals(long nowNanos) {
    return signals.readout(book.book(), nowNanos);
  }

  public IntensityEstimate.Value bidIntensity() {
    return bidIntensity.value();
  }

  public IntensityEstimate.Value askIntensity() {
    return askIntensity.value();
  }

  /** Decisions made so far. */
  public long decisions() {
    return decisions;
  }

  /** The last decision with its inputs and every step's contribution; null before the first. */
  public QuoteExplanation lastDecision() {
    if (lastDecision == null) {
      return null;
    }
    return QuoteExplanation.of(
        spec,
        strategy,
        lastContext,
        lastDecision,
        lastDecisionNanos,
        bidIntensity.value(),
        askIntensity.value(),
        lastToleranceTicks,
        lastPlacesAvailable);
  }

  /** The last decision itself (null before the first). */
  public QuoteDecision lastQuoteDecision() {
    return lastDecision;
  }

  private void remember(QuoteContext c, QuoteDecision d, long nowNanos) {
    decisions++;
    lastContext = c;
    lastDecision = d;
    lastDecisionNanos = nowNanos;
  }

  public StrategyConfig strategy() {
    return strategy;
  }

  public MakerParameters parameters() {
    return parameters;
  }
}
