package com.marketmaker.core.quote;

import java.util.List;

/**
 * The outcome of the policy: the orders to keep at the venue (best level first on each side), or a
 * pull of all quotes with the reason; and the contribution of every step that acted.
 *
 * @param action quote or pull
 * @param bids bid levels, highest price first (empty when the side is not quoted)
 * @param asks ask levels, lowest price first
 * @param reason why quotes are pulled or a side is missing; empty when both sides are quoted
 * @param explanation what each step did, in order
 */
public record QuoteDecision(
    Action action,
    List<QuoteLevel> bids,
    List<QuoteLevel> asks,
    String reason,
    List<Contribution> explanation) {

  public enum Action {
    QUOTE,
    PULL
  }

  public QuoteDecision {
    bids = List.copyOf(bids);
    asks = List.copyOf(asks);
    explanation = List.copyOf(explanation);
    reason = reason == null ? "" : reason;
  }

  /** Pull every quote, for {@code reason}. */
  public static QuoteDecision pull(String reason, List<Contribution> explanation) {
    return new QuoteDecision(Action.PULL, List.of(), List.of(), reason, explanation);
  }

  public boolean isPull() {
    return action == Action.PULL;
  }
}
