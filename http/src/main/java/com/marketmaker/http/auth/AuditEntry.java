package com.marketmaker.http.auth;

import com.marketmaker.persistence.CborSerializable;

/**
 * One request in the audit log: who did what, when, and how it ended.
 *
 * @param seq position in the cluster's log (assigned by {@link AuditLog}; 0 before)
 * @param timeMillis when the answer was sent, epoch milliseconds
 * @param node the node that answered
 * @param method the HTTP method
 * @param path the path and query, shortened, control characters replaced
 * @param principal the token's name, or {@code anonymous}
 * @param tokenId the token's id, null when anonymous
 * @param status the HTTP status answered
 * @param detail a short account: the error, or what changed
 * @param remote the client's address as the node saw the connection, null if unknown
 */
public record AuditEntry(
    long seq,
    long timeMillis,
    String node,
    String method,
    String path,
    String principal,
    String tokenId,
    int status,
    String detail,
    String remote)
    implements CborSerializable {

  /** The principal of a request that no valid token came with. */
  public static final String ANONYMOUS = "anonymous";

  AuditEntry withSeq(long n) {
    return new AuditEntry(
        n, timeMillis, node, method, path, principal, tokenId, status, detail, remote);
  }
}
