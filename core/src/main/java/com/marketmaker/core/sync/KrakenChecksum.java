package com.marketmaker.core.sync;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.util.zip.CRC32;

/**
 * Kraken's book checksum (websocket v1 {@code book}, field {@code c}): CRC32 of the top 10 asks
 * (best first) then the top 10 bids (best first), each level contributing its price and then its
 * volume as Kraken prints them with the decimal point removed and leading zeros stripped.
 *
 * <p>That digit string is exactly the value's unscaled integer at the pair's wire precision (Kraken
 * prints prices with the pair's price decimals and volumes with 8 decimals), so it is computed from
 * ticks and lots without formatting decimals. Instances hold a reusable buffer: not thread-safe.
 */
public final class KrakenChecksum {

  private static final int LEVELS = 10;

  private final long priceMultiplier;
  private final long volumeMultiplier;
  private final CRC32 crc = new CRC32();
  private final byte[] digits = new byte[20];

  /**
   * @param spec the pair's spec; its tick and lot grids must be no finer than the wire precision
   * @param priceDecimals decimals Kraken prints prices of this pair with
   * @param volumeDecimals decimals Kraken prints volumes with (8)
   */
  public KrakenChecksum(InstrumentSpec spec, int priceDecimals, int volumeDecimals) {
    if (priceDecimals < spec.priceScale() || volumeDecimals < spec.sizeScale()) {
      throw new IllegalArgumentException(
          "wire precision " + priceDecimals + "/" + volumeDecimals + " coarser than the spec");
    }
    priceMultiplier = spec.tickUnscaled() * FixedPoint.pow10(priceDecimals - spec.priceScale());
    volumeMultiplier = spec.lotUnscaled() * FixedPoint.pow10(volumeDecimals - spec.sizeScale());
  }

  /** The checksum of {@code book}'s top 10 levels per side, as an unsigned 32-bit value. */
  public long compute(OrderBook book) {
    crc.reset();
    addSide(book, Side.ASK);
    addSide(book, Side.BID);
    return crc.getValue();
  }

  private void addSide(OrderBook book, Side side) {
    book.forEachLevel(
        side,
        new OrderBook.LevelVisitor() {
          int n;

          @Override
          public boolean visit(long price, long size) {
            addDigits(price * priceMultiplier);
            addDigits(size * volumeMultiplier);
            return ++n < LEVELS;
          }
        });
  }

  private void addDigits(long value) {
    int i = digits.length;
    do {
      digits[--i] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    crc.update(digits, i, digits.length - i);
  }
}
