package com.marketmaker.core.portfolio.book;

import com.marketmaker.core.accounting.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The portfolio's positions across instruments and venues, booked from fills and valued at marks:
 * the deterministic state a portfolio actor journals its inputs into.
 *
 * <p>Mutability. The book is a mutable class, owned by one actor and not thread-safe: {@link
 * #apply} and {@link #mark} change it in place. {@link #copy()} returns an independent deep copy,
 * and {@link #snapshot()} returns the whole state as plain records ({@link BookSnapshot}) from
 * which {@link #restore} rebuilds an equal book; both are safe to hand to another thread. Maps are
 * sorted by instrument name, so every read-out is in a deterministic order, and nothing reads a
 * clock: given the same calls in the same order, two books are equal.
 *
 * <p>Exactly-once booking. Each instrument keeps a {@link TradeIdWindow} of its recent trade ids
 * (size a constructor parameter); {@link #apply} books a fill only if the window accepts its id.
 * The rule, including how ids older than the window are refused, is documented on {@link
 * TradeIdWindow}.
 *
 * <p>Accounting is average cost per instrument in the quote currency ({@link InstrumentLedger});
 * conversion to the reporting currency follows {@link ReportingCurrency}. Positions are valued at
 * the last mark, or at the last fill price before the first mark.
 */
public final class PortfolioBook {

  /** A trade-id window of 10,000 ids per instrument. */
  public static final int DEFAULT_TRADE_ID_WINDOW = 10_000;

  private final int tradeIdWindowSize;
  private final TreeMap<String, InstrumentLedger> ledgers = new TreeMap<>();
  private final TreeMap<String, BookSnapshot.Mark> marks = new TreeMap<>();
  private long fillsBooked;
  private long duplicatesRefused;

  /** An empty book with a trade-id window of {@value #DEFAULT_TRADE_ID_WINDOW} per instrument. */
  public PortfolioBook() {
    this(DEFAULT_TRADE_ID_WINDOW);
  }

  /**
   * An empty book.
   *
   * @param tradeIdWindowSize the number of recent trade ids kept per instrument, &ge; 1
   */
  public PortfolioBook(int tradeIdWindowSize) {
    if (tradeIdWindowSize < 1) {
      throw new IllegalArgumentException("trade-id window must be >= 1: " + tradeIdWindowSize);
    }
    this.tradeIdWindowSize = tradeIdWindowSize;
  }

  /**
   * Makes an instrument known before its first fill, so that it appears (flat) in the read-outs and
   * in the instrument lists of limit breaches. Registering again with the same data does nothing.
   *
   * @throws IllegalArgumentException on invalid data or data differing from the registered ones
   */
  public void register(String instrument, String venue, String baseAsset, String quoteAsset) {
    PortfolioFill probe =
        new PortfolioFill(instrument, venue, baseAsset, quoteAsset, 0, Side.BUY, 1, 1, 0, 0);
    ledgerFor(probe);
  }

  /**
   * Whether {@link #apply} would book a fill of {@code instrument} with {@code tradeId} (an unknown
   * instrument admits every id), without booking anything.
   */
  public boolean admits(String instrument, long tradeId) {
    InstrumentLedger l = ledgers.get(instrument);
    return l == null || l.window.admits(tradeId);
  }

  /**
   * Books a fill unless its trade id is refused.
   *
   * @return true when the fill was new and is booked; false when refused as a duplicate
   * @throws IllegalArgumentException when the fill's venue or assets differ from the instrument's
   */
  public boolean apply(PortfolioFill fill) {
    InstrumentLedger ledger = ledgerFor(fill);
    if (!ledger.window.accept(fill.tradeId())) {
      duplicatesRefused++;
      return false;
    }
    ledger.book(fill);
    fillsBooked++;
    return true;
  }

  /**
   * Records the mid of an instrument (any instrument, booked or not: marks of {@code <Q>USDT}
   * instruments also serve to convert quote currency Q). A mark older than the instrument's current
   * one is ignored; one at the same time replaces it.
   *
   * @param instrument {@code VENUE:SYMBOL}
   * @param mid the mid price, quote per base, finite and positive
   * @param timestampMillis the time of the mid, epoch milliseconds
   * @return true when the mark was recorded, false when it was older than the current one
   */
  public boolean mark(String instrument, double mid, long timestampMillis) {
    PortfolioFill.requireInstrument(instrument, null);
    if (!(mid > 0) || !Double.isFinite(mid)) {
      throw new IllegalArgumentException("mid must be finite and positive: " + mid);
    }
    BookSnapshot.Mark current = marks.get(instrument);
    if (current != null && timestampMillis < current.timestampMillis()) {
      return false;
    }
    marks.put(instrument, new BookSnapshot.Mark(instrument, mid, timestampMillis));
    return true;
  }

  /** The latest mark of an instrument, if any. */
  public Optional<BookSnapshot.Mark> lastMark(String instrument) {
    return Optional.ofNullable(marks.get(instrument));
  }

  /** The US-dollar value of one unit of {@code asset} under {@link ReportingCurrency}'s rule. */
  public double usdPerUnit(String asset) {
    return ReportingCurrency.usdPerUnit(asset, marks.values());
  }

  /** Every instrument with an account (booked or registered), sorted. */
  public List<String> instruments() {
    return List.copyOf(ledgers.keySet());
  }

  /** Every instrument's position, sorted by instrument. */
  public List<PositionView> positions() {
    Map<String, Double> rates = new HashMap<>();
    List<PositionView> out = new ArrayList<>(ledgers.size());
    for (InstrumentLedger l : ledgers.values()) {
      out.add(view(l, rates));
    }
    return out;
  }

  /**
   * One instrument's signed position in base units, 0 when none was booked: what {@link #position}
   * reports as {@code quantityBase}, without building the view.
   */
  public double positionBase(String instrument) {
    InstrumentLedger l = ledgers.get(instrument);
    return l == null ? 0 : l.positionBase;
  }

  /** One instrument's position, if it has an account. */
  public Optional<PositionView> position(String instrument) {
    InstrumentLedger l = ledgers.get(instrument);
    return l == null ? Optional.empty() : Optional.of(view(l, new HashMap<>()));
  }

  /**
   * The signed US-dollar notional of every converted instrument with a non-zero position, in
   * instrument order: the exposure vector of {@link PortfolioRisk}.
   */
  public Map<String, Double> notionalUsdByInstrument() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (PositionView p : positions()) {
      if (p.converted() && p.quantityBase() != 0) {
        out.put(p.instrument(), p.notionalUsd());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** Exposures by base asset, by venue and for the portfolio. */
  public Exposures exposures() {
    TreeMap<String, double[]> asset = new TreeMap<>();
    TreeMap<String, double[]> venue = new TreeMap<>();
    TreeMap<String, List<String>> assetInstruments = new TreeMap<>();
    TreeMap<String, List<String>> venueInstruments = new TreeMap<>();
    List<String> unconverted = new ArrayList<>();
    double gross = 0;
    double net = 0;
    for (PositionView p : positions()) {
      double[] a = asset.computeIfAbsent(p.baseAsset(), k -> new double[2]);
      double[] v = venue.computeIfAbsent(p.venue(), k -> new double[2]);
      assetInstruments.computeIfAbsent(p.baseAsset(), k -> new ArrayList<>()).add(p.instrument());
      venueInstruments.computeIfAbsent(p.venue(), k -> new ArrayList<>()).add(p.instrument());
      if (p.quantityBase() == 0) {
        continue;
      }
      if (!p.converted()) {
        unconverted.add(p.instrument());
        continue;
      }
      double n = p.notionalUsd();
      a[0] += n;
      a[1] += Math.abs(n);
      v[0] += n;
      v[1] += Math.abs(n);
      net += n;
      gross += Math.abs(n);
    }
    List<Exposures.AssetExposure> byAsset = new ArrayList<>();
    for (Map.Entry<String, double[]> e : asset.entrySet()) {
      byAsset.add(
          new Exposures.AssetExposure(
              e.getKey(), e.getValue()[0], e.getValue()[1], assetInstruments.get(e.getKey())));
    }
    List<Exposures.VenueExposure> byVenue = new ArrayList<>();
    for (Map.Entry<String, double[]> e : venue.entrySet()) {
      byVenue.add(
          new Exposures.VenueExposure(
              e.getKey(), e.getValue()[1], e.getValue()[0], venueInstruments.get(e.getKey())));
    }
    return new Exposures(byAsset, byVenue, gross, net, unconverted);
  }

  /** Portfolio P&amp;L totals and booking counters. */
  public BookTotals totals() {
    double realized = 0;
    double unrealized = 0;
    double fees = 0;
    List<String> unconverted = new ArrayList<>();
    for (PositionView p : positions()) {
      if (!p.converted()) {
        if (p.quantityBase() != 0 || p.realizedQuote() != 0 || p.feesQuote() != 0) {
          unconverted.add(p.instrument());
        }
        continue;
      }
      realized += p.realizedUsd();
      unrealized += p.unrealizedUsd();
      fees += p.feesUsd();
    }
    return new BookTotals(
        realized,
        unrealized,
        fees,
        realized + unrealized - fees,
        fillsBooked,
        duplicatesRefused,
        unconverted);
  }

  /** The number of fills booked. */
  public long fillsBooked() {
    return fillsBooked;
  }

  /** The number of fills refused by the trade-id rule. */
  public long duplicatesRefused() {
    return duplicatesRefused;
  }

  /** The per-instrument trade-id window size. */
  public int tradeIdWindowSize() {
    return tradeIdWindowSize;
  }

  /** An independent deep copy. */
  public PortfolioBook copy() {
    return restore(snapshot());
  }

  /** The whole state as plain records. */
  public BookSnapshot snapshot() {
    List<BookSnapshot.Ledger> ls = new ArrayList<>(ledgers.size());
    for (InstrumentLedger l : ledgers.values()) {
      ls.add(l.snapshot());
    }
    return new BookSnapshot(
        tradeIdWindowSize, ls, new ArrayList<>(marks.values()), fillsBooked, duplicatesRefused);
  }

  /** Rebuilds a book from {@link #snapshot()}'s output. */
  public static PortfolioBook restore(BookSnapshot s) {
    PortfolioBook b = new PortfolioBook(s.tradeIdWindowSize());
    for (BookSnapshot.Ledger l : s.ledgers()) {
      b.ledgers.put(l.instrument(), InstrumentLedger.restore(l, s.tradeIdWindowSize()));
    }
    for (BookSnapshot.Mark m : s.marks()) {
      b.marks.put(m.instrument(), m);
    }
    b.fillsBooked = s.fillsBooked();
    b.duplicatesRefused = s.duplicatesRefused();
    return b;
  }

  private InstrumentLedger ledgerFor(PortfolioFill fill) {
    InstrumentLedger l = ledgers.get(fill.instrument());
    if (l == null) {
      l =
          new InstrumentLedger(
              fill.instrument(),
              fill.venue(),
              fill.baseAsset(),
              fill.quoteAsset(),
              new TradeIdWindow(tradeIdWindowSize));
      ledgers.put(fill.instrument(), l);
    } else {
      l.requireSameStatic(fill);
    }
    return l;
  }

  private PositionView view(InstrumentLedger l, Map<String, Double> rates) {
    BookSnapshot.Mark m = marks.get(l.instrument);
    boolean marked = m != null;
    double price = marked ? m.mid() : l.lastFillPrice;
    long priceMillis = marked ? m.timestampMillis() : l.lastFillMillis;
    double q = l.positionBase;
    double notional = q == 0 ? 0 : q * price;
    double unrealized = q == 0 ? 0 : q * (price - l.averagePrice);
    double net = l.realizedQuote + unrealized - l.feesQuote;
    double rate = rates.computeIfAbsent(l.quoteAsset, this::usdPerUnit);
    boolean converted = !Double.isNaN(rate);
    return new PositionView(
        l.instrument,
        l.venue,
        l.baseAsset,
        l.quoteAsset,
        q,
        l.averagePrice,
        price,
        priceMillis,
        marked,
        notional,
        unrealized,
        l.realizedQuote,
        l.feesQuote,
        net,
        rate,
        converted,
        notional * rate,
        unrealized * rate,
        l.realizedQuote * rate,
        l.feesQuote * rate,
        net * rate,
        l.fillsBooked);
  }
}
