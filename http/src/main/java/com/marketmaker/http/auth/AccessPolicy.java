package com.marketmaker.http.auth;

import java.util.List;

/**
 * The role each request needs, by method and path, in one table so that no endpoint is left out: a
 * read (GET, HEAD, OPTIONS) needs {@link Role#VIEWER} except the token list ({@link Role#ADMIN})
 * and the audit log ({@link Role#RISK}); a change needs the role its path is listed with below, and
 * {@link Role#ADMIN} when its path is not listed (an endpoint added later is closed until it is
 * given a role here).
 */
public final class AccessPolicy {

  private AccessPolicy() {}

  /** A path and everything under it ({@code under}), or exactly it, and the role it needs. */
  public record Rule(String path, boolean under, Role role) {
    boolean matches(String p) {
      return p.equals(path) || (under && p.startsWith(path + "/"));
    }
  }

  private static final List<Rule> CHANGES =
      List.of(
          new Rule("/maker/start", false, Role.TRADER),
          new Rule("/maker/params", false, Role.TRADER),
          new Rule("/maker/stop", false, Role.TRADER),
          new Rule("/backtests", false, Role.TRADER),
          new Rule("/sweeps", false, Role.TRADER),
          new Rule("/feeds/latency/reset", false, Role.TRADER),
          new Rule("/maker/kill", false, Role.RISK),
          new Rule("/maker/risk/clear", false, Role.RISK),
          new Rule("/maker/fills", false, Role.RISK),
          new Rule("/maker/limits", true, Role.RISK),
          new Rule("/portfolio/limits", true, Role.RISK),
          new Rule("/portfolio/rebalance", true, Role.RISK),
          new Rule("/portfolio/risk/clear", false, Role.RISK),
          new Rule("/portfolio/plans", true, Role.RISK),
          new Rule("/auth/tokens", true, Role.ADMIN));

  private static final List<Rule> READS =
      List.of(new Rule("/auth/tokens", true, Role.ADMIN), new Rule("/audit", true, Role.RISK));

  /** The rules for changes (every method that does not only read), first match wins. */
  public static List<Rule> changeRules() {
    return CHANGES;
  }

  /** The rules for reads (GET, HEAD, OPTIONS), first match wins. */
  public static List<Rule> readRules() {
    return READS;
  }

  /** Whether requests with this method only read. */
  public static boolean isRead(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  /** The role a request with {@code method} on {@code path} needs. */
  public static Role required(String method, String path) {
    String p = normalise(path);
    List<Rule> rules = isRead(method) ? READS : CHANGES;
    for (Rule r : rules) {
      if (r.matches(p)) {
        return r.role();
      }
    }
    return isRead(method) ? Role.VIEWER : Role.ADMIN;
  }

  /** Without a trailing slash, and "/" for the empty path. */
  private static String normalise(String path) {
    String p = path == null || path.isEmpty() ? "/" : path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
