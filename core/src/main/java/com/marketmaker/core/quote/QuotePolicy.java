package com.marketmaker.core.quote;

import com.marketmaker.core.risk.RiskVerdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The quote policy: a base model, then adjusters, then constraints, then rounding onto the
 * instrument grid and the ladder. Pure and deterministic: the same context gives the same decision,
 * in the live entity and in the backtester.
 *
 * <p>Rounding guarantees, whatever the steps produced:
 *
 * <ul>
 *   <li>prices are whole ticks, bids rounded down and asks up (rounding never tightens a quote);
 *   <li>quotes never cross the book: bid ≤ best ask − 1 tick, ask ≥ best bid + 1 tick (post-only, a
 *       quote never takes liquidity);
 *   <li>bid &lt; ask: if rounding or the book clamp brings them together, the ask moves one tick
 *       above the bid (moving away from the book never crosses it);
 *   <li>sizes are whole lots in [minLots, maxLots] per level, and all levels of a side together
 *       stay within the position headroom set by {@link PositionLimit}.
 * </ul>
 */
public final class QuotePolicy {

  private final QuoteStep base;
  private final QuoteStep[] steps;
  private final double baseSizeLots;
  private final Ladder ladder;

  private QuotePolicy(QuoteStep base, List<QuoteStep> steps, double baseSizeLots, Ladder ladder) {
    this.base = base;
    this.steps = steps.toArray(new QuoteStep[0]);
    this.baseSizeLots = baseSizeLots;
    this.ladder = ladder;
  }

  /** Starts a policy on a base model. */
  public static Builder builder(QuoteStep baseModel) {
    return new Builder(baseModel);
  }

  /** Decides with a risk verdict: any breach pulls all quotes with the breach as reason. */
  public QuoteDecision decide(QuoteContext context, RiskVerdict risk) {
    if (risk != null && !risk.isClear()) {
      return QuoteDecision.pull("risk: " + risk.reason(), List.of());
    }
    return decide(context);
  }

  /** Decides the quotes for {@code context}. */
  public QuoteDecision decide(QuoteContext context) {
    String unusable = context == null ? "no market context" : context.unusableReason();
    if (unusable != null) {
      return QuoteDecision.pull("market data: " + unusable, List.of());
    }
    QuoteDraft d = new QuoteDraft(baseSizeLots);
    d.mark();
    base.apply(context, d);
    for (QuoteStep step : steps) {
      if (d.pullReason() != null) {
        break;
      }
      d.mark();
      step.apply(context, d);
    }
    if (d.pullReason() != null) {
      return QuoteDecision.pull(d.pullReason(), d.explanation());
    }
    return round(context, d);
  }

  private QuoteDecision round(QuoteContext c, QuoteDraft d) {
    long bestBid = c.bestBidTicks();
    long bestAsk = c.bestAskTicks();
    boolean bidOn = d.bidOn() && Double.isFinite(d.bid());
    boolean askOn = d.askOn() && Double.isFinite(d.ask());
    String bidWhy = d.bidOn() ? (bidOn ? null : "bid price not finite") : d.bidOffReason();
    String askWhy = d.askOn() ? (askOn ? null : "ask price not finite") : d.askOffReason();
    // A small tolerance keeps 99.999999999 from rounding a whole tick away.
    long roundedBid = bidOn ? (long) Math.floor(d.bid() + 1e-9) : 0;
    long roundedAsk = askOn ? (long) Math.ceil(d.ask() - 1e-9) : 0;
    long bid = Math.min(roundedBid, bestAsk - 1);
    long ask = Math.max(roundedAsk, bestBid + 1);
    if (bidOn && askOn && bid >= ask) {
      ask = bid + 1;
    }
    boolean heldOff = (bidOn && bid != roundedBid) || (askOn && ask != roundedAsk);
    if (bidOn && bid < 1) {
      bidOn = false;
      bidWhy = "bid price below one tick";
    }
    List<QuoteLevel> bids = bidOn ? levels(bid, -1, d.bidSize(), d.bidCapacity()) : List.of();
    List<QuoteLevel> asks = askOn ? levels(ask, +1, d.askSize(), d.askCapacity()) : List.of();
    if (bidOn && bids.isEmpty()) {
      bidWhy = "bid size below minimum or no position headroom";
    }
    if (askOn && asks.isEmpty()) {
      askWhy = "ask size below minimum or no position headroom";
    }
    d.explanation()
        .add(
            new Contribution(
                "grid-rounding",
                bids.isEmpty() ? 0 : bid - d.bid(),
                asks.isEmpty() ? 0 : ask - d.ask(),
                bids.isEmpty() ? Double.NaN : bid,
                asks.isEmpty() ? Double.NaN : ask,
                bids.isEmpty() ? 0 : bids.get(0).sizeLots(),
                asks.isEmpty() ? 0 : asks.get(0).sizeLots(),
                heldOff
                    ? "rounded outward, held off the book"
                    : "rounded outward to ticks and lots"));
    String reason = join(bids.isEmpty() ? bidWhy : null, asks.isEmpty() ? askWhy : null);
    if (bids.isEmpty() && asks.isEmpty()) {
      return QuoteDecision.pull(reason, d.explanation());
    }
    return new QuoteDecision(QuoteDecision.Action.QUOTE, bids, asks, reason, d.explanation());
  }

