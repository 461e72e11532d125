package com.marketmaker.simulator.exchange;

import com.marketmaker.core.orders.ExecutionType;

/**
 * One change of one order of a trading account, in the order the engine made them: what a user-data
 * stream pushes ({@code executionReport}, {@code ORDER_TRADE_UPDATE}).
 *
 * @param type NEW, TRADE, CANCELED or EXPIRED (an expiry by self-trade prevention has {@code
 *     order.expiredInMatch()})
 * @param order the order after the change
 * @param lastLots quantity of this fill (TRADE), else 0
 * @param lastPriceTicks price of this fill, else 0
 * @param lastQuote quote amount of this fill at 8 places, else 0
 * @param fee fee of this fill in the quote asset at 8 places, else 0
 * @param tradeId the fill's trade id, -1 when not a trade
 * @param maker whether this fill was on the resting side
 * @param lastPreventedLots quantity expired by self-trade prevention in this event
 * @param counterOrderId for a self-trade prevention, the resting order it met; else -1
 * @param cancelClientOrderId for a cancel, the cancel request's own client id; else null
 * @param eventTimeMillis venue time of the change
 * @param openBuyQuote after the change, the quote value of the account's working buy orders on the
 *     symbol at 8 places (USD-M {@code b})
 * @param openSellQuote the same for working sell orders (USD-M {@code a})
 */
public record OrderUpdate(
    ExecutionType type,
    OrderView order,
    long lastLots,
    long lastPriceTicks,
    long lastQuote,
    long fee,
    long tradeId,
    boolean maker,
    long lastPreventedLots,
    long counterOrderId,
    String cancelClientOrderId,
    long eventTimeMillis,
    long openBuyQuote,
    long openSellQuote) {}
