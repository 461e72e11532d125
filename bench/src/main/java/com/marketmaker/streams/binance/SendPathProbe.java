package com.marketmaker.streams.binance;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.simulator.BinanceVenueSimulator;
import com.marketmaker.simulator.Dialect;
import com.marketmaker.simulator.ExchangeSettings;
import com.marketmaker.simulator.Settings;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What sending a plan costs the instrument's thread: an actor on the default dispatcher, like an
 * instrument entity, cancels its two resting orders and places two new ones through the order
 * gateway every period, against the venue simulator on loopback, and records the thread's own CPU
 * time and the wall time of handing the four requests over (not of their answers, which come back
 * as messages). A load tool, not a test. Usage, from the repository root: {@code java -cp
 * bench/target/benchmarks.jar com.marketmaker.streams.binance.SendPathProbe [plans] [period-ms]}
 * (default 20,000 plans every 5 ms; the first quarter is warm-up).
 */
public final class SendPathProbe {

  private static final String KEY = "probeKey0123456789";
  private static final String SECRET = "probeSecret-0123456789abcdef";

  public static void main(String[] args) throws Exception {
    int plans = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    long periodMillis = args.length > 1 ? Long.parseLong(args[1]) : 5;
    Config base =
        ConfigFactory.parseString("pekko.actor.provider = local, pekko.loglevel = WARNING")
            .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "send-path-probe", base);
    List<SyntheticInstrument> synthetic = SyntheticInstrument.defaults(1);
    BinanceVenueSimulator sim =
        BinanceVenueSimulator.start(
            system,
            Settings.defaults(Path.of("../shared/data"))
                .withSymbols(List.of(), List.of())
                .withWeightPerMinute(10_000_000, 10_000_000)
                .withExchange(
                    ExchangeSettings.defaults()
                        .withAccounts(List.of(new ExchangeAccount("probe", KEY, SECRET)))
                        .withInstruments(synthetic, synthetic)
                        .withFlow(5, Duration.ofMillis(100), false)
                        .withOrderLimits(10_000_000, 10_000_000)));
    try {
      String host = "127.0.0.1:" + sim.port(Dialect.SPOT);
      Config node =
          ConfigFactory.parseString(
                  BinanceFeedSettings.configPath(Dialect.SPOT.venue)
                      + " { ws-url = \"ws://"
                      + host
                      + "\", rest-url = \"http://"
                      + host
                      + "\", order-rate-limits { 10s = 100000000, 1d = 1000000000 } }")
              .withFallback(base)
              .resolve();
      BinanceOrderGateway gateway =
          BinanceOrderGateway.create(
              system,
              BinanceAccountSettings.fromConfig(Dialect.SPOT.venue, node),
              Optional.of(BinanceCredentials.of(KEY, SECRET)));
      InstrumentSpec spec = synthetic.get(0).spec(Dialect.SPOT);
      long price = synthetic.get(0).initialTicks(Dialect.SPOT) * 9 / 10;
      Histogram cpu = new Histogram(3);
      Histogram wall = new Histogram(3);
      CompletableFuture<Void> done = new CompletableFuture<>();
      system.systemActorOf(
          Behaviors.<Object>setup(
              ctx -> {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                ctx.getSystem()
                    .scheduler()
                    .scheduleAtFixedRate(
                        Duration.ofMillis(100),
                        Duration.ofMillis(periodMillis),
                        () -> ctx.getSelf().tell("tick"),
                        ctx.getExecutionContext());
                List<String> resting = new ArrayList<>();
                int[] n = {0};
                return Behaviors.receiveMessage(
                    m -> {
                      if (!"tick".equals(m)) {
                        return Behaviors.same();
                      }
                      int i = n[0]++;
                      if (i == plans) {
                        done.complete(null);
                        return Behaviors.stopped();
                      }
                      List<OrderRequest> places = new ArrayList<>();
                      for (int k = 0; k < 2; k++) {
                        places.add(
                            new OrderRequest(
                                spec.id(),
                                "probe-" + i + "-" + k,
                                Side.BUY,
                                OrderType.LIMIT_MAKER,
                                TimeInForce.GTC,
                                price - (i % 50) - k,
                                1_000 + (i % 7)));
                      }
                      long cpu0 = threads.getCurrentThreadCpuTime();
                      long wall0 = System.nanoTime();
                      for (String id : resting) {
                        ctx.pipeToSelf(gateway.cancel(spec, id), (o, e) -> "answer");
                      }
                      for (OrderRequest r : places) {
                        ctx.pipeToSelf(gateway.place(spec, r), (o, e) -> "answer");
                      }
                      long wall1 = System.nanoTime();
                      long cpu1 = threads.getCurrentThreadCpuTime();
                      if (i >= plans / 4) {
                        cpu.recordValue((cpu1 - cpu0) / 1000);
                        wall.recordValue((wall1 - wall0) / 1000);
                      }
                      resting.clear();
                      for (OrderRequest r : places) {
                        resting.add(r.clientOrderId());
                      }
                      return Behaviors.same();
                    });
              }),
          "probe",
          org.apache.pekko.actor.typed.Props.empty());
      done.get(1, TimeUnit.HOURS);
      print("plan (2 cancels + 2 places) sent, CPU", cpu);
      print("plan sent, wall", wall);
    } finally {
      sim.stop();
      system.terminate();
    }
  }

  private static void print(String name, Histogram h) {
    System.out.printf(
        "%-22s n=%d p50=%d p90=%d p99=%d mean=%.1f µs%n",
        name,
        h.getTotalCount(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(99),
        h.getMean());
  }
}
