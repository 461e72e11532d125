package com.marketmaker.simulator.synthetic;

import com.marketmaker.core.instrument.ContractType;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.simulator.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An instrument that exists only in the simulator: its exchange filters (published in {@code
 * exchangeInfo} and enforced on orders), the fair price its flow starts from, and its flow.
 *
 * @param symbol upper-case Binance symbol, e.g. {@code SYN001USDT}
 * @param initialPrice the fair mid at the start, decimal text on the tick grid
 */
public record SyntheticInstrument(
    String symbol, Dialect.SymbolFilters filters, String initialPrice, FlowParameters flow) {

  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,20}");

  public SyntheticInstrument {
    if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
      throw new IllegalArgumentException(
          "synthetic symbol must be 2 to 20 upper-case letters or digits, got '" + symbol + "'");
    }
    if (filters == null || flow == null) {
      throw new IllegalArgumentException(symbol + ": filters and flow are required");
    }
    InstrumentSpec spec = spec(symbol, filters, Dialect.SPOT);
    long ticks;
    try {
      ticks = spec.priceToTicks(initialPrice);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          symbol
              + ": initial price '"
              + initialPrice
              + "' is not on the tick grid "
              + filters.tickSize(),
          e);
    }
    if (ticks < 100) {
      throw new IllegalArgumentException(symbol + ": initial price must be at least 100 ticks");
    }
  }

  /** The instrument spec the engine trades in (ticks, lots, minimum notional). */
  public InstrumentSpec spec(Dialect dialect) {
    return spec(symbol, filters, dialect);
  }

  private static InstrumentSpec spec(String symbol, Dialect.SymbolFilters f, Dialect dialect) {
    return InstrumentSpec.of(
        new InstrumentId(dialect.venue, symbol),
        f.tickSize(),
        f.stepSize(),
        dialect == Dialect.SPOT ? ContractType.SPOT : ContractType.LINEAR,
        f.minNotional());
  }

  /** The initial fair mid in ticks. */
  public long initialTicks(Dialect dialect) {
    return spec(dialect).priceToTicks(initialPrice);
  }

  /**
   * {@code n} instruments {@code SYN001USDT}, {@code SYN002USDT}, ... with tick 0.01, step 0.001,
   * minimum notional 5 USDT, starting at 100.00, with {@link FlowParameters#defaults()}.
   */
  public static List<SyntheticInstrument> defaults(int n) {
    if (n < 0 || n > 999) {
      throw new IllegalArgumentException("between 0 and 999 synthetic instruments, got " + n);
    }
    List<SyntheticInstrument> out = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      String base = String.format("SYN%03d", i);
      out.add(
          new SyntheticInstrument(
              base + "USDT",
              new Dialect.SymbolFilters(
                  base, "USDT", "0.01", "0.001", "5", "0.01", "1000000", "100000"),
              "100.00",
              FlowParameters.defaults()));
    }
    return out;
  }
}
