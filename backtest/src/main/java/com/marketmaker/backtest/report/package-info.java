/**
 * Self-contained HTML reports of backtests and parameter sweeps: inline CSS and SVG charts drawn
 * here, no scripts and no external resources.
 */
package com.marketmaker.backtest.report;
