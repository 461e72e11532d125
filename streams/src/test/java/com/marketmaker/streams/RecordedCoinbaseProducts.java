package com.marketmaker.streams;

import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.util.Map;

/**
 * The ten products of the recorded Coinbase capture ({@code cryptofeed/COINBASE.ws.28.0}) as
 * instruments: tick and lot are the finest price and size decimals Coinbase printed for each
 * product in that capture.
 */
public final class RecordedCoinbaseProducts {

  private static final Map<String, int[]> DECIMALS =
      Map.of(
          "BAND-GBP", new int[] {4, 2},
          "SKL-GBP", new int[] {4, 1},
          "NU-GBP", new int[] {4, 6},
          "YFI-BTC", new int[] {5, 6},
          "SKL-BTC", new int[] {8, 1},
          "CRV-EUR", new int[] {4, 2},
          "BAND-BTC", new int[] {8, 2},
          "DASH-BTC", new int[] {8, 8},
          "NMR-EUR", new int[] {4, 3},
          "SKL-USD", new int[] {4, 1});

  private RecordedCoinbaseProducts() {}

  /** The product's instrument, or null for a product not in the capture. */
  public static InstrumentSpec spec(String product) {
    int[] d = DECIMALS.get(product);
    return d == null
        ? null
        : InstrumentSpec.of(
            new InstrumentId(Venue.COINBASE, product),
            FixedPoint.format(1, d[0]),
            FixedPoint.format(1, d[1]));
  }
}
