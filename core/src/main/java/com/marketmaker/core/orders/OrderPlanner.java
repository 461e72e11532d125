package com.marketmaker.core.orders;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.quote.QuoteLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns a quote decision into order actions against the entity's working orders: per side and
 * ladder level, keep the working order, place one, cancel one, or cancel and place (a
 * cancel-replace).
 *
 * <p>Rules, in the market maker's terms:
 *
 * <ul>
 *   <li><b>Keep</b> an order when its price is within the tolerance of the desired price (the
 *       larger of {@link Config#priceToleranceTicks} and {@link Config#priceToleranceBps} of the
 *       price), it is younger than {@link Config#maxOrderAgeNanos}, and its remaining size is
 *       within {@link Config#sizeToleranceLots} of the desired size.
 *   <li>Never cancel an order younger than {@link Config#minOrderAgeNanos} (it keeps its queue
 *       place and the venue's order count) unless the quotes are pulled, its side is no longer
 *       quoted (the policy drops a side at the position limit), it crosses our own opposite quote,
 *       or it duplicates another order's level: those are risk cancels.
 *   <li>At most one order per side and level holds the level (PENDING_NEW, NEW or
 *       PARTIALLY_FILLED); a level gets a new order only when its previous order is being cancelled
 *       in this plan or is already PENDING_CANCEL.
 *   <li>A placement is made only if, counting every working order of its side (also those pending
 *       cancel: they can still fill) and the placements already planned, a complete fill could not
 *       take |inventory| beyond the position limit: the instrument's, given with each plan, or
 *       {@link Config#maxPositionLots} if lower.
 *   <li>Every request draws a token from {@link VenueRateLimits}; what cannot be sent now is left
 *       for the next plan, most important first: risk cancels, then re-sent cancels that got no
 *       answer, then replacement cancels from the touch outwards, then cancels of surplus levels,
 *       then placements from the touch outwards (bid then ask at each level).
 * </ul>
 *
 * <p>The planner changes nothing but the limiter's tokens: the entity persists {@link Plan#events}
 * and applies them to its ledger before it sends the requests. Deterministic for the same inputs;
 * reuses its scratch buffers, so a plan that keeps everything allocates only the {@link Plan}
 * itself. Not thread-safe.
 *
 * <p>Longer than most files here: one plan is one pass over the working orders with shared scratch
 * state, and splitting the pass would only spread the rules above over several files.
 */
public final class OrderPlanner {

  /**
   * How the planner judges orders.
   *
   * @param priceToleranceTicks keep an order up to this many ticks from the desired price, ≥ 0
   * @param priceToleranceBps or up to this many basis points of the desired price, ≥ 0
   * @param sizeToleranceLots keep an order whose remaining size is this close to the desired, ≥ 0
   * @param minOrderAgeNanos never cancel a younger order except for risk, ≥ 0
   * @param maxOrderAgeNanos replace an order this old, &gt; minOrderAgeNanos
   * @param maxPositionLots a ceiling on the position limit the pending exposure is checked against,
   *     ≥ 1 ({@code Long.MAX_VALUE}: only the instrument's own limit applies)
   * @param cancelRetryNanos re-send a cancel that got no answer after this long, &gt; 0
   * @param unacknowledgedTimeoutNanos an order unacknowledged this long calls for reconciliation
   * @param orderType type of the orders placed (LIMIT_MAKER for post-only quotes)
   * @param timeInForce their time in force
   */
  public record Config(
      long priceToleranceTicks,
      double priceToleranceBps,
      long sizeToleranceLots,
      long minOrderAgeNanos,
      long maxOrderAgeNanos,
      long maxPositionLots,
      long cancelRetryNanos,
      long unacknowledgedTimeoutNanos,
      OrderType orderType,
      TimeInForce timeInForce) {

    public Config {
      if (priceToleranceTicks < 0 || !(priceToleranceBps >= 0) || sizeToleranceLots < 0) {
        throw new IllegalArgumentException("tolerances must not be negative");
      }
      if (minOrderAgeNanos < 0 || maxOrderAgeNanos <= minOrderAgeNanos) {
        throw new IllegalArgumentException(
            "need 0 <= min order age < max order age, got "
                + minOrderAgeNanos
                + " and "
                + maxOrderAgeNanos);
      }
      if (maxPositionLots < 1) {
        throw new IllegalArgumentException("position limit must be at least 1 lot");
      }
      if (cancelRetryNanos <= 0 || unacknowledgedTimeoutNanos <= 0) {
        throw new IllegalArgumentException("cancel retry and acknowledgement timeouts must be > 0");
      }
      Objects.requireNonNull(orderType, "orderType");
      Objects.requireNonNull(timeInForce, "timeInForce");
      if (orderType == OrderType.MARKET) {
        throw new IllegalArgumentException("quotes are limit orders");
      }
    }
  }

  /** Why an order is cancelled. */
  public enum CancelReason {
    /** All quotes pulled (risk, stale data, stop). */
    PULL(true),
    /** The decision no longer quotes this side. */
    SIDE_NOT_QUOTED(true),
    /** The order is at or through our own opposite quote. */
    CROSSING(true),
    /** Another order already holds this side and level. */
    DUPLICATE_LEVEL(true),
    /** A cancel that got no answer, sent again with the same id. */
    RETRY(true),
    /** Price outside the tolerance. */
    PRICE_MOVED(false),
    /** Remaining size outside the tolerance. */
    SIZE_CHANGED(false),
    /** Older than the maximum age. */
    MAX_AGE(false),
    /** Its level is beyond the decision's ladder. */
    SURPLUS_LEVEL(false);

    private final boolean risk;

    CancelReason(boolean risk) {
      this.risk = risk;
    }

    /** Whether the cancel overrides the minimum order age. */
    public boolean risk() {
      return risk;
    }
  }

  /** One request to send. */
  public sealed interface Action {}

  /** Place a new order holding {@code level} of its side. */
  public record Place(OrderRequest request, long sequence, int level) implements Action {}

  /** Cancel one order. */
  public record Cancel(String clientOrderId, Side side, int level, CancelReason reason)
      implements Action {}

  /** Cancel every working order of the instrument in one request. */
  public record CancelAll(String reason) implements Action {}

  /**
   * The outcome of one plan.
   *
   * @param actions requests to send now, in priority order
   * @param kept working orders left as they are
   * @param deferredCancels cancels wanted but without a rate-limit token now
   * @param deferredPlaces placements wanted but without a token now
   * @param blockedByPosition placements not made because of the position limit
   * @param needsReconciliation an order went unacknowledged for too long: ask the venue
   */
  public record Plan(
      List<Action> actions,
      int kept,
      int deferredCancels,
      int deferredPlaces,
      int blockedByPosition,
      boolean needsReconciliation) {

    public Plan {
      actions = List.copyOf(actions);
    }

    /** The events to persist and apply to the ledger before sending, one per action. */
    public List<OrderEvent> events(long nowNanos) {
      List<OrderEvent> out = new ArrayList<>(actions.size());
      for (Action a : actions) {
        if (a instanceof Place p) {
          out.add(new OrderEvent.Submitted(p.request(), p.sequence(), p.level(), nowNanos));
        } else if (a instanceof Cancel c) {
          out.add(new OrderEvent.CancelRequested(c.clientOrderId(), nowNanos));
        } else if (a instanceof CancelAll c) {
          out.add(new OrderEvent.CancelAllRequested(c.reason(), nowNanos));
        }
      }
      return out;
    }
  }

  private static final int URGENT = 0;
  private static final int RETRY = 1;
  private static final int REPLACE = 2;
  private static final int SURPLUS = 3;

  private final InstrumentId instrument;
  private final Config config;

  // scratch, reused between plans
  private TrackedOrder[] bidSlots = new TrackedOrder[8];
  private TrackedOrder[] askSlots = new TrackedOrder[8];
  private TrackedOrder[] candidates = new TrackedOrder[16];
  private CancelReason[] candidateReasons = new CancelReason[16];
  private long[] candidateKeys = new long[16];
  private int candidateCount;

  public OrderPlanner(InstrumentId instrument, Config config) {
    this.instrument = Objects.requireNonNull(instrument, "instrument");
    this.config = Objects.requireNonNull(config, "config");
  }

  public Config config() {
    return config;
  }

  // The adaptive tolerance of the plan being made.
  private long adaptiveToleranceTicks;

  /**
   * Plans the requests that move the working orders towards {@code decision}.
   *
   * @param inventoryLots current position, for the pending-exposure check
   */
  public Plan plan(
      QuoteDecision decision,
      OrderLedger ledger,
      long inventoryLots,
      long nowNanos,
      VenueRateLimits limits) {
    return plan(decision, ledger, inventoryLots, nowNanos, limits, 0);
  }

  /**
   * Plans with a price tolerance of at least {@code toleranceTicks} for this plan (the quoting
   * engine's adaptive tolerance). An order that rests behind the wanted price (a lower bid, a
   * higher ask: a better price for us, and its queue place kept) is kept within the whole
   * tolerance; one ahead of it (more aggressive than wanted) within half of it.
   */
  public Plan plan(
      QuoteDecision decision,
      OrderLedger ledger,
      long inventoryLots,
      long nowNanos,
      VenueRateLimits limits,
      long toleranceTicks) {
    return plan(
        decision,
        ledger,
        inventoryLots,
        nowNanos,
        limits,
        toleranceTicks,
        config.maxPositionLots());
  }

  /**
   * Plans against the instrument's current position limit, {@code positionLimitLots} (the
   * operator's parameter, which may change between plans), or the configured one if lower.
   */
  public Plan plan(
      QuoteDecision decision,
      OrderLedger ledger,
      long inventoryLots,
      long nowNanos,
      VenueRateLimits limits,
      long toleranceTicks,
      long positionLimitLots) {
    if (toleranceTicks < 0) {
      throw new IllegalArgumentException("tolerance must not be negative");
    }
    if (positionLimitLots < 1) {
      throw new IllegalArgumentException("position limit must be at least 1 lot");
    }
    long maxPositionLots = Math.min(positionLimitLots, config.maxPositionLots());
    this.adaptiveToleranceTicks = toleranceTicks;
    boolean pull = decision.isPull();
    List<QuoteLevel> bids = pull ? List.of() : decision.bids();
    List<QuoteLevel> asks = pull ? List.of() : decision.asks();
    int levels = Math.max(bids.size(), asks.size());
    ensureSlots(levels);
    candidateCount = 0;
    int kept = 0;
    boolean needsReconciliation = false;
    long bestBid = bids.isEmpty() ? Long.MIN_VALUE : bids.get(0).priceTicks();
    long bestAsk = asks.isEmpty() ? Long.MAX_VALUE : asks.get(0).priceTicks();

    for (int i = 0, n = ledger.workingCount(); i < n; i++) {
      TrackedOrder o = ledger.working(i);
      long age = o.ageNanos(nowNanos);
      // An order the venue never acknowledged (its answer lost, or a cancel of it refused as
      // unknown) is settled by the venue's list, whatever we asked of it since.
      if (!o.acknowledged() && age >= config.unacknowledgedTimeoutNanos()) {
        needsReconciliation = true;
      }
      if (o.state() == OrderState.PENDING_CANCEL) {
        if (nowNanos - o.updatedNanos() >= config.cancelRetryNanos()) {
          addCandidate(o, CancelReason.RETRY, RETRY);
        }
        continue;
      }
      boolean buy = o.side() == Side.BUY;
      List<QuoteLevel> ladder = buy ? bids : asks;
      TrackedOrder[] slots = buy ? bidSlots : askSlots;
      if (pull) {
        addCandidate(o, CancelReason.PULL, URGENT);
        continue;
      }
      if (ladder.isEmpty()) {
        addCandidate(o, CancelReason.SIDE_NOT_QUOTED, URGENT);
        continue;
      }
      if (buy ? o.priceTicks() >= bestAsk : o.priceTicks() <= bestBid) {
        addCandidate(o, CancelReason.CROSSING, URGENT);
        continue;
      }
      int level = o.level();
      if (level < 0 || level >= ladder.size()) {
        if (age >= config.minOrderAgeNanos()) {
          addCandidate(o, CancelReason.SURPLUS_LEVEL, SURPLUS);
        } else {
          kept++;
        }
        continue;
      }
      if (slots[level] != null) {
        addCandidate(o, CancelReason.DUPLICATE_LEVEL, URGENT);
        continue;
      }
      slots[level] = o;
      QuoteLevel want = ladder.get(level);
      CancelReason why = staleness(o, want, age);
      if (why == null || age < config.minOrderAgeNanos()) {
        kept++;
      } else {
        addCandidate(o, why, REPLACE);
      }
    }

    sortCandidates();
    // A replacement cancel goes out only with a token for its new order in hand, after the levels
    // that have no order at all: an order at a stale price still quotes, a cancelled one does not.
    long emptyLevels = 0;
    for (int level = 0; level < levels; level++) {
      if (level < bids.size() && bidSlots[level] == null) {
        emptyLevels++;
      }
      if (level < asks.size() && askSlots[level] == null) {
        emptyLevels++;
      }
    }
    long placeTokens = levels > 0 ? limits.placesAvailable(nowNanos) : 0;
    long reserved = 0;
    List<Action> actions = null;
    int deferredCancels = 0;
    for (int c = 0; c < candidateCount; c++) {
      TrackedOrder o = candidates[c];
      if (needsReplacement(candidateReasons[c])) {
        if (placeTokens <= emptyLevels + reserved) {
          deferredCancels++; // keeps quoting at its price until a token can move it
          continue;
        }
        reserved++;
      }
      if (limits.tryCancel(nowNanos)) {
        if (actions == null) {
          actions = new ArrayList<>();
        }
        actions.add(new Cancel(o.clientOrderId(), o.side(), o.level(), candidateReasons[c]));
        TrackedOrder[] slots = o.side() == Side.BUY ? bidSlots : askSlots;
        if (o.level() >= 0 && o.level() < levels && slots[o.level()] == o) {
          slots[o.level()] = null;
        }
      } else {
        deferredCancels++;
        // Its order keeps its level until the cancel can be sent: nothing new is placed there.
        TrackedOrder[] slots = o.side() == Side.BUY ? bidSlots : askSlots;
        int level = o.level();
        if (level >= 0 && level < levels && slots[level] == null && o.state().holdsSlot()) {
          slots[level] = o;
        }
      }
    }

    int deferredPlaces = 0;
    int blocked = 0;
    long plannedBuy = 0;
    long plannedSell = 0;
    long openBuy = 0;
    long openSell = 0;
    if (levels > 0) {
      openBuy = ledger.openExposure(Side.BUY);
      openSell = ledger.openExposure(Side.SELL);
    }
    long sequence = ledger.nextSequence();
    boolean tokensLeft = true;
    for (int level = 0; level < levels; level++) {
      for (int s = 0; s < 2; s++) {
        boolean buy = s == 0;
        List<QuoteLevel> ladder = buy ? bids : asks;
        if (level >= ladder.size() || (buy ? bidSlots : askSlots)[level] != null) {
          continue;
        }
        QuoteLevel want = ladder.get(level);
        long worst =
            buy
                ? inventoryLots + openBuy + plannedBuy + want.sizeLots()
                : -inventoryLots + openSell + plannedSell + want.sizeLots();
        if (worst > maxPositionLots) {
          blocked++;
          continue;
        }
        if (!tokensLeft || !limits.tryPlace(nowNanos)) {
          tokensLeft = false;
          deferredPlaces++;
          continue;
        }
        if (actions == null) {
          actions = new ArrayList<>();
        }
        Side side = buy ? Side.BUY : Side.SELL;
        OrderRequest request =
            new OrderRequest(
                instrument,
                ledger.ids().idFor(sequence),
                side,
                config.orderType(),
                config.timeInForce(),
                want.priceTicks(),
                want.sizeLots());
        actions.add(new Place(request, sequence, level));
        sequence++;
        if (buy) {
          plannedBuy += want.sizeLots();
        } else {
          plannedSell += want.sizeLots();
        }
      }
    }
    Arrays.fill(bidSlots, 0, levels, null);
    Arrays.fill(askSlots, 0, levels, null);
    Arrays.fill(candidates, 0, candidateCount, null);
    return new Plan(
        actions == null ? List.of() : actions,
        kept,
        deferredCancels,
        deferredPlaces,
        blocked,
        needsReconciliation);
  }

  /**
   * A single cancel of every working order, for a halt: one request (Binance {@code DELETE
   * /api/v3/openOrders}) instead of one per order. Deferred when no cancel token is left.
   */
  public Plan cancelAll(OrderLedger ledger, String reason, long nowNanos, VenueRateLimits limits) {
    boolean any = false;
    for (int i = 0, n = ledger.workingCount(); i < n; i++) {
      if (ledger.working(i).state() != OrderState.PENDING_CANCEL) {
        any = true;
        break;
      }
    }
    if (!any) {
      return new Plan(List.of(), 0, 0, 0, 0, false);
    }
    if (!limits.tryCancel(nowNanos)) {
      return new Plan(List.of(), 0, 1, 0, 0, false);
    }
    return new Plan(List.of(new CancelAll(reason)), 0, 0, 0, 0, false);
  }

  private static boolean needsReplacement(CancelReason r) {
    return r == CancelReason.PRICE_MOVED
        || r == CancelReason.SIZE_CHANGED
        || r == CancelReason.MAX_AGE;
  }

  /** Why {@code o} no longer matches {@code want}, or null when it does. */
  private CancelReason staleness(TrackedOrder o, QuoteLevel want, long age) {
    long fixed =
        Math.max(
            config.priceToleranceTicks(),
            (long) Math.floor(want.priceTicks() * config.priceToleranceBps() / 10_000.0));
    long away = o.priceTicks() - want.priceTicks();
    boolean ahead = o.side() == Side.BUY ? away > 0 : away < 0;
    long tolerance = Math.max(fixed, ahead ? adaptiveToleranceTicks / 2 : adaptiveToleranceTicks);
    if (Math.abs(away) > tolerance) {
      return CancelReason.PRICE_MOVED;
    }
    long remaining = o.remainingLots();
    // A partly filled order keeps its queue place while at least half the wanted size rests; an
    // order larger than wanted (more exposure than the policy allows) is replaced.
    boolean partial = remaining <= want.sizeLots() && 2 * remaining >= want.sizeLots();
    if (!partial && Math.abs(remaining - want.sizeLots()) > config.sizeToleranceLots()) {
      return CancelReason.SIZE_CHANGED;
    }
    if (age >= config.maxOrderAgeNanos()) {
      return CancelReason.MAX_AGE;
    }
    return null;
  }

  private void addCandidate(TrackedOrder o, CancelReason reason, int category) {
    if (candidateCount == candidates.length) {
      int n = candidates.length * 2;
      candidates = Arrays.copyOf(candidates, n);
      candidateReasons = Arrays.copyOf(candidateReasons, n);
      candidateKeys = Arrays.copyOf(candidateKeys, n);
    }
    // category first, then level from the touch outwards (no level last), bid before ask
    long levelKey = o.level() < 0 ? Integer.MAX_VALUE : o.level();
    candidates[candidateCount] = o;
    candidateReasons[candidateCount] = reason;
    candidateKeys[candidateCount] =
        ((long) category << 40) | (levelKey << 1) | (o.side() == Side.BUY ? 0 : 1);
    candidateCount++;
  }

  /** Stable insertion sort by key: the lists are a few dozen entries at most. */
  private void sortCandidates() {
    for (int i = 1; i < candidateCount; i++) {
      long key = candidateKeys[i];
      TrackedOrder o = candidates[i];
      CancelReason r = candidateReasons[i];
      int j = i - 1;
      while (j >= 0 && candidateKeys[j] > key) {
        candidateKeys[j + 1] = candidateKeys[j];
        candidates[j + 1] = candidates[j];
        candidateReasons[j + 1] = candidateReasons[j];
        j--;
      }
      candidateKeys[j + 1] = key;
      candidates[j + 1] = o;
      candidateReasons[j + 1] = r;
    }
  }

  private void ensureSlots(int levels) {
    if (bidSlots.length < levels) {
      bidSlots = new TrackedOrder[Math.max(levels, bidSlots.length * 2)];
      askSlots = new TrackedOrder[bidSlots.length];
    }
  }
}
