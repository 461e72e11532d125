package com.marketmaker.streams.binance;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Building one signed Binance spot request on the entity's thread, as the order gateway does before
 * handing it to Pekko HTTP: the parameters, the query string with timestamp and HMAC-SHA256
 * signature, the URI and the request with its API-key header. {@code place} is a new post-only
 * order (price and size formatted from ticks and lots), {@code cancel} a cancel by client order id.
 * In the package of the client to reach its package-private request builder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SignedRequestBenchmark {

  private ActorSystem<Void> system;
  private BinanceRestClient rest;
  private InstrumentSpec spec;
  private OrderRequest[] requests;
  private String path;
  private int next;

  @Setup
  public void setUp() {
    Config config =
        ConfigFactory.parseString("pekko.actor.provider = local")
            .withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "signed-request-bench", config);
    BinanceAccountSettings settings = BinanceAccountSettings.fromConfig(Venue.BINANCE, config);
    rest =
        new BinanceRestClient(
            system,
            settings,
            Optional.of(
                BinanceCredentials.of(
                    "bench-api-key-0123456789abcdef", "bench-secret-0123456789abcdef")),
            "");
    path = settings.apiPrefix() + "/order";
    spec = InstrumentSpec.of(new InstrumentId(Venue.BINANCE, "BTCUSDT"), "0.01", "0.00001");
    requests = new OrderRequest[1024];
    for (int i = 0; i < requests.length; i++) {
      requests[i] =
          new OrderRequest(
              spec.id(),
              "mm1a2b3c-" + (100_000 + i),
              i % 2 == 0 ? Side.BUY : Side.SELL,
              OrderType.LIMIT_MAKER,
              TimeInForce.GTC,
              6_500_000 + (i % 97),
              50 + (i % 13));
    }
  }

  @TearDown
  public void tearDown() {
    system.terminate();
  }

  @Benchmark
  public HttpRequest place() {
    OrderRequest r = requests[next++ & 1023];
    return rest.request(
        HttpMethods.POST,
        path,
        BinanceRestClient.Security.SIGNED,
        BinanceOrderGateway.placeParams(spec, r, true));
  }

  @Benchmark
  public HttpRequest cancel() {
    OrderRequest r = requests[next++ & 1023];
    Map<String, String> p = new LinkedHashMap<>();
    p.put("symbol", spec.id().symbol());
    p.put("origClientOrderId", r.clientOrderId());
    return rest.request(HttpMethods.DELETE, path, BinanceRestClient.Security.SIGNED, p);
  }
}
