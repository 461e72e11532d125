package com.marketmaker.core.quote;

import com.marketmaker.core.instrument.InstrumentSpec;

/**
 * Everything the quote policy reads about one instrument at one instant: a plain value filled by
 * the live entity from its signals, or by the backtester from replayed data.
 *
 * <p>Units: prices in ticks of {@link #instrument()} (mid and micro-price may be fractional),
 * volatility in ticks per √second, intensities A in fills per second and k per tick, inventory in
 * lots, time in seconds.
 *
 * @param instrument the tick and lot grid
 * @param bestBidTicks best bid on the venue
 * @param bestAskTicks best ask on the venue
 * @param mid mid-price in ticks
 * @param microPrice Stoikov's micro-price in ticks (the weighted mid until it is fitted)
 * @param weightedMid size-weighted mid of the touch in ticks
 * @param volatility EWMA volatility σ of the mid, ticks per √second
 * @param imbalance top-of-book imbalance in [−1, 1], positive when bids dominate
 * @param vpin volume-synchronised probability of informed trading in [0, 1]
 * @param tradeFlow one-sidedness of the recent public trades, (buy − sell) / (buy + sell) volume in
 *     [−1, 1], positive when buyers are aggressing; 0 when there were none
 * @param bidIntensityA fill intensity A on our bid side (per second)
 * @param bidIntensityK intensity decay k on our bid side (per tick)
 * @param askIntensityA fill intensity A on our ask side
 * @param askIntensityK intensity decay k on our ask side
 * @param inventoryLots current position in lots, positive when long
 * @param timeSeconds clock time in seconds, on the same clock as the model horizon
 * @param portfolio the portfolio's advice ({@link PortfolioAdvice#NONE} when it has none)
 */
public record QuoteContext(
    InstrumentSpec instrument,
    long bestBidTicks,
    long bestAskTicks,
    double mid,
    double microPrice,
    double weightedMid,
    double volatility,
    double imbalance,
    double vpin,
    double tradeFlow,
    double bidIntensityA,
    double bidIntensityK,
    double askIntensityA,
    double askIntensityK,
    long inventoryLots,
    double timeSeconds,
    PortfolioAdvice portfolio) {

  /** A context without portfolio advice. */
  public QuoteContext(
      InstrumentSpec instrument,
      long bestBidTicks,
      long bestAskTicks,
      double mid,
      double microPrice,
      double weightedMid,
      double volatility,
      double imbalance,
      double vpin,
      double tradeFlow,
      double bidIntensityA,
      double bidIntensityK,
      double askIntensityA,
      double askIntensityK,
      long inventoryLots,
      double timeSeconds) {
    this(
        instrument,
        bestBidTicks,
        bestAskTicks,
        mid,
        microPrice,
        weightedMid,
        volatility,
        imbalance,
        vpin,
        tradeFlow,
        bidIntensityA,
        bidIntensityK,
        askIntensityA,
        askIntensityK,
        inventoryLots,
        timeSeconds,
        PortfolioAdvice.NONE);
  }

  /**
   * Why these inputs cannot be quoted from, or {@code null} when they can. Checked by the policy on
   * every decision: a bad input pulls the quotes with this reason instead of throwing.
   */
  public String unusableReason() {
    if (instrument == null) {
      return "instrument spec missing";
    }
    if (bestBidTicks <= 0 || bestAskTicks <= 0) {
      return "empty or non-positive top of book";
    }
    if (bestBidTicks >= bestAskTicks) {
      return "crossed or locked book: bid " + bestBidTicks + " >= ask " + bestAskTicks;
    }
    if (!Double.isFinite(mid) || !Double.isFinite(microPrice) || !Double.isFinite(weightedMid)) {
      return "mid, micro-price or weighted mid not finite";
    }
    if (!(volatility >= 0) || Double.isInfinite(volatility)) {
      return "volatility not available: " + volatility;
    }
    if (!Double.isFinite(timeSeconds)) {
      return "time not finite";
    }
    return null;
  }

  /** Mean of the two sides' k, or NaN when either is not calibrated. */
  double meanK() {
    return 0.5 * (bidIntensityK + askIntensityK);
  }

  /** Mean of the two sides' A, or NaN when either is not calibrated. */
  double meanA() {
    return 0.5 * (bidIntensityA + askIntensityA);
  }
}
