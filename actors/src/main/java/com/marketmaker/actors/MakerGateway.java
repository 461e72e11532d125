package com.marketmaker.actors;

import com.marketmaker.core.instrument.InstrumentId;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** How the API reaches instrument entities, wherever in the cluster they live. */
public interface MakerGateway {

  /** Sends a command built around the reply address to the instrument's entity. */
  CompletionStage<SymbolProtocol.Confirmation> ask(
      InstrumentId instrument,
      Function<ActorRef<SymbolProtocol.Confirmation>, SymbolProtocol.Command> command);

  /** The instrument entities running anywhere in the cluster right now. */
  CompletionStage<Running> runningInstruments();

  /**
   * Running entity ids, sorted, with how many nodes were asked and how many did not answer (a node
   * that is down but not yet removed from the cluster).
   */
  record Running(List<String> instruments, int nodesAsked, int nodesUnavailable) {}
}
