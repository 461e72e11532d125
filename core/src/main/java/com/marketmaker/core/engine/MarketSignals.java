package com.marketmaker.core.engine;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.feed.Trade;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.signals.BookSignals;
import com.marketmaker.core.signals.MicroPrice;
import com.marketmaker.core.signals.TradeFlow;
import com.marketmaker.core.signals.Vpin;

/**
 * The market signals of one instrument, fed by the engine from the trusted book and the venue's
 * public trades: σ of the mid ({@link MidVolatility}), Stoikov's micro-price (fitted online on the
 * σ sampling grid), trade flow and VPIN. Single-threaded, deterministic in its inputs.
 */
public final class MarketSignals {

  /** Trades whose volume sets the VPIN bucket: a bucket holds about this many trades. */
  public static final int VPIN_CALIBRATION_TRADES = 50;

  /** Mean one-second bars of volume in one VPIN bucket. */
  public static final int VPIN_BUCKET_BARS = 10;

  /** VPIN buckets averaged (Easley, López de Prado and O'Hara 2012 use 50). */
  public static final int VPIN_BUCKETS = 50;

  /** Imbalance buckets and widest spread (ticks) of the micro-price model. */
  private static final int MICRO_BUCKETS = 10;

  private static final int MICRO_MAX_SPREAD = 4;

  /** Grid samples between two micro-price fits, and before the first. */
  private static final long MICRO_REFIT_SAMPLES = 2_400;

  /** Order of the micro-price series (Stoikov 2018 truncates at 6). */
  private static final int MICRO_ORDER = 6;

  /**
   * What operators and the quote explanation see.
   *
   * @param weightedMid size-weighted mid of the touch, price; NaN without a two-sided book
   * @param microPrice Stoikov's micro-price, price; NaN until fitted
   * @param volatilityPricePerSqrtSecond σ of the mid, price per √s
   * @param volatilityBpsPerSqrtSecond the same in basis points of the mid per √s
   * @param volatilityTicksPerSqrtSecond the same in ticks per √s (the models' unit)
   * @param volatilitySamples grid samples behind σ (0: the prior)
   * @param vpin VPIN over the last 50 completed buckets; NaN before there are 50
   * @param vpinBuckets completed VPIN buckets
   * @param tradeFlow signed taker volume of the flow window (buys positive), size units
   * @param tradeFlowImbalance (buy − sell) / (buy + sell) of the flow window; 0 without trades
   * @param trades public trades seen
   */
  public record Readout(
      double weightedMid,
      double microPrice,
      double volatilityPricePerSqrtSecond,
      double volatilityBpsPerSqrtSecond,
      double volatilityTicksPerSqrtSecond,
      long volatilitySamples,
      double vpin,
      int vpinBuckets,
      double tradeFlow,
      double tradeFlowImbalance,
      long trades) {}

  private final InstrumentSpec spec;
  private final MidVolatility volatility;
  private final double priorBps;
  private final MicroPrice micro = new MicroPrice(MICRO_BUCKETS, MICRO_MAX_SPREAD);
  private boolean microFitted;
  private long microObserved;
  private final TradeFlow tradeFlow;
  private Vpin vpin;
  private long calibrationLots;
  private long publicTrades;
  private long lastTradeNanos;
  private long lastSampleCount;
  // The one-second trade bar of VPIN's bulk classification.
  private static final long BAR_NANOS = 1_000_000_000L;
  private long barEnd = Long.MIN_VALUE;
  private long firstBarEnd;
  private double barVolume;
  private double barPrice = Double.NaN;
  private double barLastPrice;

  /**
   * @param halfLifeSeconds half-life of the σ estimate
   * @param sampleNanos σ sampling grid step
   * @param priorBpsPerSqrtSecond σ before the first sample, basis points of the mid per √s
   * @param tradeFlowWindowSeconds window of the trade flow
   */
  public MarketSignals(
      InstrumentSpec spec,
      double halfLifeSeconds,
      long sampleNanos,
      double priorBpsPerSqrtSecond,
      double tradeFlowWindowSeconds) {
    this.spec = spec;
    this.priorBps = priorBpsPerSqrtSecond;
    // The prior in ticks needs the price level: set again at the first trusted mid.
    this.volatility = new MidVolatility(halfLifeSeconds, sampleNanos, 0);
    this.tradeFlow = new TradeFlow(tradeFlowWindowSeconds);
  }

  /** The trusted, two-sided book at {@code nowNanos}. */
  public void onBook(OrderBook book, long nowNanos) {
    double mid = BookSignals.mid(book);
    if (volatility.samples() == 0) {
      volatility.setPriorIfUnsampled(priorBps * 1e-4 * mid);
    }
    volatility.onMid(nowNanos, mid);
    sampleMicro(book, mid);
  }

  /** Time passes without a book change (the σ grid keeps sampling). */
  public void onClock(long nowNanos) {
    volatility.advance(nowNanos);
    closeBars(nowNanos);
  }

  /** The book is no longer trusted: σ sampling restarts at the next trusted mid. */
  public void interrupt() {
    volatility.interrupt();
  }