  /**
   * The levels of one side, best first, as an immutable list (the decision keeps it as it is
   * instead of copying it; one level, the usual ladder, needs no array).
   */
  private List<QuoteLevel> levels(long best, int direction, double size, double capacity) {
    QuoteLevel first = null;
    QuoteLevel[] all = null;
    int n = 0;
    double remaining = Math.floor(capacity);
    double levelSize = size;
    for (int i = 0; i < ladder.levels(); i++) {
      long price = best + direction * i * ladder.spacingTicks();
      if (price < 1) {
        break;
      }
      // The best level is never taken below the venue's minimum by a step that reduces its size
      // (VPIN, shaping): only the position headroom or a disabled side removes it. Deeper levels
      // end the ladder when their decayed size falls below the minimum.
      double floored = Math.floor(levelSize + 1e-9);
      double lots =
          i == 0 && levelSize > 0
              ? Math.min(Math.max(floored, ladder.minLots()), ladder.maxLots())
              : Math.min(floored, ladder.maxLots());
      lots = Math.min(lots, remaining);
      if (!(lots >= ladder.minLots())) {
        break;
      }
      QuoteLevel level = new QuoteLevel(price, (long) lots);
      if (n == 0) {
        first = level;
      } else {
        if (all == null) {
          all = new QuoteLevel[ladder.levels()];
          all[0] = first;
        }
        all[n] = level;
      }
      n++;
      remaining -= lots;
      levelSize *= ladder.sizeDecay();
    }
    if (n == 0) {
      return List.of();
    }
    return n == 1 ? List.of(first) : List.of(Arrays.copyOf(all, n));
  }

  private static String join(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + "; " + b;
  }

  /** Assembles a policy; adjusters run before constraints, each in the order added. */
  public static final class Builder {
    private final QuoteStep base;
    private final List<QuoteStep> adjusters = new ArrayList<>();
    private final List<QuoteStep> constraints = new ArrayList<>();
    private double baseSizeLots = 1;
    private Ladder ladder = Ladder.single(1, Long.MAX_VALUE);

    private Builder(QuoteStep base) {
      if (base == null) {
        throw new IllegalArgumentException("a base model is required");
      }
      this.base = base;
    }

    public Builder adjust(QuoteStep adjuster) {
      if (adjuster == null) {
        throw new IllegalArgumentException("adjuster is null");
      }
      adjusters.add(adjuster);
      return this;
    }

    public Builder constrain(QuoteStep constraint) {
      if (constraint == null) {
        throw new IllegalArgumentException("constraint is null");
      }
      constraints.add(constraint);
      return this;
    }

    /** Size of the best level before shaping, lots (&gt; 0). */
    public Builder baseSize(double lots) {
      this.baseSizeLots = Params.positive(lots, "base size");
      return this;
    }

    public Builder ladder(Ladder l) {
      if (l == null) {
        throw new IllegalArgumentException("ladder is null");
      }
      this.ladder = l;
      return this;
    }

    public QuotePolicy build() {
      if (baseSizeLots < ladder.minLots()) {
        throw new IllegalArgumentException(
            "base size " + baseSizeLots + " below the minimum order size " + ladder.minLots());
      }
      List<QuoteStep> all = new ArrayList<>(adjusters);
      all.addAll(constraints);
      return new QuotePolicy(base, all, baseSizeLots, ladder);
    }
  }
}
