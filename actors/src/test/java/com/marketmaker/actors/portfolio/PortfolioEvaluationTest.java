package com.marketmaker.actors.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.portfolio.book.Breach;
import com.marketmaker.core.portfolio.book.CointegrationScan;
import com.marketmaker.core.portfolio.book.PortfolioBook;
import com.marketmaker.core.portfolio.book.PortfolioFill;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.core.portfolio.book.PortfolioRisk;
import com.marketmaker.core.portfolio.book.PriceBars;
import com.marketmaker.core.portfolio.book.RiskResult;
import com.marketmaker.core.portfolio.book.ScanResult;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The basket skew acts only on pairs found over enough history: the same cointegrated pair skews
 * its legs from a scan of 600 bars and not from one of fewer bars than {@code basket.min-bars}. And
 * the limits checked between the models' evaluations: exposures on the book as it stands, the risk
 * breaches in force kept until an estimate of the risk lifts them.
 */
class PortfolioEvaluationTest {

  static final String X = "BINANCE:XXXUSDT";
  static final String Y = "BINANCE:YYYUSDT";
  static final long T0 = 1_700_000_000_000L;

  @Test
  void pairsOfAScanOverTooFewBarsDoNotSkewTheQuotes() {
    PortfolioSettings settings = PortfolioSettings.fromConfig(ConfigFactory.load());
    assertEquals(120, settings.basketMinBars());
    // Y follows X: log spread an AR(1) with coefficient 0.8.
    PriceBars bars = new PriceBars(1000, 3600);
    PortfolioBook book = new PortfolioBook();
    book.register(X, "BINANCE", "XXX", "USDT");
    book.register(Y, "BINANCE", "YYY", "USDT");
    Random rnd = new Random(3);
    double lx = Math.log(100);
    double u = 0;
    for (int t = 0; t < 600; t++) {
      lx += 0.001 * rnd.nextGaussian();
      u = 0.8 * u + 0.0005 * rnd.nextGaussian();
      long at = T0 + t * 1000L;
      bars.mark(X, Math.exp(lx), at);
      bars.mark(Y, Math.exp(lx + u), at);
      book.mark(X, Math.exp(lx), at);
      book.mark(Y, Math.exp(lx + u), at);
    }
    ScanResult scan = CointegrationScan.scan(bars, List.of(X, Y), settings.scan());
    assertEquals(1, scan.cointegratedPairs().size(), scan.toString());

    PortfolioEvaluation enough =
        PortfolioEvaluation.of(book, bars, PortfolioLimits.none(), 0, settings, scan, T0 + 600_000);
    assertTrue(
        enough.skewBps().keySet().containsAll(List.of(X, Y)), "600 bars: " + enough.skewBps());

    ScanResult early =
        new ScanResult(
            scan.instruments(),
            settings.basketMinBars() - 1,
            scan.barIntervalMillis(),
            scan.pairsTested(),
            scan.correction(),
            scan.significance(),
            scan.pairs(),
            scan.groups(),
            scan.jumpsRemoved(),
            scan.unitRootPValues(),
            scan.legLevel());
    PortfolioEvaluation tooEarly =
        PortfolioEvaluation.of(
            book, bars, PortfolioLimits.none(), 0, settings, early, T0 + 600_000);
    assertTrue(tooEarly.skewBps().isEmpty(), "too few bars: " + tooEarly.skewBps());
  }

  private static PortfolioLimits limits(double cvar99MaxUsd, double grossExposureMaxUsd) {
    return new PortfolioLimits(
        cvar99MaxUsd,
        Double.NaN,
        Double.NaN,
        0,
        Double.NaN,
        Double.NaN,
        grossExposureMaxUsd,
        Double.NaN);
  }

