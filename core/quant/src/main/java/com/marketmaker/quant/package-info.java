/**
 * {@code bin/quant}, the analysts' command line over the portfolio math in {@code
 * com.marketmaker.core.portfolio}: {@code adf}, {@code coint} (Engle–Granger), {@code johansen},
 * {@code modwt}, {@code sinkhorn}, {@code var} and {@code cvar}. Inputs are CSV series, validated
 * where they are read (a bad cell is reported by file, line and column, exit code 2); results are
 * JSON on standard output, named as statsmodels names them where it has a counterpart.
 */
package com.marketmaker.quant;
