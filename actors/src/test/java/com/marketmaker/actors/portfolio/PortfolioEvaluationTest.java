package com.marketmaker.actors.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.portfolio.book.CointegrationScan;
import com.marketmaker.core.portfolio.book.PortfolioBook;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.core.portfolio.book.PriceBars;
import com.marketmaker.core.portfolio.book.ScanResult;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The basket skew acts only on pairs found over enough history: the same cointegrated pair skews
 * its legs from a scan of 600 bars and not from one of fewer bars than {@code basket.min-bars}.
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
        PortfolioEvaluation.of(
            book, bars, PortfolioLimits.none(), 0, settings, false, scan, T0 + 600_000);
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
            book, bars, PortfolioLimits.none(), 0, settings, false, early, T0 + 600_000);
    assertTrue(tooEarly.skewBps().isEmpty(), "too few bars: " + tooEarly.skewBps());
  }
}
