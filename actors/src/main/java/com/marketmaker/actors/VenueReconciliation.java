package com.marketmaker.actors;

import com.marketmaker.actors.SymbolProtocol.Command;
import com.marketmaker.actors.SymbolProtocol.Reconcile;
import com.marketmaker.actors.SymbolProtocol.ReconcileResult;
import com.marketmaker.core.orders.OrderLedger;
import com.marketmaker.core.orders.Reconciler;
import java.time.Duration;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Where the instrument stands with its venue: whether its ledger has been reconciled with the
 * venue's open orders and trades since it started making here (no order is sent before), whether a
 * reconciliation is under way, and whether the venue refuses order entry for it. Failed attempts
 * are retried on a timer; a refusal is asked again sixty times less often.
 */
final class VenueReconciliation {

  private static final int REFUSED_RETRY_FACTOR = 60;

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String instrument;
  private final Duration retry;
  private final Duration inFlight;
  private boolean reconciled;
  private boolean running;
  private String orderEntryRefused = "";

  VenueReconciliation(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String instrument,
      Duration retry,
      Duration inFlight) {
    this.context = context;
    this.timers = timers;
    this.instrument = instrument;
    this.retry = retry;
    this.inFlight = inFlight;
  }

  boolean reconciled() {
    return reconciled;
  }

  /** Why the venue refuses order entry for the instrument; empty when it does not. */
  String orderEntryRefused() {
    return orderEntryRefused;
  }

  /** Quoting must wait for a new reconciliation (start, a user-data gap). */
  void invalidate() {
    reconciled = false;
  }

  /** Forgets everything when quoting ends here. */
  void reset() {
    reconciled = false;
    running = false;
    timers.cancel(Reconcile.INSTANCE);
  }

  /** Marks a reconciliation as started; false when one is already under way. */
  boolean begin() {
    if (running) {
      return false;
    }
    running = true;
    return true;
  }

  /**
   * The venue's answer against the ledger. Null when the venue could not be asked or refused; the
   * next attempt is then scheduled.
   */
  Reconciler.Reconciliation onResult(ReconcileResult r, OrderLedger ledger, long nowNanos) {
    running = false;
    if (r.error() != null) {
      if (r.refused()) {
        // The venue will not trade this instrument for us (e.g. an unknown symbol): market data
        // only, and ask again rarely rather than every second.
        if (!r.error().equals(orderEntryRefused)) {
          context.getLog().warn("{}: no order entry: {}", instrument, r.error());
        }
        orderEntryRefused = r.error();
        timers.startSingleTimer(Reconcile.INSTANCE, retry.multipliedBy(REFUSED_RETRY_FACTOR));
      } else {
        context.getLog().warn("{}: reconciliation failed: {}", instrument, r.error());
        timers.startSingleTimer(Reconcile.INSTANCE, retry);
      }
      return null;
    }
    orderEntryRefused = "";
    return Reconciler.reconcile(
        ledger,
        r.openOrders(),
        r.trades(),
        r.complete(),
        nowNanos,
        r.askedNanos(),
        inFlight.toNanos());
  }

  /** After the reconciliation's event is journaled: quoting may start, or another round is due. */
  void completed(Reconciler.Reconciliation rec) {
    if (!rec.mayQuote()) {
      timers.startSingleTimer(Reconcile.INSTANCE, retry);
      return;
    }
    if (!reconciled) {
      context
          .getLog()
          .info(
              "{}: reconciled ({} missed fills, {} unknown orders cancelled)",
              instrument,
              rec.missedTrades().size(),
              rec.cancel().size());
    }
    reconciled = true;
  }
}
