package com.marketmaker.core.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Enforces the pre-quote {@link RiskChecks} on one entity: what the order manager must do now.
 *
 * <ul>
 *   <li>A breach of a limit (kill switch, position, daily loss, drawdown, exposure, quote latency)
 *       <b>halts</b>: quotes are pulled and one cancel-all is requested at the moment of the halt.
 *       The halt holds, with its reason, until an operator {@link #clear}s it or, when a cool-off
 *       is configured, until the cool-off has elapsed; in both cases only once no limit is breached
 *       any more (a clear while the breach persists halts again at once). The kill switch has no
 *       cool-off: it halts for as long as it is engaged.
 *   <li>Stale market data, or a book known to be out of sync, <b>pulls</b> the quotes without a
 *       halt: quoting resumes by itself when the data is good again.
 *   <li>Otherwise the entity may <b>quote</b>.
 * </ul>
 *
 * <p>The halt is durable state: the entity persists a halt event when {@link Decision#halted()} is
 * new and a clear event on {@link Decision#cleared()}, and restores the guard with {@link
 * #RiskGuard(RiskChecks, long, State)}. Deterministic; time is passed in.
 */
public final class RiskGuard {

  /** What to do with the quotes. */
  public enum Action {
    QUOTE,
    PULL,
    HALT
  }

  /**
   * The halt, as persisted.
   *
   * @param halted whether a halt is in force
   * @param cause the first breached check of the halt, null when not halted
   * @param reason the breaches, for the operator; empty when not halted
   * @param haltedAtNanos when the halt began
   */
  public record State(boolean halted, RiskCheck cause, String reason, long haltedAtNanos) {
    public static final State CLEAR = new State(false, null, "", 0);

    public State {
      reason = reason == null ? "" : reason;
    }
  }

  /**
   * The guard's verdict for one evaluation.
   *
   * @param action quote, pull or halt
   * @param reason why the quotes are pulled or halted; empty when quoting
   * @param cancelAll send one cancel-all now (on the transition into a halt)
   * @param halted a new halt began with this evaluation: persist it
   * @param cleared a halt ended with this evaluation (cool-off): persist it
   */
  public record Decision(
      Action action, String reason, boolean cancelAll, boolean halted, boolean cleared) {}

  /** The verdict of nearly every turn: quote, nothing to clear (a record, so one serves all). */
  private static final Decision QUOTE = new Decision(Action.QUOTE, "", false, false, false);

  private final RiskChecks checks;
  private final long coolOffNanos;
  private State state;

  /**
   * @param coolOffNanos how long a halt lasts at least before it clears by itself once the breach
   *     is gone; 0 for halts that only an operator clears
   */
  public RiskGuard(RiskChecks checks, long coolOffNanos, State state) {
    this.checks = Objects.requireNonNull(checks, "checks");
    if (coolOffNanos < 0) {
      throw new IllegalArgumentException("cool-off must not be negative");
    }
    this.coolOffNanos = coolOffNanos;
    this.state = Objects.requireNonNull(state, "state");
  }

  public State state() {
    return state;
  }

  /**
   * An operator clears the halt; it holds again at the next evaluation if a limit is still
   * breached.
   */
  public void clear() {
    state = State.CLEAR;
  }

  /**
   * Evaluates the limits now.
   *
   * @param bookInSync false while the entity's book is known to be wrong (gap, checksum failure,
   *     resync in progress)
   */
  public Decision evaluate(RiskSnapshot snapshot, boolean bookInSync) {
    RiskVerdict verdict = checks.evaluate(snapshot);
    // A clear verdict (nearly every turn) needs no list of its own.
    List<RiskBreach> limitBreaches =
        verdict.isClear() ? List.of() : new ArrayList<>(verdict.breaches().size());
    String staleness = null;
    for (RiskBreach b : verdict.breaches()) {
      if (b.check() == RiskCheck.STALE_MARKET_DATA) {
        staleness = b.check() + ": " + b.detail();
      } else {
        limitBreaches.add(b);
      }
    }
    long now = snapshot == null ? state.haltedAtNanos() : snapshot.nowNanos();
    boolean cleared = false;
    if (state.halted()) {
      boolean coolOffOver = coolOffNanos > 0 && now - state.haltedAtNanos() >= coolOffNanos;
      if (coolOffOver && limitBreaches.isEmpty()) {
        state = State.CLEAR;
        cleared = true;
      } else {
        return new Decision(Action.HALT, state.reason(), false, false, false);
      }
    }
    if (!limitBreaches.isEmpty()) {
      String reason = new RiskVerdict(limitBreaches).reason();
      state = new State(true, limitBreaches.get(0).check(), reason, now);
      return new Decision(Action.HALT, reason, true, true, cleared);
    }
    if (staleness != null || !bookInSync) {
      String reason = staleness != null ? staleness : "order book out of sync";
      return new Decision(Action.PULL, reason, false, false, cleared);
    }
    return cleared ? new Decision(Action.QUOTE, "", false, false, true) : QUOTE;
  }
}
