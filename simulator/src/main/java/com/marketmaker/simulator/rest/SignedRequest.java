package com.marketmaker.simulator.rest;

import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.exchange.OrderRejectedException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A request to one of Binance's SIGNED endpoints, checked as Binance documents them: the {@code
 * X-MBX-APIKEY} header names the account; parameters come in the query string and/or an {@code
 * application/x-www-form-urlencoded} body (a parameter in both: the query string's value wins);
 * {@code signature} is the hex HMAC-SHA256 under the account's secret of the query string
 * concatenated with the body, as sent, without the {@code signature} parameter itself; {@code
 * timestamp} is required and must lie within {@code recvWindow} (default 5000 ms, at most 60000)
 * before the server's time and at most 1000 ms after it.
 *
 * <p>Failures are {@link OrderRejectedException}s with Binance's codes: -2014/-2015 (401) for a
 * malformed or unknown API key, -1100 for undecodable text, -1101 for a duplicated parameter, -1102
 * for a missing {@code timestamp} or {@code signature}, -1131 for a bad {@code recvWindow}, -1021
 * for a timestamp outside the window, -1022 for a wrong signature.
 */
public final class SignedRequest {

  private final ExchangeAccount account;
  private final Map<String, String> params;
  private final Set<String> read = new HashSet<>();

  private SignedRequest(ExchangeAccount account, Map<String, String> params) {
    this.account = account;
    this.params = params;
  }

  public ExchangeAccount account() {
    return account;
  }

  /** A parameter's decoded value, or null; marks it read. */
  public String get(String name) {
    read.add(name);
    String v = params.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** A mandatory parameter, or -1102. */
  public String require(String name) {
    String v = get(name);
    if (v == null) {
      throw new OrderRejectedException(
          -1102, "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.");
    }
    return v;
  }

  /** Whether the parameter was sent (and marks it read). */
  public boolean has(String name) {
    return get(name) != null;
  }

  /**
   * Fails with -1104 when a parameter was sent that the endpoint never read (Binance: "Not all sent
   * parameters were read").
   */
  public void requireAllRead() {
    if (!read.containsAll(params.keySet())) {
      long used = params.keySet().stream().filter(read::contains).count();
      throw new OrderRejectedException(
          -1104,
          "Not all sent parameters were read; read '"
              + used
              + "' parameter(s) but was sent '"
              + params.size()
              + "'.");
    }
  }

  /** Resolves the API key alone (user-data stream endpoints, which are not signed). */
  public static ExchangeAccount apiKeyOnly(
      String apiKeyHeader, Function<String, ExchangeAccount> accounts) {
    if (apiKeyHeader == null || !ExchangeAccount.validApiKey(apiKeyHeader)) {
      throw new OrderRejectedException(-2014, "API-key format invalid.", 401);
    }
    ExchangeAccount a = accounts.apply(apiKeyHeader);
    if (a == null) {
      throw new OrderRejectedException(
          -2015, "Invalid API-key, IP, or permissions for action.", 401);
    }
    return a;
  }

  /** Parameters of an API-key-only request (query string and body). */
  public static SignedRequest unsigned(ExchangeAccount account, String query, String body) {
    Map<String, String> p = parse(body);
    p.putAll(parse(query));
    return new SignedRequest(account, p);
  }

  /**
   * Authenticates a SIGNED request.
   *
   * @param query the raw query string as received ("" when none)
   * @param body the raw form body as received ("" when none)
   */
  public static SignedRequest verify(
      String apiKeyHeader,
      String query,
      String body,
      Function<String, ExchangeAccount> accounts,
      long serverTimeMillis) {
    ExchangeAccount account = apiKeyOnly(apiKeyHeader, accounts);
    Map<String, String> fromBody = parse(body);
    Map<String, String> params = new LinkedHashMap<>(fromBody);
    params.putAll(parse(query));
    SignedRequest r = new SignedRequest(account, params);
    String signature = r.get("signature");
    if (signature == null) {
      throw new OrderRejectedException(
          -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
    }
    String ts = r.get("timestamp");
    if (ts == null || !ts.matches("[0-9]{1,19}")) {
      throw new OrderRejectedException(
          -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
    }
    long recvWindow = 5000;
    String rw = r.get("recvWindow");
    if (rw != null) {
      if (!rw.matches("[0-9]{1,9}")) {
        throw new OrderRejectedException(
            -1100,
            "Illegal characters found in parameter 'recvWindow'; legal range is '^[0-9]{1,20}$'.");
      }
      recvWindow = Long.parseLong(rw);
      if (recvWindow == 0 || recvWindow > 60_000) {
        throw new OrderRejectedException(-1131, "recvWindow must be less than 60000");
      }
    }
    String payload = withoutSignature(query) + withoutSignature(body);
    if (!signature.matches("[0-9a-fA-F]{64}")
        || !Hmac.verify(account.secret(), payload, signature)) {
      throw new OrderRejectedException(-1022, "Signature for this request is not valid.");
    }
    long timestamp = Long.parseLong(ts);
    if (timestamp >= serverTimeMillis + 1000) {
      throw new OrderRejectedException(
          -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    }
    if (serverTimeMillis - timestamp > recvWindow) {
      throw new OrderRejectedException(
          -1021, "Timestamp for this request is outside of the recvWindow.");
    }
    return r;
  }

  /** The raw text as sent with its {@code signature=...} parameter (and one '&') removed. */
  static String withoutSignature(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    java.util.List<String> kept = new java.util.ArrayList<>();
    for (String part : raw.split("&", -1)) {
      if (!part.startsWith("signature=")) {
        kept.add(part);
      }
    }
    return String.join("&", kept);
  }

  /** Decodes {@code a=1&b=2}; -1100 for undecodable text, -1101 for a repeated name. */
  static Map<String, String> parse(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k;
      String v;
      try {
        k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
        v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new OrderRejectedException(-1100, "Illegal characters found in a parameter.");
      }
      if (out.put(k, v) != null) {
        throw new OrderRejectedException(-1101, "Duplicate values for a parameter detected.");
      }
    }
    return out;
  }
}
