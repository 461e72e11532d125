package com.marketmaker.actors.feed;

import com.marketmaker.core.instrument.Venue;
import java.util.Optional;

/** The market-data feeds of this node, by venue. */
@FunctionalInterface
public interface MarketDataFeeds {

  /** No venue connected: entities keep their books empty. */
  MarketDataFeeds NONE = venue -> Optional.empty();

  Optional<MarketDataFeed> forVenue(Venue venue);
}
