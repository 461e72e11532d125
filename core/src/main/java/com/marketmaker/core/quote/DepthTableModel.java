package com.marketmaker.core.quote;

import com.marketmaker.core.pricing.DepthTable;
import com.marketmaker.core.pricing.HjbSolution;
import com.marketmaker.core.pricing.OptimalDepths;
import java.util.function.DoubleFunction;

/**
 * Base model: looks up precomputed optimal depths by inventory (and time) — the exact or stationary
 * GLFT solution ({@link com.marketmaker.core.pricing.GlftQuotes}) or a numerical HJB table ({@link
 * HjbSolution}). The tables are built off the hot path for fixed σ, A, k; the live σ of the context
 * is not used here (rebuild the table on recalibration).
 */
public final class DepthTableModel implements QuoteStep {

  private final String name;
  private final DoubleFunction<DepthTable> tableAtTime;
  private final ReferencePrice reference;

  private DepthTableModel(
      String name, DoubleFunction<DepthTable> tableAtTime, ReferencePrice reference) {
    if (reference == null) {
      throw new IllegalArgumentException("reference price required");
    }
    this.name = name;
    this.tableAtTime = tableAtTime;
    this.reference = reference;
  }

  /** One table for all times (stationary GLFT, closed form, or a rolling horizon). */
  public static DepthTableModel stationary(String name, DepthTable table, ReferencePrice ref) {
    if (table == null) {
      throw new IllegalArgumentException("depth table required");
    }
    return new DepthTableModel(name, t -> table, ref);
  }

  /**
   * An HJB solution on a finite session: the table of the time step nearest to the context time,
   * measured from {@code sessionStart} seconds.
   */
  public static DepthTableModel hjb(HjbSolution solution, double sessionStart, ReferencePrice ref) {
    if (solution == null) {
      throw new IllegalArgumentException("HJB solution required");
    }
    if (!Double.isFinite(sessionStart)) {
      throw new IllegalArgumentException("session start must be finite, got " + sessionStart);
    }
    return new DepthTableModel("hjb", t -> solution.at(t - sessionStart), ref);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    OptimalDepths depths = tableAtTime.apply(c.timeSeconds()).depths(c.inventoryLots());
    double s = reference.of(c);
    // A side the model does not quote (inventory bound) keeps a placeholder price; it is off.
    double bid = depths.quotesBid() ? s - depths.bidDepth() : s;
    double ask = depths.quotesAsk() ? s + depths.askDepth() : s;
    d.setPrices(bid, ask);
    if (!depths.quotesBid()) {
      d.disableBid(name + ": bid would breach the model inventory bound");
    }
    if (!depths.quotesAsk()) {
      d.disableAsk(name + ": ask would breach the model inventory bound");
    }
    d.record(name, "optimal depths by inventory");
  }
}
