package com.marketmaker.streams.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.actors.venue.OrderGateway;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import com.marketmaker.core.orders.OrderRequest;
import com.marketmaker.core.orders.OrderStatus;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.OwnTrade;
import com.marketmaker.core.orders.VenueException;
import com.marketmaker.core.orders.VenueOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;

/**
 * Order entry at Binance spot ({@code /api/v3}) or USD-M futures ({@code /fapi/v1}) over signed
 * REST requests (see {@link BinanceRestClient} for signing, clock offset, rate limits and error
 * mapping).
 *
 * <p>Orders go out with our {@code newClientOrderId}; a post-only quote is a spot {@code
 * LIMIT_MAKER} or a USD-M {@code LIMIT} with {@code timeInForce=GTX}. Prices and quantities are
 * rendered from ticks and lots with the instrument's grid, and every answer is read back onto that
 * grid: an answer off the grid, for another symbol or client order id, or not of the documented
 * shape fails the stage with a {@link VenueException} naming the field, and is counted.
 *
 * <p>Cancel-all: spot {@code DELETE /api/v3/openOrders} returns the cancelled orders (and answers
 * {@code -2011} when there were none, which completes with an empty list). USD-M {@code DELETE
 * /fapi/v1/allOpenOrders} returns only a code and message, so the gateway first fetches the open
 * orders and, once the venue confirms, completes with those orders marked {@code CANCELED}; a fill
 * that raced the cancel arrives on the user-data stream.
 *
 * <p>Trade history ({@code myTrades} / {@code userTrades}) carries no client order id: trades from
 * {@link #tradesSince} have an empty one and are matched by venue order id. Fees are converted to
 * the quote currency: a commission in the base asset is valued at the trade price; one in a third
 * asset (BNB) cannot be and is booked as 0 and counted.
 *
 * <p>Without credentials every method fails at once with a clear message; market data does not need
 * them.
 */
public final class BinanceOrderGateway implements OrderGateway {

  private final BinanceRestClient rest;
  private final BinanceAccountSettings settings;
  private final String prefix;

  BinanceOrderGateway(BinanceRestClient rest) {
    this.rest = rest;
    this.settings = rest.settings();
    this.prefix = settings.apiPrefix();
  }

  /** A gateway with its own REST client. */
  public static BinanceOrderGateway create(
      ActorSystem<?> system,
      BinanceAccountSettings settings,
      Optional<BinanceCredentials> credentials) {
    return new BinanceOrderGateway(
        new BinanceRestClient(
            system,
            settings,
            credentials,
            "no API credentials for "
                + settings.venue()
                + "; order entry is unavailable ("
                + BinanceCredentials.missingHint(settings.venue())
                + ")"));
  }

  public Venue venue() {
    return settings.venue();
  }

  /** Whether credentials are configured (without them every request is refused locally). */
  public boolean available() {
    return rest.hasCredentials();
  }

  /** A snapshot of the REST counters and latencies. */
  public AccountRestMetrics metrics() {
    return rest.metrics();
  }

  BinanceRestClient rest() {
    return rest;
  }

  private boolean spot() {
    return settings.venue() == Venue.BINANCE;
  }

  private void requireVenue(InstrumentSpec spec) {
    if (spec.id().venue() != settings.venue()) {
      throw new IllegalArgumentException(
          "instrument " + spec.id() + " is not on this gateway's venue " + settings.venue());
    }
  }

  @Override
  public CompletionStage<VenueOrder> place(InstrumentSpec spec, OrderRequest request) {
    requireVenue(spec);
    if (!request.instrument().equals(spec.id())) {
      throw new IllegalArgumentException(
          "order for " + request.instrument() + " placed with the spec of " + spec.id());
    }
    Map<String, String> p = placeParams(spec, request, spot());
    String path = prefix + "/order";
    return call(
        HttpMethods.POST,
        path,
        p,
        true,
        json -> {
          VenueOrder order = BinanceAnswers.order(spec, json, "clientOrderId");
          if (!order.clientOrderId().equals(request.clientOrderId())) {
            throw new BinanceAnswers.Malformed(
                "answer is for client order id '"
                    + BinanceAnswers.abbreviate(order.clientOrderId())
                    + "', not '"
                    + request.clientOrderId()
                    + "'");
          }
          return order;
        });
  }

