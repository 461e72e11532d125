package com.marketmaker.backtest.data;

import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A stream of recorded market events in the order they were received, read in constant memory:
 * {@link #next()} returns one reused {@link MarketEvent} at a time.
 */
public interface MarketEventSource extends Closeable {

  /**
   * The instruments of this source with their grids; {@link MarketEvent#instrument} indexes this
   * list.
   */
  List<InstrumentSpec> instruments();

  /**
   * The next event, or null at the end. The returned object is reused: it is valid until the next
   * call.
   *
   * @throws IOException when the data cannot be read or is not valid (the exception names the file
   *     and where)
   */
  MarketEvent next() throws IOException;

  /**
   * Reads the next event into {@code into}, an event object the caller owns (it keeps the event
   * until the caller reuses it); false at the end. The default copies {@link #next()}'s event.
   *
   * @throws IOException as {@link #next()}
   */
  default boolean next(MarketEvent into) throws IOException {
    MarketEvent e = next();
    if (e == null) {
      return false;
    }
    into.copyFrom(e);
    return true;
  }

  /**
   * After the end: whether the input stopped early and was cut to its last complete record (a
   * capture whose compressed data ends inside a member, as a recorder's unfinished file does).
   */
  default boolean truncated() {
    return false;
  }
}
