package com.marketmaker.backtest.data;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line format of cryptofeed's websocket captures: {@code <unix seconds with fraction>: <json>}
 * for a received message; the lines naming the connection ({@code <url> <-> <ts>}) and the messages
 * sent ({@code <url> <- <ts>: <json>}) start with the URL and are skipped. One capture holds the
 * messages of several instruments; the subclass decodes a message and fills the event of those
 * asked for.
 */
abstract class CryptofeedCaptureReader implements MarketEventSource {

  private final List<InstrumentSpec> instruments;
  private final Map<InstrumentId, Integer> indexes = new HashMap<>();
  private final Path file;
  private CaptureLines lines;
  private boolean done;
  private boolean truncated;

  /** The event the subclass fills. */
  final MarketEvent event = new MarketEvent();

  CryptofeedCaptureReader(Venue venue, List<InstrumentSpec> instruments, Path file) {
    if (instruments.isEmpty()) {
      throw new IllegalArgumentException("no instruments asked for from " + file);
    }
    for (InstrumentSpec s : instruments) {
      if (s.id().venue() != venue) {
        throw new IllegalArgumentException("not a " + venue + " instrument: " + s.id());
      }
      if (indexes.putIfAbsent(s.id(), indexes.size()) != null) {
        throw new IllegalArgumentException("instrument asked for twice: " + s.id());
      }
    }
    this.instruments = List.copyOf(instruments);
    this.file = file;
  }

  @Override
  public final List<InstrumentSpec> instruments() {
    return instruments;
  }

  /** The index of an instrument of this reader, or -1. */
  final int indexOf(InstrumentSpec spec) {
    Integer i = spec == null ? null : indexes.get(spec.id());
    return i == null ? -1 : i;
  }

  @Override
  public final MarketEvent next() throws IOException {
    if (done) {
      return null;
    }
    if (lines == null) {
      lines = CaptureLines.open(file);
    }
    CaptureLines l = lines;
    while (l.next()) {
      int start = l.start();
      int end = start + l.length();
      if (l.length() == 0 || l.buffer()[start] < '0' || l.buffer()[start] > '9') {
        continue; // blank, or the recorder's own lines (connection, sent messages)
      }
      int colon = l.indexOf((byte) ':', start);
      long nanos = colon < 0 ? -1 : l.parseSecondsAsNanos(colon);
      if (nanos < 0 || colon + 1 >= end || l.buffer()[colon + 1] != ' ') {
        throw l.error("not a '<seconds>: <json>' line: " + l.excerpt());
      }
      if (decode(l.buffer(), colon + 2, end - colon - 2, nanos)) {
        return event;
      }
    }
    truncated = l.truncated();
    done = true;
    l.close();
    return null;
  }

  /**
   * Decodes one received message; fills {@link #event} and returns true when it is an event of an
   * instrument asked for.
   *
   * @throws CaptureFormatException (through {@link #error}) when the message is refused
   */
  abstract boolean decode(byte[] buf, int off, int len, long receivedNanos) throws IOException;

  /** A failure at the current line. */
  final CaptureFormatException error(String reason) {
    return lines.error(reason);
  }

  @Override
  public final boolean truncated() {
    return truncated;
  }

  @Override
  public final void close() throws IOException {
    done = true;
    if (lines != null) {
      lines.close();
    }
  }
}
