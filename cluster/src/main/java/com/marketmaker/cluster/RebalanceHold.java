package com.marketmaker.cluster;

import com.typesafe.config.Config;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Map;
import scala.collection.immutable.Set;
import scala.concurrent.Future;

/**
 * Pekko's least-shard allocation, with its rebalancing held while some peer's lifeline has closed
 * and nothing answers on it ({@link GoneProcessDowning#peerInDoubt}).
 *
 * <p>Why: a rebalance that picks shards of a region whose process has just died waits out the whole
 * hand-off timeout before those shards can start elsewhere. Pekko's rebalance worker (1.2) asks
 * every region to begin the hand-off; once the dead region is terminated it counts that as its
 * acknowledgement and then sends the hand-off itself to the dead region, waiting for a {@code
 * ShardStopped} that never comes. Pekko's strategy already skips a round while a member is
 * unreachable, but a death is only marked so once the node is downed (a few hundred milliseconds
 * after a crash, by {@link GoneProcessDowning}) or found by the failure detector (seconds). A
 * closed lifeline is seen at the next check, within about 100 ms; a round then is skipped, and the
 * next comes a rebalance interval later, when the membership has settled (BENCHMARKS.md, "Shards
 * being rebalanced off the killed node").
 *
 * <p>Allocation itself is not held: shards of a removed region must start somewhere at once.
 *
 * <p>Implements Pekko's internal {@code ActorSystemDependentAllocationStrategy} (public in the
 * bytecode as of 1.2) only to pass the actor system on to the strategy it wraps, which needs it for
 * the cluster's state.
 */
final class RebalanceHold implements ShardCoordinator.ActorSystemDependentAllocationStrategy {

  private static final Logger log = LoggerFactory.getLogger(RebalanceHold.class);

  private final ShardCoordinator.ShardAllocationStrategy inner;
  private final BooleanSupplier hold;

  /**
   * @param inner the strategy that allocates and rebalances
   * @param hold whether to skip a rebalance round now
   */
  RebalanceHold(ShardCoordinator.ShardAllocationStrategy inner, BooleanSupplier hold) {
    this.inner = inner;
    this.hold = hold;
  }

  /**
   * Pekko's least-shard strategy with the limits of {@code
   * pekko.cluster.sharding.least-shard-allocation-strategy} in {@code config} (what sharding builds
   * by default when the absolute limit is above 0), held while {@code hold} says so (as {@link
   * GoneProcessDowning#peerInDoubt}).
   */
  static RebalanceHold leastShard(Config config, BooleanSupplier hold) {
    Config c = config.getConfig("pekko.cluster.sharding.least-shard-allocation-strategy");
    int absolute = c.getInt("rebalance-absolute-limit");
    double relative = c.getDouble("rebalance-relative-limit");
    if (absolute <= 0 || !(relative > 0 && relative <= 1)) {
      throw new IllegalArgumentException(
          "least-shard-allocation-strategy: rebalance-absolute-limit must be positive and"
              + " rebalance-relative-limit in (0, 1], got "
              + absolute
              + " and "
              + relative);
    }
    return new RebalanceHold(
        ShardCoordinator.leastShardAllocationStrategy(absolute, relative), hold);
  }

  @Override
  public void start(ActorSystem system) {
    if (inner instanceof ShardCoordinator.ActorSystemDependentAllocationStrategy s) {
      s.start(system);
    } else if (inner instanceof ShardCoordinator.StartableAllocationStrategy s) {
      s.start();
    }
  }

  @Override
  public Future<ActorRef> allocateShard(
      ActorRef requester,
      String shardId,
      Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
    return inner.allocateShard(requester, shardId, currentShardAllocations);
  }

  @Override
  public Future<Set<String>> rebalance(
      Map<ActorRef, IndexedSeq<String>> currentShardAllocations, Set<String> rebalanceInProgress) {
    if (hold.getAsBoolean()) {
      // At most once a rebalance interval, and only on the coordinator's node.
      log.info("rebalance round skipped: a peer's lifeline is closed and unanswered");
      return Future.successful(noShards());
    }
    return inner.rebalance(currentShardAllocations, rebalanceInProgress);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> noShards() {
    return (Set<String>) (Set<?>) scala.collection.immutable.Set$.MODULE$.empty();
  }
}
