package com.marketmaker.simulator;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.simulator.replay.BookImage;

/**
 * A book the REST depth endpoint serves: a replayed capture's or a synthetic instrument's. Its
 * {@code lastUpdateId} is always consistent with the diffs the WebSocket side has sent or will
 * send.
 */
public interface DepthSource {

  InstrumentSpec spec();

  /** The current book, best {@code limit} levels per side. */
  BookImage current(int limit);

  /** An older image (for the stale-snapshot fault), or null when there is none. */
  BookImage stale(int limit);
}
