package com.marketmaker.backtest.data;

import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.feed.RejectReason;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads one instrument's Binance capture: gzip (or plain) text of {@code <receive time, epoch ns>
 * <raw JSON>} lines as the shared recordings and the project's recorder write them, JSON being a
 * combined-stream message ({@code depthUpdate}, {@code trade}, {@code bookTicker}) or a REST depth
 * snapshot answer. Several files are read one after the other (a capture continued in later files).
 * Decoding is core's {@link BinanceDecoder} onto the instrument's grid, line by line in constant
 * memory.
 *
 * <p>Messages of other streams (aggTrade, kline...) and of other symbols are skipped and counted
 * ({@link #skipped()}); a REST snapshot names no symbol and is taken as the instrument's. Any other
 * message the decoder refuses fails the read with a {@link CaptureFormatException} naming the file
 * and line: a capture is never converted with holes. Every event has instrument index 0.
 */
public final class BinanceCaptureReader implements MarketEventSource {

  private final InstrumentSpec spec;
  private final List<Path> files;
  private final BinanceDecoder decoder;
  private final MarketEvent event = new MarketEvent();
  private int nextFile;
  private CaptureLines lines;
  private boolean truncated;
  private long skipped;

  /**
   * @param spec the instrument (venue {@code BINANCE} or {@code BINANCE_USDM}) and the grid its
   *     prices and sizes are decoded on
   * @param files the capture's files, in time order
   */
  public BinanceCaptureReader(InstrumentSpec spec, List<Path> files) {
    Venue venue = spec.id().venue();
    if (venue != Venue.BINANCE && venue != Venue.BINANCE_USDM) {
      throw new IllegalArgumentException("not a Binance instrument: " + spec.id());
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no capture files for " + spec.id());
    }
    this.spec = spec;
    this.files = List.copyOf(files);
    this.decoder = new BinanceDecoder(spec);
  }

  @Override
  public List<InstrumentSpec> instruments() {
    return List.of(spec);
  }

  @Override
  public MarketEvent next() throws IOException {
    while (true) {
      if (lines == null) {
        if (nextFile == files.size()) {
          return null;
        }
        lines = CaptureLines.open(files.get(nextFile++));
      }
      if (!lines.next()) {
        truncated |= lines.truncated();
        lines.close();
        lines = null;
        continue;
      }
      if (lines.length() == 0) {
        continue;
      }
      if (decodeLine()) {
        return event;
      }
    }
  }

  private boolean decodeLine() throws IOException {
    CaptureLines l = lines;
    int start = l.start();
    int end = start + l.length();
    int space = l.indexOf((byte) ' ', start);
    long nanos = space < 0 ? -1 : l.parseNanos(space);
    if (nanos < 0) {
      throw l.error("not a '<receive ns> <json>' line: " + l.excerpt());
    }
    BinanceDecoder.Kind kind = decoder.decode(l.buffer(), space + 1, end - space - 1);
    switch (kind) {
      case SNAPSHOT -> {
        event.reset(EventKind.SNAPSHOT, nanos, 0);
        MarketEvent.copyBook(decoder.depth(), event.depth);
      }
      case DEPTH_UPDATE -> {
        event.reset(EventKind.DEPTH, nanos, 0);
        MarketEvent.copyBook(decoder.depth(), event.depth);
      }
      case TRADE -> {
        event.reset(EventKind.TRADE, nanos, 0);
        MarketEvent.copyTrade(decoder.trade(), event.trade);
      }
      case BOOK_TICKER -> {
        event.reset(EventKind.BOOK_TICKER, nanos, 0);
        MarketEvent.copyTicker(decoder.bookTicker(), event.ticker);
      }
      case IGNORED -> {
        skipped++;
        return false;
      }
      case REJECTED -> {
        if (decoder.rejections().lastReason() == RejectReason.UNKNOWN_INSTRUMENT) {
          skipped++;
          return false;
        }
        throw l.error(
            "refused ("
                + decoder.rejections().lastReason()
                + "): "
                + decoder.rejections().lastDetail());
      }
    }
    return true;
  }

  /** Well-formed messages skipped: other streams and other symbols. */
  public long skipped() {
    return skipped;
  }

  @Override
  public boolean truncated() {
    return truncated;
  }

  @Override
  public void close() throws IOException {
    if (lines != null) {
      lines.close();
      lines = null;
    }
    nextFile = files.size();
  }
}
