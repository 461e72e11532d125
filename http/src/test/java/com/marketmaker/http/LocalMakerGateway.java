package com.marketmaker.http;

import com.marketmaker.actors.EntitySettings;
import com.marketmaker.actors.MakerGateway;
import com.marketmaker.actors.SymbolEntity;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.core.instrument.InstrumentId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** Entities spawned in one test actor system, in place of sharding. */
final class LocalMakerGateway implements MakerGateway {

  private final ActorTestKit testKit;
  private final TreeMap<String, ActorRef<SymbolProtocol.Command>> entities = new TreeMap<>();

  LocalMakerGateway(ActorTestKit testKit) {
    this.testKit = testKit;
  }

  private synchronized ActorRef<SymbolProtocol.Command> entity(InstrumentId id) {
    return entities.computeIfAbsent(
        id.toString(),
        key ->
            testKit.spawn(
                SymbolEntity.create(
                    key,
                    SymbolEntity.Dependencies.of(
                        EntitySettings.fromConfig(testKit.system().settings().config()),
                        Clock.systemUTC()),
                    self -> passivate(key, self))));
  }

  private synchronized void passivate(String key, ActorRef<SymbolProtocol.Command> self) {
    // An entity asks again for each command that reaches it before it stops: stop it once.
    if (!entities.remove(key, self)) {
      return;
    }
    // Called from inside the entity: stop it from another thread, as a shard would, and a little
    // later, so that commands already on their way to it are answered rather than lost (the next
    // ask for the key gets a new entity meanwhile).
    CompletableFuture.runAsync(
        () -> testKit.stop(self, Duration.ofSeconds(5)),
        CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));
  }

  @Override
  public CompletionStage<SymbolProtocol.Confirmation> ask(
      InstrumentId instrument,
      Function<ActorRef<SymbolProtocol.Confirmation>, SymbolProtocol.Command> command) {
    return AskPattern.ask(
        entity(instrument), command::apply, Duration.ofSeconds(5), testKit.scheduler());
  }

  @Override
  public synchronized CompletionStage<Running> runningInstruments() {
    return CompletableFuture.completedFuture(new Running(List.copyOf(entities.keySet()), 1, 0));
  }
}
