package com.marketmaker.quant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.portfolio.cointegration.Johansen;
import com.marketmaker.core.portfolio.cointegration.JohansenResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quant johansen}: Johansen's cointegration rank test of the picked columns. */
@Command(
    name = "johansen",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Johansen's trace and maximum-eigenvalue tests for the cointegrating rank of the picked"
          + " columns, as statsmodels' coint_johansen, with MacKinnon-Haug-Michelis (1999)"
          + " critical values (up to "
          + Johansen.MAX_SERIES
          + " series).",
      "Prints columns, det_order, k_ar_diff, nobs, eig (descending), evec (statsmodels'"
          + " layout: row i for series i, column r the vector of eig[r]), trace_stat,"
          + " trace_stat_crit_vals and max_eig_stat, max_eig_stat_crit_vals (per r: 90%%, 95%%,"
          + " 99%%), and the rank the sequential tests select at --level."
    })
final class JohansenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin InputOptions input;

  @Mixin OutputOptions output;

  @Option(
      names = "--det-order",
      defaultValue = "0",
      paramLabel = "-1|0|1",
      description = "Deterministic terms: -1 none, 0 constant, 1 linear trend.")
  int detOrder;

  @Option(
      names = "--k-ar-diff",
      defaultValue = "1",
      paramLabel = "P",
      description = "Number of lagged differences in the error-correction model.")
  int kArDiff;

  @Option(
      names = "--level",
      defaultValue = "95",
      paramLabel = "90|95|99",
      description = "Confidence level, in percent, of the rank selection.")
  int level;

  @Override
  public Integer call() {
    if (detOrder < -1 || detOrder > 1) {
      throw new InputException("--det-order " + detOrder + ": must be -1, 0 or 1");
    }
    if (kArDiff < 0) {
      throw new InputException("--k-ar-diff " + kArDiff + ": must be 0 or more");
    }
    int column =
        switch (level) {
          case 90 -> 0;
          case 95 -> 1;
          case 99 -> 2;
          default -> throw new InputException("--level " + level + ": must be 90, 95 or 99");
        };
    InputOptions.Series series = input.load(QuantCommand.root(spec).stdin());
    int k = series.count();
    int needed = k * (kArDiff + 1) + 3 + kArDiff;
    if (series.rows() < needed) {
      throw new InputException(
          series.rows()
              + " rows are too few for "
              + k
              + " series with --k-ar-diff "
              + kArDiff
              + ": need at least "
              + needed);
    }
    JohansenResult r = Johansen.test(series.byRow(), detOrder, kArDiff);
    double[][] evec = new double[k][k];
    for (int v = 0; v < k; v++) {
      for (int i = 0; i < k; i++) {
        evec[i][v] = r.eigenvectors()[v][i];
      }
    }
    ObjectNode out = Json.object();
    out.set("columns", Json.strings(series.names()));
    out.put("det_order", r.detOrder());
    out.put("k_ar_diff", r.lags());
    out.put("nobs", r.nobs());
    out.set("eig", Json.array(r.eigenvalues()));
    out.set("evec", Json.matrix(evec));
    out.set("trace_stat", Json.array(r.traceStatistics()));
    out.set("trace_stat_crit_vals", Json.matrix(r.traceCriticalValues()));
    out.set("max_eig_stat", Json.array(r.maxEigenStatistics()));
    out.set("max_eig_stat_crit_vals", Json.matrix(r.maxEigenCriticalValues()));
    ObjectNode rank = out.putObject("rank");
    rank.put("level", level);
    rank.put("trace", r.traceRank(column));
    rank.put("max_eig", r.maxEigenRank(column));
    output.print(out);
    return QuantCommand.OK;
  }
}
