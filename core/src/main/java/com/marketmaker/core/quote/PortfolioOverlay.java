package com.marketmaker.core.quote;

/**
 * Adjuster: applies the portfolio's {@link PortfolioAdvice} from the context &mdash; a basket or
 * hedge skew (both quotes shifted by skewBps of the mid), wider quotes and smaller sizes while a
 * portfolio limit is breached, or pulled quotes. Runs after the instrument's own adjusters and
 * before the constraints, so spread limits, size shaping and the position limit still bound the
 * result.
 */
public final class PortfolioOverlay implements QuoteStep {

  @Override
  public String name() {
    return "portfolio";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    PortfolioAdvice a = c.portfolio();
    if (a == null || a.isNone()) {
      return;
    }
    if (a.pull()) {
      d.pull("portfolio: " + a.reason());
      return;
    }
    double bpsInTicks = c.mid() * 1e-4;
    if (a.skewBps() != 0) {
      d.shift(a.skewBps() * bpsInTicks);
    }
    if (a.widenBps() > 0) {
      double w = a.widenBps() * bpsInTicks;
      d.setPrices(d.bid() - w, d.ask() + w);
    }
    if (a.sizeFactor() < 1) {
      d.setSizes(d.bidSize() * a.sizeFactor(), d.askSize() * a.sizeFactor());
    }
    d.record(name(), a.reason() == null ? "portfolio advice" : a.reason());
  }
}
