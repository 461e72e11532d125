package com.marketmaker.core.quote;

/**
 * What one step of the policy did to the quote, for the API and the dashboard.
 *
 * @param step name of the step
 * @param bidShift change of the bid price, ticks (0 when the price was not touched)
 * @param askShift change of the ask price, ticks
 * @param bid bid price after the step, ticks (NaN when the side is off)
 * @param ask ask price after the step, ticks (NaN when the side is off)
 * @param bidSize bid size after the step, lots
 * @param askSize ask size after the step, lots
 * @param note why, in a few words
 */
public record Contribution(
    String step,
    double bidShift,
    double askShift,
    double bid,
    double ask,
    double bidSize,
    double askSize,
    String note) {}
