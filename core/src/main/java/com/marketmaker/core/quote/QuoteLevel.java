package com.marketmaker.core.quote;

/**
 * One resting order of a decision, on the instrument's grid.
 *
 * @param priceTicks price in ticks
 * @param sizeLots size in lots, ≥ 1
 */
public record QuoteLevel(long priceTicks, long sizeLots) {}
