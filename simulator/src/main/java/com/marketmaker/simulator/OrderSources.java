package com.marketmaker.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who placed each order the venue accepted: the client's {@code User-Agent} (a node of the market
 * maker names itself there), when, and on which symbol. A real venue keeps such an access log; here
 * it lets a test prove which process sent an order, for instance that a node cut off from its
 * cluster sent none. Keeps the most recent {@link #CAPACITY} placements.
 */
public final class OrderSources {

  /** Placements kept; the oldest are dropped beyond. */
  public static final int CAPACITY = 500_000;

  private static final Pattern SYMBOL = Pattern.compile("(?:^|&)symbol=([A-Za-z0-9]{1,32})");

  /** One accepted order: the client's user agent (empty if none), epoch millis, symbol. */
  public record Placement(String userAgent, long atMillis, String symbol) {}

  private final ConcurrentLinkedDeque<Placement> placements = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();

  void record(String userAgent, long atMillis, String query, String body) {
    String symbol = symbol(query);
    if (symbol.isEmpty()) {
      symbol = symbol(body);
    }
    placements.addLast(new Placement(userAgent == null ? "" : userAgent, atMillis, symbol));
    if (size.incrementAndGet() > CAPACITY && placements.pollFirst() != null) {
      size.decrementAndGet();
    }
  }

  private static String symbol(String params) {
    if (params == null) {
      return "";
    }
    Matcher m = SYMBOL.matcher(params);
    return m.find() ? m.group(1) : "";
  }

  /** The placements kept, oldest first. */
  public List<Placement> placements() {
    return new ArrayList<>(placements);
  }
}
