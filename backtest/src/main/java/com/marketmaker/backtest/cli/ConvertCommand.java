package com.marketmaker.backtest.cli;

import com.marketmaker.backtest.data.EventFiles;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One-off conversion of recorded captures into a compact binary event file. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description =
        "Converts captures into a binary event file that runs and sweeps replay in constant"
            + " memory. Binance: the recorder's '<receive ns> <json>' lines (gzip or plain), files"
            + " continuing one another; Kraken and Coinbase: cryptofeed websocket captures.")
final class ConvertCommand implements Callable<Integer> {

  @Option(
      names = "--format",
      required = true,
      description = "Capture format: binance, kraken or coinbase.")
  String format;

  @Option(
      names = "--instrument",
      required = true,
      description =
          "VENUE:SYMBOL=TICK/LOT, e.g. BINANCE:BTCUSDT=0.01/0.00000001 (repeat for the"
              + " instruments of a Kraken or Coinbase capture; one for Binance).")
  List<String> instruments;

  @Option(names = "--out", required = true, description = "The event file to write.")
  Path out;

  @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "Capture files, in order.")
  List<Path> captures;

  @Override
  public Integer call() throws Exception {
    List<InstrumentSpec> specs = new ArrayList<>();
    for (String s : instruments) {
      specs.add(parseInstrument(s));
    }
    EventFiles.Conversion c =
        switch (format.toLowerCase(java.util.Locale.ROOT)) {
          case "binance" -> {
            if (specs.size() != 1) {
              throw new IllegalArgumentException("a Binance capture holds one instrument");
            }
            yield EventFiles.convertBinance(specs.get(0), captures, out);
          }
          case "kraken" -> EventFiles.convertKraken(specs, single(), out);
          case "coinbase" -> EventFiles.convertCoinbase(specs, single(), out);
          default ->
              throw new IllegalArgumentException(
                  "format must be binance, kraken or coinbase, got '" + format + "'");
        };
    System.out.printf(
        "%s: %,d events, %,d bytes%s%n",
        c.file(), c.events(), c.bytes(), c.captureTruncated() ? " (capture cut short)" : "");
    return 0;
  }

  private Path single() {
    if (captures.size() != 1) {
      throw new IllegalArgumentException("a Kraken or Coinbase capture is one file");
    }
    return captures.get(0);
  }

  /** {@code VENUE:SYMBOL=TICK/LOT}. */
  static InstrumentSpec parseInstrument(String text) {
    int eq = text.indexOf('=');
    int slash = text.indexOf('/', eq + 1);
    if (eq < 0 || slash < 0) {
      throw new IllegalArgumentException(
          "instrument must be VENUE:SYMBOL=TICK/LOT, got '" + text + "'");
    }
    InstrumentId id = InstrumentId.parse(text.substring(0, eq));
    if (id.venue() == null) {
      throw new IllegalArgumentException("unknown venue in '" + text + "'");
    }
    return InstrumentSpec.of(id, text.substring(eq + 1, slash), text.substring(slash + 1));
  }

  static Venue venueOf(List<InstrumentSpec> specs) {
    return specs.get(0).id().venue();
  }
}
