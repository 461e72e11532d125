package com.marketmaker.http.auth;

import com.marketmaker.persistence.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The cluster's API tokens, journaled: one persistent actor, run as a cluster singleton. It keeps
 * each token's hash (never the token), name, roles, creator, expiry and revocation. Nodes do not
 * ask it per request: each keeps a {@link TokenCache} refreshed from {@link GetTokens}, which
 * answers only when the store's version moved since the version the node has.
 */
public final class TokenStore
    extends EventSourcedBehavior<TokenStore.Command, TokenStore.Event, TokenStore.State> {

  /** The persistence id of the cluster's one token store. */
  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("auth-tokens");

  /** Tokens kept at most, revoked and expired ones included; more are refused. */
  static final int MAX_TOKENS = 10_000;

  /**
   * One token as stored.
   *
   * @param hash {@link Tokens#hash} of the token
   * @param expiresMillis null for a token that does not expire
   * @param revokedMillis null while not revoked
   */
  public record TokenRecord(
      String id,
      String name,
      List<Role> roles,
      String hash,
      long createdMillis,
      String createdBy,
      Long expiresMillis,
      Long revokedMillis,
      String revokedBy)
      implements CborSerializable {

    public TokenRecord {
      roles = List.copyOf(roles);
    }

    /** Neither revoked nor expired at {@code nowMillis}. */
    public boolean activeAt(long nowMillis) {
      return revokedMillis == null && (expiresMillis == null || nowMillis < expiresMillis);
    }

    /** {@code active}, {@code expired} or {@code revoked} at {@code nowMillis}. */
    public String stateAt(long nowMillis) {
      if (revokedMillis != null) {
        return "revoked";
      }
      return activeAt(nowMillis) ? "active" : "expired";
    }

    TokenRecord revoke(String by, long atMillis) {
      return new TokenRecord(
          id, name, roles, hash, createdMillis, createdBy, expiresMillis, atMillis, by);
    }
  }

  // ---------------------------------------------------------------- protocol

  public sealed interface Command extends CborSerializable
      permits Issue, Revoke, EnsureAdmin, GetTokens {}

  /** Stores {@code token} (built by the caller, who alone sees the plain token). */
  public record Issue(TokenRecord token, ActorRef<Issued> replyTo) implements Command {}

  /** The stored token, or why it was not stored. */
  public record Issued(TokenRecord token, String refusal) implements CborSerializable {}

  /** Revokes token {@code id}; revoking a revoked token changes nothing. */
  public record Revoke(String id, String by, long atMillis, ActorRef<Revoked> replyTo)
      implements Command {}

  /**
   * @param token the token after the command, null when there is none with that id
   * @param changed whether this command revoked it
   */
  public record Revoked(TokenRecord token, boolean changed) implements CborSerializable {}

  /**
   * Registers a first admin token. With {@code onlyIfNoAdmin} (a generated token) it is stored only
   * when no active admin token exists; without (the configured token) it is stored unless its hash
   * is known already (so a revoked configured token stays revoked).
   */
  public record EnsureAdmin(
      TokenRecord candidate, boolean onlyIfNoAdmin, long nowMillis, ActorRef<AdminEnsured> replyTo)
      implements Command {}

  /**
   * @param created whether the candidate was stored by this command
   * @param candidateState the candidate's state now ({@code active}, {@code revoked}, {@code
   *     expired}), or null when it is not stored (an admin token existed already)
   */
  public record AdminEnsured(boolean created, String candidateState) implements CborSerializable {}

  /** Every token, unless the store's version is {@code knownVersion}. */
  public record GetTokens(long knownVersion, ActorRef<TokenList> replyTo) implements Command {}

  /** The store's version and, when it differs from the version asked with, every token. */
  public record TokenList(long version, List<TokenRecord> tokens) implements CborSerializable {
    public boolean unchanged() {
      return tokens == null;
    }
  }

  // ---------------------------------------------------------------- events and state

  public sealed interface Event extends CborSerializable permits TokenIssued, TokenRevoked {}

  public record TokenIssued(TokenRecord token) implements Event {}

  public record TokenRevoked(String id, String by, long atMillis) implements Event {}

  /**
   * Every token in the order issued, and a version that counts the events applied (so a cache can
   * tell whether it is behind, across restarts and moves of the store).
   */
  public record State(long version, List<TokenRecord> tokens) implements CborSerializable {
    public State {
      tokens = List.copyOf(tokens);
    }

    static State empty() {
      return new State(0, List.of());
    }

    TokenRecord byId(String id) {
      for (TokenRecord t : tokens) {
        if (t.id().equals(id)) {
          return t;
        }
      }
      return null;
    }

    TokenRecord byHash(String hash) {
      for (TokenRecord t : tokens) {
        if (t.hash().equals(hash)) {
          return t;
        }
      }
      return null;
    }

    boolean hasActiveAdmin(long nowMillis) {
      for (TokenRecord t : tokens) {
        if (t.activeAt(nowMillis) && t.roles().contains(Role.ADMIN)) {
          return true;
        }
      }
      return false;
    }

    State apply(Event event) {
      List<TokenRecord> next = new ArrayList<>(tokens);
      if (event instanceof TokenIssued issued) {
        next.add(issued.token());
      } else if (event instanceof TokenRevoked revoked) {
        for (int i = 0; i < next.size(); i++) {
          if (next.get(i).id().equals(revoked.id())) {
            next.set(i, next.get(i).revoke(revoked.by(), revoked.atMillis()));
          }
        }
      }
      return new State(version + 1, next);
    }
  }

  // ---------------------------------------------------------------- behaviour

  private final int snapshotEvery;

  public static Behavior<Command> create(int snapshotEvery) {
    return Behaviors.<Command>supervise(Behaviors.setup(context -> new TokenStore(snapshotEvery)))
        .onFailure(
            SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
  }

  private TokenStore(int snapshotEvery) {
    super(PERSISTENCE_ID);
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Issue.class, this::onIssue)
        .onCommand(Revoke.class, this::onRevoke)
        .onCommand(EnsureAdmin.class, this::onEnsureAdmin)
        .onCommand(
            GetTokens.class,
            (state, get) -> {
              get.replyTo()
                  .tell(
                      new TokenList(
                          state.version(),
                          get.knownVersion() == state.version() ? null : state.tokens()));
              return Effect().none();
            })
        .build();
  }

  private Effect<Event, State> onIssue(State state, Issue issue) {
    TokenRecord t = issue.token();
    String refusal = null;
    if (state.byId(t.id()) != null || state.byHash(t.hash()) != null) {
      refusal = "a token with this id or hash exists already";
    } else if (state.tokens().size() >= MAX_TOKENS) {
      refusal = "the store holds " + MAX_TOKENS + " tokens, its limit";
    } else if (t.roles().isEmpty()) {
      refusal = "a token needs at least one role";
    }
    if (refusal != null) {
      issue.replyTo().tell(new Issued(null, refusal));
      return Effect().none();
    }
    return Effect()
        .persist(new TokenIssued(t))
        .thenRun(s -> issue.replyTo().tell(new Issued(t, null)));
  }

  private Effect<Event, State> onRevoke(State state, Revoke revoke) {
    TokenRecord t = state.byId(revoke.id());
    if (t == null || t.revokedMillis() != null) {
      revoke.replyTo().tell(new Revoked(t, false));
      return Effect().none();
    }
    return Effect()
        .persist(new TokenRevoked(revoke.id(), revoke.by(), revoke.atMillis()))
        .thenRun(s -> revoke.replyTo().tell(new Revoked(s.byId(revoke.id()), true)));
  }

  private Effect<Event, State> onEnsureAdmin(State state, EnsureAdmin ensure) {
    TokenRecord candidate = ensure.candidate();
    TokenRecord known = state.byHash(candidate.hash());
    if (known != null) {
      ensure.replyTo().tell(new AdminEnsured(false, known.stateAt(ensure.nowMillis())));
      return Effect().none();
    }
    if (ensure.onlyIfNoAdmin() && state.hasActiveAdmin(ensure.nowMillis())) {
      ensure.replyTo().tell(new AdminEnsured(false, null));
      return Effect().none();
    }
    return Effect()
        .persist(new TokenIssued(candidate))
        .thenRun(s -> ensure.replyTo().tell(new AdminEnsured(true, "active")));
  }
}
