package com.marketmaker.simulator;

import com.marketmaker.core.instrument.ContractType;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.sync.BinanceBookSync;
import java.util.Locale;
import java.util.Map;

/**
 * The two Binance market-data dialects the simulator speaks: spot ({@code /api/v3}) and USD-M
 * futures ({@code /fapi/v1}). Each differs in its REST prefix, depth limits and weights, the
 * sequencing rule of its diffs and how it prints decimals.
 */
public enum Dialect {
  SPOT("/api/v3", "spot_", Venue.BINANCE, BinanceBookSync.Rule.SPOT, 6000, 20),
  USDM("/fapi/v1", "usdm_", Venue.BINANCE_USDM, BinanceBookSync.Rule.USDM_FUTURES, 2400, 1);

  /** REST prefix, e.g. {@code /api/v3}. */
  public final String restPrefix;

  /** Prefix of the capture files, e.g. {@code spot_} in {@code spot_btcusdt_20240808.gz}. */
  public final String filePrefix;

  public final Venue venue;
  public final BinanceBookSync.Rule syncRule;

  /** Binance's default request-weight budget per minute. */
  public final int defaultWeightPerMinute;

  /** Weight of {@code exchangeInfo}. */
  public final int exchangeInfoWeight;

  Dialect(
      String restPrefix,
      String filePrefix,
      Venue venue,
      BinanceBookSync.Rule syncRule,
      int defaultWeightPerMinute,
      int exchangeInfoWeight) {
    this.restPrefix = restPrefix;
    this.filePrefix = filePrefix;
    this.venue = venue;
    this.syncRule = syncRule;
    this.defaultWeightPerMinute = defaultWeightPerMinute;
    this.exchangeInfoWeight = exchangeInfoWeight;
  }

  /** Default depth limit when {@code limit} is absent (spot 100, USD-M 500). */
  public int defaultDepthLimit() {
    return this == SPOT ? 100 : 500;
  }

  /**
   * Whether {@code limit} is accepted: spot takes 1..5000, USD-M only 5, 10, 20, 50, 100, 500 and
   * 1000 (Binance's documented values).
   */
  public boolean validDepthLimit(int limit) {
    if (this == SPOT) {
      return limit >= 1 && limit <= 5000;
    }
    return switch (limit) {
      case 5, 10, 20, 50, 100, 500, 1000 -> true;
      default -> false;
    };
  }

  /** Request weight of a depth request, by limit, as Binance documents it. */
  public int depthWeight(int limit) {
    if (this == SPOT) {
      if (limit <= 100) {
        return 5;
      }
      if (limit <= 500) {
        return 25;
      }
      if (limit <= 1000) {
        return 50;
      }
      return 250;
    }
    if (limit < 100) {
      return 2;
    }
    if (limit == 100) {
      return 5;
    }
    return limit == 500 ? 10 : 20;
  }

  /** The recorded depth stream name of {@code symbol}. */
  public String depthStream(String symbol) {
    return symbol.toLowerCase(Locale.ROOT) + (this == SPOT ? "@depth@100ms" : "@depth@0ms");
  }

  /**
   * The simulator's book spec of a replayed symbol. Spot sizes use the feed's 8-decimal precision
   * (book sizes aggregate orders placed under older, finer steps); the order lot is in {@link
   * SymbolFilters}.
   */
  public InstrumentSpec bookSpec(String symbol) {
    SymbolFilters f = filters(symbol);
    InstrumentId id = new InstrumentId(venue, symbol);
    if (this == SPOT) {
      return InstrumentSpec.of(id, f.tickSize(), "0.00000001", ContractType.SPOT, f.minNotional());
    }
    return InstrumentSpec.of(id, f.tickSize(), f.stepSize(), ContractType.LINEAR, f.minNotional());
  }

  /**
   * Decimal places of prices in REST answers: spot prints 8, USD-M its price precision (the places
   * of the tick as Binance writes it, {@code 0.10} → 2).
   */
  public int priceDisplayScale(InstrumentSpec spec) {
    return this == SPOT ? 8 : places(filters(spec.id().symbol()).tickSize());
  }

  /** Decimal places of quantities in REST answers: spot prints 8, USD-M its quantity precision. */
  public int sizeDisplayScale(InstrumentSpec spec) {
    return this == SPOT ? 8 : places(filters(spec.id().symbol()).stepSize());
  }

  /** Decimal places of prices on the wire for a symbol with filters {@code f}. */
  public int priceDisplayScale(SymbolFilters f) {
    return this == SPOT ? 8 : places(f.tickSize());
  }

  /** Decimal places of quantities on the wire for a symbol with filters {@code f}. */
  public int sizeDisplayScale(SymbolFilters f) {
    return this == SPOT ? 8 : places(f.stepSize());
  }

  private static int places(String decimal) {
    int dot = decimal.indexOf('.');
    return dot < 0 ? 0 : decimal.length() - dot - 1;
  }

  /** Exchange filters of a replayed symbol; throws for a symbol the simulator has no spec of. */
  public SymbolFilters filters(String symbol) {
    SymbolFilters f = (this == SPOT ? SymbolFilters.SPOT : SymbolFilters.USDM).get(symbol);
    if (f == null) {
      throw new IllegalArgumentException(
          "no exchange filters for " + this + " symbol " + symbol + "; known: " + known());
    }
    return f;
  }

  private Object known() {
    return (this == SPOT ? SymbolFilters.SPOT : SymbolFilters.USDM).keySet();
  }

  /**
   * The exchange filters served in {@code exchangeInfo}, as Binance listed them for these symbols
   * in 2024: spot tick 0.01 and step 0.00001 BTC / 0.0001 ETH with a 5 USDT notional; USD-M tick
   * 0.10 (BTC) / 0.01 (ETH), step 0.001, min notional 100 (BTC) / 20 (ETH) USDT.
   */
  public record SymbolFilters(
      String baseAsset,
      String quoteAsset,
      String tickSize,
      String stepSize,
      String minNotional,
      String minPrice,
      String maxPrice,
      String maxQty) {

    static final Map<String, SymbolFilters> SPOT =
        Map.of(
            "BTCUSDT",
                new SymbolFilters("BTC", "USDT", "0.01", "0.00001", "5", "0.01", "1000000", "9000"),
            "ETHUSDT",
                new SymbolFilters("ETH", "USDT", "0.01", "0.0001", "5", "0.01", "1000000", "9000"));
    static final Map<String, SymbolFilters> USDM =
        Map.of(
            "BTCUSDT",
                new SymbolFilters(
                    "BTC", "USDT", "0.10", "0.001", "100", "261.10", "809484", "1000"),
            "ETHUSDT",
                new SymbolFilters(
                    "ETH", "USDT", "0.01", "0.001", "20", "39.86", "306177", "10000"));
  }
}
