package com.marketmaker.core.risk;

/**
 * One failed check.
 *
 * @param check which check
 * @param detail the observed value against the limit, for the operator
 */
public record RiskBreach(RiskCheck check, String detail) {}
