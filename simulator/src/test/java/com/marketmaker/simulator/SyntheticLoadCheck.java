package com.marketmaker.simulator;

import com.marketmaker.simulator.synthetic.ArrivalSpec;
import com.marketmaker.simulator.synthetic.FlowParameters;
import com.marketmaker.simulator.synthetic.SyntheticInstrument;
import com.marketmaker.testsupport.SharedData;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Load figure, run by hand (not a test): N synthetic spot instruments with the default flow, one
 * WebSocket client subscribed to every depth@100ms, bookTicker and trade stream (subscribed live,
 * at most 900 streams per connection), counting frames received for S seconds and the process CPU
 * time spent. Arguments: N S.
 */
final class SyntheticLoadCheck {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "load");
    double f = args.length > 2 ? Double.parseDouble(args[2]) : 1;
    FlowParameters d = FlowParameters.defaults();
    FlowParameters flow =
        d.withArrivals(
            ArrivalSpec.poisson(d.limitOrders().mu() * f),
            ArrivalSpec.poisson(d.marketOrders().mu() * f),
            ArrivalSpec.poisson(d.cancels().mu() * f));
    List<SyntheticInstrument> instruments =
        SyntheticInstrument.defaults(n).stream()
            .map(s -> new SyntheticInstrument(s.symbol(), s.filters(), s.initialPrice(), flow))
            .toList();
    ExchangeSettings ex =
        ExchangeSettings.defaults()
            .withInstruments(instruments, List.of())
            .withFlow(1, Duration.ofMillis(100), true);
    BinanceVenueSimulator sim =
        BinanceVenueSimulator.start(
            system,
            Settings.defaults(SharedData.dir()).withSymbols(List.of(), List.of()).withExchange(ex));
    List<String> streams = new ArrayList<>();
    for (SyntheticInstrument s : SyntheticInstrument.defaults(n)) {
      String l = s.symbol().toLowerCase();
      streams.add(l + "@depth@100ms");
      streams.add(l + "@bookTicker");
      streams.add(l + "@trade");
    }
    List<WsTestClient> clients = new ArrayList<>();
    for (int i = 0; i < streams.size(); i += 900) {
      WsTestClient c = WsTestClient.connect(system, "ws://127.0.0.1:" + sim.spotPort() + "/stream");
      List<String> part = streams.subList(i, Math.min(streams.size(), i + 900));
      for (int j = 0; j < part.size(); j += 150) {
        c.send(
            "{\"method\":\"SUBSCRIBE\",\"params\":[\""
                + String.join("\",\"", part.subList(j, Math.min(part.size(), j + 150)))
                + "\"],\"id\":"
                + j
                + "}");
      }
      clients.add(c);
    }
    Thread.sleep(5000); // warm-up
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    clients.forEach(c -> c.frames.clear());
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long received = 0;
    long end = t0 + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      Thread.sleep(200);
      for (WsTestClient c : clients) {
        received += c.frames.size();
        c.frames.clear();
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    var st = sim.synthetic(Dialect.SPOT).status();
    System.out.printf(
        "%d instruments, %.0f s: %d frames received = %.0f/s (%.1f per instrument per s);"
            + " process CPU %.2f cores (server and client in one JVM); late beats %d%n",
        n, wall, received, received / wall, received / wall / n, cpu / wall, st.lateBeats());
    sim.stop();
    system.terminate();
  }
}
