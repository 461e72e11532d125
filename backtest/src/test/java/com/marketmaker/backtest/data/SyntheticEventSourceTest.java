package com.marketmaker.backtest.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.engine.VenueBook;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's synthetic markets as a backtest source: repeatable, in order, and in sync. */
class SyntheticEventSourceTest {

  private static final long START = 1_700_000_000_000_000_000L;

  private static SyntheticEventSource source(long seed) {
    return new SyntheticEventSource(SyntheticInstrument.defaults(3), seed, START, 60, 5_000_000);
  }

  @Test
  void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() {
    List<MarketEvent> a = drain(source(42));
    List<MarketEvent> b = drain(source(42));
    List<MarketEvent> c = drain(source(43));
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertTrue(a.get(i).contentEquals(b.get(i)), "event " + i);
    }
    boolean differs = a.size() != c.size();
    for (int i = 0; !differs && i < a.size(); i++) {
      differs = !a.get(i).contentEquals(c.get(i));
    }
    assertTrue(differs, "another seed, another market");
  }

  @Test
  void eventsComeInReceiveOrderAndEveryBookStaysInSyncWithTrades() {
    SyntheticEventSource s = source(7);
    List<VenueBook> books = new ArrayList<>();
    s.instruments().forEach(spec -> books.add(VenueBook.create(spec)));
    long last = Long.MIN_VALUE;
    long trades = 0;
    long diffs = 0;
    for (MarketEvent e = s.next(); e != null; e = s.next()) {
      assertTrue(e.receivedNanos >= last, "receive order");
      last = e.receivedNanos;
      assertFalse(e.applyTo(books.get(e.instrument)), "never needs another snapshot");
      trades += e.kind == EventKind.TRADE ? 1 : 0;
      diffs += e.kind == EventKind.DEPTH ? 1 : 0;
    }
    for (VenueBook b : books) {
      assertTrue(b.trusted());
      assertTrue(b.book().bestPrice(com.marketmaker.core.book.Side.BID) > 0);
      assertFalse(b.book().isCrossed());
    }
    // 60 s of 100 ms beats for 3 instruments: at most 1,800 diffs, and the crowd trades.
    assertTrue(diffs > 1_000 && diffs <= 1_800, "diffs " + diffs);
    assertTrue(trades > 100, "trades " + trades);
  }

  private static List<MarketEvent> drain(SyntheticEventSource s) {
    List<MarketEvent> out = new ArrayList<>();
    for (MarketEvent e = s.next(); e != null; e = s.next()) {
      MarketEvent copy = new MarketEvent();
      copy.copyFrom(e);
      out.add(copy);
    }
    return out;
  }
}
