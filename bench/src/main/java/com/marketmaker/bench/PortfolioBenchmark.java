package com.marketmaker.bench;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.portfolio.book.Breach;
import com.marketmaker.core.portfolio.book.CointegrationScan;
import com.marketmaker.core.portfolio.book.LimitCheck;
import com.marketmaker.core.portfolio.book.PortfolioBook;
import com.marketmaker.core.portfolio.book.PortfolioFill;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.core.portfolio.book.PortfolioRisk;
import com.marketmaker.core.portfolio.book.RiskConfig;
import com.marketmaker.core.portfolio.book.RiskResult;
import com.marketmaker.core.portfolio.book.ScanConfig;
import com.marketmaker.core.portfolio.book.ScanResult;
import com.marketmaker.core.portfolio.cointegration.Johansen;
import com.marketmaker.core.portfolio.cointegration.JohansenResult;
import com.marketmaker.core.portfolio.risk.MonteCarloRisk;
import com.marketmaker.core.portfolio.risk.RiskEstimate;
import com.marketmaker.core.portfolio.transport.Sinkhorn;
import com.marketmaker.core.portfolio.transport.SinkhornResult;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The portfolio's models at the sizes the issue names:
 *
 * <ul>
 *   <li>{@code johansen}: Johansen's test on 10 series of 10,000 points (random walks sharing three
 *       common trends, so the rank is 7), constant term, one lagged difference;
 *   <li>{@code sinkhorn}: entropic transport between two 100-point distributions with a squared
 *       distance cost, log-domain, to an L1 marginal error of 1e-9;
 *   <li>{@code monteCarloCvar}: VaR and CVaR at 99% from 100,000 multivariate normal scenarios over
 *       50 instruments with a full covariance;
 *   <li>{@code bookFill}: one fill booked into a portfolio book of 300 instruments (trade-id check,
 *       average cost), the portfolio actor's work per fill;
 *   <li>{@code risk300}: the portfolio's risk evaluation ({@code PortfolioRisk.compute} with the
 *       shipped configuration: historical, Gaussian, Cornish–Fisher and both Monte Carlo methods at
 *       95% and 99%) over 300 instruments of 1,000 one-second bars;
 *   <li>{@code limitCheck}: the portfolio actor's check of its limits between the models'
 *       evaluations, on a book of 300 instruments each with a position and a mark: the book's
 *       totals (for the drawdown) and every exposure limit (asset net, venue gross, portfolio gross
 *       and net) measured, the risk limits from a previous estimate;
 *   <li>{@code scan40}: the cointegration scan ({@code CointegrationScan.scan}, shipped settings:
 *       ADF lag searched up to 12, jumps beyond 5 standard deviations left out, half-life 2 s to 10
 *       min) over 40 instruments (780 pairs) of 2,000 one-second bars, the most a scan takes:
 *       random walks of which five pairs share a trend with a mean-reverting spread, and one bar in
 *       500 a jump. A scan of 300 instruments tests 57.5 times as many pairs.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class PortfolioBenchmark {

  private double[][] johansenData;
  private double[] a;
  private double[] b;
  private double[][] cost;
  private MonteCarloRisk risk;
  private PortfolioBook book;
  private PortfolioBook positioned;
  private final List<String> riskNames = new java.util.ArrayList<>();
  private final double[] riskNotionals = new double[300];
  private final double[][] riskReturns = new double[300][1_000];
  private final PortfolioLimits exposureLimits =
      new PortfolioLimits(Double.NaN, Double.NaN, Double.NaN, 0, 1e6, 1e7, 1e7, 1e6);
  private final String[] ids = new String[300];
  private final String[] bases = new String[300];
  private long tradeId;
  private final SplittableRandom random = new SplittableRandom(5);

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(1);
    int n = 10_000;
    int k = 10;
    double[][] trends = new double[3][n];
    for (double[] t : trends) {
      for (int i = 1; i < n; i++) {
        t[i] = t[i - 1] + r.nextDouble(-1, 1);
      }
    }
    johansenData = new double[n][k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        johansenData[i][j] = trends[j % 3][i] * (1 + 0.1 * j) + r.nextDouble(-0.5, 0.5);
      }
    }
    int m = 100;
    a = new double[m];
    b = new double[m];
    cost = new double[m][m];
    for (int i = 0; i < m; i++) {
      a[i] = 1.0 + r.nextDouble();
      b[i] = 1.0 + r.nextDouble();
    }
    normalize(a);
    normalize(b);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double d = (i - j) / (double) m;
        cost[i][j] = d * d;
      }
    }
    int d = 50;
    double[] positions = new double[d];
    double[] mean = new double[d];
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      positions[i] = 1_000 * r.nextDouble(-1, 1);
      for (int j = 0; j < d; j++) {
        cov[i][j] = 1e-6 * (i == j ? 1 : 0.3);
      }
    }
    risk = new MonteCarloRisk(positions, mean, cov);
    book = new PortfolioBook();
    for (int i = 0; i < 300; i++) {
      bases[i] = String.format("SYN%03d", i);
      ids[i] = "BINANCE:" + bases[i] + "USDT";
      book.register(ids[i], "BINANCE", bases[i], "USDT");
    }
    for (int i = 0; i < 300; i++) {
      riskNames.add("BINANCE:" + bases[i] + "USDT");
      riskNotionals[i] = r.nextDouble(-1_000, 1_000);
      double ar = 0;
      for (int t = 0; t < 1_000; t++) {
        ar = 0.3 * ar + 1e-4 * r.nextGaussian();
        riskReturns[i][t] = ar + 3e-4 * r.nextGaussian();
      }
    }
    positioned = new PortfolioBook();
    for (int i = 0; i < 300; i++) {
      String venue = i % 3 == 0 ? "KRAKEN" : "BINANCE";
      String id = venue + ":" + bases[i] + "USDT";
      positioned.register(id, venue, bases[i], "USDT");
      double price = 10 + r.nextDouble(1_000);
      positioned.mark(id, price, 1_700_000_000_000L);
      positioned.apply(
          new PortfolioFill(
              id,
              venue,
              bases[i],
              "USDT",
              i,
              r.nextBoolean() ? Side.BUY : Side.SELL,
              price,
              1 + r.nextDouble(10),
              0.01,
              1_700_000_000_000L));
    }
  }

  private static void normalize(double[] w) {
    double s = 0;
    for (double x : w) {
      s += x;
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= s;
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public JohansenResult johansen() {
    return Johansen.test(johansenData, 0, 1);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public SinkhornResult sinkhorn() {
    return new Sinkhorn(0.01, 1e-9, 1_000_000).solveLog(a, b, cost);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public RiskEstimate monteCarloCvar() {
    return risk.normal(100_000, 7, 0.99);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public boolean bookFill() {
    int i = random.nextInt(300);
    return book.apply(
        new PortfolioFill(
            ids[i],
            "BINANCE",
            bases[i],
            "USDT",
            ++tradeId,
            random.nextBoolean() ? Side.BUY : Side.SELL,
            100 + random.nextDouble(),
            0.1,
            0.001,
            tradeId));
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Breach> limitCheck() {
    positioned.totals();
    return LimitCheck.check(positioned, null, exposureLimits);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public RiskResult risk300() {
    return PortfolioRisk.compute(
        riskNames, riskNotionals, riskReturns, List.of(), RiskConfig.defaults(), 0);
  }

  /** The closes a scan reads: {@code instruments} series of 2,000 bars. */
  @State(Scope.Benchmark)
  public static class ScanInput {

    @Param({"40", "300"})
    int instruments;

    final List<String> scanNames = new java.util.ArrayList<>();
    double[][] scanCloses;
    final ScanConfig scanConfig =
        ScanConfig.defaults().withHalfLifeBars(2, 600).withJumpThreshold(5);

    @Setup(Level.Trial)
    public void setUp() {
      SplittableRandom r = new SplittableRandom(2);
      scanCloses = new double[instruments][2_000];
      for (int i = 0; i < scanCloses.length; i++) {
        scanNames.add(String.format("BINANCE:SCN%03dUSDT", i));
        double level = 100 + 50 * r.nextDouble();
        double spread = 0;
        for (int t = 0; t < scanCloses[i].length; t++) {
          if (i % 4 == 1 && i < 20) {
            spread = 0.9 * spread + 0.05 * r.nextGaussian();
            scanCloses[i][t] = 0.8 * scanCloses[i - 1][t] + 20 + spread;
            continue;
          }
          level += 0.05 * r.nextGaussian() + (r.nextInt(500) == 0 ? r.nextGaussian() * 2 : 0);
          scanCloses[i][t] = level;
        }
      }
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public ScanResult scan(ScanInput in) {
    return CointegrationScan.scan(in.scanNames, in.scanCloses, 1_000, in.scanConfig);
  }
}
