package com.marketmaker.core.strategy;

import java.util.List;
import java.util.Locale;

/**
 * The quote steps of one instrument, on top of its base model (see {@link StrategyConfig}). Every
 * step is live; a step is switched off by its neutral value (a zero shift, a multiplier of 0, a
 * threshold of 1). Units are in the names: ticks, lots, seconds, √seconds, basis points.
 *
 * @param reference fair price the base model quotes around: {@code mid}, {@code micro-price}
 *     (Stoikov 2018, fitted online; the weighted mid until fitted) or {@code weighted-mid}
 * @param volatilitySpreadSqrtSeconds dynamic spread: the narrowest spread is {@code minSpreadBps +
 *     this × σ} (σ in ticks per √s, so this is in √s), ≥ 0
 * @param volatilityPriorBpsPerSqrtSecond σ before the first measurement, basis points of the mid
 *     per √s, &gt; 0 (1 bp/√s ≈ 3% a day)
 * @param volatilitySampleMillis grid step of the mid sampled for σ, 10 to 10,000 ms
 * @param inventoryLeanTicks shift of both quotes against the inventory at the position limit, ticks
 *     (linear in between), ≥ 0
 * @param pressureThresholds book-pressure tiers: |top-5 imbalance| from which a tier applies,
 *     increasing, in (0, 1]
 * @param pressureShiftTicks the tiers' shifts toward the pressure, ticks, ≥ 0
 * @param tradeFlowThreshold trade-flow emergency when |buy − sell| / (buy + sell) of the flow
 *     window reaches this, in (0, 1]
 * @param tradeFlowWindowSeconds window of the trade flow, seconds, &gt; 0
 * @param tradeFlowShiftTicks emergency shift of both quotes with the flow, ticks, ≥ 0
 * @param tradeFlowWidenTicks extra distance of the side being hit, ticks, ≥ 0
 * @param vpinWidenThreshold VPIN from which quoting is reduced (wider, smaller), in [0, 1]
 * @param vpinWidenFactor spread multiplier above the widen threshold, ≥ 1
 * @param vpinSizeFactor size multiplier above the widen threshold, in (0, 1]
 * @param vpinPullThreshold VPIN from which both sides are pulled, in [widen threshold, 1]
 * @param imbalanceSkewTicks continuous skew per unit of touch imbalance in [−1, 1], ticks, ≥ 0
 * @param sizeShapingAtLimit size shaping η × position limit: at the long limit the bid size is
 *     multiplied by e^(−this) and the ask's by e^(this), ≥ 0
 * @param intensityWindowSeconds window of the intensity calibration, seconds, &gt; 0
 * @param intensityMinFills hits before the calibrated A, k replace the prior, ≥ 10
 */
