package com.marketmaker.streams.binance;

import com.marketmaker.actors.feed.FeedEvent;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The last step of the feed hub: hands one event to one subscriber. In the node this is {@link
 * ActorRef#tell}; tests substitute a slow one to make a subscriber fall behind.
 */
@FunctionalInterface
public interface FeedDelivery {

  FeedDelivery TELL = ActorRef::tell;

  void deliver(ActorRef<FeedEvent> subscriber, FeedEvent event);
}
