package com.marketmaker.backtest.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.backtest.data.EventFiles;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.core.strategy.StrategyConfig;
import com.marketmaker.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorded Binance spot BTC capture (11 minutes) replayed from its binary event file through
 * the live quoting engine and the venue model: the strategy trades both sides within the venue's
 * limits, fees are booked exactly, and a run is repeatable byte for byte.
 */
class BacktestReplayTest {

  // Spot books carry 8-decimal sizes: the book's lot is 1e-8 BTC.
  static final InstrumentSpec SPOT_BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");

  @TempDir static Path dir;
  static Path events;

  @BeforeAll
  static void convert() throws IOException {
    events = dir.resolve("spot-btc.events");
    EventFiles.convertBinance(
        SPOT_BTC,
        List.of(
            SharedData.file("binance/spot_btcusdt_20240808.gz"),
            SharedData.file("binance/spot_btcusdt_20240809.gz")),
        events);
  }

  /** 0.001 BTC orders, at most 0.01 BTC long or short; γ 0.1, 60 s horizon, 1–50 bps. */
  static BacktestConfig config(VenueModel venue) {
    return new BacktestConfig(
        new MakerParameters(
            0.1, 60, 1, 50, SPOT_BTC.sizeToLots("0.001"), SPOT_BTC.sizeToLots("0.01")),
        null,
        StrategyConfig.defaults(),
        venue,
        -1,
        1_000_000_000L,
        0);
  }

  static BacktestResult run(BacktestConfig config) throws IOException {
    try (var source = EventFiles.open(events)) {
      return new Backtest(source, config).run();
    }
  }

  @Test
  void theStrategyQuotesAndTradesBothSidesWithinTheVenuesLimits() throws IOException {
    BacktestResult r = run(config(VenueModel.defaults(7)));
    BacktestResult.Instrument btc = r.instruments().get(0);
    assertEquals(99_574, r.marketEvents());
    assertTrue(btc.decisions() > 1_000, "decides on every book change: " + btc.decisions());
    assertTrue(btc.placesSent() > 10, "places: " + btc.placesSent());
    assertTrue(btc.performance().buyFills() > 0 && btc.performance().sellFills() > 0, "" + btc);
    assertEquals(0, btc.refusedForRate(), "the engine keeps within the account's order limits");
    assertTrue(
        btc.performance().quoteUptime() > 0.5,
        "quotes most of the time: " + btc.performance().quoteUptime());
    // About 650 s of data sampled once a second.
    assertTrue(btc.returns().samples() > 600, "samples: " + btc.returns().samples());
    assertTrue(btc.markouts()[0].fills() > 0, "1 s mark-outs of the fills");
    assertEquals(
        btc.performance().total(),
        btc.returns().finalEquity(),
        "the equity curve ends on the scorecard's total (both marked at the last touch)");
  }

  @Test
  void theSameDataAndSeedGiveByteIdenticalResults() throws IOException {
    String first = ResultJson.write(run(config(VenueModel.defaults(11))));
    String second = ResultJson.write(run(config(VenueModel.defaults(11))));
    assertEquals(first, second);
    String otherSeed = ResultJson.write(run(config(VenueModel.defaults(12))));
    assertFalse(first.equals(otherSeed), "the latency draws depend on the seed");
  }

  @Test
  void feesAndRebatesAreBookedExactly() throws IOException {
    // Fees do not change what the strategy does (no risk limit is near): the same fills, and the
    // P&L differs by exactly the fees and rebates booked.
    BacktestResult free = run(config(VenueModel.defaults(5).withFees(0, 0)));
    BacktestResult rebate = run(config(VenueModel.defaults(5).withFees(-1, 5)));
    var a = free.instruments().get(0).performance();
    var b = rebate.instruments().get(0).performance();
    assertEquals(a.makerFills(), b.makerFills());
    assertEquals(a.takerFills(), b.takerFills());
    assertEquals(0, a.makerFees() + a.takerFees() + a.rebates());
    assertTrue(b.rebates() > 0, "maker fills earn the rebate");
    assertEquals(0, b.makerFees(), "no maker fee at a negative rate");
    assertEquals(a.total() + b.rebates() - b.makerFees() - b.takerFees(), b.total());
  }
}
