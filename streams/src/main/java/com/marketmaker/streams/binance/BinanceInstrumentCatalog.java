package com.marketmaker.streams.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.actors.venue.InstrumentCatalog;
import com.marketmaker.core.instrument.ContractType;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.VenueException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instrument specs from Binance exchange info ({@code GET /api/v3/exchangeInfo} spot, {@code GET
 * /fapi/v1/exchangeInfo} USD-M): tick size from {@code PRICE_FILTER.tickSize}, lot size from {@code
 * LOT_SIZE.stepSize}, minimum notional from {@code NOTIONAL.minNotional} or {@code
 * MIN_NOTIONAL.minNotional} (spot) / {@code MIN_NOTIONAL.notional} (USD-M); spot symbols are {@link
 * ContractType#SPOT}, USD-M contracts {@link ContractType#LINEAR}.
 *
 * <p>Without {@code symbols}, every symbol whose {@code status} is {@code TRADING} and whose
 * filters make a valid spec (a zero tick or step, which Binance uses to disable a rule, does not)
 * is returned; invalid entries are counted, logged and left out. With {@code symbols}, the stage
 * fails naming any that is unknown, not trading or invalid.
 */
public final class BinanceInstrumentCatalog implements InstrumentCatalog {

  private static final Logger log = LoggerFactory.getLogger(BinanceInstrumentCatalog.class);

  private final BinanceRestClient rest;
  private final Venue venue;
  private final AtomicLong rejectedSymbols = new AtomicLong();

  BinanceInstrumentCatalog(BinanceRestClient rest) {
    this.rest = rest;
    this.venue = rest.settings().venue();
  }

  /** A catalog with its own REST client (exchange info needs no credentials). */
  public static BinanceInstrumentCatalog create(
      ActorSystem<?> system, BinanceAccountSettings settings) {
    return new BinanceInstrumentCatalog(
        new BinanceRestClient(system, settings, Optional.empty(), "exchange info needs no key"));
  }

  /** Symbols of exchange-info answers that did not make a valid spec, since start. */
  public long rejectedSymbols() {
    return rejectedSymbols.get();
  }

  @Override
  public CompletionStage<List<InstrumentSpec>> specs(List<String> symbols) {
    String path = rest.settings().apiPrefix() + "/exchangeInfo";
    return rest.send(HttpMethods.GET, path, BinanceRestClient.Security.NONE, Map.of(), false)
        .thenApply(json -> select(json, symbols == null ? List.of() : symbols, "GET " + path));
  }

  private List<InstrumentSpec> select(JsonNode json, List<String> wanted, String endpoint) {
    JsonNode list = json.get("symbols");
    if (list == null || !list.isArray()) {
      throw rest.malformed(endpoint, 200, "no 'symbols' array");
    }
    Set<String> want = new LinkedHashSet<>(wanted);
    Map<String, InstrumentSpec> found = new LinkedHashMap<>();
    Map<String, String> refused = new LinkedHashMap<>();
    for (JsonNode s : list) {
      String symbol = s.path("symbol").asText("");
      if (!want.isEmpty() && !want.contains(symbol)) {
        continue;
      }
      try {
        found.put(symbol, spec(s));
      } catch (BinanceAnswers.Malformed | IllegalArgumentException e) {
        refused.put(symbol.isEmpty() ? "<no symbol>" : symbol, e.getMessage());
      }
    }
    if (!refused.isEmpty()) {
      rejectedSymbols.addAndGet(refused.size());
      log.warn("{} exchange info: {} symbols left out: {}", venue, refused.size(), refused);
    }
    if (want.isEmpty()) {
      return List.copyOf(found.values());
    }
    List<String> problems = new ArrayList<>();
    List<InstrumentSpec> out = new ArrayList<>();
    for (String symbol : want) {
      InstrumentSpec spec = found.get(symbol);
      if (spec != null) {
        out.add(spec);
      } else if (refused.containsKey(symbol)) {
        problems.add(symbol + ": " + refused.get(symbol));
      } else {
        problems.add(symbol + ": not listed");
      }
    }
    if (!problems.isEmpty()) {
      throw new VenueException(
          200, 0, venue + " exchange info has no usable spec for " + String.join("; ", problems));
    }
    return List.copyOf(out);
  }

  /** One exchange-info symbol as a spec, or Malformed naming what is wrong. */
  InstrumentSpec spec(JsonNode s) {
    String symbol = BinanceAnswers.text(s, "symbol");
    String status = BinanceAnswers.text(s, "status");
    if (!status.equals("TRADING")) {
      throw new BinanceAnswers.Malformed("status " + status + ", not TRADING");
    }
    JsonNode filters = s.get("filters");
    if (filters == null || !filters.isArray()) {
      throw new BinanceAnswers.Malformed("no 'filters' array");
    }
    String tick = null;
    String step = null;
    String minNotional = "0";
    for (JsonNode f : filters) {
      switch (f.path("filterType").asText("")) {
        case "PRICE_FILTER" -> tick = BinanceAnswers.text(f, "tickSize");
        case "LOT_SIZE" -> step = BinanceAnswers.text(f, "stepSize");
        case "NOTIONAL", "MIN_NOTIONAL" ->
            minNotional =
                f.has("minNotional")
                    ? BinanceAnswers.text(f, "minNotional")
                    : BinanceAnswers.text(f, "notional");
        default -> {
          // Other filters (PERCENT_PRICE, MAX_NUM_ORDERS, ...) do not shape the grid.
        }
      }
    }
    if (tick == null || step == null) {
      throw new BinanceAnswers.Malformed(
          "no " + (tick == null ? "PRICE_FILTER.tickSize" : "LOT_SIZE.stepSize"));
    }
    ContractType type;
    if (venue == Venue.BINANCE) {
      type = ContractType.SPOT;
    } else {
      String contract = BinanceAnswers.text(s, "contractType");
      if (contract.isEmpty()) {
        throw new BinanceAnswers.Malformed("empty contractType");
      }
      // Every USD-M contract (PERPETUAL, CURRENT_QUARTER, ...) is quote-margined: linear.
      type = ContractType.LINEAR;
    }
    try {
      return InstrumentSpec.of(new InstrumentId(venue, symbol), tick, step, type, minNotional);
    } catch (IllegalArgumentException e) {
      throw new BinanceAnswers.Malformed(
          "tickSize '"
              + tick
              + "', stepSize '"
              + step
              + "', min notional '"
              + minNotional
              + "': "
              + e.getMessage());
    }
  }
}
