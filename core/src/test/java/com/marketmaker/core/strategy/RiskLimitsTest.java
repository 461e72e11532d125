package com.marketmaker.core.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RiskLimitsTest {

  private static final MakerParameters PARAMETERS = new MakerParameters(0.1, 60, 1, 50, 100, 500);

  @Test
  void theLimitsAreReadFromParametersAndStrategy() {
    assertEquals(
        new RiskLimits(500, 1_000, 1_000), RiskLimits.of(PARAMETERS, StrategyConfig.defaults()));
  }

  @Test
  void onlyHigherLimitsCountAsRaised() {
    RiskLimits before = new RiskLimits(500, 1_000, 800);
    assertEquals(List.of(), before.raisedFrom(before));
    assertEquals(List.of(), new RiskLimits(100, 10, 800).raisedFrom(before), "lowered");
    assertEquals(List.of("maxPosition"), new RiskLimits(501, 10, 1).raisedFrom(before));
    assertEquals(
        List.of("maxPosition", "maxLoss", "maxDrawdown"),
        new RiskLimits(600, 1_000.5, 800.01).raisedFrom(before));
  }

  @Test
  void applyingLimitsKeepsEveryTuningField() {
    StrategyConfig strategy =
        new StrategyConfig(StrategyConfig.Model.HJB, 2, 0.5, 3, 2, 10, 1_000, 1_000);
    RiskLimits limits = new RiskLimits(300, 250, 125);
    assertEquals(new MakerParameters(0.1, 60, 1, 50, 100, 300), limits.applyTo(PARAMETERS));
    assertEquals(
        new StrategyConfig(StrategyConfig.Model.HJB, 2, 0.5, 3, 2, 10, 250, 125),
        limits.applyTo(strategy));
    assertEquals(limits, RiskLimits.of(limits.applyTo(PARAMETERS), limits.applyTo(strategy)));
  }

  @Test
  void limitsTheModelsRefuseAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> new RiskLimits(99, 1, 1).applyTo(PARAMETERS));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RiskLimits(500, 0, 1).applyTo(StrategyConfig.defaults()));
  }
}
