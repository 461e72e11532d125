package com.marketmaker.actors.sweep;

import com.marketmaker.actors.sweep.SweepProtocol.Command;
import com.marketmaker.actors.sweep.SweepProtocol.WorkerMessage;
import com.typesafe.config.Config;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Starts the sweep machinery on a node: the coordinator singleton's proxy and the node's worker.
 */
public final class Sweeps {

  private Sweeps() {}

  /** The settings under {@code market-maker.sweeps}. */
  public static SweepCoordinator.Settings coordinatorSettings(Config config) {
    Config c = config.getConfig("market-maker.sweeps");
    return new SweepCoordinator.Settings(
        c.getDuration("lease-timeout"), c.getInt("keep"), c.getInt("snapshot-every"));
  }

  public static SweepWorker.Settings workerSettings(Config config) {
    Config c = config.getConfig("market-maker.sweeps");
    return new SweepWorker.Settings(c.getInt("slots"), c.getDuration("pull-interval"));
  }

  /**
   * Starts (or joins) the cluster's sweep coordinator and this node's worker.
   *
   * @return the coordinator (a singleton proxy: messages reach it wherever it runs)
   */
  public static ActorRef<Command> start(ActorSystem<?> system, SweepWorker.PointRunner runner) {
    Config config = system.settings().config();
    ActorRef<Command> coordinator =
        ClusterSingleton.get(system)
            .init(
                SingletonActor.of(
                    SweepCoordinator.create(coordinatorSettings(config), Clock.systemUTC()),
                    "sweep-coordinator"));
    String node = Cluster.get(system).selfMember().address().toString();
    ActorRef<WorkerMessage> worker =
        system.systemActorOf(
            SweepWorker.create(coordinator, runner, workerSettings(config), node),
            "sweep-worker",
            Props.empty());
    system.log().info("sweep worker {} on {}", worker.path(), node);
    return coordinator;
  }
}