  @Test
  void exposuresAreCheckedOnTheBookAsItStandsAndRiskBreachesWaitForAnEstimate() {
    PortfolioSettings settings = PortfolioSettings.fromConfig(ConfigFactory.load());
    PriceBars bars = new PriceBars(1000, 3600);
    PortfolioBook book = new PortfolioBook();
    book.register(X, "BINANCE", "XXX", "USDT");
    book.register(Y, "BINANCE", "YYY", "USDT");
    Random rnd = new Random(11);
    double lx = Math.log(100);
    double ly = Math.log(50);
    for (int t = 0; t < 300; t++) {
      lx += 0.001 * rnd.nextGaussian();
      ly += 0.001 * rnd.nextGaussian();
      long at = T0 + t * 1000L;
      bars.mark(X, Math.exp(lx), at);
      bars.mark(Y, Math.exp(ly), at);
      book.mark(X, 100, at);
      book.mark(Y, 50, at);
    }
    // Long 10 X at 100 and short 4 Y at 50: 1,000 + 200 USD gross.
    book.apply(new PortfolioFill(X, "BINANCE", "XXX", "USDT", 1, Side.BUY, 100, 10, 0, T0));
    book.apply(new PortfolioFill(Y, "BINANCE", "YYY", "USDT", 2, Side.SELL, 50, 4, 0, T0));
    Breach cvarInForce =
        new Breach(Breach.Kind.CVAR_99, Breach.PORTFOLIO, 500, 100, Breach.Action.PULL, List.of(X));

    // No estimate for these limits: the CVaR breach in force stays, the exposure is measured now.
    PortfolioLimits tight = limits(100, 1100);
    List<Breach> withoutRisk =
        PortfolioEvaluation.breachesNow(book, null, tight, List.of(cvarInForce), 1.0);
    assertEquals(2, withoutRisk.size(), withoutRisk.toString());
    assertEquals(cvarInForce, withoutRisk.get(0));
    Breach gross = withoutRisk.get(1);
    assertEquals(Breach.Kind.GROSS_EXPOSURE, gross.kind());
    assertEquals(Breach.Action.SHRINK, gross.action());
    assertEquals(1200, gross.value(), 1e-9);

    // The CVaR limit switched off: its breach goes, without an estimate.
    List<Breach> cvarOff =
        PortfolioEvaluation.breachesNow(
            book, null, limits(Double.NaN, 1100), List.of(cvarInForce), 1.0);
    assertEquals(List.of(Breach.Kind.GROSS_EXPOSURE), cvarOff.stream().map(Breach::kind).toList());

    // An estimate of the risk (300 bars of 0.1 % moves: a CVaR of a few dollars) lifts it.
    RiskResult risk = PortfolioRisk.compute(book, bars, settings.risk().forLimits(tight), 0);
    assertTrue(risk.sufficientData(), risk.toString());
    assertTrue(risk.maxCvarHorizonUsd(0.99) < 100, risk.toString());
    List<Breach> estimated =
        PortfolioEvaluation.breachesNow(book, risk, tight, List.of(cvarInForce), 1.0);
    assertEquals(
        List.of(Breach.Kind.GROSS_EXPOSURE), estimated.stream().map(Breach::kind).toList());
    // And raises one when the estimate is over the limit.
    PortfolioLimits tiny = limits(risk.maxCvarHorizonUsd(0.99) / 2, Double.NaN);
    List<Breach> over =
        PortfolioEvaluation.breachesNow(
            book,
            PortfolioRisk.compute(book, bars, settings.risk().forLimits(tiny), 0),
            tiny,
            List.of(),
            1.0);
    assertEquals(List.of(Breach.Kind.CVAR_99), over.stream().map(Breach::kind).toList());
    assertEquals(Breach.Action.PULL, over.get(0).action());

    // The book moves: sold back to 3 X, the gross (300 + 200) is within its limit again.
    book.apply(new PortfolioFill(X, "BINANCE", "XXX", "USDT", 3, Side.SELL, 100, 7, 0, T0));
    assertTrue(
        PortfolioEvaluation.breachesNow(book, null, limits(Double.NaN, 1100), List.of(), 1.0)
            .isEmpty());
  }

  /** Trades {@link #X} at 100 to a position of {@code quantity}. */
  private static void holdTo(PortfolioBook book, double quantity, long tradeId) {
    double now = book.positionBase(X);
    book.apply(
        new PortfolioFill(
            X,
            "BINANCE",
            "XXX",
            "USDT",
            tradeId,
            quantity > now ? Side.BUY : Side.SELL,
            100,
            Math.abs(quantity - now),
            0,
            T0));
  }

  @Test
  void aBreachInForceIsLiftedOnlyBelowTheReleaseShareOfItsThreshold() {
    PortfolioBook book = new PortfolioBook();
    book.register(X, "BINANCE", "XXX", "USDT");
    book.mark(X, 100, T0);
    PortfolioLimits limits = limits(Double.NaN, 1000); // SHRINK above 1,000, PULL above 1,200
    // 1,300 USD gross: pulled.
    holdTo(book, 13, 1);
    List<Breach> inForce = PortfolioEvaluation.breachesNow(book, null, limits, List.of(), 0.95);
    assertEquals(Breach.Action.PULL, inForce.get(0).action(), inForce.toString());
    // 1,180 USD: below the pull threshold (1,200) but above 95 % of it (1,140): still pulled.
    holdTo(book, 11.8, 2);
    inForce = PortfolioEvaluation.breachesNow(book, null, limits, inForce, 0.95);
    assertEquals(Breach.Action.PULL, inForce.get(0).action(), inForce.toString());
    assertEquals(1180, inForce.get(0).value(), 1e-9, "the value is the current one");
    // Not in force, the same book only shrinks; and with release 1 the pull is eased at once.
    assertEquals(
        Breach.Action.SHRINK,
        PortfolioEvaluation.breachesNow(book, null, limits, List.of(), 0.95).get(0).action());
    assertEquals(
        Breach.Action.SHRINK,
        PortfolioEvaluation.breachesNow(book, null, limits, inForce, 1.0).get(0).action());
    // 1,100 USD: below 1,140, eased to a shrink (above the 1,000 threshold).
    holdTo(book, 11, 3);
    inForce = PortfolioEvaluation.breachesNow(book, null, limits, inForce, 0.95);
    assertEquals(Breach.Action.SHRINK, inForce.get(0).action(), inForce.toString());
    // 980 USD: within the limit, but above 950: the shrink stays.
    holdTo(book, 9.8, 4);
    inForce = PortfolioEvaluation.breachesNow(book, null, limits, inForce, 0.95);
    assertEquals(1, inForce.size(), inForce.toString());
    assertEquals(Breach.Action.SHRINK, inForce.get(0).action());
    assertTrue(PortfolioEvaluation.breachesNow(book, null, limits, List.of(), 0.95).isEmpty());
    // 940 USD: lifted.
    holdTo(book, 9.4, 5);
    assertTrue(PortfolioEvaluation.breachesNow(book, null, limits, inForce, 0.95).isEmpty());
  }
}
