package com.marketmaker.backtest.data;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.testsupport.RecordedInstruments;
import com.marketmaker.testsupport.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recorded captures of the shared data and the grids their instruments are decoded on. */
final class Captures {

  private Captures() {}

  /** A Binance capture: its instrument and its files, continuing one another. */
  record Binance(InstrumentSpec spec, List<String> files) {
    List<Path> paths() {
      return files.stream().map(SharedData::file).toList();
    }

    @Override
    public String toString() {
      return spec.id() + " " + files;
    }
  }

  // Spot books carry 8-decimal sizes (finer than the order step): the book's lot is 1e-8.
  static final InstrumentSpec SPOT_BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");
  static final InstrumentSpec SPOT_ETH =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "ETHUSDT"), "0.01", "0.00000001");
  static final InstrumentSpec USDM_BTC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "BTCUSDT"), "0.10", "0.001");
  static final InstrumentSpec USDM_ETH =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE_USDM, "ETHUSDT"), "0.01", "0.001");

  static final Binance SPOT_BTC_CAPTURE =
      new Binance(
          SPOT_BTC,
          List.of("binance/spot_btcusdt_20240808.gz", "binance/spot_btcusdt_20240809.gz"));
  static final Binance SPOT_ETH_CAPTURE =
      new Binance(
          SPOT_ETH,
          List.of("binance/spot_ethusdt_20240808.gz", "binance/spot_ethusdt_20240809.gz"));
  static final Binance USDM_BTC_CAPTURE =
      new Binance(USDM_BTC, List.of("binance/usdm_btcusdt_20240808.gz"));
  static final Binance USDM_ETH_CAPTURE =
      new Binance(USDM_ETH, List.of("binance/usdm_ethusdt_20240808.gz"));

  /** Every Binance capture. */
  static final List<Binance> BINANCE =
      List.of(SPOT_BTC_CAPTURE, SPOT_ETH_CAPTURE, USDM_BTC_CAPTURE, USDM_ETH_CAPTURE);

  static final String KRAKEN_FILE = "cryptofeed/KRAKEN.ws.50.0";
  static final String COINBASE_FILE = "cryptofeed/COINBASE.ws.28.0";

  /** The ten Kraken pairs of the capture, ticks at the decimals Kraken prints them with. */
  static List<InstrumentSpec> krakenPairs() {
    List<InstrumentSpec> out = new ArrayList<>();
    for (String pair : RecordedInstruments.krakenPairs().stream().sorted().toList()) {
      RecordedInstruments.TickLot t = RecordedInstruments.kraken(pair);
      out.add(
          InstrumentSpec.of(
              new InstrumentId(Venue.KRAKEN, pair.replace('/', '-')), t.tick(), t.lot()));
    }
    return out;
  }

  /** The ten Coinbase products of the capture. */
  static List<InstrumentSpec> coinbaseProducts() {
    List<InstrumentSpec> out = new ArrayList<>();
    for (String product : RecordedInstruments.coinbaseProducts().stream().sorted().toList()) {
      RecordedInstruments.TickLot t = RecordedInstruments.coinbase(product);
      out.add(InstrumentSpec.of(new InstrumentId(Venue.COINBASE, product), t.tick(), t.lot()));
    }
    return out;
  }
}
