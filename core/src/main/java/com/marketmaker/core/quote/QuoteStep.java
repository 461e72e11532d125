package com.marketmaker.core.quote;

/**
 * One small, configurable part of the quote policy: a base model, an adjuster or a constraint. A
 * step reads the context, changes the draft and records what it did with {@link QuoteDraft#record}
 * (only when it did something, so the explanation stays short). Steps are immutable and
 * thread-safe; all per-decision state lives in the draft.
 */
public interface QuoteStep {

  /** Name shown in the decision's explanation. */
  String name();

  void apply(QuoteContext context, QuoteDraft draft);
}
