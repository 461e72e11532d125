package com.marketmaker.core.portfolio.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.portfolio.book.Breach.Action;
import com.marketmaker.core.portfolio.book.Breach.Kind;
import com.marketmaker.core.portfolio.risk.DrawdownEstimate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The book of {@link PortfolioBookTest#exposuresAndTotalsAcrossVenuesAndQuotes}: BTC net −98 (gross
 * 302), ETH net 55; BINANCE gross 200, COINBASE 102, KRAKEN 55; portfolio gross 357, net −43.
 */
class LimitCheckTest {

  static final String BTC = PortfolioBookTest.BTC;
  static final String CB_BTC = PortfolioBookTest.CB_BTC;
  static final String ETHBTC = PortfolioBookTest.ETHBTC;
  static final List<String> ALL = List.of(BTC, CB_BTC, ETHBTC);

  static PortfolioBook book() {
    PortfolioBook book = PortfolioBookTest.handBook();
    book.apply(
        new PortfolioFill(ETHBTC, "KRAKEN", "ETH", "BTC", 7, Side.BUY, 0.05, 10, 0.0001, 2000));
    book.mark(ETHBTC, 0.055, 6000);
    book.apply(new PortfolioFill(CB_BTC, "COINBASE", "BTC", "USD", 1, Side.BUY, 101, 1, 0, 3000));
    book.mark(CB_BTC, 102, 6000);
    return book;
  }

  static RiskResult risk(double cvar99, DrawdownEstimate dd) {
    return new RiskResult(
        List.of(BTC),
        new double[] {-200},
        List.of(),
        100,
        1,
        true,
        0,
        1,
        List.of(
            new RiskResult.MethodRisk(
                RiskResult.Method.GAUSSIAN, 0.99, 1, cvar99 - 5, 1, cvar99 - 5),
            new RiskResult.MethodRisk(RiskResult.Method.HISTORICAL, 0.99, 1, cvar99, 1, cvar99),
            new RiskResult.MethodRisk(RiskResult.Method.HISTORICAL, 0.95, 1, 1e9, 1, 1e9)),
        dd);
  }

  static DrawdownEstimate dd(double p) {
    return new DrawdownEstimate(50, 0, 20, 1000, p, 0, 0, 0, 0, 0, 0);
  }

