/**
 * Execution planning across instruments and venues: a linear cross-impact model estimated from
 * returns and signed order flow ({@link com.marketmaker.core.portfolio.execution.CrossImpactModel})
 * and an optimal-transport planner that pairs the sells and buys taking inventory cells to their
 * targets ({@link com.marketmaker.core.portfolio.execution.ExecutionPlanner}).
 *
 * <p>Units throughout: notionals in quote currency, signed flows positive for buys, price impact as
 * a relative price change (return), fees and unit costs relative to the traded notional, costs in
 * quote currency.
 */
package com.marketmaker.core.portfolio.execution;
