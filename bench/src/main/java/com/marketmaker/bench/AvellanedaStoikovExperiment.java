package com.marketmaker.bench;

import com.marketmaker.core.pricing.AvellanedaStoikov;
import com.marketmaker.core.pricing.ModelQuote;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The simulation experiment of Avellaneda &amp; Stoikov (2008) §4: the mid-price moves ±σ√dt each
 * step, each quote is filled with probability A·e^(−kδ)·dt per step, and the inventory strategy
 * (quotes around the reservation price) is compared with the symmetric strategy that quotes the
 * same average spread around the mid. Parameters of the paper: s = 100, T = 1, σ = 2, dt = 0.005,
 * q₀ = 0, k = 1.5, A = 140, 1,000 paths, γ ∈ {0.1, 0.01, 1}.
 *
 * <p>Both strategies see the same price path and the same uniform draws on each path (common random
 * numbers), so their difference is not blurred by sampling noise.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar
 * com.marketmaker.bench.AvellanedaStoikovExperiment [seed] [paths]}
 */
public final class AvellanedaStoikovExperiment {

  static final double S0 = 100;
  static final double T = 1;
  static final double SIGMA = 2;
  static final double DT = 0.005;
  static final double K = 1.5;
  static final double A = 140;

  private AvellanedaStoikovExperiment() {}

  /** Summary of one strategy over all paths. */
  record Result(
      double averageSpread, double meanProfit, double stdProfit, double meanQ, double stdQ) {}

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 2008L;
    int paths = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    System.out.printf(
        Locale.ROOT,
        "Avellaneda-Stoikov (2008) experiment: s=%.0f T=%.0f sigma=%.0f dt=%.3f k=%.1f A=%.0f,"
            + " %d paths, seed %d%n",
        S0,
        T,
        SIGMA,
        DT,
        K,
        A,
        paths,
        seed);
    System.out.println(
        "| gamma | strategy  | avg spread | mean profit | std profit | mean final q | std final q |");
    System.out.println(
        "|------:|-----------|-----------:|------------:|-----------:|-------------:|------------:|");
    for (double gamma : new double[] {0.1, 0.01, 1.0}) {
      Result[] r = run(gamma, paths, seed);
      print(gamma, "inventory", r[0]);
      print(gamma, "symmetric", r[1]);
    }
  }

  private static void print(double gamma, String name, Result r) {
    System.out.printf(
        Locale.ROOT,
        "| %5s | %-9s | %10.2f | %11.2f | %10.2f | %12.2f | %11.2f |%n",
        gamma,
        name,
        r.averageSpread(),
        r.meanProfit(),
        r.stdProfit(),
        r.meanQ(),
        r.stdQ());
  }

  /** Runs both strategies; index 0 is the inventory strategy, 1 the symmetric one. */
  static Result[] run(double gamma, int paths, long seed) {
    var model = new AvellanedaStoikov(gamma, K, AvellanedaStoikov.Horizon.finite(T));
    int steps = (int) Math.round(T / DT);
    // The inventory strategy's spread depends on t only; its time average is the symmetric spread.
    double spreadSum = 0;
    for (int n = 0; n < steps; n++) {
      spreadSum += model.spread(SIGMA, n * DT);
    }
    double symmetricSpread = spreadSum / steps;
    double step = SIGMA * Math.sqrt(DT);
    var stats = new Moments[] {new Moments(), new Moments()};
    var qStats = new Moments[] {new Moments(), new Moments()};
    var root = new SplittableRandom(seed);
    for (int path = 0; path < paths; path++) {
      SplittableRandom rng = root.split();
      double s = S0;
      double[] cash = new double[2];
      long[] q = new long[2];
      for (int n = 0; n < steps; n++) {
        double t = n * DT;
        double uBid = rng.nextDouble();
        double uAsk = rng.nextDouble();
        double uMove = rng.nextDouble();
        for (int strategy = 0; strategy < 2; strategy++) {
          double bid;
          double ask;
          if (strategy == 0) {
            ModelQuote quote = model.quote(s, q[0], SIGMA, t);
            bid = quote.bid();
            ask = quote.ask();
          } else {
            bid = s - 0.5 * symmetricSpread;
            ask = s + 0.5 * symmetricSpread;
          }
          if (uBid < A * Math.exp(-K * (s - bid)) * DT) {
            q[strategy]++;
            cash[strategy] -= bid;
          }
          if (uAsk < A * Math.exp(-K * (ask - s)) * DT) {
            q[strategy]--;
            cash[strategy] += ask;
          }
        }
        s += uMove < 0.5 ? step : -step;
      }
      for (int strategy = 0; strategy < 2; strategy++) {
        stats[strategy].add(cash[strategy] + q[strategy] * s);
        qStats[strategy].add(q[strategy]);
      }
    }
    return new Result[] {
      new Result(
          symmetricSpread, stats[0].mean(), stats[0].std(), qStats[0].mean(), qStats[0].std()),
      new Result(
          symmetricSpread, stats[1].mean(), stats[1].std(), qStats[1].mean(), qStats[1].std())
    };
  }

  /** Welford's running mean and sample variance. */
  static final class Moments {
    private long n;
    private double mean;
    private double m2;

    void add(double x) {
      n++;
      double d = x - mean;
      mean += d / n;
      m2 += d * (x - mean);
    }

    double mean() {
      return mean;
    }

    double std() {
      return n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
    }
  }
}
