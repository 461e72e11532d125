package com.marketmaker.http;

import com.marketmaker.actors.MakerGateway;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.SymbolProtocol.Accepted;
import com.marketmaker.actors.SymbolProtocol.Change;
import com.marketmaker.actors.SymbolProtocol.Command;
import com.marketmaker.actors.SymbolProtocol.Confirmation;
import com.marketmaker.actors.SymbolProtocol.Reason;
import com.marketmaker.actors.SymbolProtocol.Rejected;
import com.marketmaker.core.accounting.Performance;
import com.marketmaker.core.instrument.FixedPoint;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.TrackedOrder;
import com.marketmaker.core.strategy.MakerParameters;
import com.marketmaker.persistence.SymbolState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A stand-in for the instrument entities, answering the committed {@code SymbolEntity} protocol the
 * way the entity documents it: instruments that were started keep a grid, parameters, risk state,
 * working orders, fills and a scorecard computed by core's {@link Performance}; instruments that
 * were never started are refused as unknown. Tests script failures per instrument and command
 * (time-outs, refusals, replies of the wrong type) and read what was asked.
 */
final class ScriptedMakerGateway implements MakerGateway {

  static final String HOST = "pekko://market-maker@10.0.0.7:25520";

  /** One started instrument's state as the entity would hold it. */
  static final class Instrument {
    final InstrumentSpec spec;
    final MakerParameters parameters;
    volatile boolean making = true;
    volatile boolean halted;
    volatile String cause = "";
    volatile String reason = "";
    volatile String haltedBy = "";
    volatile long haltedAtMillis;
    volatile String pulled = "";
    volatile String quoting = "QUOTING";
    volatile boolean reconciled = true;
    final List<TrackedOrder> working = new CopyOnWriteArrayList<>();
    final List<OwnTrade> fills = new CopyOnWriteArrayList<>(); // oldest first, as booked
    volatile Performance.Report performance;

    Instrument(InstrumentSpec spec, MakerParameters parameters) {
      this.spec = spec;
      this.parameters = parameters;
    }
  }

  private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
  private final TreeSet<String> running = new TreeSet<>();
  private final Map<String, Integer> timeouts = new ConcurrentHashMap<>();
  private final Map<String, Confirmation> scripted = new ConcurrentHashMap<>();
  private final Set<String> hanging = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
  final List<Command> commands = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Executor replyExecutor; // null: answer at once
  private volatile int nodesAsked = 1;
  private volatile int nodesUnavailable;
  private volatile RuntimeException listingFailure;
  private final ActorRef<Confirmation> nobody;

  /**
   * @param nobody a reply address for building commands; answers come back through the future
   */
  ScriptedMakerGateway(ActorRef<Confirmation> nobody) {
    this.nobody = nobody;
  }

  // ---------------------------------------------------------------- scripting

  /** Starts an instrument as if a start had been journaled long ago; it is running. */
  synchronized Instrument started(String id, String tickSize, String lotSize) {
    InstrumentSpec spec = InstrumentSpec.of(InstrumentId.parse(id), tickSize, lotSize);
    Instrument i =
        new Instrument(
            spec,
            new MakerParameters(
                0.1, 60, 1, 50, spec.sizeToLots(lotSize) * 100, spec.sizeToLots(lotSize) * 5000));
    instruments.put(id, i);
    running.add(id);
    return i;
  }

  /** An entity that is running but was never started (e.g. woken by a status query). */
  synchronized void runningButNeverStarted(String id) {
    running.add(id);
  }

  /** The next {@code times} asks of {@code command} to {@code id} time out. */
  void timeOut(String id, Class<? extends Command> command, int times) {
    timeouts.put(key(id, command), times);
  }

  /** Asks of {@code command} to {@code id} are never answered (nor timed out). */
  void hang(String id, Class<? extends Command> command) {
    hanging.add(key(id, command));
  }

  /** Every ask of {@code command} to {@code id} is answered with {@code reply}. */
  void answer(String id, Class<? extends Command> command, Confirmation reply) {
    scripted.put(key(id, command), reply);
  }

