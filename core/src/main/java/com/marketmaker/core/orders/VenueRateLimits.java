package com.marketmaker.core.orders;

import com.marketmaker.core.instrument.Venue;
import java.util.List;

/**
 * The order-rate limits of one venue account as layered token buckets: a new order is admitted only
 * when every order bucket has a token (and then takes one from each); cancels draw from their own
 * buckets, or from none when the venue does not limit them.
 *
 * <p>Each venue limit "N requests per window T" becomes a {@link TokenBucket} of capacity {@code C
 * = max(1, floor(N × burstFraction))}, clamped to N-1, refilled one token every {@code ceil(T / (N
 * - C))}. By the bucket's guarantee any window of length T then admits at most {@code C + (N - C) =
 * N}: the limit holds in every sliding window, hence also in the venue's fixed intervals (Binance
 * counts per interval that "starts every minute", see the rate-limit section of
 * https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/rate-limits). The price
 * is a burst of C instead of N after a quiet period.
 *
 * <p>Cancels (a choice, following the venues' rules): Binance counts only new orders against its
 * ORDERS limits (the "unfilled order count", see
 * https://developers.binance.com/docs/binance-spot-api-docs/faqs/order_count_decrement); a cancel
 * costs request weight 1 from the per-IP REQUEST_WEIGHT budget, which the node shares with book
 * snapshots and queries. The presets therefore exempt cancels from the order buckets and limit them
 * to half of the request-weight budget, so cancels are never starved by placements and can never
 * use up the weight that recovery needs.
 *
 * <p>A node hosting several instruments of one account gives each entity a {@link Config#share} of
 * the account's limits, or one limiter shared by all of them. Not thread-safe; allocation-free.
 */
public final class VenueRateLimits {

  private static final long SECOND = 1_000_000_000L;

  /**
   * A venue limit: at most {@code count} requests in any {@code windowNanos}.
   *
   * @param count ≥ 2
   */
  public record Limit(long count, long windowNanos) {
    public Limit {
      if (count < 2) {
        throw new IllegalArgumentException(
            "a rate limit needs a count of at least 2, got " + count);
      }
      if (windowNanos < 1) {
        throw new IllegalArgumentException("a rate limit window must be positive");
      }
    }

    public static Limit perSeconds(long count, long seconds) {
      return new Limit(count, seconds * SECOND);
    }
  }

  /**
   * The limits of one venue account.
   *
   * @param orders limits on new orders, all of which must admit a placement
   * @param cancels limits on cancel requests; empty when cancels are not limited
   * @param burstFraction share of each limit usable as an immediate burst, in (0, 1)
   */
  public record Config(List<Limit> orders, List<Limit> cancels, double burstFraction) {
    public Config {
      orders = List.copyOf(orders);
      cancels = List.copyOf(cancels);
      if (orders.isEmpty()) {
        throw new IllegalArgumentException("at least one order limit is required");
      }
      if (!(burstFraction > 0 && burstFraction < 1)) {
        throw new IllegalArgumentException(
            "burst fraction must be in (0, 1), got " + burstFraction);
      }
    }

    /**
     * Binance spot, per account: 50 orders per 10 s and 160,000 per day (the ORDERS limits in the
     * example answer of {@code GET /api/v3/rateLimit/order}, Binance spot REST API "Query Unfilled
     * Order Count"); cancels: half of the 6,000 request weight per minute (REQUEST_WEIGHT in {@code
     * exchangeInfo}), one unit per {@code DELETE /api/v3/order}.
     */
    public static Config binanceSpot() {
      return new Config(
          List.of(Limit.perSeconds(50, 10), Limit.perSeconds(160_000, 86_400)),
          List.of(Limit.perSeconds(3_000, 60)),
          0.5);
    }

    /**
     * Binance USD-M futures, per account: 300 orders per 10 s and 1,200 per minute (the ORDERS
     * limits of {@code GET /fapi/v1/exchangeInfo}, USD-M futures "Exchange Information"); cancels:
     * half of the 2,400 request weight per minute, one unit per {@code DELETE /fapi/v1/order}.
     */
    public static Config binanceUsdm() {
      return new Config(
          List.of(Limit.perSeconds(300, 10), Limit.perSeconds(1_200, 60)),
          List.of(Limit.perSeconds(1_200, 60)),
          0.5);
    }

    /**
     * The preset of {@code venue}.
     *
     * @throws IllegalArgumentException for a venue without a preset: its limits must be configured
     */
    public static Config forVenue(Venue venue) {
      return switch (venue) {
        case BINANCE -> binanceSpot();
        case BINANCE_USDM -> binanceUsdm();
        default ->
            throw new IllegalArgumentException(
                "no order rate limits known for " + venue + "; configure them explicitly");
      };
    }

