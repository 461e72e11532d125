package com.marketmaker.core.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.core.sync.CoinbaseBookSync;
import com.marketmaker.testsupport.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Mutates real recorded messages (byte flips, truncation, insertion, deletion, digit and quote
 * damage) and feeds them to the decoders and on to the syncs: nothing may throw, and every message
 * is either decoded, ignored or rejected-and-counted.
 */
class DecoderFuzzTest {

  private static final byte[] NASTY =
      "{}[]\",:-.0123456789eE+ \\nulltruefalse\u00ff".getBytes(StandardCharsets.ISO_8859_1);

  private static byte[] mutate(byte[] in, SplittableRandom rnd) {
    byte[] m = in.clone();
    int ops = 1 + rnd.nextInt(3);
    for (int o = 0; o < ops && m.length > 0; o++) {
      int at = rnd.nextInt(m.length);
      switch (rnd.nextInt(6)) {
        case 0 -> m[at] = (byte) rnd.nextInt(256);
        case 1 -> m[at] = NASTY[rnd.nextInt(NASTY.length)];
        case 2 -> m = java.util.Arrays.copyOf(m, at); // truncate
        case 3 -> { // delete a span
          int len = Math.min(m.length - at, 1 + rnd.nextInt(12));
          byte[] n = new byte[m.length - len];
          System.arraycopy(m, 0, n, 0, at);
          System.arraycopy(m, at + len, n, at, m.length - at - len);
          m = n;
        }
        case 4 -> { // insert a nasty byte
          byte[] n = new byte[m.length + 1];
          System.arraycopy(m, 0, n, 0, at);
          n[at] = NASTY[rnd.nextInt(NASTY.length)];
          System.arraycopy(m, at, n, at + 1, m.length - at);
          m = n;
        }
        default -> { // duplicate a span
          int len = Math.min(m.length - at, 1 + rnd.nextInt(20));
          byte[] n = new byte[m.length + len];
          System.arraycopy(m, 0, n, 0, at + len);
          System.arraycopy(m, at, n, at + len, m.length - at);
          m = n;
        }
      }
    }
    return m;
  }

  private static List<byte[]> sample(String file, String sep, int every) throws IOException {
    List<byte[]> out = new ArrayList<>();
    List<String> lines = SharedData.lines(file);
    for (int i = 0; i < lines.size(); i += every) {
      String line = lines.get(i);
      int cut = line.indexOf(sep);
      if (cut > 0 && !line.startsWith("wss://")) {
        out.add(line.substring(cut + sep.length()).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void binanceDecoderAndSyncNeverThrow() throws IOException {
    InstrumentSpec spec =
        InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00000001");
    List<byte[]> seeds = sample("binance/spot_btcusdt_20240808.gz", " ", 7);
    BinanceDecoder d = new BinanceDecoder(spec);
    BinanceBookSync sync =
        new BinanceBookSync(new PriceLadderOrderBook(), BinanceBookSync.Rule.SPOT, 100);
    SplittableRandom rnd = new SplittableRandom(11);
    int decoded = 0;
    int rejected = 0;
    int n = 60_000;
    for (int i = 0; i < n; i++) {
      byte[] m = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
      BinanceDecoder.Kind k = d.decode(m);
      switch (k) {
        case DEPTH_UPDATE -> sync.onDepthUpdate(d.depth());
        case SNAPSHOT -> sync.onSnapshot(d.depth());
        case REJECTED -> rejected++;
        default -> {}
      }
      if (k != BinanceDecoder.Kind.REJECTED) {
        decoded++;
      }
    }
    assertEquals(rejected, d.rejections().total());
    assertEquals(n, decoded + rejected);
    assertTrue(rejected > n / 3, "mutations should mostly be refused: " + rejected);
    assertTrue(d.rejections().count(RejectReason.MALFORMED_JSON) > 0);
    assertTrue(d.rejections().count(RejectReason.BAD_NUMBER) > 0);
  }

  @Test
  void krakenAndCoinbaseDecodersNeverThrow() throws IOException {
    Function<String, InstrumentSpec> any =
        name ->
            InstrumentSpec.of(
                new InstrumentId(Venue.KRAKEN, name.replace('/', '-')),
                FixedPoint.format(1, 9),
                "0.00000001");
    List<byte[]> kraken = sample("cryptofeed/KRAKEN.ws.50.0", ": ", 1);
    KrakenDecoder kd = new KrakenDecoder(any);
    for (byte[] m : kraken.subList(0, 30)) {
      kd.decode(m); // learn channel ids from the subscription events
    }
    long krakenBaseline = kd.rejections().total();
    List<byte[]> coinbase = sample("cryptofeed/COINBASE.ws.28.0", ": ", 5);
    CoinbaseDecoder cd =
        new CoinbaseDecoder(
            p ->
                InstrumentSpec.of(new InstrumentId(Venue.COINBASE, p), "0.00000001", "0.00000001"));
    CoinbaseBookSync cs = new CoinbaseBookSync(new PriceLadderOrderBook());
    SplittableRandom rnd = new SplittableRandom(5);
    int n = 40_000;
    long krakenRejected = 0;
    long coinbaseRejected = 0;
    for (int i = 0; i < n; i++) {
      if (kd.decode(mutate(kraken.get(rnd.nextInt(kraken.size())), rnd))
          == KrakenDecoder.Kind.REJECTED) {
        krakenRejected++;
      }
      CoinbaseDecoder.Kind k = cd.decode(mutate(coinbase.get(rnd.nextInt(coinbase.size())), rnd));
      switch (k) {
        case SNAPSHOT -> cs.onSnapshot(cd.message());
        case L2UPDATE -> cs.onUpdate(cd.message());
        case REJECTED -> coinbaseRejected++;
        default -> {}
      }
    }
    assertEquals(krakenRejected, kd.rejections().total() - krakenBaseline);
    assertEquals(coinbaseRejected, cd.rejections().total());
    assertTrue(krakenRejected > n / 3 && coinbaseRejected > n / 3);
  }
}