public record QuoteSettings(
    String reference,
    double volatilitySpreadSqrtSeconds,
    double volatilityPriorBpsPerSqrtSecond,
    long volatilitySampleMillis,
    double inventoryLeanTicks,
    List<Double> pressureThresholds,
    List<Double> pressureShiftTicks,
    double tradeFlowThreshold,
    double tradeFlowWindowSeconds,
    double tradeFlowShiftTicks,
    double tradeFlowWidenTicks,
    double vpinWidenThreshold,
    double vpinWidenFactor,
    double vpinSizeFactor,
    double vpinPullThreshold,
    double imbalanceSkewTicks,
    double sizeShapingAtLimit,
    double intensityWindowSeconds,
    long intensityMinFills) {

  /** The reference prices an operator can choose. */
  public static final List<String> REFERENCES = List.of("mid", "micro-price", "weighted-mid");

  public QuoteSettings {
    reference = reference == null ? "micro-price" : reference.trim().toLowerCase(Locale.ROOT);
    if (!REFERENCES.contains(reference)) {
      throw new IllegalArgumentException(
          "reference must be one of " + REFERENCES + ", got '" + reference + "'");
    }
    nonNegative("volatilitySpreadSqrtSeconds", volatilitySpreadSqrtSeconds);
    positive("volatilityPriorBpsPerSqrtSecond", volatilityPriorBpsPerSqrtSecond);
    if (volatilitySampleMillis < 10 || volatilitySampleMillis > 10_000) {
      throw new IllegalArgumentException(
          "volatilitySampleMillis must be in [10, 10000], got " + volatilitySampleMillis);
    }
    nonNegative("inventoryLeanTicks", inventoryLeanTicks);
    pressureThresholds = List.copyOf(pressureThresholds == null ? List.of() : pressureThresholds);
    pressureShiftTicks = List.copyOf(pressureShiftTicks == null ? List.of() : pressureShiftTicks);
    if (pressureThresholds.size() != pressureShiftTicks.size()) {
      throw new IllegalArgumentException(
          "pressureThresholds and pressureShiftTicks must have the same length");
    }
    double previous = 0;
    for (int i = 0; i < pressureThresholds.size(); i++) {
      double t = pressureThresholds.get(i);
      if (!(t > previous && t <= 1)) {
        throw new IllegalArgumentException(
            "pressureThresholds must increase within (0, 1], got " + pressureThresholds);
      }
      previous = t;
      nonNegative("pressureShiftTicks[" + i + "]", pressureShiftTicks.get(i));
    }
    if (!(tradeFlowThreshold > 0 && tradeFlowThreshold <= 1)) {
      throw new IllegalArgumentException(
          "tradeFlowThreshold must be in (0, 1], got " + tradeFlowThreshold);
    }
    positive("tradeFlowWindowSeconds", tradeFlowWindowSeconds);
    nonNegative("tradeFlowShiftTicks", tradeFlowShiftTicks);
    nonNegative("tradeFlowWidenTicks", tradeFlowWidenTicks);
    if (!(vpinWidenThreshold >= 0 && vpinWidenThreshold <= 1)) {
      throw new IllegalArgumentException(
          "vpinWidenThreshold must be in [0, 1], got " + vpinWidenThreshold);
    }
    if (!(vpinPullThreshold >= vpinWidenThreshold && vpinPullThreshold <= 1)) {
      throw new IllegalArgumentException(
          "vpinPullThreshold must be in [vpinWidenThreshold, 1], got " + vpinPullThreshold);
    }
    if (!(vpinWidenFactor >= 1) || Double.isInfinite(vpinWidenFactor)) {
      throw new IllegalArgumentException("vpinWidenFactor must be >= 1, got " + vpinWidenFactor);
    }
    if (!(vpinSizeFactor > 0 && vpinSizeFactor <= 1)) {
      throw new IllegalArgumentException("vpinSizeFactor must be in (0, 1], got " + vpinSizeFactor);
    }
    nonNegative("imbalanceSkewTicks", imbalanceSkewTicks);
    nonNegative("sizeShapingAtLimit", sizeShapingAtLimit);
    positive("intensityWindowSeconds", intensityWindowSeconds);
    if (intensityMinFills < 10) {
      throw new IllegalArgumentException(
          "intensityMinFills must be at least 10, got " + intensityMinFills);
    }
  }

  /**
   * What a market maker runs by default: micro-price reference; the narrowest spread widened by 1
   * √s × σ; σ prior 1 bp/√s on a 250 ms grid; 2 ticks of lean at the position limit; pressure tiers
   * at 0.6 and 0.85 shifting half a tick and a tick; trade-flow emergency at 80% one-sided flow
   * over 10 s (1 tick shift, 2 ticks wider on the side hit); VPIN reduces quoting from 0.7 (spread
   * × 1.5, size × 0.5) and pulls at 0.9; half a tick of skew per unit of imbalance; size shaping
   * e^(∓1) at the limit; intensity windows of 5 s, calibrated after 50 hits.
   */
  public static QuoteSettings defaults() {
    return new QuoteSettings(
        "micro-price",
        1.0,
        1.0,
        250,
        2.0,
        List.of(0.6, 0.85),
        List.of(0.5, 1.0),
        0.8,
        10,
        1.0,
        2.0,
        0.7,
        1.5,
        0.5,
        0.9,
        0.5,
        1.0,
        5,
        50);
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
    }
  }

  private static void positive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
    }
  }
}
