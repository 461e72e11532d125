package com.marketmaker.core.engine;

import com.marketmaker.core.book.OrderBook;
import com.marketmaker.core.book.PriceLadderOrderBook;
import com.marketmaker.core.book.Side;
import com.marketmaker.core.feed.BookTicker;
import com.marketmaker.core.feed.CoinbaseMessage;
import com.marketmaker.core.feed.DepthUpdate;
import com.marketmaker.core.feed.KrakenBookMessage;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.signals.BookSignals;
import com.marketmaker.core.sync.BinanceBookSync;
import com.marketmaker.core.sync.BookSync;
import com.marketmaker.core.sync.CoinbaseBookSync;
import com.marketmaker.core.sync.KrakenBookSync;
import com.marketmaker.core.sync.KrakenChecksum;
import com.marketmaker.core.sync.SyncStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * An instrument's order book as the quoting engine keeps it: never journaled, rebuilt from a venue
 * snapshot after every start, recovery, reconnect or gap, through the sync state machine of the
 * venue ({@link #create} is the one factory by venue; each venue's sync is held by its own type).
 *
 * <ul>
 *   <li>Binance ({@link BinanceBookSync}): diffs carry update ids; snapshots come over REST ({@link
 *       #onSnapshot}). Each book ticker whose update id equals the final id of an applied diff must
 *       show the same best bid and ask, price and size, as the book at that id. Tickers arrive on
 *       their own stream, before or after the diff, so the tops of the last diffs and the tickers
 *       ahead of the book are both kept for a short while.
 *   <li>Kraken ({@link KrakenBookSync}): the snapshot comes on the stream ({@link
 *       #onStreamSnapshot}) and every checksummed diff is verified against the CRC32 of the book's
 *       top 10 levels; a mismatch is a gap (counted in {@link Status#checksumsFailed()}) and asks
 *       for a new snapshot. Kraken prints prices at the pair's {@code pair_decimals} and volumes
 *       with 8 decimals: the spec's tick must be {@code 10^-pair_decimals} and its lot no finer
 *       than {@code 10^-8}.
 *   <li>Coinbase ({@link CoinbaseBookSync}): the snapshot comes on the stream; a crossed book is a
 *       gap. Diffs and tickers carry the venue's time in microseconds instead of update ids; a
 *       ticker's best bid and ask must equal the book's after the last diff received before it
 *       whose time is at or before the ticker's (later-stamped diffs are not yet in the ticker).
 * </ul>
 */
public final class VenueBook {

  /** The checksum argument of a diff that carries none. */
  public static final long NO_CHECKSUM = -1;

  /** Decimals Kraken prints volumes with. */
  private static final int KRAKEN_VOLUME_DECIMALS = 8;

  /** Kraken's deepest book subscription; the book is trimmed to the depth its snapshot tells. */
  private static final int KRAKEN_MAX_DEPTH = 1000;

  private enum Protocol {
    BINANCE,
    KRAKEN,
    COINBASE
  }

  private final InstrumentSpec spec;
  private final Protocol protocol;
  private BookSync sync;
  // The venue's own sync, one of the three (the other two stay null); sync points to it.
  private BinanceBookSync binance;
  private KrakenBookSync kraken;
  private CoinbaseBookSync coinbase;
  private final TickerCheck tickers;
  private boolean snapshotRequested;
  private boolean retryPending;
  private boolean snapshotLoaded;
  private boolean stale;
  private long resyncs;

  // Kraken and Coinbase: the reused messages handed to their syncs.
  private final KrakenBookMessage krakenMessage = new KrakenBookMessage();
  private final CoinbaseMessage coinbaseMessage = new CoinbaseMessage();
  private KrakenChecksum krakenChecksum;

  private int krakenDepth;
  private long checksumsFailed;
  // Counters of Kraken syncs replaced because a snapshot announced another depth.
  private long carriedApplied;
  private long carriedGaps;
  private long carriedSnapshots;
  private long carriedVerified;
  // Diffs received while the book had no snapshot (a subscriber that joined mid-stream).
  private long diffsWithoutBook;

  private VenueBook(InstrumentSpec spec, Protocol protocol) {
    this.spec = spec;
    this.protocol = protocol;
    this.tickers = new TickerCheck(spec, protocol == Protocol.COINBASE);
  }

  /** Whether the venue's book protocol is one this class can follow. */
  public static boolean supports(Venue venue) {
    return venue == Venue.BINANCE
        || venue == Venue.BINANCE_USDM
        || venue == Venue.KRAKEN
        || venue == Venue.COINBASE;
  }

  /**
   * A book of the instrument, out of sync until its first snapshot.
   *
   * @throws IllegalArgumentException for a venue not {@link #supports supported}, or a Kraken spec
   *     finer than Kraken's wire precision
   */
  public static VenueBook create(InstrumentSpec spec) {
    Venue venue = spec.id().venue();
    switch (venue) {
      case BINANCE, BINANCE_USDM -> {
        BinanceBookSync.Rule rule =
            venue == Venue.BINANCE_USDM
                ? BinanceBookSync.Rule.USDM_FUTURES
                : BinanceBookSync.Rule.SPOT;
        VenueBook b = new VenueBook(spec, Protocol.BINANCE);
        b.binance = new BinanceBookSync(PriceLadderOrderBook.sizedByFirstPrice(), rule);
        b.sync = b.binance;
        return b;
      }
      case KRAKEN -> {
        VenueBook b = new VenueBook(spec, Protocol.KRAKEN);
        b.krakenChecksum = new KrakenChecksum(spec, spec.priceScale(), KRAKEN_VOLUME_DECIMALS);
        b.krakenDepth = KRAKEN_MAX_DEPTH;
        b.kraken =
            new KrakenBookSync(
                PriceLadderOrderBook.sizedByFirstPrice(), KRAKEN_MAX_DEPTH, b.krakenChecksum);
        b.sync = b.kraken;
        b.krakenMessage.spec = spec;
        return b;
      }
      case COINBASE -> {
        VenueBook b = new VenueBook(spec, Protocol.COINBASE);
        b.coinbase = new CoinbaseBookSync(PriceLadderOrderBook.sizedByFirstPrice());
        b.sync = b.coinbase;
        b.coinbaseMessage.spec = spec;
        return b;
      }
      default -> throw new IllegalArgumentException("no live book for venue " + venue);
    }
  }

  /** Whether snapshots come on the stream rather than over REST. */
  public boolean snapshotsOnStream() {
    return protocol != Protocol.BINANCE;
  }

  public OrderBook book() {
    return sync.book();
  }

  public SyncStatus status() {
    return sync.status();
  }

  /** A book that may be quoted from: in sequence and not silent. */
  public boolean trusted() {
    return sync.isLive() && !stale;
  }

  /**
   * Applies a diff without a checksum. Returns true when a (new) snapshot is needed: the book is
   * waiting for its first one, or the diff revealed a gap.
   */
  public boolean onDepth(DepthUpdate update) {
    return onDepth(update, NO_CHECKSUM);
  }

  /**
   * Applies a diff and, for Kraken, verifies the venue's {@code checksum} of the book after it.
   * Returns true when a (new) snapshot is needed.
   */
  public boolean onDepth(DepthUpdate update, long checksum) {
    stale = false;
    switch (protocol) {
      case BINANCE -> {
        BookSync.Outcome outcome = binance.onDepthUpdate(update);
        if (outcome == BookSync.Outcome.APPLIED) {
          tickers.onDiffApplied(update.finalUpdateId, sync.book());
        } else if (outcome == BookSync.Outcome.GAP) {
          snapshotRequested = false;
          snapshotLoaded = false;
          tickers.forgetTops();
        }
      }
      case KRAKEN -> {
        KrakenBookMessage m = krakenMessage;
        m.snapshot = false;
        m.asks.copyFrom(update.asks);
        m.bids.copyFrom(update.bids);
        m.republished = 0;
        m.checksum = checksum == NO_CHECKSUM ? KrakenBookMessage.NO_CHECKSUM : checksum;
        BookSync.Outcome outcome = kraken.onMessage(m);
        if (outcome == BookSync.Outcome.GAP) {
          checksumsFailed++;
        } else if (outcome == BookSync.Outcome.STALE) {
          diffsWithoutBook++;
        }
      }
      case COINBASE -> {
        CoinbaseMessage m = coinbaseMessage;
        m.bids.copyFrom(update.bids);
        m.asks.copyFrom(update.asks);
        m.timeMicros = update.finalUpdateId;
        BookSync.Outcome outcome = coinbase.onUpdate(m);
        if (outcome == BookSync.Outcome.APPLIED) {
          tickers.onDiffApplied(update.finalUpdateId, sync.book());
        } else if (outcome == BookSync.Outcome.GAP) {
          tickers.forgetTops();
        } else if (outcome == BookSync.Outcome.STALE) {
          diffsWithoutBook++;
        }
      }
    }
    return needsSnapshot();
  }

  /**
   * Whether a snapshot should be asked for now: none is being fetched, and the book either has none
   * or lost it to a gap. Binance: a loaded snapshot that is newer than the diffs received so far is
   * not replaced: it is the book (live once a diff older than it was seen), and the next newer diff
   * must bridge it. Kraken and Coinbase send a snapshot on every subscription by themselves, so a
   * book waiting for its first one asks only when diffs arrive without it (a subscriber that joined
   * an instrument already subscribed on this node).
   */
  public boolean needsSnapshot() {
    if (snapshotRequested || retryPending) {
      return false;
    }
    SyncStatus s = sync.status();
    if (protocol == Protocol.BINANCE) {
      return s == SyncStatus.GAP_NEEDS_SNAPSHOT || (s == SyncStatus.SYNCING && !snapshotLoaded);
    }
    return s == SyncStatus.GAP_NEEDS_SNAPSHOT || (s == SyncStatus.SYNCING && diffsWithoutBook > 0);
  }

  /** Marks a snapshot request as under way. */
  public void snapshotRequested() {
    snapshotRequested = true;
  }

  /**
   * The answer to venue's depth snapshot request arrived; true if the book still needs another one
   * (it was too old). For venues that send snapshots on the stream the book has taken (or will
   * take) the same snapshot in order from {@link #onStreamSnapshot}, so the answer only confirms
   * the request; the request counts as under way until that event arrives.
   */
  public boolean onSnapshot(DepthUpdate snapshot) {
    if (protocol != Protocol.BINANCE) {
      return false;
    }
    snapshotRequested = false;
    tickers.forgetTops();
    binance.onSnapshot(snapshot);
    snapshotLoaded = sync.status() != SyncStatus.GAP_NEEDS_SNAPSHOT;
    return !snapshotLoaded;
  }

  /**
   * A full book sent on the stream (Kraken, Coinbase): replaces the book. Returns true if the book
   * still needs another (a crossed Coinbase snapshot).
   *
   * @param depth levels per side the venue maintains (Kraken's subscribed depth), 0 if unbounded
   */
  public boolean onStreamSnapshot(DepthUpdate snapshot, int depth) {
    if (protocol == Protocol.BINANCE) {
      return onSnapshot(snapshot);
    }
    stale = false;
    snapshotRequested = false;
    diffsWithoutBook = 0;
    tickers.forgetTops();
    if (protocol == Protocol.KRAKEN) {
      if (depth > 0 && depth != krakenDepth) {
        rebuildKraken(depth);
      }
      KrakenBookMessage m = krakenMessage;
      m.snapshot = true;
      m.asks.copyFrom(snapshot.asks);
      m.bids.copyFrom(snapshot.bids);
      m.republished = 0;
      m.checksum = KrakenBookMessage.NO_CHECKSUM;
      kraken.onMessage(m);
    } else {
      CoinbaseMessage m = coinbaseMessage;
      m.bids.copyFrom(snapshot.bids);
      m.asks.copyFrom(snapshot.asks);
      m.timeMicros = 0;
      coinbase.onSnapshot(m);
    }
    snapshotLoaded = sync.isLive();
    return !snapshotLoaded;
  }

  private void rebuildKraken(int depth) {
    KrakenBookSync old = kraken;
    carriedApplied += old.appliedCount();
    carriedGaps += old.gapCount();
    carriedSnapshots += old.snapshotCount();
    carriedVerified += old.verifiedCount();
    krakenDepth = depth;
    kraken = new KrakenBookSync(PriceLadderOrderBook.sizedByFirstPrice(), depth, krakenChecksum);
    sync = kraken;
  }

  /** The snapshot request failed; a later diff or timer asks again. */
  public void onSnapshotFailed() {
    snapshotRequested = false;
    retryPending = true;
  }

  /**
   * The wait after a failed snapshot request is over: {@link #needsSnapshot()} may ask again. Until
   * then diffs do not trigger new requests (a failing venue is not asked again on every diff).
   */
  public void retryDue() {
    retryPending = false;
  }

  /** Diffs may have been lost upstream: forget the book until a new snapshot. */
  public void resync(String reason) {
    resyncs++;
    snapshotRequested = false;
    snapshotLoaded = false;
    diffsWithoutBook = 0;
    tickers.forgetAll();
    sync.invalidate("feed resync: " + reason);
  }

  public void onStale() {
    stale = true;
  }

  public void onTicker(BookTicker t) {
    switch (protocol) {
      case BINANCE -> tickers.onTicker(t, sync.isLive(), binance.lastUpdateId());
      case COINBASE -> tickers.onVenueTimedTicker(t, sync.isLive());
      case KRAKEN -> tickers.onIncomparableTicker();
    }
  }

  private long lastUpdateId() {
    return switch (protocol) {
      case BINANCE -> binance.lastUpdateId();
      case COINBASE -> coinbase.lastUpdateMicros();
      case KRAKEN -> DepthUpdate.NO_ID; // Kraken has no update ids; the checksum vouches instead
    };
  }

  private long verified() {
    return protocol == Protocol.KRAKEN ? carriedVerified + kraken.verifiedCount() : 0;
  }

  /**
   * What operators see of the book.
   *
   * @param lastUpdateId Binance: the last applied update id; Coinbase: the venue time (µs) of the
   *     last applied diff; Kraken: -1 (no ids)
   * @param tickersMatched venue tickers equal to the book's top as of the ticker (Binance: price
   *     and size at the same update id; Coinbase: prices, as of the ticker's venue time)
   * @param checksumsVerified Kraken diffs whose checksum matched the book after them
   * @param checksumsFailed Kraken diffs whose checksum did not match: each one a gap and a resync
   * @param signals market signals of the engine, when asked for
   */
  public record Status(
      String sync,
      boolean trusted,
      boolean stale,
      long lastUpdateId,
      String bestBid,
      String bestBidSize,
      String bestAsk,
      String bestAskSize,
      double mid,
      long spreadTicks,
      double imbalanceTop5,
      long diffsApplied,
      long gaps,
      long snapshots,
      long resyncs,
      long tickersMatched,
      long tickersMismatched,
      long tickersNotComparable,
      String lastGap,
      String lastMismatch,
      long checksumsVerified,
      long checksumsFailed,
      MarketSignals.Readout signals) {}

  /** The book's status, with the engine's {@code signals} (null for none). */
  public Status status(MarketSignals.Readout signals) {
    boolean includeSignals = signals != null;
    OrderBook b = sync.book();
    boolean twoSided = b.hasTwoSides();
    return new Status(
        sync.status().name(),
        trusted(),
        stale,
        lastUpdateId(),
        twoSided ? spec.ticksToPrice(b.bestBid()) : null,
        twoSided ? spec.lotsToSize(b.bestBidSize()) : null,
        twoSided ? spec.ticksToPrice(b.bestAsk()) : null,
        twoSided ? spec.lotsToSize(b.bestAskSize()) : null,
        twoSided && includeSignals ? BookSignals.mid(b) * spec.ticksToDouble(1) : Double.NaN,
        twoSided ? BookSignals.spread(b) : -1,
        twoSided && includeSignals ? BookSignals.imbalance(b, 5) : Double.NaN,
        carriedApplied + sync.appliedCount(),
        carriedGaps + sync.gapCount(),
        carriedSnapshots + sync.snapshotCount(),
        resyncs,
        tickers.matched(),
        tickers.mismatched(),
        tickers.notComparable(),
        sync.lastGapReason(),
        tickers.lastMismatch(),
        verified(),
        checksumsFailed,
        signals);
  }

  /** One price level as decimal text. */
  public record Level(String price, String size) {}

  /** The top {@code depth} levels of each side. */
  public record View(
      String sync, boolean trusted, long lastUpdateId, List<Level> bids, List<Level> asks) {}

  public View view(int depth) {
    OrderBook b = sync.book();
    return new View(
        sync.status().name(),
        trusted(),
        lastUpdateId(),
        levels(b, Side.BID, depth),
        levels(b, Side.ASK, depth));
  }

  private List<Level> levels(OrderBook b, Side side, int depth) {
    int n = Math.min(depth, b.levelCount(side));
    List<Level> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Level(spec.ticksToPrice(b.priceAt(side, i)), spec.lotsToSize(b.sizeAt(side, i))));
    }
    return out;
  }
}