    /**
     * These limits scaled by {@code fraction} (rounded down, at least 2 per window), for one of
     * several limiters sharing an account.
     */
    public Config share(double fraction) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("share must be in (0, 1], got " + fraction);
      }
      return new Config(scale(orders, fraction), scale(cancels, fraction), burstFraction);
    }

    private static List<Limit> scale(List<Limit> limits, double fraction) {
      return limits.stream()
          .map(l -> new Limit(Math.max(2, (long) (l.count() * fraction)), l.windowNanos()))
          .toList();
    }
  }

  private final Config config;
  private final TokenBucket[] orderBuckets;
  private final TokenBucket[] cancelBuckets;

  /** Full buckets at {@code nowNanos}. */
  public VenueRateLimits(Config config, long nowNanos) {
    if (config == null) {
      throw new IllegalArgumentException("rate limit config is missing");
    }
    this.config = config;
    this.orderBuckets = buckets(config.orders(), config.burstFraction(), nowNanos);
    this.cancelBuckets = buckets(config.cancels(), config.burstFraction(), nowNanos);
    long capacity = Long.MAX_VALUE;
    double rate = Double.POSITIVE_INFINITY;
    for (Limit l : config.orders()) {
      long c = capacity(l, config.burstFraction());
      capacity = Math.min(capacity, c);
      rate = Math.min(rate, (l.count() - c) / (l.windowNanos() / 1e9));
    }
    this.placeCapacity = capacity;
    this.sustainedPlacesPerSecond = rate;
  }

  private final long placeCapacity;
  private final double sustainedPlacesPerSecond;

  private static long capacity(Limit l, double burst) {
    return Math.min(l.count() - 1, Math.max(1, (long) Math.floor(l.count() * burst)));
  }

  /** The burst of new orders the fullest buckets admit (the smallest bucket's capacity). */
  public long placeCapacity() {
    return placeCapacity;
  }

  /** New orders per second the buckets admit in the long run. */
  public double sustainedPlacesPerSecond() {
    return sustainedPlacesPerSecond;
  }

  private static TokenBucket[] buckets(List<Limit> limits, double burst, long now) {
    TokenBucket[] b = new TokenBucket[limits.size()];
    for (int i = 0; i < b.length; i++) {
      Limit l = limits.get(i);
      long capacity = capacity(l, burst);
      long refills = l.count() - capacity;
      long interval = (l.windowNanos() + refills - 1) / refills;
      b[i] = new TokenBucket(capacity, interval, now);
    }
    return b;
  }

  public Config config() {
    return config;
  }

  /** Admits one new order if every order bucket has a token. */
  public boolean tryPlace(long nowNanos) {
    return tryAll(orderBuckets, nowNanos);
  }

  /** Admits one cancel (always, when cancels are not limited). */
  public boolean tryCancel(long nowNanos) {
    return tryAll(cancelBuckets, nowNanos);
  }

  /** How many new orders could be admitted now. */
  public long placesAvailable(long nowNanos) {
    return minAvailable(orderBuckets, nowNanos);
  }

  /** How many cancels could be admitted now ({@link Long#MAX_VALUE} when not limited). */
  public long cancelsAvailable(long nowNanos) {
    return minAvailable(cancelBuckets, nowNanos);
  }

  /**
   * The venue refused an order for its rate limit (HTTP 429, Binance -1015): our count was behind
   * the venue's, so stop placing until the buckets refill.
   */
  public void onVenueThrottled(long nowNanos) {
    for (TokenBucket b : orderBuckets) {
      b.drainTo(0, nowNanos);
    }
  }

  /**
   * Empties the buckets of windows up to a minute: a new share of an account's limits starts this
   * way, since the account's other instruments may just have spent the venue's short window. The
   * daily buckets keep their burst (emptying them would hold the instrument to the daily rate).
   */
  public void drainShortWindows(long nowNanos) {
    for (int i = 0; i < orderBuckets.length; i++) {
      if (config.orders().get(i).windowNanos() <= 60 * SECOND) {
        orderBuckets[i].drainTo(0, nowNanos);
      }
    }
  }

  private static boolean tryAll(TokenBucket[] buckets, long now) {
    for (TokenBucket b : buckets) {
      if (b.available(now) < 1) {
        return false;
      }
    }
    for (TokenBucket b : buckets) {
      b.take();
    }
    return true;
  }

  private static long minAvailable(TokenBucket[] buckets, long now) {
    long min = Long.MAX_VALUE;
    for (TokenBucket b : buckets) {
      min = Math.min(min, b.available(now));
    }
    return min;
  }
}
