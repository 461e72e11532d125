package com.marketmaker.core.quote;

import com.marketmaker.core.pricing.AvellanedaStoikov;
import com.marketmaker.core.pricing.ModelQuote;

/**
 * Base model: Avellaneda &amp; Stoikov (2008) reservation price and spread (see {@link
 * AvellanedaStoikov}) with the live volatility of the context. k is the mean of the calibrated k±
 * of the context when both are available, otherwise the configured k.
 */
public final class AvellanedaStoikovModel implements QuoteStep {

  private final AvellanedaStoikov fallback;
  private final ReferencePrice reference;

  public AvellanedaStoikovModel(AvellanedaStoikov model, ReferencePrice reference) {
    if (model == null || reference == null) {
      throw new IllegalArgumentException("Avellaneda-Stoikov model and reference price required");
    }
    this.fallback = model;
    this.reference = reference;
  }

  @Override
  public String name() {
    return "avellaneda-stoikov";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    double k = c.meanK();
    AvellanedaStoikov as = fallback;
    boolean calibrated = k > 0 && Double.isFinite(k);
    if (calibrated && k != fallback.k()) {
      as = new AvellanedaStoikov(fallback.gamma(), k, fallback.horizon());
    }
    ModelQuote q = as.quote(reference.of(c), c.inventoryLots(), c.volatility(), c.timeSeconds());
    d.setPrices(q.bid(), q.ask());
    d.record(name(), calibrated ? "reservation price, calibrated k" : "reservation price");
  }
}
