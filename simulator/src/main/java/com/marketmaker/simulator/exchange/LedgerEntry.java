package com.marketmaker.simulator.exchange;

import com.marketmaker.core.accounting.Side;

/**
 * One fill of one trading account: the venue's ground truth that clients' own books of fills are
 * compared against.
 *
 * @param tradeId the venue's trade id, per symbol, from 1
 * @param side the side of this account's order
 * @param priceTicks fill price in ticks
 * @param lots fill quantity in lots
 * @param quote {@code price × quantity} in the quote asset at 8 places
 * @param fee fee in the quote asset at 8 places, negative for a rebate
 * @param maker whether this account's order was the resting one
 */
public record LedgerEntry(
    String account,
    String symbol,
    long tradeId,
    long orderId,
    String clientOrderId,
    Side side,
    long priceTicks,
    long lots,
    long quote,
    long fee,
    boolean maker,
    long timeMillis) {}
