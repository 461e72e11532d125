package com.marketmaker.actors.portfolio;

import com.marketmaker.actors.portfolio.PortfolioProtocol.InstrumentReport;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ReportAck;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ReportedFill;
import com.marketmaker.core.accounting.Position;
import com.marketmaker.core.instrument.AssetPair;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.persistence.SymbolState;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The instrument entity's side of the portfolio feed: builds the entity's report from its journaled
 * state, with the fills the portfolio has not acknowledged yet, and remembers the acknowledgement.
 * Nothing here is journaled: after a restart the entity sends its recent fills again and the
 * portfolio books each once by trade id; the position, P&amp;L and fees in every report are the
 * entity's own, so the portfolio converges on them whatever was lost in between.
 */
public final class PortfolioReporter {

  /** Quote-currency units of one at {@link InstrumentSpec#CASH_SCALE}. */
  private static final double CASH_UNITS = Math.pow(10, InstrumentSpec.CASH_SCALE);

  private final String instrument;
  private final PortfolioLink link;
  private long acknowledgedTradeId = -1;

  public PortfolioReporter(String instrument, PortfolioLink link) {
    this.instrument = instrument;
    this.link = link;
  }

  /**
   * Sends the report of {@code s} (unless the instrument was never started here), with the mid and
   * the running total of signed public flow of the instrument's live engine ({@code flowEpoch} 0
   * and NaN without one).
   */
  public void report(
      SymbolState s,
      double midPrice,
      long flowEpoch,
      double publicFlowQuote,
      long nowMillis,
      ActorRef<ReportAck> replyTo) {
    InstrumentSpec spec = s.spec();
    if (spec == null || link == PortfolioLink.NONE) {
      return;
    }
    AssetPair assets;
    try {
      assets = AssetPair.of(spec.id());
    } catch (IllegalArgumentException unknown) {
      assets = new AssetPair(spec.id().symbol(), "?");
    }
    Position p = s.position();
    double tick = spec.ticksToDouble(1);
    List<ReportedFill> fills = new ArrayList<>();
    for (OwnTrade t : s.trading().recentFills()) {
      if (t.tradeId() > acknowledgedTradeId) {
        fills.add(
            new ReportedFill(
                t.tradeId(),
                t.side(),
                spec.ticksToDouble(t.priceTicks()),
                spec.lotsToDouble(t.sizeLots()),
                t.fee() / CASH_UNITS,
                t.maker(),
                t.timeMillis()));
      }
    }
    InstrumentId id = spec.id();
    link.report(
        new InstrumentReport(
            instrument,
            id.venue().name(),
            assets.base(),
            assets.quote(),
            spec.lotsToDouble(p.inventoryLots()),
            p.inventoryLots() == 0 ? 0 : p.averageEntryTicks() * tick,
            p.realizedPnl(),
            p.fees() / CASH_UNITS,
            midPrice,
            flowEpoch,
            publicFlowQuote,
            p.fillCount(),
            fills,
            s.making(),
            nowMillis,
            replyTo));
  }

  /** The portfolio recorded a report. */
  public void acknowledged(ReportAck ack) {
    acknowledgedTradeId = Math.max(acknowledgedTradeId, ack.lastTradeId());
  }
}