  private void sampleMicro(OrderBook book, double mid) {
    long samples = volatility.samples();
    if (samples == lastSampleCount) {
      return;
    }
    lastSampleCount = samples;
    micro.observe(BookSignals.touchImbalance(book), BookSignals.spread(book), mid);
    microObserved++;
    if (microObserved % MICRO_REFIT_SAMPLES == 0) {
      try {
        micro.fit(MICRO_ORDER);
        microFitted = true;
      } catch (RuntimeException singular) {
        // Too few distinct transitions for (1 − Q) to be invertible yet: keep the last fit.
      }
    }
  }

  /**
   * A public trade: feeds the trade flow (aggressor side as the venue reports it) and VPIN. VPIN
   * classifies volume in bulk as Easley, López de Prado and O'Hara (2012) do: trades are summed
   * into one-second bars, and a bar of volume V whose last price moved ΔP counts V·Φ(ΔP/σ_ΔP) as
   * bought, σ_ΔP being the mid's σ over one second. (Classifying each print by its aggressor
   * overstates toxicity on venues that print one taker order as many trades.) The bucket volume is
   * {@value #VPIN_BUCKET_BARS} times the mean volume per bar of the first {@value
   * #VPIN_CALIBRATION_TRADES} trades seen.
   */
  public void onTrade(Trade t, long receivedNanos) {
    if (t.size <= 0) {
      return;
    }
    publicTrades++;
    lastTradeNanos = Math.max(lastTradeNanos, receivedNanos);
    tradeFlow.onTrade(lastTradeNanos, t.size, t.buyerAggressor);
    closeBars(lastTradeNanos);
    if (barEnd == Long.MIN_VALUE) {
      barEnd = lastTradeNanos + BAR_NANOS;
      if (Double.isNaN(barPrice)) {
        barPrice = t.price;
        firstBarEnd = barEnd;
      }
    }
    barVolume += t.size;
    barLastPrice = t.price;
    if (vpin == null) {
      calibrationLots += t.size;
      if (publicTrades == VPIN_CALIBRATION_TRADES) {
        double seconds = Math.max(1.0, (barEnd - firstBarEnd) / 1e9 + 1);
        vpin = new Vpin(VPIN_BUCKET_BARS * calibrationLots / seconds, VPIN_BUCKETS);
      }
    }
  }

  /** Closes the one-second bars that ended by {@code nowNanos}. */
  private void closeBars(long nowNanos) {
    if (barEnd == Long.MIN_VALUE || nowNanos < barEnd) {
      return;
    }
    if (vpin != null && barVolume > 0) {
      double sigma = volatility.ticksPerSqrtSecond() * Math.sqrt(BAR_NANOS / 1e9);
      double move = barLastPrice - barPrice;
      if (sigma > 0) {
        vpin.onBar(barVolume, move, sigma);
      } else {
        vpin.onBar(barVolume, 0, 1);
      }
    }
    if (barVolume > 0) {
      barPrice = barLastPrice;
    }
    barVolume = 0;
    barEnd = Long.MIN_VALUE;
  }

  /** σ of the mid, ticks per √s. */
  public double volatilityTicksPerSqrtSecond() {
    return volatility.ticksPerSqrtSecond();
  }

  /** Stoikov's micro-price in ticks, or the weighted mid until the model is fitted. */
  public double microPriceTicks(OrderBook book) {
    double weighted = BookSignals.weightedMid(book);
    if (!microFitted) {
      return weighted;
    }
    double adjustment =
        micro.adjustment(BookSignals.touchImbalance(book), BookSignals.spread(book));
    return Double.isFinite(adjustment) ? BookSignals.mid(book) + adjustment : weighted;
  }

  /** VPIN, NaN before its buckets are complete. */
  public double vpin() {
    return vpin == null ? Double.NaN : vpin.value();
  }

  /** One-sidedness of the flow window in [−1, 1]; 0 without trades. */
  public double tradeFlowImbalance(long nowNanos) {
    double f = tradeFlow.normalizedFlow(Math.max(nowNanos, lastTradeNanos));
    return Double.isFinite(f) ? f : 0;
  }

  public Readout readout(OrderBook book, long nowNanos) {
    double tick = spec.ticksToDouble(1);
    boolean twoSided = book.hasTwoSides();
    double mid = twoSided ? BookSignals.mid(book) : Double.NaN;
    double sigmaTicks = volatility.ticksPerSqrtSecond();
    return new Readout(
        twoSided ? BookSignals.weightedMid(book) * tick : Double.NaN,
        twoSided && microFitted ? microPriceTicks(book) * tick : Double.NaN,
        sigmaTicks * tick,
        twoSided ? sigmaTicks / mid * 1e4 : Double.NaN,
        sigmaTicks,
        volatility.samples(),
        vpin(),
        vpin == null ? 0 : vpin.completedBuckets(),
        tradeFlow.signedVolume(Math.max(nowNanos, lastTradeNanos)) * spec.lotsToDouble(1),
        tradeFlowImbalance(nowNanos),
        publicTrades);
  }
}
