package com.marketmaker.core.portfolio.book;

/**
 * The running account of one instrument: signed position, average entry price, realized P&amp;L and
 * fees, in the instrument's quote currency, plus its trade-id window. Mutable; owned by one {@link
 * PortfolioBook}.
 *
 * <p>Average-cost accounting. A fill of signed quantity dq at price p on position q with average
 * entry price a:
 *
 * <ul>
 *   <li>q = 0 or dq in the direction of q: a' = (|q| a + |dq| p) / (|q| + |dq|), q' = q + dq;
 *   <li>dq against q: the closed quantity c = min(|q|, |dq|) realizes c (p − a) sign(q); q' = q +
 *       dq; a' = a while the position keeps its sign, p when it flips, 0 when it is flat.
 * </ul>
 *
 * A result within 1e-9 of the larger of |q| and |dq| of zero is snapped to flat, so that decimal
 * quantities that should cancel (0.1 + 0.2 − 0.3) leave no dust position.
 */
final class InstrumentLedger {

  static final double FLAT_TOLERANCE = 1e-9;

  final String instrument;
  final String venue;
  final String baseAsset;
  final String quoteAsset;
  final TradeIdWindow window;
  double positionBase;
  double averagePrice;
  double realizedQuote;
  double feesQuote;
  long fillsBooked;
  double lastFillPrice = Double.NaN;
  long lastFillMillis = -1;

  InstrumentLedger(
      String instrument, String venue, String baseAsset, String quoteAsset, TradeIdWindow window) {
    this.instrument = instrument;
    this.venue = venue;
    this.baseAsset = baseAsset;
    this.quoteAsset = quoteAsset;
    this.window = window;
  }

  /** Books the fill's quantity, price and fee (the trade id has already been accepted). */
  void book(PortfolioFill fill) {
    double dq = fill.signedQuantity();
    double p = fill.price();
    double q = positionBase;
    if (q == 0 || Math.signum(q) == Math.signum(dq)) {
      averagePrice = (Math.abs(q) * averagePrice + Math.abs(dq) * p) / (Math.abs(q) + Math.abs(dq));
      positionBase = q + dq;
    } else {
      double closed = Math.min(Math.abs(q), Math.abs(dq));
      realizedQuote += closed * (p - averagePrice) * Math.signum(q);
      double next = q + dq;
      if (Math.abs(next) <= FLAT_TOLERANCE * Math.max(Math.abs(q), Math.abs(dq))) {
        next = 0;
      }
      if (next == 0) {
        averagePrice = 0;
      } else if (Math.signum(next) != Math.signum(q)) {
        averagePrice = p;
      }
      positionBase = next;
    }
    feesQuote += fill.fee();
    fillsBooked++;
    lastFillPrice = p;
    lastFillMillis = fill.timestampMillis();
  }

  /** Whether this ledger's static data agree with the fill's. */
  void requireSameStatic(PortfolioFill fill) {
    if (!venue.equals(fill.venue())
        || !baseAsset.equals(fill.baseAsset())
        || !quoteAsset.equals(fill.quoteAsset())) {
      throw new IllegalArgumentException(
          "fill for "
              + instrument
              + " has venue/base/quote "
              + fill.venue()
              + "/"
              + fill.baseAsset()
              + "/"
              + fill.quoteAsset()
              + ", the book has "
              + venue
              + "/"
              + baseAsset
              + "/"
              + quoteAsset);
    }
  }

  InstrumentLedger copy() {
    InstrumentLedger c =
        new InstrumentLedger(instrument, venue, baseAsset, quoteAsset, window.copy());
    c.positionBase = positionBase;
    c.averagePrice = averagePrice;
    c.realizedQuote = realizedQuote;
    c.feesQuote = feesQuote;
    c.fillsBooked = fillsBooked;
    c.lastFillPrice = lastFillPrice;
    c.lastFillMillis = lastFillMillis;
    return c;
  }

  BookSnapshot.Ledger snapshot() {
    return new BookSnapshot.Ledger(
        instrument,
        venue,
        baseAsset,
        quoteAsset,
        positionBase,
        averagePrice,
        realizedQuote,
        feesQuote,
        fillsBooked,
        lastFillPrice,
        lastFillMillis,
        window.ids(),
        window.hasEvicted());
  }

  static InstrumentLedger restore(BookSnapshot.Ledger s, int windowSize) {
    InstrumentLedger l =
        new InstrumentLedger(
            s.instrument(),
            s.venue(),
            s.baseAsset(),
            s.quoteAsset(),
            TradeIdWindow.restore(windowSize, s.tradeIds(), s.windowEvicted()));
    l.positionBase = s.positionBase();
    l.averagePrice = s.averagePrice();
    l.realizedQuote = s.realizedQuote();
    l.feesQuote = s.feesQuote();
    l.fillsBooked = s.fillsBooked();
    l.lastFillPrice = s.lastFillPrice();
    l.lastFillMillis = s.lastFillMillis();
    return l;
  }
}
