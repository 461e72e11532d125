package com.marketmaker.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.simulator.replay.Capture;
import com.marketmaker.simulator.replay.RecordedFrame;
import com.marketmaker.testsupport.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merged replay order is fixed, keeps each symbol's file order and starts at the bridge. */
class CaptureTest {

  private static Capture load(Dialect d, int max) {
    List<InstrumentSpec> specs = List.of(d.bookSpec("BTCUSDT"), d.bookSpec("ETHUSDT"));
    return Capture.load(SharedData.dir().resolve("binance"), d.filePrefix, specs, d.syncRule, max);
  }

  @Test
  void mergeIsDeterministicAndKeepsEachSymbolsFileOrder() throws Exception {
    Capture a = load(Dialect.SPOT, 3000);
    Capture b = load(Dialect.SPOT, 3000);
    assertEquals(6000, a.size());
    List<List<String>> perSymbol = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < a.size(); i++) {
      RecordedFrame f = a.frame(i);
      assertEquals(f, b.frame(i));
      perSymbol.get(f.symbol()).add(f.raw());
    }
    assertEquals(Recorded.read(false, 3000, "spot_btcusdt_20240808.gz").frames, perSymbol.get(0));
    assertEquals(Recorded.read(false, 3000, "spot_ethusdt_20240808.gz").frames, perSymbol.get(1));
  }

  @Test
  void eachSymbolStartsAtTheDiffThatBridgesItsSnapshot() {
    for (Dialect d : Dialect.values()) {
      Capture c = load(d, 500);
      for (int s = 0; s < 2; s++) {
        Capture.SymbolCapture sc = c.symbols().get(s);
        RecordedFrame first = null;
        for (int i = 0; i < c.size() && first == null; i++) {
          if (c.frame(i).symbol() == s) {
            first = c.frame(i);
          }
        }
        assertTrue(first.depth(), d + " " + sc.symbol() + " starts with a diff");
        BinanceDecoder dec = new BinanceDecoder(sc.spec());
        dec.decode(first.raw().getBytes(StandardCharsets.US_ASCII));
        long bridge = d == Dialect.SPOT ? sc.snapshotId() + 1 : sc.snapshotId();
        assertTrue(
            dec.depth().firstUpdateId <= bridge && bridge <= dec.depth().finalUpdateId,
            d + " " + sc.symbol() + " first diff bridges " + sc.snapshotId());
      }
    }
  }
}
