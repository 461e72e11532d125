package com.marketmaker.core.risk;

/**
 * The state the risk checks read. Money in cash units at {@link
 * com.marketmaker.core.instrument.InstrumentSpec#CASH_SCALE}; times in nanoseconds on one monotonic
 * clock.
 *
 * @param positionLots signed position
 * @param dailyPnl realised + unrealised P&amp;L since the start of the trading day
 * @param equity current equity
 * @param peakEquity highest equity seen (high-water mark)
 * @param grossExposure absolute notional of all positions
 * @param capital capital allocated to the book, &gt; 0 for the exposure check to pass
 * @param quoteLatencyNanos latest measured quote round-trip latency
 * @param lastMarketDataNanos when the last market data arrived
 * @param nowNanos now
 * @param killSwitch operator kill switch engaged
 */
public record RiskSnapshot(
    long positionLots,
    long dailyPnl,
    long equity,
    long peakEquity,
    long grossExposure,
    long capital,
    long quoteLatencyNanos,
    long lastMarketDataNanos,
    long nowNanos,
    boolean killSwitch) {}
