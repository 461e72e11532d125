package com.marketmaker.streams.feed;

import com.marketmaker.actors.feed.FeedEvent;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The last step of the feed hub: hands one event to one subscriber, on the thread that produced it
 * (usually the connection's). It must not block. In the node this is {@link ActorRef#tell}.
 */
@FunctionalInterface
public interface FeedDelivery {

  FeedDelivery TELL = ActorRef::tell;

  void deliver(ActorRef<FeedEvent> subscriber, FeedEvent event);
}