  static PortfolioLimits cvarLimit(double max) {
    return new PortfolioLimits(
        max, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  static PortfolioLimits ddLimit(double max) {
    return new PortfolioLimits(
        Double.NaN, max, 50, 20, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  @Test
  void cvarWidensAboveTheLimitAndPullsAbove120Percent() {
    PortfolioBook book = book();
    // the most conservative 99% figure (historical, 100) is compared; the 95% one is ignored
    assertTrue(LimitCheck.check(book, risk(100, null), cvarLimit(100)).isEmpty(), "at 100%");
    List<Breach> widen = LimitCheck.check(book, risk(110, null), cvarLimit(100));
    assertEquals(1, widen.size());
    assertEquals(
        new Breach(Kind.CVAR_99, Breach.PORTFOLIO, 110, 100, Action.WIDEN, ALL), widen.get(0));
    assertEquals(
        Action.WIDEN,
        LimitCheck.check(book, risk(120, null), cvarLimit(100)).get(0).action(),
        "at 120%");
    assertEquals(
        Action.PULL, LimitCheck.check(book, risk(121, null), cvarLimit(100)).get(0).action());
    LimitCheck.Thresholds loose = new LimitCheck.Thresholds(1.0, 1.0, 1.5);
    assertEquals(
        Action.WIDEN,
        LimitCheck.check(book, risk(121, null), cvarLimit(100), loose).get(0).action());
    // no usable risk: risk limits are not checked
    assertTrue(LimitCheck.check(book, null, cvarLimit(1)).isEmpty());
  }

  @Test
  void drawdownProbability() {
    PortfolioBook book = book();
    assertTrue(LimitCheck.check(book, risk(0, dd(0.05)), ddLimit(0.05)).isEmpty());
    assertEquals(
        Action.WIDEN, LimitCheck.check(book, risk(0, dd(0.055)), ddLimit(0.05)).get(0).action());
    Breach pull = LimitCheck.check(book, risk(0, dd(0.07)), ddLimit(0.05)).get(0);
    assertEquals(Kind.DRAWDOWN_PROBABILITY, pull.kind());
    assertEquals(Action.PULL, pull.action());
    assertEquals(1.4, pull.ratio(), 1e-12);
    PortfolioLimits other =
        new PortfolioLimits(
            Double.NaN, 0.05, 60, 20, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    assertThrows(
        IllegalArgumentException.class, () -> LimitCheck.check(book, risk(0, dd(0.07)), other));
  }

  @Test
  void exposuresShrinkAndGrossPullsAbove120Percent() {
    PortfolioBook book = book();
    PortfolioLimits limits =
        new PortfolioLimits(Double.NaN, Double.NaN, Double.NaN, 0, 90, 150, 300, 40);
    List<Breach> breaches = LimitCheck.check(book, null, limits);
    assertEquals(4, breaches.size(), breaches.toString());
    // BTC |-200 + 102| = 98 > 90; ETH 55 is within
    Breach asset = breaches.get(0);
    assertEquals(Kind.ASSET_NET_EXPOSURE, asset.kind());
    assertEquals("BTC", asset.subject());
    assertEquals(98, asset.value(), 1e-9);
    assertEquals(Action.SHRINK, asset.action());
    assertEquals(List.of(BTC, CB_BTC), asset.instruments());
    // BINANCE 200 > 150; COINBASE 102 and KRAKEN 55 within
    Breach venue = breaches.get(1);
    assertEquals(Kind.VENUE_GROSS_EXPOSURE, venue.kind());
    assertEquals("BINANCE", venue.subject());
    assertEquals(List.of(BTC), venue.instruments());
    // gross 357 / 300 = 1.19: SHRINK, not yet PULL
    Breach gross = breaches.get(2);
    assertEquals(Kind.GROSS_EXPOSURE, gross.kind());
    assertEquals(357, gross.value(), 1e-9);
    assertEquals(Action.SHRINK, gross.action());
    assertEquals(ALL, gross.instruments());
    // |net| 43 > 40
    Breach net = breaches.get(3);
    assertEquals(Kind.NET_EXPOSURE, net.kind());
    assertEquals(43, net.value(), 1e-9);
    assertEquals(Action.SHRINK, net.action());

    // gross 357 / 290 = 1.231 > 1.2: PULL
    PortfolioLimits tight =
        new PortfolioLimits(
            Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, 290, Double.NaN);
    assertEquals(Action.PULL, LimitCheck.check(book, null, tight).get(0).action());
  }

  @Test
  void mostSevereActionPerInstrument() {
    PortfolioBook book = book();
    PortfolioLimits limits =
        new PortfolioLimits(100, Double.NaN, Double.NaN, 0, 90, 150, Double.NaN, Double.NaN);
    List<Breach> breaches = LimitCheck.check(book, risk(110, null), limits);
    Map<String, Action> actions = LimitCheck.actionsByInstrument(breaches);
    // CVaR WIDEN applies to all; SHRINK from the BTC and BINANCE limits is less severe
    assertEquals(Map.of(BTC, Action.WIDEN, CB_BTC, Action.WIDEN, ETHBTC, Action.WIDEN), actions);
    assertEquals(
        Map.of(BTC, Action.SHRINK, CB_BTC, Action.SHRINK),
        LimitCheck.actionsByInstrument(breaches.subList(1, 2)));
  }

  @Test
  void limitsValidation() {
    assertThrows(IllegalArgumentException.class, () -> cvarLimit(-1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PortfolioLimits(
                Double.NaN, 0.05, Double.NaN, 20, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new LimitCheck.Thresholds(1.0, 1.3, 1.2));
    assertTrue(LimitCheck.check(book(), risk(1e9, dd(0.9)), PortfolioLimits.none()).isEmpty());
  }
}
