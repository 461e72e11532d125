package com.marketmaker.streams.binance;

import com.marketmaker.core.instrument.Venue;

/**
 * An immutable snapshot of one Binance user-data stream on this node.
 *
 * @param connected whether the WebSocket connection is up now
 * @param connects connections established since start
 * @param gaps {@code onGap} calls (each reconnect after a lost connection, expired listen key or
 *     failed keep-alive)
 * @param listenKeys listen keys obtained ({@code POST})
 * @param keepAlives successful keep-alives ({@code PUT})
 * @param keepAliveFailures keep-alives the venue refused or that failed; each forces a reconnect
 * @param listenKeyExpired {@code listenKeyExpired} events received
 * @param frames frames received
 * @param executions execution events delivered to the listener
 * @param ignored account events this system does not use (balances, positions)
 * @param unknownSymbol order events for symbols the registry does not know (skipped)
 * @param unsupported order events of kinds not handled (amendments, liquidations; skipped)
 * @param malformed frames that were not the documented shape or off the instrument's grid
 * @param feesInOtherAssets trades whose commission was in a third asset and booked as 0
 * @param listenerErrors exceptions thrown by the listener (logged; the stream goes on)
 */
public record UserDataMetrics(
    Venue venue,
    boolean connected,
    long connects,
    long gaps,
    long listenKeys,
    long keepAlives,
    long keepAliveFailures,
    long listenKeyExpired,
    long frames,
    long executions,
    long ignored,
    long unknownSymbol,
    long unsupported,
    long malformed,
    long feesInOtherAssets,
    long listenerErrors) {}
