package com.marketmaker.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.quote.PortfolioAdvice;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.quote.QuoteLevel;
import com.marketmaker.core.strategy.StrategyConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The portfolio's advice reaches the quotes through the engine on a real market: the same Binance
 * capture replayed with no advice, a basket skew, a limit's widening and size cut, and a pull; the
 * explanation's portfolio step moves the quotes by exactly the advised amount, and the quotes sent
 * move with it.
 */
class PortfolioAdviceOnRealDataTest {

  private static final CaptureDriver.Capture CAPTURE = CaptureDriver.CAPTURES.get(0);

  /** Per decision: bid and ask of the first level (0 when that side is off), pulled or not. */
  private static List<double[]> replay(PortfolioAdvice advice, List<QuoteExplanation.Step> steps)
      throws IOException {
    QuotingEngine e = EngineReplayTest.engine(CAPTURE, StrategyConfig.defaults());
    e.advise(advice);
    List<double[]> out = new ArrayList<>();
    double tick = CAPTURE.spec().ticksToDouble(1);
    new CaptureDriver(e, CAPTURE.spec(), 1)
        .run(
            CAPTURE.files(),
            (nanos, d, engine) -> {
              QuoteExplanation x = engine.lastDecision();
              if (x.inputs() == null) {
                return;
              }
              for (QuoteExplanation.Step s : x.steps()) {
                if (s.step().equals("portfolio")) {
                  steps.add(
                      new QuoteExplanation.Step(
                          s.step(),
                          s.bidShiftTicks(),
                          s.askShiftTicks(),
                          x.inputs().mid() / tick,
                          0,
                          s.bidSizeLots(),
                          s.askSizeLots(),
                          s.note()));
                }
              }
              out.add(new double[] {first(d.bids()), first(d.asks()), d.isPull() ? 1 : 0});
            });
    return out;
  }

  private static double first(List<QuoteLevel> levels) {
    return levels.isEmpty() ? 0 : levels.get(0).priceTicks();
  }

  @Test
  void skewWidenShrinkAndPullActOnTheQuotes() throws IOException {
    List<QuoteExplanation.Step> none = new ArrayList<>();
    List<double[]> plain = replay(PortfolioAdvice.NONE, none);
    assertTrue(none.isEmpty(), "no advice, no portfolio step");
    assertTrue(plain.size() > 100, "decisions: " + plain.size());

    // A basket skew of +5 bps: the step shifts both quotes up by 5 bps of the mid.
    List<QuoteExplanation.Step> skewSteps = new ArrayList<>();
    List<double[]> skewed = replay(new PortfolioAdvice(5, 0, 1, false, "basket rich"), skewSteps);
    assertEquals(plain.size(), skewed.size());
    assertTrue(!skewSteps.isEmpty());
    for (QuoteExplanation.Step s : skewSteps) {
      double midTicks = s.bidTicks();
      assertEquals(5e-4 * midTicks, s.bidShiftTicks(), 1e-6 * midTicks, s.toString());
      assertEquals(s.bidShiftTicks(), s.askShiftTicks(), 1e-9, s.toString());
    }
    int higher = 0;
    int lower = 0;
    for (int i = 0; i < plain.size(); i++) {
      if (plain.get(i)[2] == 0 && skewed.get(i)[2] == 0 && plain.get(i)[1] > 0) {
        higher += skewed.get(i)[1] > plain.get(i)[1] ? 1 : 0;
        lower += skewed.get(i)[1] < plain.get(i)[1] ? 1 : 0;
      }
    }
    assertTrue(higher > 10 * Math.max(1, lower), "asks move up: " + higher + " vs " + lower);

    // A limit's widening by 3 bps a side and sizes halved.
    List<QuoteExplanation.Step> wideSteps = new ArrayList<>();
    replay(new PortfolioAdvice(0, 3, 0.5, false, "cvar above limit"), wideSteps);
    for (QuoteExplanation.Step s : wideSteps) {
      double w = 3e-4 * s.bidTicks();
      assertEquals(-w, s.bidShiftTicks(), 1e-6 * s.bidTicks(), s.toString());
      assertEquals(w, s.askShiftTicks(), 1e-6 * s.bidTicks(), s.toString());
    }

    // A pull: nothing is quoted, and the reason names the portfolio.
    List<QuoteExplanation.Step> pullSteps = new ArrayList<>();
    List<double[]> pulled =
        replay(new PortfolioAdvice(0, 0, 1, true, "drawdown probability"), pullSteps);
    for (double[] d : pulled) {
      assertEquals(1, d[2], "pulled");
    }
  }

  @Test
  void adviceIsValidated() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new PortfolioAdvice(0, -1, 1, false, "x"));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new PortfolioAdvice(0, 0, 0, false, "x"));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new PortfolioAdvice(Double.NaN, 0, 1, false, "x"));
    assertTrue(PortfolioAdvice.NONE.isNone());
    QuoteDecision.pull("x", List.of());
  }
}
