package com.marketmaker.core.quote;

import com.marketmaker.core.pricing.GlftParameters;
import com.marketmaker.core.pricing.GlftQuotes;
import com.marketmaker.core.pricing.OptimalDepths;

/**
 * Base model: the GLFT closed-form asymptotic depths (GLFT 2013 §4; Guéant 2017) computed on every
 * decision from the live volatility and the calibrated A, k (means of both sides), so they follow
 * the market without rebuilding a table. Falls back to the configured parameters while the context
 * has no calibration.
 */
public final class GlftClosedFormModel implements QuoteStep {

  private final GlftParameters configured;
  private final ReferencePrice reference;
  private final double offset;
  private final double omega;

  public GlftClosedFormModel(GlftParameters configured, ReferencePrice reference) {
    if (configured == null || reference == null) {
      throw new IllegalArgumentException("GLFT parameters and reference price required");
    }
    this.configured = configured;
    this.reference = reference;
    GlftQuotes q = new GlftQuotes(configured);
    this.offset = configured.depthOffset();
    this.omega = q.closedFormSkewPerLot();
  }

  @Override
  public String name() {
    return "glft-closed-form";
  }

  @Override
  public void apply(QuoteContext c, QuoteDraft d) {
    double k = c.meanK();
    double a = c.meanA();
    double sigma = c.volatility();
    double off = offset;
    double w = omega;
    boolean live = k > 0 && a > 0 && sigma > 0 && Double.isFinite(k) && Double.isFinite(a);
    if (live) {
      double x = configured.xi() * configured.orderSize();
      off = x == 0 ? 1.0 / k : Math.log1p(x / k) / x;
      // ω = √(γσ²/(2AkΔ)·(1 + ξΔ/k)^(1 + k/(ξΔ))); the last factor tends to e as ξ → 0.
      double growth = x == 0 ? Math.E : Math.exp((1.0 + k / x) * Math.log1p(x / k));
      w =
          Math.sqrt(
              configured.gamma() * sigma * sigma / (2.0 * a * k * configured.orderSize()) * growth);
    }
    double q = c.inventoryLots();
    double delta = configured.orderSize();
    var depths =
        new OptimalDepths(off + 0.5 * (2 * q + delta) * w, off - 0.5 * (2 * q - delta) * w);
    double s = reference.of(c);
    d.setPrices(s - depths.bidDepth(), s + depths.askDepth());
    d.record(name(), live ? "closed form, live sigma/A/k" : "closed form, configured parameters");
  }
}
