package com.marketmaker.backtest.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.backtest.data.SyntheticEventSource;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.simulator.synthetic.FlowParameters;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Through the whole backtest path (synthetic venue, feed, engine, venue model, booking), the quotes
 * move as the market and the book do: wider when the market is more volatile, leaning against the
 * inventory.
 */
class BacktestMovesWithTheMarketTest {

  private static final long START = 1_704_067_200_000_000_000L;

  /** One synthetic instrument whose fair mid moves with relative volatility {@code sigma}/√s. */
  private static BacktestResult.Instrument run(double sigma) throws IOException {
    SyntheticInstrument base = SyntheticInstrument.defaults(1).get(0);
    FlowParameters d = FlowParameters.defaults();
    FlowParameters flow =
        new FlowParameters(
            sigma,
            0,
            0,
            d.limitOrders(),
            d.marketOrders(),
            d.cancels(),
            d.distanceP(),
            d.minLots(),
            d.maxLots(),
            d.maxMarketLots(),
            d.maxRestingOrders());
    SyntheticInstrument instrument =
        new SyntheticInstrument(base.symbol(), base.filters(), "100.00", flow);
    var spec = instrument.spec(com.marketmaker.simulator.Dialect.SPOT);
    BacktestConfig config =
        new BacktestConfig(
            new MakerParameters(0.1, 60, 1, 200, spec.sizeToLots("1"), spec.sizeToLots("10")),
            null,
            StrategyConfig.defaults(),
            VenueModel.defaults(3).withFees(0, 0),
            -1,
            1_000_000_000L,
            0);
    try (var source = new SyntheticEventSource(List.of(instrument), 11, START, 1_800, 5_000_000)) {
      return new Backtest(source, config).run().instruments().get(0);
    }
  }

  /** Mean of our ask minus our bid over the samples where both are quoted, in ticks. */
  private static double meanQuotedSpreadTicks(BacktestResult.Instrument r) {
    return r.curve().stream()
        .filter(p -> p[5] > 0 && p[6] > 0)
        .mapToLong(p -> p[6] - p[5])
        .average()
        .orElseThrow();
  }

  @Test
  void quotesWidenWhenTheMarketIsMoreVolatile() throws IOException {
    double calm = meanQuotedSpreadTicks(run(1e-4));
    double wild = meanQuotedSpreadTicks(run(8e-4));
    assertTrue(wild > 1.5 * calm, "calm " + calm + " ticks, volatile " + wild + " ticks");
  }

  @Test
  void quotesLeanAgainstTheInventory() throws IOException {
    BacktestResult.Instrument r = run(2e-4);
    // Our quotes' centre minus the market's mid, in ticks, when long and when short.
    double whenLong = lean(r, 1);
    double whenShort = lean(r, -1);
    assertTrue(
        whenLong < whenShort,
        "long: quotes centred " + whenLong + " ticks from the mid, short: " + whenShort);
  }

  private static double lean(BacktestResult.Instrument r, int sign) {
    return r.curve().stream()
        .filter(p -> p[5] > 0 && p[6] > 0 && Long.signum(p[2]) == sign)
        .mapToDouble(p -> (p[5] + p[6]) / 2.0 - (p[3] + p[4]) / 2.0)
        .average()
        .orElseThrow(() -> new AssertionError("never " + (sign > 0 ? "long" : "short")));
  }
}
