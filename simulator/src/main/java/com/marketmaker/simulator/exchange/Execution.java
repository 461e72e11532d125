package com.marketmaker.simulator.exchange;

/**
 * One fill of an order as its new-order answer lists it (Binance {@code fills}).
 *
 * @param quote quote amount at 8 places
 * @param fee fee in the quote asset at 8 places (negative for a rebate)
 */
public record Execution(long tradeId, long priceTicks, long lots, long quote, long fee) {}
