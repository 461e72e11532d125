package com.marketmaker.actors.portfolio;

import com.marketmaker.actors.portfolio.PortfolioProtocol.Command;
import com.marketmaker.core.portfolio.ModelPacing;
import java.time.Clock;
import java.util.concurrent.Executor;
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
   * The portfolio singleton's proxy, with its risk models and its cointegration scans each run on
   * one low-priority thread of this node that rests at the models' checkpoints ({@link
   * ModelPacing}): slices of {@code model-pacing-slice}, at most {@code model-cpu-share} and {@code
   * scan-cpu-share} of a core at any moment.
   */
  public static ActorRef<Command> start(ActorSystem<?> system) {
    PortfolioSettings settings = PortfolioSettings.fromConfig(system.settings().config());
    long sliceNanos =
        system
            .settings()
            .config()
            .getDuration("market-maker.portfolio.model-pacing-slice")
            .toNanos();
    ExecutorService models = pacedThread("portfolio-models", settings.modelCpuShare(), sliceNanos);
    ExecutorService scans = pacedThread("portfolio-scans", settings.scanCpuShare(), sliceNanos);
    system
        .getWhenTerminated()
        .thenRun(
            () -> {
              models.shutdownNow();
              scans.shutdownNow();
            });
    return ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                PortfolioActor.create(settings, Clock.systemUTC(), paced(models), paced(scans)),
                "portfolio"));
  }

  private static ExecutorService pacedThread(String name, double share, long sliceNanos) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new PacedThread(r, name, ModelPacing.SliceGate.ofSystem(share, sliceNanos));
          t.setDaemon(true);
          t.setPriority(Thread.MIN_PRIORITY);
          return t;
        });
  }

  /**
   * Runs each task on {@code thread} and ends the pacing slice after it, so that the time between
   * two evaluations is not counted as their work.
   */
  static Executor paced(Executor thread) {
    return task ->
        thread.execute(
            () -> {
              try {
                task.run();
              } finally {
                if (Thread.currentThread() instanceof PacedThread p) {
                  p.gate.idle();
                }
              }
            });
  }

  /** A models thread: rests at their checkpoints as its gate says. */
  static final class PacedThread extends Thread implements ModelPacing.Paced {
    private final ModelPacing.SliceGate gate;

    PacedThread(Runnable r, String name, ModelPacing.SliceGate gate) {
      super(r, name);
      this.gate = gate;
    }

    @Override
    public void pace() {
      gate.pace();
    }
  }

  /** The link the instrument entities report through. */
  public static PortfolioLink link(ActorRef<Command> portfolio) {
    return portfolio::tell;
  }
}
