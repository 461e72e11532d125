package com.marketmaker.simulator.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.book.Side;
import com.marketmaker.core.portfolio.cointegration.EngleGranger;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.exchange.EngineListener;
import com.marketmaker.simulator.exchange.FeeSchedule;
import com.marketmaker.simulator.exchange.MatchingEngine;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A follower's fair mid is its leader's plus an Ornstein&ndash;Uhlenbeck spread (see {@link
 * Pairing}): the spread has the stationary spread and the one-second autocorrelation of that
 * process, and Engle&ndash;Granger finds the pair cointegrated where two independent flows are not.
 */
class PairedFlowTest {

  private static final double KAPPA = 1.0 / 30; // half-life 20.8 s
  private static final double ETA = 5e-4;

  private static CrowdFlow flow(SyntheticInstrument ins, FlowParameters p, long seed) {
    long[] clock = {0};
    MatchingEngine engine =
        new MatchingEngine(
            ins.symbol(),
            ins.spec(Dialect.SPOT),
            FeeSchedule.SPOT_DEFAULT,
            () -> clock[0],
            new EngineListener() {
              @Override
              public void onLevel(Side side, long price, long total, long updateId) {}

              @Override
              public void onTrade(long id, long price, long lots, boolean buyerMaker, long t) {}
            });
    return new CrowdFlow(engine, p, ins.initialTicks(Dialect.SPOT), new SplittableRandom(seed));
  }

  /** Log fair mids of leader, follower and an independent flow, sampled each second. */
  private static double[][] run(int seconds) {
    List<SyntheticInstrument> ins = SyntheticInstrument.defaults(3);
    FlowParameters base = FlowParameters.defaults();
    CrowdFlow leader = flow(ins.get(0), base, 1);
    CrowdFlow follower =
        flow(ins.get(1), base.withPairing(new Pairing(ins.get(0).symbol(), KAPPA, ETA)), 2);
    CrowdFlow independent = flow(ins.get(2), base, 3);
    SyntheticMarket.link(
        List.of(ins.get(0).symbol(), ins.get(1).symbol()), List.of(leader, follower));
    double l0 = Math.log(leader.fairMidTicks());
    double f0 = Math.log(follower.fairMidTicks());
    double[][] out = new double[4][seconds];
    for (int s = 1; s <= seconds; s++) {
      for (int beat = 1; beat <= 10; beat++) {
        double t = s - 1 + beat / 10.0;
        leader.advanceTo(t);
        follower.advanceTo(t);
        independent.advanceTo(t);
      }
      out[0][s - 1] = Math.log(leader.fairMidTicks());
      out[1][s - 1] = Math.log(follower.fairMidTicks());
      out[2][s - 1] = Math.log(independent.fairMidTicks());
      out[3][s - 1] = follower.spread();
      // By construction: log F - log L moves only by the spread.
      assertEquals(follower.spread(), (out[1][s - 1] - f0) - (out[0][s - 1] - l0), 1e-9, "at " + s);
    }
    return out;
  }

  @Test
  void theSpreadIsTheOrnsteinUhlenbeckProcessAndThePairIsCointegrated() {
    double[][] x = run(3_600);
    double[] u = x[3];
    double mean = 0;
    for (double v : u) {
      mean += v / u.length;
    }
    double var = 0;
    double cov = 0;
    for (int i = 0; i < u.length; i++) {
      var += (u[i] - mean) * (u[i] - mean);
      if (i > 0) {
        cov += (u[i] - mean) * (u[i - 1] - mean);
      }
    }
    double sd = Math.sqrt(var / u.length);
    double rho = cov / var;
    // Stationary law of the OU process: sd = eta / sqrt(2 kappa); AR(1) coefficient over 1 s is
    // exp(-kappa). Jumps (0.2 % once per 100 s) add to the spread's variance, hence the margin.
    assertEquals(ETA / Math.sqrt(2 * KAPPA), sd, 0.35 * ETA / Math.sqrt(2 * KAPPA), "spread sd");
    assertEquals(Math.exp(-KAPPA), rho, 0.03, "one-second autocorrelation");

    EngleGranger.Result paired = EngleGranger.test(x[1], x[0]);
    assertTrue(paired.pValue() < 0.01, "the pair is cointegrated: " + paired);
    EngleGranger.Result apart = EngleGranger.test(x[2], x[0]);
    assertTrue(apart.pValue() > 0.05, "independent flows are not: " + apart);
  }

  @Test
  void aLeaderMustBeSimulatedAndIndependent() {
    List<SyntheticInstrument> ins = SyntheticInstrument.defaults(2);
    FlowParameters paired = FlowParameters.defaults().withPairing(new Pairing("NOPE", KAPPA, ETA));
    CrowdFlow a = flow(ins.get(0), FlowParameters.defaults(), 1);
    CrowdFlow b = flow(ins.get(1), paired, 2);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SyntheticMarket.link(List.of(ins.get(0).symbol(), ins.get(1).symbol()), List.of(a, b)));
    assertThrows(IllegalArgumentException.class, () -> b.follow(b));
    assertThrows(IllegalArgumentException.class, () -> a.follow(b));
    assertThrows(IllegalArgumentException.class, () -> new Pairing("X", 0, ETA));
  }
}
