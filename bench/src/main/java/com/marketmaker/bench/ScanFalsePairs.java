package com.marketmaker.bench;

import com.marketmaker.core.portfolio.book.CointegrationScan;
import com.marketmaker.core.portfolio.book.PairResult;
import com.marketmaker.core.portfolio.book.ScanConfig;
import com.marketmaker.core.portfolio.book.ScanResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How often the cointegration scan flags a pair that is not cointegrated, on a market like the
 * venue simulator's: a Monte Carlo, not a timing.
 *
 * <p>Each market: 50 instruments at 100.00 with a tick of 0.01, one-second bars of the mid rounded
 * to a half tick. Each fair log price is a walk with σ = 2·10⁻⁴ per √second and, unless turned off,
 * jumps of ±0.2% at 0.01 per second (the simulator's {@code FlowParameters.defaults()});
 * instruments S01, S03 and S05 follow S00, S02 and S04 as the simulator's pairings do, their log
 * price the leader's plus an Ornstein–Uhlenbeck spread with κ per second and spread volatility η
 * per √second as the simulator's {@code Pairing} takes them (stationary deviation η/√(2κ)); by
 * default κ = 0.3 and η = 1.5·10⁻⁴. The scan runs with the portfolio's settings (5%
 * Benjamini–Hochberg, half-life 0.2 s to 10 min, ADF lag up to 12) after every 10 bars from 100 to
 * the market's length, as the portfolio scans every 10 s. Per scan it counts false pairs (any
 * flagged pair but the three), scans with one or more, scans where one instrument is in three or
 * more false pairs, and scans that show exactly the three pairs; per market, the first scan that
 * shows exactly the three (the bars a test that waits for it waits), and the range of the three
 * pairs' hedge ratios in those scans.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar com.marketmaker.bench.ScanFalsePairs 400 8 5 jumps
 * </pre>
 *
 * Arguments: bars per market, markets (seeds 1000, 1001, …), the scan's jump threshold θ (0 keeps
 * every bar), {@code jumps} or {@code nojumps}, and optionally κ per second and η per √second.
 */
public final class ScanFalsePairs {

  private static final int INSTRUMENTS = 50;
  private static final int PAIRS = 3;

  private ScanFalsePairs() {}

  public static void main(String[] args) {
    int bars = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int markets = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    double theta = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    boolean jumps = args.length <= 3 || !"nojumps".equals(args[3]);
    double kappaPerSecond = args.length > 4 ? Double.parseDouble(args[4]) : 0.3;
    double etaPerRootSecond = args.length > 5 ? Double.parseDouble(args[5]) : 1.5e-4;
    if (bars < 100 || markets < 1) {
      throw new IllegalArgumentException("need at least 100 bars and one market");
    }
    ScanConfig config = ScanConfig.defaults().withHalfLifeBars(0.2, 600).withJumpThreshold(theta);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < INSTRUMENTS; i++) {
      names.add(String.format("SIM:S%02d", i));
    }
    int scans = 0;
    int withFalse = 0;
    int hubs = 0;
    int exact = 0;
    int allFound = 0;
    long falsePairs = 0;
    List<Integer> firstExact = new ArrayList<>();
    double lowestHedge = Double.POSITIVE_INFINITY;
    double highestHedge = Double.NEGATIVE_INFINITY;
    for (int market = 0; market < markets; market++) {
      double[][] mids =
          market(
              new SplittableRandom(1000 + market), bars, jumps, kappaPerSecond, etaPerRootSecond);
      int first = -1;
      for (int n = 100; n <= bars; n += 10) {
        double[][] window = new double[INSTRUMENTS][];
        for (int i = 0; i < INSTRUMENTS; i++) {
          window[i] = Arrays.copyOf(mids[i], n);
        }
        ScanResult r = CointegrationScan.scan(names, window, 1000, config);
        int found = 0;
        int wrong = 0;
        Map<String, Integer> degree = new HashMap<>();
        for (PairResult p : r.cointegratedPairs()) {
          int x = names.indexOf(p.x());
          int y = names.indexOf(p.y());
          if (x < 2 * PAIRS && x % 2 == 0 && y == x + 1) {
            found++;
          } else {
            wrong++;
            degree.merge(p.x(), 1, Integer::sum);
            degree.merge(p.y(), 1, Integer::sum);
          }
        }
        scans++;
        falsePairs += wrong;
        withFalse += wrong > 0 ? 1 : 0;
        hubs += degree.values().stream().anyMatch(d -> d >= 3) ? 1 : 0;
        allFound += found == PAIRS ? 1 : 0;
        exact += found == PAIRS && wrong == 0 ? 1 : 0;
        if (first < 0 && found == PAIRS && wrong == 0) {
          first = n;
          for (PairResult p : r.cointegratedPairs()) {
            lowestHedge = Math.min(lowestHedge, p.hedgeRatio());
            highestHedge = Math.max(highestHedge, p.hedgeRatio());
          }
        }
      }
      firstExact.add(first);
    }
    System.out.printf(
        "%d markets of %d bars, jumps %s, theta %.1f: %d scans; false pairs per scan %.2f; scans"
            + " with a false pair %d (%.1f%%); with an instrument in 3 or more %d; all %d pairs"
            + " found %d; exactly the %d pairs %d%n",
        markets,
        bars,
        jumps ? "on" : "off",
        theta,
        scans,
        (double) falsePairs / scans,
        withFalse,
        100.0 * withFalse / scans,
        hubs,
        PAIRS,
        allFound,
        PAIRS,
        exact);
    System.out.printf(
        "kappa %.3g per s, eta %.3g per sqrt s: first scan with exactly the %d pairs, per market"
            + " (bars; -1 none): %s; hedge ratios there %.3f to %.3f%n",
        kappaPerSecond, etaPerRootSecond, PAIRS, firstExact, lowestHedge, highestHedge);
  }

  /** Mids of one market, [instrument][bar]. */
  private static double[][] market(
      SplittableRandom rng, int bars, boolean jumps, double kappa, double eta) {
    double[][] logs = new double[INSTRUMENTS][bars];
    for (int i = 0; i < INSTRUMENTS; i++) {
      double s = Math.log(100);
      for (int t = 0; t < bars; t++) {
        s += 2e-4 * rng.nextGaussian();
        if (jumps && rng.nextDouble() < 0.01) {
          s += rng.nextBoolean() ? 0.002 : -0.002;
        }
        logs[i][t] = s;
      }
    }
    double decay = Math.exp(-kappa);
    double innovation = eta * Math.sqrt((1 - decay * decay) / (2 * kappa));
    for (int k = 0; k < PAIRS; k++) {
      double u = 0;
      for (int t = 0; t < bars; t++) {
        u = decay * u + innovation * rng.nextGaussian();
        logs[2 * k + 1][t] = logs[2 * k][t] + u;
      }
    }
    double[][] mids = new double[INSTRUMENTS][bars];
    for (int i = 0; i < INSTRUMENTS; i++) {
      for (int t = 0; t < bars; t++) {
        mids[i][t] = Math.round(Math.exp(logs[i][t]) * 100 * 2) / 200.0;
      }
    }
    return mids;
  }
}
