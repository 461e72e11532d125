package com.marketmaker.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.strategy.StrategyConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every quote step of the default strategy acts on real markets, and always in its documented
 * direction: the engine replays the Binance captures holding a long and then a short inventory, and
 * each decision's explanation is checked step by step against the inputs it was made from.
 */
class QuoteStepsOnRealDataTest {

  private static final List<String> STEPS =
      List.of(
          "inventory-lean",
          "book-pressure",
          "imbalance-skew",
          "trade-flow-emergency",
          "vpin-guard",
          "spread-limits",
          "size-shaping");

  @Test
  void eachStepMovesQuotesInItsDocumentedDirection() throws IOException {
    Map<String, Integer> seen = new TreeMap<>();
    for (CaptureDriver.Capture c : CaptureDriver.CAPTURES) {
      for (int sign : new int[] {+1, -1}) {
        QuotingEngine e = EngineReplayTest.engine(c, StrategyConfig.defaults());
        long inventory = sign * 3 * e.parameters().orderSizeLots();
        CaptureDriver driver = new CaptureDriver(e, c.spec(), 1);
        driver.inventory(inventory);
        driver.run(
            c.files(),
            (nanos, d, engine) -> {
              QuoteExplanation x = engine.lastDecision();
              if (x.inputs() == null) {
                return;
              }
              QuoteExplanation.Step before = null;
              for (QuoteExplanation.Step step : x.steps()) {
                check(x, step, before, inventory, c.name());
                seen.merge(step.step(), 1, Integer::sum);
                before = step;
              }
            });
      }
    }
    System.out.println("steps acting on the captures: " + seen);
    for (String step : STEPS) {
      assertTrue(seen.getOrDefault(step, 0) > 0, step + " never acted: " + seen);
    }
  }

  private static void check(
      QuoteExplanation x,
      QuoteExplanation.Step s,
      QuoteExplanation.Step before,
      long inventory,
      String capture) {
    QuoteExplanation.Inputs in = x.inputs();
    String where = capture + " " + s;
    switch (s.step()) {
      case "inventory-lean" -> {
        assertTrue(s.bidShiftTicks() * inventory < 0, "lean against inventory: " + where);
        assertEquals(s.bidShiftTicks(), s.askShiftTicks(), 1e-9, where);
      }
      case "book-pressure", "imbalance-skew" -> {
        assertTrue(s.bidShiftTicks() * in.bookImbalance() > 0, "toward the pressure: " + where);
        assertEquals(s.bidShiftTicks(), s.askShiftTicks(), 1e-9, where);
      }
      case "trade-flow-emergency" -> {
        double flow = in.tradeFlowImbalance();
        assertTrue(Math.abs(flow) >= 0.8, where);
        if (flow > 0) {
          assertTrue(s.bidShiftTicks() > 0 && s.askShiftTicks() > s.bidShiftTicks(), where);
        } else {
          assertTrue(s.askShiftTicks() < 0 && s.bidShiftTicks() < s.askShiftTicks(), where);
        }
      }
      case "vpin-guard" -> {
        assertTrue(in.vpin() >= 0.7, where);
        if (s.note().contains("pull")) {
          assertTrue(in.vpin() >= 0.9 && x.action().equals("PULL"), "pulled: " + where);
          return;
        }
        assertTrue(s.bidShiftTicks() <= 0 && s.askShiftTicks() >= 0, "wider: " + where);
        assertTrue(
            s.bidSizeLots() < before.bidSizeLots() && s.askSizeLots() < before.askSizeLots(),
            "smaller: " + where);
      }
      case "spread-limits" -> {
        double spread = s.askTicks() - s.bidTicks();
        if (s.note().contains("volatility")) {
          assertTrue(
              spread >= in.sigmaTicksPerSqrtSecond() - 1e-9, "at least 1 √s of σ wide: " + where);
        }
      }
      case "size-shaping" -> {
        if (inventory > 0) {
          assertTrue(s.bidSizeLots() < s.askSizeLots(), "long buys less: " + where);
        } else {
          assertTrue(s.bidSizeLots() > s.askSizeLots(), "short sells less: " + where);
        }
      }
      default -> {}
    }
  }
}
