package com.marketmaker.actors;

import com.marketmaker.core.instrument.InstrumentId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;

/** Reaches instrument entities through Cluster Sharding. */
public final class ShardedMakerGateway implements MakerGateway {

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public ShardedMakerGateway(ActorSystem<?> system, Duration askTimeout) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<SymbolProtocol.Confirmation> ask(
      InstrumentId instrument,
      Function<ActorRef<SymbolProtocol.Confirmation>, SymbolProtocol.Command> command) {
    return sharding
        .entityRefFor(SymbolEntity.ENTITY_KEY, instrument.toString())
        .ask(command::apply, askTimeout);
  }

  /**
   * Asks the shard region of every Up member for the entities it hosts. The region of an entity
   * type lives at {@code /system/sharding/<type name>} on each node.
   */
  @Override
  public CompletionStage<Running> runningInstruments() {
    var classic = Adapter.toClassic(system);
    List<CompletableFuture<List<String>>> answers = new ArrayList<>();
    for (var member : Cluster.get(system).state().getMembers()) {
      if (member.status() != MemberStatus.up()) {
        continue;
      }
      var region =
          classic.actorSelection(
              member.address().toString() + "/system/sharding/" + SymbolEntity.ENTITY_KEY.name());
      answers.add(
          Patterns.ask(region, ShardRegion.getShardRegionStateInstance(), askTimeout)
              .toCompletableFuture()
              .thenApply(ShardedMakerGateway::entityIds)
              .exceptionally(e -> null));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              TreeSet<String> ids = new TreeSet<>();
              int unavailable = 0;
              for (var a : answers) {
                List<String> part = a.join();
                if (part == null) {
                  unavailable++;
                } else {
                  ids.addAll(part);
                }
              }
              return new Running(List.copyOf(ids), answers.size(), unavailable);
            });
  }

  private static List<String> entityIds(Object reply) {
    List<String> ids = new ArrayList<>();
    if (reply instanceof ShardRegion.CurrentShardRegionState state) {
      state.getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
    }
    return ids;
  }
}
