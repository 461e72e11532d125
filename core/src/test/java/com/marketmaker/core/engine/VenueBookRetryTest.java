package com.marketmaker.core.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import org.junit.jupiter.api.Test;

/**
 * A book whose snapshot request failed waits for its retry timer instead of asking on each diff.
 */
class VenueBookRetryTest {

  private static final InstrumentSpec SPEC =
      InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.001");

  private static DepthUpdate diff(long first, long last) {
    DepthUpdate d = new DepthUpdate();
    d.firstUpdateId = first;
    d.finalUpdateId = last;
    d.bids.add(100, 5);
    return d;
  }

  @Test
  void afterAFailedSnapshotDiffsDoNotAskAgainUntilTheRetryIsDue() {
    VenueBook book = VenueBook.create(SPEC);
    assertTrue(book.onDepth(diff(1, 1)), "a new book asks for a snapshot");
    book.snapshotRequested();
    assertFalse(book.onDepth(diff(2, 2)), "one request at a time");
    book.onSnapshotFailed();
    for (long u = 3; u < 50; u++) {
      assertFalse(book.onDepth(diff(u, u)), "no request on diff " + u + " before the retry");
    }
    book.retryDue();
    assertTrue(book.needsSnapshot(), "the retry asks again");
  }
}
