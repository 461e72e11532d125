package com.marketmaker.http.auth;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code market-maker.auth} and {@code market-maker.http.cors}. The configured admin token is kept
 * only as its hash, so that no settings object, log line or dump can show it.
 *
 * @param adminTokenHash hash of {@code admin-token}, null when none is configured
 * @param adminTokenFile where a generated first admin token is written (mode 600)
 * @param refreshInterval how often each node refreshes its copy of the tokens
 * @param maxStaleness how old that copy may get before the node refuses every request
 * @param askTimeout how long a question to the token store or the audit log may take
 * @param ratePerSecond requests per second per token and node (0: no limit)
 * @param rateBurst requests a token may make at once
 * @param audit the node's shipping of audit entries
 * @param auditRetain audit entries kept in memory for {@code GET /audit}
 * @param snapshotEvery events between snapshots of the token store and the audit log
 * @param corsOrigins origins given {@code Access-Control-Allow-Origin} (none by default)
 * @param node this node's name in the audit log
 */
public record AuthSettings(
    String adminTokenHash,
    Path adminTokenFile,
    Duration refreshInterval,
    Duration maxStaleness,
    Duration askTimeout,
    double ratePerSecond,
    int rateBurst,
    AuditShipper.Settings audit,
    int auditRetain,
    int snapshotEvery,
    List<String> corsOrigins,
    String node) {

  public AuthSettings {
    corsOrigins = List.copyOf(corsOrigins);
    if (refreshInterval.compareTo(maxStaleness) >= 0) {
      throw new IllegalArgumentException(
          "market-maker.auth.max-staleness must be longer than refresh-interval");
    }
  }

  /**
   * The hash of a configured admin token.
   *
   * @throws IllegalArgumentException when it has not a token's shape (the message never shows it)
   */
  public static String adminTokenHash(String configured) {
    if (configured == null || configured.isBlank()) {
      return null;
    }
    String token = configured.trim();
    if (!Tokens.wellFormed(token)) {
      throw new IllegalArgumentException(
          "market-maker.auth.admin-token (MM_ADMIN_TOKEN) must be "
              + Tokens.PREFIX
              + " followed by at least "
              + Tokens.MIN_SECRET_CHARS
              + " URL-safe base64 characters (A-Z a-z 0-9 - _)");
    }
    return Tokens.hash(token);
  }

  /** The settings of a node, from its root config. */
  public static AuthSettings fromConfig(Config root) {
    Config c = root.getConfig("market-maker.auth");
    Config audit = c.getConfig("audit");
    String node =
        root.hasPath("market-maker.node-name") ? root.getString("market-maker.node-name") : "node";
    return new AuthSettings(
        adminTokenHash(c.getString("admin-token")),
        Path.of(c.getString("admin-token-file")),
        c.getDuration("refresh-interval"),
        c.getDuration("max-staleness"),
        c.getDuration("ask-timeout"),
        c.getDouble("rate-limit.per-second"),
        c.getInt("rate-limit.burst"),
        new AuditShipper.Settings(
            audit.getInt("batch"),
            audit.getDuration("flush-interval"),
            audit.getInt("max-pending"),
            c.getDuration("ask-timeout")),
        audit.getInt("retain"),
        c.getInt("snapshot-every"),
        root.getStringList("market-maker.http.cors.allowed-origins"),
        node);
  }
}
