package com.marketmaker.actors;

import com.marketmaker.core.orders.OrderPlanner;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.core.orders.VenueRateLimits;
import java.time.Duration;
import java.util.List;

/**
 * Tuning of the instrument entities, from {@code market-maker.entity} and {@code
 * market-maker.orders}: journal snapshots, book snapshots, the order planner, order-rate limits
 * (none configured: each instrument's share of its venue account's limits), staleness, halts,
 * reconciliation retries, whether quotes are pulled when an instrument moves between nodes, and
 * whether ticks are quoted while the entity journals ({@link TicksBesideJournal}).
 */
public record EntitySettings(
    int snapshotEvery,
    int keepSnapshots,
    int bookSnapshotDepth,
    Duration snapshotRetry,
    OrderPlanner.Config planner,
    VenueRateLimits.Config rateLimits,
    Duration maxMarketDataAge,
    Duration haltCoolOff,
    Duration reconcileRetry,
    Duration inFlightWindow,
    boolean pullOnHandOff,
    Duration takeOverHold,
    boolean quoteBesideJournal) {
  public static EntitySettings fromConfig(com.typesafe.config.Config config) {
    var c = config.getConfig("market-maker.entity");
    var o = config.getConfig("market-maker.orders");
    OrderPlanner.Config planner =
        new OrderPlanner.Config(
            o.getLong("price-tolerance-ticks"),
            o.getDouble("price-tolerance-bps"),
            o.getLong("size-tolerance-lots"),
            o.getDuration("min-order-age").toNanos(),
            o.getDuration("max-order-age").toNanos(),
            // no ceiling of its own: every plan is checked against the instrument's position limit
            Long.MAX_VALUE,
            o.getDuration("cancel-retry").toNanos(),
            o.getDuration("acknowledgement-timeout").toNanos(),
            o.getBoolean("post-only") ? OrderType.LIMIT_MAKER : OrderType.LIMIT,
            TimeInForce.GTC);
    long window = o.getDuration("rate-window").toSeconds();
    // 0 orders per window: the venue's account limits, shared by the instruments on it.
    VenueRateLimits.Config limits =
        o.getLong("orders-per-window") <= 0
            ? null
            : new VenueRateLimits.Config(
                List.of(VenueRateLimits.Limit.perSeconds(o.getLong("orders-per-window"), window)),
                List.of(VenueRateLimits.Limit.perSeconds(o.getLong("cancels-per-window"), window)),
                0.5);
    return new EntitySettings(
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getInt("book-snapshot-depth"),
        c.getDuration("book-snapshot-retry"),
        planner,
        limits,
        o.getDuration("max-market-data-age"),
        o.getDuration("halt-cool-off"),
        o.getDuration("reconcile-retry"),
        o.getDuration("in-flight-window"),
        c.getBoolean("pull-on-handoff"),
        c.getDuration("takeover-hold"),
        c.getBoolean("quote-beside-journal"));
  }
}
