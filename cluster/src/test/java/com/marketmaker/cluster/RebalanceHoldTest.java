package com.marketmaker.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Map;
import scala.collection.immutable.Set;
import scala.concurrent.Await;
import scala.concurrent.Future;
import scala.concurrent.duration.Duration;
import scala.jdk.javaapi.CollectionConverters;

/** Rebalancing held while a peer is in doubt; allocation and start-up passed on untouched. */
class RebalanceHoldTest {

  /** A strategy that records what it was asked and always moves shard "7". */
  private static final class Recording
      implements ShardCoordinator.ActorSystemDependentAllocationStrategy {
    final List<String> calls = new ArrayList<>();

    @Override
    public void start(ActorSystem system) {
      calls.add("start");
    }

    @Override
    public Future<ActorRef> allocateShard(
        ActorRef requester, String shardId, Map<ActorRef, IndexedSeq<String>> current) {
      calls.add("allocate " + shardId);
      return Future.successful(requester);
    }

    @Override
    public Future<Set<String>> rebalance(
        Map<ActorRef, IndexedSeq<String>> current, Set<String> inProgress) {
      calls.add("rebalance");
      return Future.successful(scalaSet("7"));
    }
  }

  @Test
  void aRoundIsSkippedWhileAPeerIsInDoubtAndPassedOnOtherwise() throws Exception {
    Recording inner = new Recording();
    AtomicBoolean doubt = new AtomicBoolean(true);
    RebalanceHold hold = new RebalanceHold(inner, doubt::get);

    assertTrue(await(hold.rebalance(noRegions(), scalaSet())).isEmpty(), "held: nothing moves");
    assertEquals(List.of(), inner.calls, "the wrapped strategy was not even asked");

    doubt.set(false);
    assertEquals(scalaSet("7"), await(hold.rebalance(noRegions(), scalaSet())));
    assertEquals(List.of("rebalance"), inner.calls);
  }

  @Test
  void allocationIsNeverHeldAndStartReachesTheWrappedStrategy() throws Exception {
    Recording inner = new Recording();
    RebalanceHold hold = new RebalanceHold(inner, () -> true);
    hold.start(null);
    ActorRef requester = ActorRef.noSender();
    assertSame(requester, await(hold.allocateShard(requester, "12", noRegions())));
    assertEquals(List.of("start", "allocate 12"), inner.calls);
  }

  @Test
  void theLeastShardLimitsComeFromTheConfigurationAndAreChecked() {
    // The shipped configuration (cluster.conf: absolute limit 10; Pekko's reference: relative 0.1).
    assertDoesNotThrow(() -> RebalanceHold.leastShard(ConfigFactory.load(), () -> false));
    for (String bad :
        List.of(
            "rebalance-absolute-limit = 0",
            "rebalance-relative-limit = 0",
            "rebalance-relative-limit = 1.5")) {
      var c =
          ConfigFactory.parseString("pekko.cluster.sharding.least-shard-allocation-strategy." + bad)
              .withFallback(ConfigFactory.load());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> RebalanceHold.leastShard(c, () -> false));
      assertTrue(e.getMessage().contains("least-shard-allocation-strategy"), e.getMessage());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return Await.result(f, Duration.create(1, TimeUnit.SECONDS));
  }

  private static Map<ActorRef, IndexedSeq<String>> noRegions() {
    return CollectionConverters.asScala(new java.util.HashMap<ActorRef, IndexedSeq<String>>())
        .toMap(scala.$less$colon$less$.MODULE$.refl());
  }

  private static Set<String> scalaSet(String... shards) {
    return CollectionConverters.asScala(java.util.Set.of(shards)).toSet();
  }
}
