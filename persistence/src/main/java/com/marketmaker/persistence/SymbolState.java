package com.marketmaker.persistence;

import com.marketmaker.core.accounting.Fill;
import com.marketmaker.core.accounting.Position;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TradeIdWindow;
import com.marketmaker.core.strategy.MakerParameters;
import java.util.List;

/**
 * The durable state of one instrument, rebuilt from its events (and snapshots of this record).
 *
 * <p>Fills are booked exactly once by venue trade id. Venues number an instrument's trades in
 * increasing order, but a retried delivery can arrive late, so the state remembers the most recent
 * {@link #DEDUP_WINDOW} booked trade ids, not only the highest one.
 *
 * @param spec the instrument's grid; null until the first start
 * @param making whether quoting is on
 * @param parameters current strategy parameters; null until the first start
 * @param position inventory, cash, fees and P&amp;L
 * @param lastTradeId highest venue trade id booked, -1 before the first fill
 * @param recentTradeIds the last booked trade ids in ascending order, at most DEDUP_WINDOW
 * @param counters how often each kind of change happened
 * @param lastChangedBy the operator behind the latest start, stop or parameter change
 * @param lastChangeMillis time of the latest event
 * @param trading orders, exact P&amp;L, performance and risk halt of live trading
 */
public record SymbolState(
    InstrumentSpec spec,
    boolean making,
    MakerParameters parameters,
    Position position,
    long lastTradeId,
    List<Long> recentTradeIds,
    Counters counters,
    String lastChangedBy,
    long lastChangeMillis,
    TradingState trading)
    implements CborSerializable {

  /** How many recent trade ids are kept for de-duplication: the ledger's window. */
  public static final int DEDUP_WINDOW = TradeIdWindow.CAPACITY;

  public static final SymbolState EMPTY =
      new SymbolState(
          null,
          false,
          null,
          Position.FLAT,
          -1,
          List.of(),
          Counters.ZERO,
          null,
          0,
          TradingState.EMPTY);

  /** Event counts, for operators. */
  public record Counters(long starts, long stops, long parameterUpdates, long fills) {
    public static final Counters ZERO = new Counters(0, 0, 0, 0);
  }

  /** How a fill relates to what is already booked. */
  public enum FillCheck {
    NEW,
    DUPLICATE,
    /** Older than every remembered trade id: cannot be told apart from a duplicate. */
    BEYOND_DEDUP_WINDOW
  }

  public SymbolState {
    recentTradeIds = List.copyOf(recentTradeIds);
    trading = trading == null ? TradingState.EMPTY : trading;
  }

  /** Whether the instrument was ever started (an unknown instrument otherwise). */
  public boolean started() {
    return spec != null;
  }

  /** The one de-duplication rule of trade ids, {@link TradeIdWindow}'s, on the booked fills. */
  public FillCheck check(long tradeId) {
    return switch (new TradeIdWindow(recentTradeIds, lastTradeId).check(tradeId)) {
      case DUPLICATE -> FillCheck.DUPLICATE;
      case BEYOND_WINDOW -> FillCheck.BEYOND_DEDUP_WINDOW;
      case NEW -> FillCheck.NEW;
    };
  }

  /** The state after {@code event}. Pure: used by recovery as well as by live commands. */
  /**
   * A live order ledger kept in step with the state, so that applying an order event changes it in
   * place instead of restoring it from the state's orders (some hundreds of orders and trade ids)
   * before and after every event.
   */
  public interface LiveLedger {
    /** The live ledger holding exactly {@code orders}, or null if there is none. */
    OrderLedger of(OrderLedger.State orders);

    /** {@code ledger} now holds exactly {@code orders}; null forgets the live ledger. */
    void keep(OrderLedger ledger, OrderLedger.State orders);
  }

  /** A {@link LiveLedger} that keeps one ledger and the orders it holds. */
  public static final class KeptLedger implements LiveLedger {
    private OrderLedger ledger;
    private OrderLedger.State orders;

    @Override
    public OrderLedger of(OrderLedger.State of) {
      return ledger != null && orders == of ? ledger : null;
    }

    @Override
    public void keep(OrderLedger kept, OrderLedger.State of) {
      ledger = kept;
      orders = of;
    }

    /** The ledger kept last, whatever orders it holds, or null. */
    public OrderLedger last() {
      return ledger;
    }

    /** The ledger of {@code state}'s orders: the kept one, or one restored from the state. */
    public OrderLedger of(SymbolState state) {
      OrderLedger live = of(state.trading().orders());
      if (live == null) {
        live = state.trading().ledger(state.spec());
        keep(live, state.trading().orders());
      }
      return live;
    }
  }

  public SymbolState apply(SymbolEvent event) {
    return apply(event, null);
  }

  /**
   * As {@link #apply(SymbolEvent)}, keeping {@code live} (when not null) in step with the orders:
   * an order event is applied to its ledger in place.
   */
  public SymbolState apply(SymbolEvent event, LiveLedger live) {
    if (event instanceof SymbolEvent.MakingStarted e) {
      SymbolState started =
          new SymbolState(
              e.spec(),
              true,
              e.parameters(),
              position,
              lastTradeId,
              recentTradeIds,
              new Counters(
                  counters.starts() + 1,
                  counters.stops(),
                  counters.parameterUpdates(),
                  counters.fills()),
              e.requestedBy(),
              e.timestampMillis(),
              trading.started(e.strategy(), e.timestampMillis()));
      return started;
    } else if (event instanceof SymbolEvent.MakingStopped e) {
      return new SymbolState(
          spec,
          false,
          parameters,
          position,
          lastTradeId,
          recentTradeIds,
          new Counters(
              counters.starts(),
              counters.stops() + 1,
              counters.parameterUpdates(),
              counters.fills()),
          e.requestedBy(),
          e.timestampMillis(),
          trading);
    } else if (event instanceof SymbolEvent.ParametersUpdated e) {
      return new SymbolState(
          spec,
          making,
          e.parameters(),
          position,
          lastTradeId,
          recentTradeIds,
          new Counters(
              counters.starts(),
              counters.stops(),
              counters.parameterUpdates() + 1,
              counters.fills()),
          e.requestedBy(),
          e.timestampMillis(),
          e.strategy() == null ? trading : trading.withStrategy(e.strategy()));
    } else if (event instanceof SymbolEvent.FillBooked e) {
      // Entered by an operator: the ledger does not know it, so it joins the recent fills here.
      Fill fill = e.fill();
      SymbolState booked = withFill(fill, e.timestampMillis());
      return spec == null
          ? booked
          : booked.withTrading(
              booked.trading.withManualFill(
                  new OwnTrade(
                      spec.id(),
                      fill.tradeId(),
                      0,
                      "manual",
                      fill.side(),
                      fill.priceTicks(),
                      fill.sizeLots(),
                      fill.fee(),
                      false,
                      e.timestampMillis())),
              e.timestampMillis());
    } else if (event instanceof SymbolEvent.OrderEventJournaled e) {
      OrderLedger current = live == null ? null : live.of(trading.orders());
      TradingState.Applied applied;
      try {
        applied =
            trading.apply(
                e.event(),
                e.bidTicks(),
                e.askTicks(),
                spec,
                parameters.maxPositionLots(),
                making,
                current);
      } catch (RuntimeException failed) {
        if (live != null) {
          live.keep(null, null); // possibly changed half-way: restore it from the state next time
        }
        throw failed;
      }
      if (live != null) {
        live.keep(applied.ledger(), applied.state().orders());
      }
      SymbolState next = withTrading(applied.state(), e.timestampMillis());
      // Venue fills booked by the ledger move the position too (once: a trade id entered by an
      // operator before is already in the position).
      for (OwnTrade trade : applied.booked()) {
        next = next.bookIfNew(trade.toFill(), e.timestampMillis());
      }
      return next;
    } else if (event instanceof SymbolEvent.Halted e) {
      return withTrading(
          trading.halted(e.cause(), e.reason(), e.requestedBy(), e.timestampMillis()),
          e.timestampMillis());
    } else if (event instanceof SymbolEvent.HaltCleared e) {
      return withTrading(trading.cleared(), e.timestampMillis());
    } else if (event instanceof SymbolEvent.HandedOff e) {
      return withTrading(trading, e.timestampMillis());
    }
    throw new IllegalArgumentException("unknown event " + event.getClass().getName());
  }

  private SymbolState withTrading(TradingState t, long timestampMillis) {
    return new SymbolState(
        spec,
        making,
        parameters,
        position,
        lastTradeId,
        recentTradeIds,
        counters,
        lastChangedBy,
        timestampMillis,
        t);
  }

  /** A venue fill the ledger booked (it is among the recent fills already), once by trade id. */
  private SymbolState bookIfNew(Fill fill, long timestampMillis) {
    if (check(fill.tradeId()) != FillCheck.NEW) {
      return this;
    }
    return withFill(fill, timestampMillis);
  }

  /** The position and the trade-id window with {@code fill} booked. */
  private SymbolState withFill(Fill fill, long timestampMillis) {
    return new SymbolState(
        spec,
        making,
        parameters,
        position.apply(fill, spec),
        Math.max(lastTradeId, fill.tradeId()),
        remember(fill.tradeId()),
        new Counters(
            counters.starts(), counters.stops(), counters.parameterUpdates(), counters.fills() + 1),
        lastChangedBy,
        timestampMillis,
        trading);
  }

  private List<Long> remember(long tradeId) {
    TradeIdWindow window = new TradeIdWindow(recentTradeIds, lastTradeId);
    window.book(tradeId);
    return window.ids();
  }
}
