package com.marketmaker.http.auth;

import com.marketmaker.http.auth.TokenStore.GetTokens;
import com.marketmaker.http.auth.TokenStore.TokenList;
import com.marketmaker.http.auth.TokenStore.TokenRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * This node's copy of the token store, by token hash, checked on every request without asking the
 * store. A {@link #refresher} asks the store every {@code refresh-interval} whether its version
 * moved and, if so, takes every token; changes made through this node are applied here at once.
 *
 * <p>Staleness: a token revoked (or issued) on any node is refused (or accepted) on every node
 * within one refresh interval plus a round trip to the store. While the store cannot be reached (it
 * is moving after its node failed) a node keeps checking against its last copy; once that copy is
 * older than {@code max-staleness} the node refuses every request with 503 until the store answers
 * again, so a revoked token works nowhere longer than {@code max-staleness}.
 */
public final class TokenCache {

  /** The outcome of checking a presented token. */
  public sealed interface Check permits Valid, Invalid, Unavailable {}

  /** The token is active: the request comes from {@code principal}. */
  public record Valid(Principal principal) implements Check {}

  /** The token is malformed, unknown, revoked or expired (401). */
  public record Invalid(String reason) implements Check {}

  /** The copy is missing or too old to decide (503). */
  public record Unavailable(String reason) implements Check {}

  /**
   * @param localChanges how many tokens this node applied itself ({@link #apply}); an answer of the
   *     store asked for before the latest of them may predate it and is not taken
   */
  private record View(
      long version, Map<String, TokenRecord> byHash, long refreshedNanos, long localChanges) {}

  private final AtomicReference<View> view = new AtomicReference<>();
  private volatile boolean settled;
  private volatile TokenRecord settledAdmin;
  private final Duration maxStaleness;
  private final LongSupplier nanoClock;
  private final LongSupplier millisClock;

  public TokenCache(Duration maxStaleness, LongSupplier nanoClock, LongSupplier millisClock) {
    this.maxStaleness = maxStaleness;
    this.nanoClock = nanoClock;
    this.millisClock = millisClock;
  }

  /** Checks a token as presented in a request. */
  public Check check(String presented) {
    View v = view.get();
    if (v == null) {
      return new Unavailable("the token store has not answered this node yet; retry shortly");
    }
    long age = nanoClock.getAsLong() - v.refreshedNanos();
    if (age > maxStaleness.toNanos()) {
      return new Unavailable(
          "the token store has not answered this node for "
              + age / 1_000_000_000L
              + " s; tokens cannot be checked");
    }
    if (!Tokens.wellFormed(presented)) {
      return new Invalid("malformed token: expected " + Tokens.PREFIX + "...");
    }
    String hash = Tokens.hash(presented);
    TokenRecord t = v.byHash().get(hash);
    TokenRecord admin = settledAdmin;
    if (t == null && admin != null && admin.hash().equals(hash)) {
      // Stored by the store before this copy heard of it; tokens are never deleted, only revoked,
      // so the store's answers will hold it from now on.
      t = admin;
    }
    if (t == null && !settled) {
      // The configured admin token may be in the store's hands right now.
      return new Unavailable("the node is starting: its first admin token is not settled yet");
    }
    if (t == null) {
      return new Invalid("unknown token");
    }
    if (t.revokedMillis() != null) {
      return new Invalid("revoked token");
    }
    if (!t.activeAt(millisClock.getAsLong())) {
      return new Invalid("expired token");
    }
    return new Valid(new Principal(t.id(), t.name(), Set.copyOf(t.roles())));
  }

  /** The store version this copy reflects (-1 before the first answer). */
  public long version() {
    View v = view.get();
    return v == null ? -1 : v.version();
  }

  /**
   * Marks the first admin token settled: {@code admin} is the token the store now holds as active
   * (null when it holds none of ours, e.g. the configured one was revoked). From now on a token
   * this copy does not know is refused as unknown rather than "not yet".
   */
  public void settle(TokenRecord admin) {
    settledAdmin = admin;
    settled = true;
  }

  /** How many tokens this node has applied itself; pass it to {@link #accept(TokenList, long)}. */
  public long localChanges() {
    View v = view.get();
    return v == null ? 0 : v.localChanges();
  }

  /** Takes an answer of the store. */
  public void accept(TokenList list) {
    accept(list, localChanges());
  }

  /**
   * Takes an answer of the store to a question asked when {@link #localChanges()} was {@code
   * askedAt}; refuses it (returns false) when this node applied a token since, because the answer
   * may have been made before that token was stored and would drop it.
   */
  public boolean accept(TokenList list, long askedAt) {
    long now = nanoClock.getAsLong();
    boolean[] taken = {true};
    view.updateAndGet(
        old -> {
          long local = old == null ? 0 : old.localChanges();
          if (local != askedAt) {
            taken[0] = false;
            return old;
          }
          taken[0] = true;
          if (list.unchanged() && old != null) {
            return new View(old.version(), old.byHash(), now, local);
          }
          if (list.unchanged()) {
            return old;
          }
          return new View(list.version(), index(list.tokens()), now, local);
        });
    return taken[0];
  }

  /**
   * Applies a token just stored or revoked through this node, so that it takes effect here at once;
   * the next refresh brings the store's whole list.
   */
  public void apply(TokenRecord token) {
    view.updateAndGet(
        old -> {
          if (old == null) {
            return null;
          }
          Map<String, TokenRecord> next = new HashMap<>(old.byHash());
          next.put(token.hash(), token);
          // A version no store answer has, so the next refresh takes the whole list.
          return new View(-2, Map.copyOf(next), old.refreshedNanos(), old.localChanges() + 1);
        });
  }

  private static Map<String, TokenRecord> index(List<TokenRecord> tokens) {
    Map<String, TokenRecord> out = new HashMap<>();
    for (TokenRecord t : tokens) {
      out.put(t.hash(), t);
    }
    return Map.copyOf(out);
  }

  // ---------------------------------------------------------------- refresher

  /** Messages of the refresher. */
  public sealed interface Refresh permits RefreshNow, Tick, Answer {}

  /** Ask the store now (e.g. after a change made through this node). */
  public enum RefreshNow implements Refresh, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private enum Tick implements Refresh, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private record Answer(TokenList list, String failure, long askedAt)
      implements Refresh, NoSerializationVerificationNeeded {}

  /**
   * The actor that keeps {@code cache} up to date: one question to the store at a time, every
   * {@code every}, each allowed {@code timeout}.
   */
  public static Behavior<Refresh> refresher(
      TokenCache cache, ActorRef<TokenStore.Command> store, Duration every, Duration timeout) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, every);
                  context.getSelf().tell(Tick.INSTANCE);
                  boolean[] asking = {false};
                  // A refresh wanted while a question was out: ask again when it is answered, as
                  // that answer may predate the change that wanted it.
                  boolean[] again = {false};
                  int[] failures = {0};
                  Runnable ask =
                      () -> {
                        if (asking[0]) {
                          again[0] = true;
                          return;
                        }
                        asking[0] = true;
                        again[0] = false;
                        long askedAt = cache.localChanges();
                        context.ask(
                            TokenList.class,
                            store,
                            timeout,
                            r -> new GetTokens(cache.version(), r),
                            (list, e) ->
                                new Answer(list, e == null ? null : e.toString(), askedAt));
                      };
                  return Behaviors.receive(Refresh.class)
                      .onMessageEquals(
                          Tick.INSTANCE,
                          () -> {
                            ask.run();
                            return Behaviors.same();
                          })
                      .onMessageEquals(
                          RefreshNow.INSTANCE,
                          () -> {
                            ask.run();
                            return Behaviors.same();
                          })
                      .onMessage(
                          Answer.class,
                          a -> {
                            asking[0] = false;
                            if (a.list() != null && !cache.accept(a.list(), a.askedAt())) {
                              again[0] = true;
                            }
                            if (again[0]) {
                              ask.run();
                            }
                            if (a.list() != null) {
                              if (failures[0] > 0) {
                                context.getLog().info("token store reachable again");
                              }
                              failures[0] = 0;
                            } else if (failures[0]++ % 10 == 0) {
                              if (cache.version() == -1) {
                                // Usual while the cluster forms and the store recovers.
                                context
                                    .getLog()
                                    .info("token store not answering yet: {}", a.failure());
                              } else {
                                context
                                    .getLog()
                                    .warn("token store did not answer: {}", a.failure());
                              }
                            }
                            return Behaviors.same();
                          })
                      .build();
                }));
  }
}
