/**
 * Portfolio risk measures: Value-at-Risk and conditional Value-at-Risk (expected shortfall) of a
 * P&amp;L or return sample, by historical, Gaussian, Cornish&ndash;Fisher and Monte Carlo methods,
 * and Kupiec's proportion-of-failures backtest of VaR breach counts.
 *
 * <p>Sign convention throughout: the input is a P&amp;L (or return) sample {@code x}, gains
 * positive; VaR and CVaR are reported as losses, positive when the tail is a loss. The confidence
 * {@code c} is e.g. 0.95 or 0.99 and {@code alpha = 1 - c} is the tail probability.
 */
package com.marketmaker.core.portfolio.risk;
