package com.marketmaker.bench;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.pricing.AvellanedaStoikov;
import com.marketmaker.core.pricing.GlftParameters;
import com.marketmaker.core.pricing.HjbParameters;
import com.marketmaker.core.pricing.HjbSolver;
import com.marketmaker.core.quote.AvellanedaStoikovModel;
import com.marketmaker.core.quote.BookPressure;
import com.marketmaker.core.quote.DepthTableModel;
import com.marketmaker.core.quote.GlftClosedFormModel;
import com.marketmaker.core.quote.ImbalanceSkew;
import com.marketmaker.core.quote.InventoryLean;
import com.marketmaker.core.quote.Ladder;
import com.marketmaker.core.quote.PositionLimit;
import com.marketmaker.core.quote.QuoteContext;
import com.marketmaker.core.quote.QuoteDecision;
import com.marketmaker.core.quote.QuotePolicy;
import com.marketmaker.core.quote.QuoteStep;
import com.marketmaker.core.quote.ReferencePrice;
import com.marketmaker.core.quote.SizeShaping;
import com.marketmaker.core.quote.SpreadLimits;
import com.marketmaker.core.quote.TradeFlowEmergency;
import com.marketmaker.core.quote.VpinGuard;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One full quote decision: context → base model → every adjuster and constraint → rounded, ladder
 * of orders with explanation. Contexts cycle through 1,024 pre-generated market states so the JIT
 * cannot fold the inputs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QuoteDecisionBenchmark {

  @Param({"glft-closed-form", "avellaneda-stoikov", "hjb-table"})
  public String model;

  @Param({"1", "5"})
  public int levels;

  private QuotePolicy policy;
  private QuoteContext[] contexts;
  private int next;

  @Setup
  public void setUp() {
    var spec = InstrumentSpec.of(InstrumentId.of("BINANCE", "BTCUSDT"), "0.01", "0.00001");
    var glft = new GlftParameters(0.05, 3.0, 2.0, 0.4, 0.05, 1, 50, 0.0);
    QuoteStep base =
        switch (model) {
          case "glft-closed-form" -> new GlftClosedFormModel(glft, ReferencePrice.MICRO_PRICE);
          case "avellaneda-stoikov" ->
              new AvellanedaStoikovModel(
                  new AvellanedaStoikov(0.05, 0.4, AvellanedaStoikov.Horizon.rolling(30)),
                  ReferencePrice.MICRO_PRICE);
          case "hjb-table" ->
              DepthTableModel.hjb(
                  HjbSolver.solve(HjbParameters.of(glft, -20, 200, 60, 600)),
                  0,
                  ReferencePrice.MICRO_PRICE);
          default -> throw new IllegalArgumentException(model);
        };
    policy =
        QuotePolicy.builder(base)
            .adjust(new InventoryLean(0, 0.1))
            .adjust(new BookPressure(new double[] {0.3, 0.7}, new double[] {1, 3}))
            .adjust(new TradeFlowEmergency(50, 2, 3))
            .adjust(new VpinGuard(0.5, 1.5, 0.9))
            .adjust(new ImbalanceSkew(1.5))
            .constrain(new SpreadLimits(2, 400))
            .constrain(new PositionLimit(40))
            .constrain(new SizeShaping(0.02))
            .baseSize(10)
            .ladder(new Ladder(levels, 2, 0.7, 1, 50))
            .build();
    var r = new SplittableRandom(42);
    contexts = new QuoteContext[1024];
    for (int i = 0; i < contexts.length; i++) {
      long bid = 6_000_000 + r.nextLong(0, 1000);
      long ask = bid + 1 + r.nextLong(0, 3);
      contexts[i] =
          new QuoteContext(
              spec,
              bid,
              ask,
              0.5 * (bid + ask),
              bid + r.nextDouble() * (ask - bid),
              bid + r.nextDouble() * (ask - bid),
              1 + r.nextDouble() * 10,
              r.nextDouble() * 2 - 1,
              r.nextDouble() * 0.8,
              (r.nextDouble() * 2 - 1) * 60,
              1 + r.nextDouble(),
              0.3 + r.nextDouble() * 0.2,
              1 + r.nextDouble(),
              0.3 + r.nextDouble() * 0.2,
              r.nextLong(-45, 46),
              r.nextDouble() * 60);
    }
  }

  @Benchmark
  public QuoteDecision decide() {
    QuoteContext c = contexts[next];
    next = (next + 1) & (contexts.length - 1);
    return policy.decide(c);
  }
}
