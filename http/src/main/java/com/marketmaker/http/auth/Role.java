package com.marketmaker.http.auth;

import java.util.Locale;

/**
 * What a token may do. Every role includes {@link #VIEWER}; {@link #ADMIN} includes every role;
 * {@link #TRADER} and {@link #RISK} are separate, so a token that must both start instruments and
 * kill them holds both.
 *
 * <pre>
 * viewer  every GET (except the token list and the audit log)
 * trader  viewer + start, stop, parameters (risk limits lowered only), POST /backtests,
 *         POST /sweeps, POST /feeds/latency/reset
 * risk    viewer + kill, risk clear, /maker/limits (and raising limits through start and
 *         parameters), manual fills, /portfolio/limits, /portfolio/rebalance,
 *         /portfolio/risk/clear, /portfolio/plans/{id}/confirm, GET /audit
 * admin   everything, and the tokens: POST, GET /auth/tokens, DELETE /auth/tokens/{id}
 * </pre>
 */
public enum Role {
  VIEWER,
  TRADER,
  RISK,
  ADMIN;

  /** Whether a holder of this role may do what {@code needed} may. */
  public boolean includes(Role needed) {
    return this == needed || this == ADMIN || needed == VIEWER;
  }

  /** The role's name in the API: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * A role from its name, in any case.
   *
   * @throws IllegalArgumentException naming the roles there are
   */
  public static Role parse(String text) {
    if (text != null) {
      for (Role r : values()) {
        if (r.name().equalsIgnoreCase(text.trim())) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + text + "'; expected viewer, trader, risk or admin");
  }
}