  /** Answers from another thread after {@code delayMillis}, so asks overlap. */
  void answerLater(long delayMillis) {
    replyExecutor = CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS);
  }

  void nodes(int asked, int unavailable) {
    nodesAsked = asked;
    nodesUnavailable = unavailable;
  }

  void failListing(RuntimeException failure) {
    listingFailure = failure;
  }

  int asked(String id, Class<? extends Command> command) {
    AtomicInteger n = asked.get(key(id, command));
    return n == null ? 0 : n.get();
  }

  int asked(Class<? extends Command> command) {
    int n = 0;
    for (Command c : commands) {
      n += command.isInstance(c) ? 1 : 0;
    }
    return n;
  }

  Instrument instrument(String id) {
    return instruments.get(id);
  }

  private static String key(String id, Class<? extends Command> command) {
    return id + "|" + command.getSimpleName();
  }

  // ---------------------------------------------------------------- the gateway

  @Override
  public synchronized CompletionStage<Running> runningInstruments() {
    if (listingFailure != null) {
      return CompletableFuture.failedFuture(listingFailure);
    }
    return CompletableFuture.completedFuture(
        new Running(List.copyOf(running), nodesAsked, nodesUnavailable));
  }

  @Override
  public CompletionStage<Confirmation> ask(
      InstrumentId instrument, Function<ActorRef<Confirmation>, Command> command) {
    Command c = command.apply(nobody);
    commands.add(c);
    String id = instrument.toString();
    String key = key(id, c.getClass());
    asked.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    CompletableFuture<Confirmation> reply = new CompletableFuture<>();
    if (hanging.contains(key)) {
      return reply;
    }
    Runnable answer =
        () -> {
          inFlight.decrementAndGet();
          Integer pending = timeouts.get(key);
          if (pending != null && pending > 0) {
            timeouts.put(key, pending - 1);
            reply.completeExceptionally(
                new TimeoutException("Ask timed out on [" + id + "] after [10000 ms]"));
            return;
          }
          try {
            reply.complete(handle(id, c));
          } catch (RuntimeException e) {
            reply.completeExceptionally(e);
          }
        };
    Executor executor = replyExecutor;
    if (executor == null) {
      answer.run();
    } else {
      executor.execute(answer);
    }
    return reply;
  }

  private Confirmation handle(String id, Command c) {
    Confirmation canned = scripted.get(key(id, c.getClass()));
    if (canned != null) {
      return canned;
    }
    Instrument i = instruments.get(id);
    if (c instanceof SymbolProtocol.Start s) {
      if (i == null) {
        i = new Instrument(s.spec(), s.parameters());
        instruments.put(id, i);
        synchronized (this) {
          running.add(id);
        }
        return new Accepted(Change.CHANGED, summary(id, i, s.requestedBy()));
      }
      return new Accepted(Change.UNCHANGED, summary(id, i, null));
    }
    if (i == null) {
      return new Rejected(
          Reason.UNKNOWN_INSTRUMENT, "instrument " + id + " has never been started");
    }
    if (c instanceof SymbolProtocol.GetStatus) {
      return new Accepted(Change.UNCHANGED, summary(id, i, null));
    }
    if (c instanceof SymbolProtocol.GetPerformance) {
      return new SymbolProtocol.PerformanceReport(id, i.performance, HOST);
    }
    if (c instanceof SymbolProtocol.GetOrders) {
      return new SymbolProtocol.OrdersReport(id, List.copyOf(i.working), i.reconciled, i.quoting);
    }
    if (c instanceof SymbolProtocol.GetFills f) {
      List<OwnTrade> newestFirst = new ArrayList<>();
      for (int k = i.fills.size() - 1; k >= 0 && newestFirst.size() < f.limit(); k--) {
        newestFirst.add(i.fills.get(k));
      }
      return new SymbolProtocol.FillsReport(id, newestFirst, i.fills.size());
    }
    if (c instanceof SymbolProtocol.GetRisk) {
      return risk(id, i);
    }
    if (c instanceof SymbolProtocol.Kill k) {
      synchronized (i) {
        if (i.halted) {
          return new Accepted(Change.UNCHANGED, summary(id, i, null));
        }
        i.halted = true;
        i.cause = "KILL_SWITCH";
        i.reason = k.reason();
        i.haltedBy = k.requestedBy();
        i.haltedAtMillis = System.currentTimeMillis();
        i.quoting = "HALTED";
        i.working.clear();
        return new Accepted(Change.CHANGED, summary(id, i, k.requestedBy()));
      }
    }
    if (c instanceof SymbolProtocol.ClearRisk cr) {
      synchronized (i) {
        if (!i.halted) {
          return new Accepted(Change.UNCHANGED, summary(id, i, null));
        }
        i.halted = false;
        i.cause = "";
        i.reason = "";
        i.haltedBy = "";
        i.haltedAtMillis = 0;
        i.quoting = "RECONCILING";
        return new Accepted(Change.CHANGED, summary(id, i, cr.requestedBy()));
      }
    }
    return new Rejected(Reason.INVALID, "not scripted: " + c.getClass().getSimpleName());
  }

  private static SymbolProtocol.RiskReport risk(String id, Instrument i) {
    synchronized (i) {
      return new SymbolProtocol.RiskReport(
          id, i.making, i.halted, i.cause, i.reason, i.haltedBy, i.haltedAtMillis, i.pulled);
    }
  }

  private static SymbolProtocol.Summary summary(String id, Instrument i, String changedBy) {
    InstrumentSpec spec = i.spec;
    return new SymbolProtocol.Summary(
        id,
        true,
        i.making,
        spec.tickSize(),
        spec.lotSize(),
        i.parameters,
        spec.lotsToSize(i.parameters.orderSizeLots()),
        spec.lotsToSize(i.parameters.maxPositionLots()),
        "0",
        0,
        FixedPoint.format(0, InstrumentSpec.CASH_SCALE),
        FixedPoint.format(0, InstrumentSpec.CASH_SCALE),
        0.0,
        0.0,
        "0",
        "0",
        i.fills.isEmpty() ? -1 : i.fills.get(i.fills.size() - 1).tradeId(),
        new SymbolState.Counters(1, 0, 0, i.fills.size()),
        changedBy,
        changedBy == null ? 0 : System.currentTimeMillis(),
        HOST,
        null,
        com.marketmaker.core.strategy.StrategyConfig.defaults(),
        false,
        "");
  }
}
