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
   * Whether this source can tell the receive time of its next event before decoding it ({@link
   * #hasNext()} and {@link #peekReceivedNanos()}). A merge of such sources decodes each event
   * straight into the caller's object instead of copying it from the source's own.
   */
  default boolean canPeek() {
    return false;
  }

  /**
   * Where {@link #canPeek()}: whether another event follows, reading ahead to its record without
   * decoding it.
   *
   * @throws IOException as {@link #next()}
   * @throws UnsupportedOperationException where the source cannot peek
   */
  default boolean hasNext() throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot peek");
  }

  /**
   * Where {@link #canPeek()} and {@link #hasNext()}: the receive time of the event the next read
   * returns, without reading it.
   *
   * @throws IOException as {@link #next()}
   * @throws UnsupportedOperationException where the source cannot peek
   * @throws java.util.NoSuchElementException at the end
   */
  default long peekReceivedNanos() throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot peek");
  }

  /**
   * After the end: whether the input stopped early and was cut to its last complete record (a
   * capture whose compressed data ends inside a member, as a recorder's unfinished file does).
   */
  default boolean truncated() {
    return false;
  }
}
