package com.marketmaker.simulator.ws;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Listen keys of one venue's user-data streams: each belongs to one account, is valid until {@code
 * validity} after its creation or last keep-alive, and names the WebSocket stream ({@code
 * /ws/<listenKey>}, {@code /stream?streams=<listenKey>}, or {@code SUBSCRIBE}) on which the
 * account's order events are pushed, in the order the engine made them. An expired key gets one
 * {@code listenKeyExpired} event and nothing after it. Thread-safe.
 */
public final class UserDataStreams {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private record Key(String account, long expiresAtMillis) {}

  private final StreamHub hub;
  private final long validityMillis;
  private final LongSupplier clock;
  private final boolean onePerAccount;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Key> keys = new HashMap<>();
  private long expired;
  private long eventsSent;

  /**
   * @param onePerAccount USD-M: creating a key while one is valid returns that key (extended);
   *     spot: every creation makes a new key
   */
  public UserDataStreams(
      StreamHub hub, Duration validity, LongSupplier clockMillis, boolean onePerAccount) {
    this.hub = hub;
    this.validityMillis = validity.toMillis();
    this.clock = clockMillis;
    this.onePerAccount = onePerAccount;
  }

  /** A listen key for {@code account} (a new one, or on USD-M its valid one, extended). */
  public synchronized String create(String account) {
    long now = clock.getAsLong();
    if (onePerAccount) {
      for (Map.Entry<String, Key> e : keys.entrySet()) {
        if (e.getValue().account().equals(account)) {
          e.setValue(new Key(account, now + validityMillis));
          return e.getKey();
        }
      }
    }
    char[] c = new char[60];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    String key = new String(c);
    keys.put(key, new Key(account, now + validityMillis));
    return key;
  }

  /** Extends a valid key of {@code account}; false if it has no such key. */
  public synchronized boolean keepAlive(String key, String account) {
    Key k = keys.get(key);
    if (k == null || !k.account().equals(account)) {
      return false;
    }
    keys.put(key, new Key(account, clock.getAsLong() + validityMillis));
    return true;
  }

  /** Closes a key of {@code account}; false if it has no such key. */
  public synchronized boolean close(String key, String account) {
    Key k = keys.get(key);
    if (k == null || !k.account().equals(account)) {
      return false;
    }
    keys.remove(key);
    return true;
  }

  /** The valid key of {@code account} (USD-M keep-alive without naming it), or null. */
  public synchronized String keyOf(String account) {
    for (Map.Entry<String, Key> e : keys.entrySet()) {
      if (e.getValue().account().equals(account)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Whether {@code key} is a valid listen key now. */
  public synchronized boolean valid(String key) {
    return keys.containsKey(key);
  }

  /** Pushes one event to every valid key of {@code account}. */
  public synchronized void publish(String account, String payload) {
    for (Map.Entry<String, Key> e : keys.entrySet()) {
      if (e.getValue().account().equals(account)) {
        String stream = e.getKey();
        hub.publish(
            stream,
            "{\"stream\":\"" + stream + "\",\"data\":" + payload + "}",
            () -> payload,
            false);
        eventsSent++;
      }
    }
  }

  /** Expires the keys past their validity, each with a {@code listenKeyExpired} event. */
  public synchronized int expire() {
    long now = clock.getAsLong();
    List<String> gone = new ArrayList<>();
    keys.forEach(
        (k, v) -> {
          if (v.expiresAtMillis() <= now) {
            gone.add(k);
          }
        });
    for (String k : gone) {
      keys.remove(k);
      String payload = "{\"e\":\"listenKeyExpired\",\"E\":" + now + ",\"listenKey\":\"" + k + "\"}";
      hub.publish(k, "{\"stream\":\"" + k + "\",\"data\":" + payload + "}", () -> payload, false);
      expired++;
    }
    return gone.size();
  }

  public synchronized long expiredKeys() {
    return expired;
  }

  public synchronized long eventsSent() {
    return eventsSent;
  }
}