  /** The parameters of a new order, in the order they are sent (spot or USD-M dialect). */
  static Map<String, String> placeParams(InstrumentSpec spec, OrderRequest request, boolean spot) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("symbol", spec.id().symbol());
    p.put("side", request.side().name());
    switch (request.type()) {
      case LIMIT_MAKER -> {
        if (spot) {
          p.put("type", "LIMIT_MAKER");
        } else {
          p.put("type", "LIMIT");
          p.put("timeInForce", "GTX");
        }
      }
      case LIMIT -> {
        p.put("type", "LIMIT");
        p.put("timeInForce", request.timeInForce().name());
      }
      case MARKET -> p.put("type", "MARKET");
    }
    p.put("quantity", spec.lotsToSize(request.sizeLots()));
    if (request.type() != OrderType.MARKET) {
      p.put("price", spec.ticksToPrice(request.priceTicks()));
    }
    p.put("newClientOrderId", request.clientOrderId());
    p.put("newOrderRespType", "RESULT");
    return p;
  }

  @Override
  public CompletionStage<VenueOrder> cancel(InstrumentSpec spec, String clientOrderId) {
    requireVenue(spec);
    if (!OrderRequest.validClientOrderId(clientOrderId)) {
      throw new IllegalArgumentException("invalid client order id '" + clientOrderId + "'");
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("symbol", spec.id().symbol());
    p.put("origClientOrderId", clientOrderId);
    String ourId = spot() ? "origClientOrderId" : "clientOrderId";
    return call(
        HttpMethods.DELETE,
        prefix + "/order",
        p,
        false,
        json -> {
          VenueOrder order = BinanceAnswers.order(spec, json, ourId);
          if (!order.clientOrderId().equals(clientOrderId)) {
            throw new BinanceAnswers.Malformed(
                "answer is for client order id '"
                    + BinanceAnswers.abbreviate(order.clientOrderId())
                    + "', not '"
                    + clientOrderId
                    + "'");
          }
          return order;
        });
  }

  @Override
  public CompletionStage<List<VenueOrder>> cancelAll(InstrumentSpec spec) {
    requireVenue(spec);
    Map<String, String> p = Map.of("symbol", spec.id().symbol());
    if (spot()) {
      CompletionStage<List<VenueOrder>> cancelled =
          call(
              HttpMethods.DELETE,
              prefix + "/openOrders",
              p,
              false,
              json -> spotCancelled(spec, json));
      return cancelled.exceptionallyCompose(
          error -> {
            Throwable cause = unwrap(error);
            // Binance spot answers "Unknown order sent." when there was nothing to cancel.
            if (cause instanceof VenueException v
                && v.kind() == VenueException.Kind.UNKNOWN_ORDER) {
              return CompletableFuture.completedFuture(List.of());
            }
            return CompletableFuture.failedFuture(cause);
          });
    }
    return openOrders(spec)
        .thenCompose(
            open ->
                call(
                    HttpMethods.DELETE,
                    prefix + "/allOpenOrders",
                    p,
                    false,
                    json -> {
                      JsonNode code = json.get("code");
                      if (code == null || !code.isIntegralNumber() || code.intValue() != 200) {
                        throw new BinanceAnswers.Malformed(
                            "expected {\"code\":200,...}, got "
                                + BinanceAnswers.abbreviate(json.toString()));
                      }
                      List<VenueOrder> out = new ArrayList<>(open.size());
                      for (VenueOrder o : open) {
                        out.add(
                            new VenueOrder(
                                o.instrument(),
                                o.clientOrderId(),
                                o.venueOrderId(),
                                o.side(),
                                o.type(),
                                o.priceTicks(),
                                o.sizeLots(),
                                o.executedLots(),
                                OrderStatus.CANCELED,
                                o.updateTimeMillis()));
                      }
                      return List.copyOf(out);
                    }));
  }

  private static List<VenueOrder> spotCancelled(InstrumentSpec spec, JsonNode json) {
    if (!json.isArray()) {
      throw new BinanceAnswers.Malformed("expected an array of cancelled orders");
    }
    List<VenueOrder> out = new ArrayList<>();
    for (JsonNode n : json) {
      JsonNode reports = n.get("orderReports");
      if (reports != null && reports.isArray()) {
        // An order list (OCO) cancelled as a whole: its legs are in orderReports.
        for (JsonNode leg : reports) {
          out.add(BinanceAnswers.order(spec, leg, "origClientOrderId"));
        }
      } else {
        out.add(BinanceAnswers.order(spec, n, "origClientOrderId"));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public CompletionStage<List<VenueOrder>> openOrders(InstrumentSpec spec) {
    requireVenue(spec);
    return call(
        HttpMethods.GET,
        prefix + "/openOrders",
        Map.of("symbol", spec.id().symbol()),
        false,
        json -> {
          if (!json.isArray()) {
            throw new BinanceAnswers.Malformed("expected an array of open orders");
          }
          List<VenueOrder> out = new ArrayList<>();
          for (JsonNode n : json) {
            out.add(BinanceAnswers.order(spec, n, "clientOrderId"));
          }
          return List.copyOf(out);
        });
  }

  @Override
  public CompletionStage<List<OwnTrade>> tradesSince(
      InstrumentSpec spec, long fromTradeId, int limit) {
    requireVenue(spec);
    if (fromTradeId < 0) {
      throw new IllegalArgumentException("fromTradeId must be >= 0, got " + fromTradeId);
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000 (Binance's range), got " + limit);
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("symbol", spec.id().symbol());
    p.put("fromId", Long.toString(fromTradeId));
    p.put("limit", Integer.toString(limit));
    String path = prefix + (spot() ? "/myTrades" : "/userTrades");
    return call(
        HttpMethods.GET,
        path,
        p,
        false,
        json -> {
          if (!json.isArray()) {
            throw new BinanceAnswers.Malformed("expected an array of trades");
          }
          List<OwnTrade> out = new ArrayList<>();
          for (JsonNode n : json) {
            OwnTrade t = trade(spec, n);
            if (t.tradeId() < fromTradeId) {
              throw new BinanceAnswers.Malformed(
                  "trade " + t.tradeId() + " is below the requested fromId " + fromTradeId);
            }
            out.add(t);
          }
          if (out.size() > limit) {
            throw new BinanceAnswers.Malformed(
                out.size() + " trades in the answer, more than the limit " + limit);
          }
          out.sort(Comparator.comparingLong(OwnTrade::tradeId));
          return List.copyOf(out);
        });
  }

  private OwnTrade trade(InstrumentSpec spec, JsonNode n) {
    if (!n.isObject()) {
      throw new BinanceAnswers.Malformed("trade is not a JSON object");
    }
    BinanceAnswers.requireSymbol(spec, n);
    long price = BinanceAnswers.price(spec, n, "price");
    Side side;
    boolean maker;
    if (spot()) {
      side = BinanceAnswers.bool(n, "isBuyer") ? Side.BUY : Side.SELL;
      maker = BinanceAnswers.bool(n, "isMaker");
    } else {
      side = BinanceAnswers.side(BinanceAnswers.text(n, "side"));
      if (BinanceAnswers.bool(n, "buyer") != (side == Side.BUY)) {
        throw new BinanceAnswers.Malformed("fields 'buyer' and 'side' disagree");
      }
      maker = BinanceAnswers.bool(n, "maker");
    }
    Long fee =
        BinanceAnswers.feeInQuote(
            spec,
            BinanceAnswers.text(n, "commission"),
            BinanceAnswers.optText(n, "commissionAsset", ""),
            price);
    if (fee == null) {
      rest.countFeeInOtherAsset();
      fee = 0L;
    }
    return BinanceAnswers.ownTrade(
        spec,
        BinanceAnswers.integer(n, "id"),
        BinanceAnswers.integer(n, "orderId"),
        "",
        side,
        price,
        BinanceAnswers.size(spec, n, "qty"),
        fee,
        maker,
        BinanceAnswers.integer(n, "time"));
  }

  /** Sends a signed request and reads its answer; shape errors become counted failures. */
  private <T> CompletionStage<T> call(
      HttpMethod method,
      String path,
      Map<String, String> params,
      boolean newOrder,
      Function<JsonNode, T> read) {
    String endpoint = method.name() + " " + path;
    return rest.send(method, path, BinanceRestClient.Security.SIGNED, params, newOrder)
        .thenApply(
            json -> {
              try {
                return read.apply(json);
              } catch (BinanceAnswers.Malformed e) {
                throw rest.malformed(endpoint, 200, e.getMessage());
              }
            });
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
