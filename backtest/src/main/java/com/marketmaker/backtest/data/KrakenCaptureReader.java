package com.marketmaker.backtest.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.core.feed.KrakenBookMessage;
import com.marketmaker.core.feed.KrakenDecoder;
import com.marketmaker.core.feed.RejectReason;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Kraken websocket v1 {@code book} channel from a cryptofeed capture ({@code
 * KRAKEN.ws.*}), decoded by core's {@link KrakenDecoder}, for the instruments asked for: a book
 * snapshot becomes a {@link EventKind#STREAM_SNAPSHOT} with the subscribed depth (from the
 * subscription's {@code book-N} channel), an update a {@link EventKind#DEPTH} with Kraken's CRC32
 * checksum of the top 10 levels, so the book can be verified on replay.
 *
 * <p>An instrument's symbol is the Kraken pair with {@code -} for {@code /} ({@code XBT-CHF} for
 * {@code XBT/CHF}). Kraken prints prices at the pair's {@code pair_decimals} and volumes with 8
 * decimals: for the checksum to be verified by {@link com.marketmaker.core.engine.VenueBook} the
 * tick must be {@code 10^-pair_decimals} and the lot {@code 10^-8}. Messages of other pairs are
 * skipped; any other refused message fails the read with a {@link CaptureFormatException}.
 */
public final class KrakenCaptureReader extends CryptofeedCaptureReader {

  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, InstrumentSpec> byPair = new HashMap<>();
  private final KrakenDecoder decoder;
  private final int[] depths;

  /**
   * @param instruments the Kraken instruments to read, in the order of their indexes
   * @param file the capture
   */
  public KrakenCaptureReader(List<InstrumentSpec> instruments, Path file) {
    super(Venue.KRAKEN, instruments, file);
    for (InstrumentSpec s : instruments) {
      byPair.put(pairOf(s), s);
    }
    this.decoder = new KrakenDecoder(byPair::get);
    this.depths = new int[instruments.size()];
  }

  /** Kraken's name of the instrument's pair: {@code XBT/CHF} for symbol {@code XBT-CHF}. */
  public static String pairOf(InstrumentSpec spec) {
    String s = spec.id().symbol();
    return s.indexOf('/') >= 0 ? s : s.replace('-', '/');
  }

  @Override
  boolean decode(byte[] buf, int off, int len, long receivedNanos) throws IOException {
    switch (decoder.decode(buf, off, len)) {
      case BOOK -> {
        KrakenBookMessage m = decoder.book();
        int index = indexOf(m.spec);
        if (m.snapshot) {
          event.reset(EventKind.STREAM_SNAPSHOT, receivedNanos, index);
          event.bookDepth = depths[index];
        } else {
          event.reset(EventKind.DEPTH, receivedNanos, index);
          event.checksum =
              m.checksum == KrakenBookMessage.NO_CHECKSUM ? MarketEvent.NO_CHECKSUM : m.checksum;
        }
        event.depth.bids.copyFrom(m.bids);
        event.depth.asks.copyFrom(m.asks);
        return true;
      }
      case SUBSCRIBED -> {
        subscribed(buf, off, len);
        return false;
      }
      case IGNORED -> {
        return false;
      }
      default -> {
        if (decoder.rejections().lastReason() == RejectReason.UNKNOWN_INSTRUMENT) {
          return false; // a pair not asked for
        }
        throw error(
            "refused ("
                + decoder.rejections().lastReason()
                + "): "
                + decoder.rejections().lastDetail());
      }
    }
  }

  /** Remembers the depth of a book subscription: {@code "channelName":"book-N"}. */
  private void subscribed(byte[] buf, int off, int len) throws IOException {
    String pair = null;
    String channel = null;
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      p.nextToken();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_STRING && name.equals("pair")) {
          pair = p.getText();
        } else if (v == JsonToken.VALUE_STRING && name.equals("channelName")) {
          channel = p.getText();
        } else {
          p.skipChildren();
        }
      }
    }
    InstrumentSpec spec = byPair.get(pair);
    int dash = channel == null ? -1 : channel.indexOf('-');
    if (spec == null || dash < 0) {
      return;
    }
    try {
      depths[indexOf(spec)] = Integer.parseInt(channel.substring(dash + 1));
    } catch (NumberFormatException e) {
      throw error("subscription channel without a depth: " + channel);
    }
  }
}
