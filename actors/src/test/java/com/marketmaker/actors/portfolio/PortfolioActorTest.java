package com.marketmaker.actors.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.portfolio.PortfolioProtocol.CointegrationView;
import com.marketmaker.actors.portfolio.PortfolioProtocol.Command;
import com.marketmaker.actors.portfolio.PortfolioProtocol.InstrumentReport;
import com.marketmaker.actors.portfolio.PortfolioProtocol.Outcome;
import com.marketmaker.actors.portfolio.PortfolioProtocol.PlanView;
import com.marketmaker.actors.portfolio.PortfolioProtocol.PortfolioView;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ReportAck;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ReportedFill;
import com.marketmaker.actors.portfolio.PortfolioProtocol.RiskView;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.portfolio.book.Breach;
import com.marketmaker.core.portfolio.book.PairResult;
import com.marketmaker.core.portfolio.book.PortfolioLimits;
import com.marketmaker.core.portfolio.book.PositionView;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The portfolio actor with the in-memory journal, fed as the instrument entities feed it: fills
 * booked once however often they are reported, a pair cointegrated by construction found among
 * independent instruments, a limit breach pulling the quotes of the instruments it covers (and
 * cleared), a rebalance plan proposed and leaning the legs once confirmed, and everything back
 * after a restart.
 */
class PortfolioActorTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  String.join(
                      "\n",
                      "pekko.actor.provider = local",
                      "market-maker.portfolio.evaluate-every = 100ms",
                      "market-maker.portfolio.scan-every = 0s",
                      "market-maker.portfolio.checkpoint-every = 300ms"))
              .withFallback(EventSourcedBehaviorTestKit.config())
              .withFallback(ConfigFactory.load()));

  private static final ExecutorService MODELS = Executors.newSingleThreadExecutor();
  private static final long T0 = 1_700_000_000_000L;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
    MODELS.shutdownNow();
  }

  private static ActorRef<Command> portfolio(String name) {
    return testKit.spawn(
        PortfolioActor.create(
            PortfolioSettings.fromConfig(testKit.system().settings().config()),
            Clock.systemUTC(),
            MODELS),
        name);
  }

  private static InstrumentReport report(
      String instrument,
      double position,
      double mid,
      long at,
      List<ReportedFill> fills,
      ActorRef<ReportAck> replyTo) {
    String symbol = instrument.substring(instrument.indexOf(':') + 1);
    return new InstrumentReport(
        instrument,
        instrument.substring(0, instrument.indexOf(':')),
        symbol.replace("USDT", ""),
        "USDT",
        position,
        0,
        0,
        0,
        mid,
        0L,
        Double.NaN,
        fills.size(),
        fills,
        true,
        at,
        replyTo);
  }

  private static <T> T ask(
      ActorRef<Command> p, java.util.function.Function<ActorRef<T>, Command> m) {
    TestProbe<T> probe = testKit.createTestProbe();
    p.tell(m.apply(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  @Test
  void booksFillsOnceFindsThePairEnforcesLimitsPlansAndRecovers() {
    ActorRef<Command> p = portfolio("portfolio-1");
    TestProbe<ReportAck> acks = testKit.createTestProbe();
    String a = "BINANCE:AAAUSDT";
    String b = "BINANCE:BBBUSDT";
    String c = "BINANCE:CCCUSDT";

    // 600 one-second bars: B follows A (log spread an AR(1) with coefficient 0.9), C on its own.
    Random rnd = new Random(7);
    double la = Math.log(100);
    double lc = Math.log(50);
    double u = 0;
    for (int t = 0; t < 600; t++) {
      la += 0.001 * rnd.nextGaussian();
      lc += 0.001 * rnd.nextGaussian();
      u = 0.9 * u + 0.0005 * rnd.nextGaussian();
      long at = T0 + t * 1000L;
      List<ReportedFill> none = List.of();
      p.tell(report(a, 0, Math.exp(la), at, none, acks.getRef()));
      p.tell(report(b, 0, Math.exp(la + Math.log(2) + u), at, none, acks.getRef()));
      p.tell(report(c, 0, Math.exp(lc), at, none, acks.getRef()));
    }
    acks.receiveSeveralMessages(1800, Duration.ofSeconds(20));

    // Fills: A bought twice, B sold once; the second report repeats A's fills (a lost ack).
    List<ReportedFill> fillsA =
        List.of(
            new ReportedFill(11, Side.BUY, 100, 2, 0.02, true, T0),
            new ReportedFill(12, Side.BUY, 101, 1, 0.01, true, T0));
    List<ReportedFill> fillsB = List.of(new ReportedFill(7, Side.SELL, 200, 1.5, 0.03, true, T0));
    long end = T0 + 600_000;
    final double midC = Math.exp(lc);
    p.tell(report(a, 3, Math.exp(la), end, fillsA, acks.getRef()));
    assertEquals(12, acks.receiveMessage().lastTradeId());
    p.tell(report(a, 3, Math.exp(la), end, fillsA, acks.getRef()));
    acks.receiveMessage();
    p.tell(report(b, -1.5, Math.exp(la + Math.log(2) + u), end, fillsB, acks.getRef()));
    acks.receiveMessage();

    PortfolioView view = ask(p, PortfolioProtocol.GetPortfolio::new);
    assertEquals(3, view.totals().fillsBooked(), "each fill booked once");
    PositionView pa =
        view.positions().stream().filter(x -> x.instrument().equals(a)).findFirst().orElseThrow();
    assertEquals(3.0, pa.quantityBase(), 1e-12);
    assertEquals((2 * 100 + 101) / 3.0, pa.averagePrice(), 1e-9);
    assertTrue(view.divergences().isEmpty(), "reported positions agree: " + view.divergences());

    // The scan finds A-B and nothing with C.
    CointegrationView scan =
        awaitValue(
            () -> ask(p, PortfolioProtocol.GetCointegration::new),
            (CointegrationView v) -> v.scan() != null);
    List<PairResult> pairs = scan.scan().cointegratedPairs();
    assertEquals(1, pairs.size(), "pairs: " + pairs);
    assertTrue(List.of(pairs.get(0).x(), pairs.get(0).y()).containsAll(List.of(a, b)));

    // Risk is estimated; a gross exposure limit far below the book pulls every instrument.
    RiskView risk =
        awaitValue(() -> ask(p, PortfolioProtocol.GetRisk::new), (RiskView r) -> r.risk() != null);
    assertTrue(risk.risk().sufficientData(), "risk on 600 bars: " + risk.risk());
    Outcome set =
        ask(
            p,
            r ->
                new PortfolioProtocol.SetLimits(
                    new PortfolioLimits(
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        0,
                        Double.NaN,
                        Double.NaN,
                        10,
                        Double.NaN),
                    "risk-officer",
                    r));
    assertTrue(set.changed());
    RiskView breached =
        awaitValue(
            () -> ask(p, PortfolioProtocol.GetRisk::new), (RiskView r) -> !r.breaches().isEmpty());
    Breach gross = breached.breaches().get(0);
    assertEquals(Breach.Kind.GROSS_EXPOSURE, gross.kind());
    assertEquals(Breach.Action.PULL, gross.action());
    assertEquals("risk-officer", breached.limitsSetBy());
    ReportAck pulled =
        awaitValue(
            () -> {
              p.tell(report(c, 0, midC, end, List.of(), acks.getRef()));
              return acks.receiveMessage();
            },
            (ReportAck k) -> k.advice().pull());
    assertTrue(pulled.advice().reason().contains("GROSS_EXPOSURE"), pulled.toString());

    // Cleared: the instruments quote again until the next evaluation raises it again.
    Outcome cleared = ask(p, r -> new PortfolioProtocol.ClearBreaches("risk-officer", r));
    assertTrue(cleared.changed());
    ask(
        p,
        (ActorRef<Outcome> r) ->
            new PortfolioProtocol.SetLimits(PortfolioLimits.none(), "risk-officer", r));
    ReportAck free =
        awaitValue(
            () -> {
              p.tell(report(c, 0, midC, end, List.of(), acks.getRef()));
              return acks.receiveMessage();
            },
            (ReportAck k) -> !k.advice().pull());
    assertFalse(free.advice().pull());

    // A plan to flatten: A must sell 3, B buy 1.5; confirmed, A's quotes lean down, B's up.
    PlanView plan = ask(p, r -> new PortfolioProtocol.Rebalance("flat", "trader", r));
    assertTrue(plan.found(), plan.toString());
    assertEquals("PROPOSED", plan.status());
    assertTrue(
        plan.plan().expectedCostUsd() <= plan.plan().legsAloneCostUsd() + 1e-9, plan.toString());
    PlanView confirmed =
        ask(p, r -> new PortfolioProtocol.ConfirmPlan(plan.plan().id(), "trader", r));
    assertEquals("EXECUTING", confirmed.status());
    p.tell(report(a, 3, Math.exp(la), end, List.of(), acks.getRef()));
    ReportAck leanA = acks.receiveMessage();
    assertTrue(leanA.advice().skewBps() < 0, "A leans to sell: " + leanA);
    p.tell(report(b, -1.5, Math.exp(la + Math.log(2) + u), end, List.of(), acks.getRef()));
    ReportAck leanB = acks.receiveMessage();
    assertTrue(leanB.advice().skewBps() > 0, "B leans to buy: " + leanB);

    // A restart (the singleton moving) brings back the fills, limits and plans from the journal.
    // The marks and bars are not journaled but snapshotted at each checkpoint (every 300 ms here):
    // C, which has no fill, comes back from one, so one must have been taken since it reported.
    sleep(Duration.ofSeconds(2));
    testKit.stop(p);
    ActorRef<Command> again = portfolio("portfolio-2");
    PortfolioView recovered = ask(again, PortfolioProtocol.GetPortfolio::new);
    assertEquals(3, recovered.totals().fillsBooked());
    assertEquals(view.positions().size(), recovered.positions().size(), "instruments and marks");
    // The bars come back from the snapshot: the scan runs again on them.
    CointegrationView rescanned =
        awaitValue(
            () -> ask(again, PortfolioProtocol.GetCointegration::new),
            (CointegrationView v) -> v.scan() != null);
    assertEquals(1, rescanned.scan().cointegratedPairs().size());
    PlanView still = ask(again, r -> new PortfolioProtocol.GetPlan(plan.plan().id(), r));
    assertEquals("EXECUTING", still.status());
    assertNotNull(ask(again, PortfolioProtocol.GetRisk::new));
    testKit.stop(again);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static <T> T awaitValue(
      java.util.function.Supplier<T> sample, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T last = sample.get();
    while (!done.test(last) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      last = sample.get();
    }
    assertTrue(done.test(last), "not reached: " + last);
    return last;
  }

  @Test
  void divergenceIsShownWhenAFillNeverArrived() {
    ActorRef<Command> p = portfolio("portfolio-3");
    TestProbe<ReportAck> acks = testKit.createTestProbe();
    List<ReportedFill> none = new ArrayList<>();
    p.tell(report("BINANCE:DDDUSDT", 5, 10, T0, none, acks.getRef()));
    acks.receiveMessage();
    PortfolioView view = ask(p, PortfolioProtocol.GetPortfolio::new);
    assertEquals(1, view.divergences().size());
    assertEquals(5, view.divergences().get(0).reportedBase(), 1e-12);
    testKit.stop(p);
  }

  @Test
  void aPlanIsCostedWithTheCrossImpactEstimatedFromTheReportedFlow() {
    // Its own journal: only these three instruments are in the book.
    ActorRef<Command> p =
        testKit.spawn(
            PortfolioActor.create(
                PortfolioSettings.fromConfig(testKit.system().settings().config()),
                Clock.systemUTC(),
                MODELS,
                org.apache.pekko.persistence.typed.PersistenceId.ofUniqueId("portfolio-flows")),
            "portfolio-flows");
    TestProbe<ReportAck> acks = testKit.createTestProbe();
    String[] names = {"BINANCE:FLAUSDT", "BINANCE:FLBUSDT", "BINANCE:FLCUSDT"};
    // 300 one-second bars: each bar's returns are lambda times its signed flows plus noise, and
    // every report carries the entity's running total of flow (one engine: one epoch).
    double[][] lambda = {{2e-8, 1e-8, 0}, {1e-8, 3e-8, 0}, {0, 0, 2e-8}};
    Random rnd = new Random(21);
    double[] log = {Math.log(100), Math.log(20), Math.log(5)};
    double[] cumulative = new double[3];
    for (int t = 0; t <= 300; t++) {
      double[] q = new double[3];
      if (t > 0) {
        for (int j = 0; j < 3; j++) {
          q[j] = 50_000 * rnd.nextGaussian();
          cumulative[j] += q[j];
        }
        for (int i = 0; i < 3; i++) {
          double r = 1e-4 * rnd.nextGaussian();
          for (int j = 0; j < 3; j++) {
            r += lambda[i][j] * q[j];
          }
          log[i] += r;
        }
      }
      for (int i = 0; i < 3; i++) {
        p.tell(
            flowReport(
                names[i],
                0,
                Math.exp(log[i]),
                T0 + t * 1000L,
                42,
                cumulative[i],
                List.of(),
                acks.getRef()));
      }
    }
    acks.receiveSeveralMessages(903, Duration.ofSeconds(20));
    // A position in each, so that a flattening plan has three legs.
    long end = T0 + 301_000;
    for (int i = 0; i < 3; i++) {
      p.tell(
          flowReport(
              names[i],
              1,
              Math.exp(log[i]),
              end,
              42,
              cumulative[i],
              List.of(new ReportedFill(100 + i, Side.BUY, Math.exp(log[i]), 1, 0, true, end)),
              acks.getRef()));
      acks.receiveMessage();
    }
    PlanView plan = ask(p, r -> new PortfolioProtocol.Rebalance("flat", "trader", r));
    assertTrue(plan.found(), plan.toString());
    assertEquals(3, plan.plan().legs().size(), plan.toString());
    assertTrue(plan.plan().impactModel().startsWith("estimated from "), plan.plan().impactModel());
    // Confirmed, the legs lean to sell. A leg whose fills flatten it is done for good: buying
    // back afterwards (the instrument's own making) neither reopens it nor leans it again. Once
    // every leg is done the plan ends executed and the lean is off.
    assertEquals(
        "EXECUTING",
        ask(
                p,
                (ActorRef<PlanView> r) ->
                    new PortfolioProtocol.ConfirmPlan(plan.plan().id(), "trader", r))
            .status());
    p.tell(
        flowReport(
            names[0], 1, Math.exp(log[0]), end, 42, cumulative[0], List.of(), acks.getRef()));
    assertTrue(acks.receiveMessage().advice().skewBps() < 0, "the first leg leans to sell");
    p.tell(
        flowReport(
            names[0],
            0,
            Math.exp(log[0]),
            end + 1000,
            42,
            cumulative[0],
            List.of(new ReportedFill(300, Side.SELL, Math.exp(log[0]), 1, 0, true, end)),
            acks.getRef()));
    acks.receiveMessage();
    PlanView first =
        awaitValue(
            () ->
                ask(
                    p,
                    (ActorRef<PlanView> r) -> new PortfolioProtocol.GetPlan(plan.plan().id(), r)),
            (PlanView v) -> v.legsDone().contains(names[0]));
    assertEquals("EXECUTING", first.status(), first.toString());
    p.tell(
        flowReport(
            names[0],
            1,
            Math.exp(log[0]),
            end + 1500,
            42,
            cumulative[0],
            List.of(new ReportedFill(310, Side.BUY, Math.exp(log[0]), 1, 0, true, end)),
            acks.getRef()));
    acks.receiveMessage();
    // Evaluations run every 100 ms here: after several, the advice still has no lean for it.
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    p.tell(
        flowReport(
            names[0],
            1,
            Math.exp(log[0]),
            end + 1600,
            42,
            cumulative[0],
            List.of(),
            acks.getRef()));
    assertEquals(
        0.0, acks.receiveMessage().advice().skewBps(), 1e-12, "a done leg does not lean again");
    for (int i = 1; i < 3; i++) {
      p.tell(
          flowReport(
              names[i],
              0,
              Math.exp(log[i]),
              end + 2000,
              42,
              cumulative[i],
              List.of(new ReportedFill(300 + i, Side.SELL, Math.exp(log[i]), 1, 0, true, end)),
              acks.getRef()));
      acks.receiveMessage();
    }
    PlanView ended =
        awaitValue(
            () ->
                ask(
                    p,
                    (ActorRef<PlanView> r) -> new PortfolioProtocol.GetPlan(plan.plan().id(), r)),
            (PlanView v) -> "ENDED".equals(v.status()));
    assertEquals("executed", ended.outcome(), ended.toString());
    assertEquals(3, ended.legsDone().size(), ended.toString());
    p.tell(
        flowReport(
            names[1],
            0,
            Math.exp(log[1]),
            end + 3000,
            42,
            cumulative[1],
            List.of(),
            acks.getRef()));
    assertEquals(0.0, acks.receiveMessage().advice().skewBps(), 1e-12, "no lean once executed");
    testKit.stop(p);

    // The same marks without flow (no live feed): the plan falls back on the proxy, and says so.
    ActorRef<Command> q =
        testKit.spawn(
            PortfolioActor.create(
                PortfolioSettings.fromConfig(testKit.system().settings().config()),
                Clock.systemUTC(),
                MODELS,
                org.apache.pekko.persistence.typed.PersistenceId.ofUniqueId("portfolio-noflow")),
            "portfolio-noflow");
    for (int i = 0; i < 3; i++) {
      for (int t = 0; t < 100; t++) {
        q.tell(report(names[i], 0, 10 + 0.01 * t, T0 + t * 1000L, List.of(), acks.getRef()));
      }
      q.tell(
          report(
              names[i],
              1,
              11,
              T0 + 100_000,
              List.of(new ReportedFill(200 + i, Side.BUY, 11, 1, 0, true, T0 + 100_000)),
              acks.getRef()));
    }
    acks.receiveSeveralMessages(303, Duration.ofSeconds(20));
    PlanView proxy = ask(q, r -> new PortfolioProtocol.Rebalance("flat", "trader", r));
    assertTrue(proxy.found(), proxy.toString());
    assertTrue(proxy.plan().impactModel().startsWith("proxy: "), proxy.plan().impactModel());
    testKit.stop(q);
  }

  @Test
  void aLegIsDoneOnTheFillThatTakesItToItsTargetNotAtTheNextEvaluation() {
    // The models never evaluate within the test: whatever ends the plan happens on the fills.
    PortfolioSettings slow =
        PortfolioSettings.fromConfig(
            ConfigFactory.parseString("market-maker.portfolio.evaluate-every = 1h")
                .withFallback(testKit.system().settings().config()));
    ActorRef<Command> p =
        testKit.spawn(
            PortfolioActor.create(
                slow,
                Clock.systemUTC(),
                MODELS,
                org.apache.pekko.persistence.typed.PersistenceId.ofUniqueId("portfolio-legs")),
            "portfolio-legs");
    TestProbe<ReportAck> acks = testKit.createTestProbe();
    String[] names = {"BINANCE:LGAUSDT", "BINANCE:LGBUSDT"};
    long end = T0 + 60_000;
    for (int t = 0; t <= 60; t++) {
      for (int i = 0; i < 2; i++) {
        p.tell(report(names[i], 0, 100 + i + 0.01 * t, T0 + t * 1000L, List.of(), acks.getRef()));
      }
    }
    acks.receiveSeveralMessages(122, Duration.ofSeconds(20));
    // Long 2 of A and 1 of B: a flattening plan sells 2 of A and 1 of B.
    p.tell(
        report(
            names[0],
            2,
            100.6,
            end,
            List.of(new ReportedFill(1, Side.BUY, 100.6, 2, 0, true, end)),
            acks.getRef()));
    acks.receiveMessage();
    p.tell(
        report(
            names[1],
            1,
            101.6,
            end,
            List.of(new ReportedFill(2, Side.BUY, 101.6, 1, 0, true, end)),
            acks.getRef()));
    acks.receiveMessage();
    PlanView plan = ask(p, r -> new PortfolioProtocol.Rebalance("flat", "trader", r));
    assertTrue(plan.found(), plan.toString());
    assertEquals(2, plan.plan().legs().size(), plan.toString());
    ask(
        p,
        (ActorRef<PlanView> r) -> new PortfolioProtocol.ConfirmPlan(plan.plan().id(), "trader", r));
    p.tell(report(names[0], 2, 100.6, end + 100, List.of(), acks.getRef()));
    assertTrue(acks.receiveMessage().advice().skewBps() < 0, "A leans to sell");

    // Half of A's leg: not done, still leaning.
    p.tell(
        report(
            names[0],
            1,
            100.6,
            end + 200,
            List.of(new ReportedFill(3, Side.SELL, 100.6, 1, 0, true, end + 200)),
            acks.getRef()));
    acks.receiveMessage();
    PlanView half =
        ask(p, (ActorRef<PlanView> r) -> new PortfolioProtocol.GetPlan(plan.plan().id(), r));
    assertTrue(half.legsDone().isEmpty(), half.toString());
    p.tell(report(names[0], 1, 100.6, end + 300, List.of(), acks.getRef()));
    assertTrue(acks.receiveMessage().advice().skewBps() < 0, "half done: A still leans");

    // The rest of A: done on that fill, and its lean off at the next report.
    p.tell(
        report(
            names[0],
            0,
            100.6,
            end + 400,
            List.of(new ReportedFill(4, Side.SELL, 100.6, 1, 0, true, end + 400)),
            acks.getRef()));
    acks.receiveMessage();
    PlanView first =
        ask(p, (ActorRef<PlanView> r) -> new PortfolioProtocol.GetPlan(plan.plan().id(), r));
    assertEquals(List.of(names[0]), first.legsDone(), first.toString());
    assertEquals("EXECUTING", first.status(), first.toString());
    p.tell(report(names[0], 0, 100.6, end + 500, List.of(), acks.getRef()));
    assertEquals(0.0, acks.receiveMessage().advice().skewBps(), 1e-12, "A's leg is done");
    p.tell(report(names[1], 1, 101.6, end + 500, List.of(), acks.getRef()));
    assertTrue(acks.receiveMessage().advice().skewBps() < 0, "B still leans to sell");

    // B's fill ends the plan, executed, with no evaluation in between.
    p.tell(
        report(
            names[1],
            0,
            101.6,
            end + 600,
            List.of(new ReportedFill(5, Side.SELL, 101.6, 1, 0, true, end + 600)),
            acks.getRef()));
    acks.receiveMessage();
    PlanView ended =
        ask(p, (ActorRef<PlanView> r) -> new PortfolioProtocol.GetPlan(plan.plan().id(), r));
    assertEquals("ENDED", ended.status(), ended.toString());
    assertEquals("executed", ended.outcome(), ended.toString());
    p.tell(report(names[1], 0, 101.6, end + 700, List.of(), acks.getRef()));
    assertEquals(0.0, acks.receiveMessage().advice().skewBps(), 1e-12, "no lean once executed");
  }

  @Test
  void anExposureLimitActsOnTheFillsBetweenTheModelsEvaluations() {
    // The models evaluate once, when the limits are set, and not again within the test.
    PortfolioSettings slow =
        PortfolioSettings.fromConfig(
            ConfigFactory.parseString(
                    String.join(
                        "\n",
                        "market-maker.portfolio.evaluate-every = 1h",
                        "market-maker.portfolio.limit-check-every = 100ms"))
                .withFallback(testKit.system().settings().config()));
    ActorRef<Command> p =
        testKit.spawn(
            PortfolioActor.create(
                slow,
                Clock.systemUTC(),
                MODELS,
                org.apache.pekko.persistence.typed.PersistenceId.ofUniqueId("portfolio-exposure")),
            "portfolio-exposure");
    TestProbe<ReportAck> acks = testKit.createTestProbe();
    String a = "BINANCE:EXAUSDT";
    for (int t = 0; t <= 10; t++) {
      p.tell(report(a, 0, 100, T0 + t * 1000L, List.of(), acks.getRef()));
    }
    acks.receiveSeveralMessages(11, Duration.ofSeconds(20));
    // Gross exposure at most 1,000 USD: above it the quotes shrink, above 1,200 they are pulled.
    PortfolioLimits limits =
        new PortfolioLimits(
            Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, 1000, Double.NaN);
    assertTrue(
        ask(p, (ActorRef<Outcome> r) -> new PortfolioProtocol.SetLimits(limits, "risk-officer", r))
            .changed());
    RiskView evaluated =
        awaitValue(
            () -> ask(p, PortfolioProtocol.GetRisk::new),
            (RiskView r) -> r.evaluatedAtMillis() != 0);
    assertTrue(evaluated.breaches().isEmpty(), evaluated.toString());
    long end = T0 + 10_000;

    // Bought 11 at 100: 1,100 USD gross, the quotes shrink.
    p.tell(
        report(
            a,
            11,
            100,
            end,
            List.of(new ReportedFill(1, Side.BUY, 100, 11, 0, true, end)),
            acks.getRef()));
    acks.receiveMessage();
    ReportAck shrunk = awaitAdvice(p, a, 11, acks, k -> k.advice().sizeFactor() < 1);
    assertFalse(shrunk.advice().pull(), shrunk.toString());
    assertTrue(shrunk.advice().reason().contains("GROSS_EXPOSURE"), shrunk.toString());

    // Bought 3 more: 1,400 USD, pulled.
    p.tell(
        report(
            a,
            14,
            100,
            end + 100,
            List.of(new ReportedFill(2, Side.BUY, 100, 3, 0, true, end + 100)),
            acks.getRef()));
    acks.receiveMessage();
    awaitAdvice(p, a, 14, acks, k -> k.advice().pull());

    // Sold 10: 400 USD, within the limit, the quotes are the instrument's own again.
    p.tell(
        report(
            a,
            4,
            100,
            end + 200,
            List.of(new ReportedFill(3, Side.SELL, 100, 10, 0, true, end + 200)),
            acks.getRef()));
    acks.receiveMessage();
    awaitAdvice(p, a, 4, acks, k -> k.advice().isNone());
    RiskView last = ask(p, PortfolioProtocol.GetRisk::new);
    assertTrue(last.breaches().isEmpty(), last.toString());
    assertEquals(
        evaluated.evaluatedAtMillis(), last.evaluatedAtMillis(), "no evaluation in between");
    testKit.stop(p);
  }

  @Test
  void theRiskIsEstimatedAgainWhileAScanRuns() throws Exception {
    // The scans' thread holds its first scan until released, as a scan of tens of thousands of
    // pairs under its CPU share holds it for minutes.
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    ExecutorService scans =
        Executors.newSingleThreadExecutor(
            r ->
                new Thread(
                    () -> {
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                      }
                      r.run();
                    }));
    ActorRef<Command> p =
        testKit.spawn(
            PortfolioActor.create(
                PortfolioSettings.fromConfig(testKit.system().settings().config()),
                Clock.systemUTC(),
                MODELS,
                scans,
                org.apache.pekko.persistence.typed.PersistenceId.ofUniqueId("portfolio-scans")),
            "portfolio-scans");
    try {
      TestProbe<ReportAck> acks = testKit.createTestProbe();
      Random rnd = new Random(5);
      double lx = Math.log(100);
      double ly = Math.log(30);
      for (int t = 0; t < 60; t++) {
        lx += 0.001 * rnd.nextGaussian();
        ly += 0.001 * rnd.nextGaussian();
        p.tell(
            report("BINANCE:SCXUSDT", 0, Math.exp(lx), T0 + t * 1000L, List.of(), acks.getRef()));
        p.tell(
            report("BINANCE:SCYUSDT", 0, Math.exp(ly), T0 + t * 1000L, List.of(), acks.getRef()));
      }
      acks.receiveSeveralMessages(120, Duration.ofSeconds(20));
      long first =
          awaitValue(
                  () -> ask(p, PortfolioProtocol.GetRisk::new),
                  (RiskView r) -> r.evaluatedAtMillis() != 0)
              .evaluatedAtMillis();
      // Evaluations every 100 ms go on while the scan is held.
      RiskView later =
          awaitValue(
              () -> ask(p, PortfolioProtocol.GetRisk::new),
              (RiskView r) -> r.evaluatedAtMillis() > first + 500);
      assertTrue(later.risk() != null && later.error() == null, later.toString());
      assertNull(ask(p, PortfolioProtocol.GetCointegration::new).scan(), "the scan is held");
      release.countDown();
      CointegrationView scanned =
          awaitValue(
              () -> ask(p, PortfolioProtocol.GetCointegration::new),
              (CointegrationView v) -> v.scan() != null);
      assertEquals(2, scanned.scan().instruments().size(), scanned.toString());
    } finally {
      release.countDown();
      testKit.stop(p);
      scans.shutdownNow();
    }
  }

  /** Reports {@code instrument} without fills until its acknowledgement's advice is as wanted. */
  private static ReportAck awaitAdvice(
      ActorRef<Command> p,
      String instrument,
      double position,
      TestProbe<ReportAck> acks,
      java.util.function.Predicate<ReportAck> wanted) {
    return awaitValue(
        () -> {
          p.tell(report(instrument, position, 100, T0 + 20_000, List.of(), acks.getRef()));
          return acks.receiveMessage();
        },
        wanted);
  }

  private static InstrumentReport flowReport(
      String instrument,
      double position,
      double mid,
      long at,
      long epoch,
      double cumulativeFlow,
      List<ReportedFill> fills,
      ActorRef<ReportAck> replyTo) {
    InstrumentReport r = report(instrument, position, mid, at, fills, replyTo);
    return new InstrumentReport(
        r.instrument(),
        r.venue(),
        r.baseAsset(),
        r.quoteAsset(),
        r.positionBase(),
        r.averageEntryPrice(),
        r.realizedQuote(),
        r.feesQuote(),
        r.mid(),
        epoch,
        cumulativeFlow,
        r.fillsTotal(),
        r.fills(),
        r.making(),
        r.atMillis(),
        r.replyTo());
  }
}
