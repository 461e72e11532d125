package com.marketmaker.actors.portfolio;

import com.marketmaker.actors.portfolio.PortfolioProtocol.Command;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/** Starts (or joins) the cluster's portfolio actor on a node. */
public final class Portfolios {

  private Portfolios() {}

  /**
   * The portfolio singleton's proxy, with its models run on one low-priority thread of this node.
   */
  public static ActorRef<Command> start(ActorSystem<?> system) {
    PortfolioSettings settings = PortfolioSettings.fromConfig(system.settings().config());
    ExecutorService models =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "portfolio-models");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
    system.getWhenTerminated().thenRun(models::shutdownNow);
    return ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                PortfolioActor.create(settings, Clock.systemUTC(), models), "portfolio"));
  }

  /** The link the instrument entities report through. */
  public static PortfolioLink link(ActorRef<Command> portfolio) {
    return portfolio::tell;
  }
}
