package com.marketmaker.quant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.portfolio.cointegration.EngleGranger;
import com.marketmaker.core.portfolio.cointegration.MacKinnon;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quant coint}: the Engle–Granger test of the first picked column on the others. */
@Command(
    name = "coint",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Engle-Granger two-step cointegration test of the first picked column (y) on the others"
          + " (x, 1 to "
          + (MacKinnon.MAX_N - 1)
          + "), as statsmodels' coint with its defaults: y = intercept + hedge ratios . x +"
          + " spread by OLS, then the ADF test without deterministic terms of the spread, the"
          + " lag chosen by AIC up to Schwert's maximum; MacKinnon p-value and critical values"
          + " for N = 1 + number of x.",
      "Prints y, x, nobs, coint_t (null when y and x are collinear), pvalue, crit_value {1%%, 5%%,"
          + " 10%%}, usedlag, intercept, hedge_ratios {x: ratio}, the spread's AR(1)"
          + " mean-reversion reversion_beta (with reversion_beta_se) and half_life in rows (null"
          + " when the spread does not revert), and the z-score of the last spread value."
    })
final class CointCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin InputOptions input;

  @Mixin OutputOptions output;

  @Option(
      names = "--zscore-window",
      paramLabel = "ROWS",
      description =
          "The z-score compares the last spread value with the mean and standard deviation of"
              + " the last ROWS values (default: the whole spread).")
  Integer zscoreWindow;

  @Option(names = "--spread", description = "Also print the spread, one value per row.")
  boolean spread;

  @Override
  public Integer call() {
    InputOptions.Series series = input.load(QuantCommand.root(spec).stdin());
    int xs = series.count() - 1;
    if (xs < 1 || xs + 1 > MacKinnon.MAX_N) {
      throw new InputException(
          "coint needs 2 to "
              + MacKinnon.MAX_N
              + " columns (y, then 1 to "
              + (MacKinnon.MAX_N - 1)
              + " x), got "
              + series.count()
              + ": "
              + String.join(", ", series.names()));
    }
    int n = series.rows();
    int window = zscoreWindow != null ? zscoreWindow : n;
    if (window < 2 || window > n) {
      throw new InputException("--zscore-window " + window + ": must be in 2.." + n);
    }
    double[][] x = new double[xs][];
    for (int i = 0; i < xs; i++) {
      x[i] = series.column(i + 1);
    }
    EngleGranger.Result r = EngleGranger.test(series.column(0), x);
    double[] reversion = EngleGranger.meanReversion(r.spread());

    ObjectNode out = Json.object();
    out.put("y", series.names().get(0));
    out.set("x", Json.strings(series.names().subList(1, series.count())));
    out.put("nobs", n);
    out.set("coint_t", Json.number(r.statistic()));
    out.set("pvalue", Json.number(r.pValue()));
    out.set("crit_value", Json.criticalValues(r.criticalValues()));
    out.put("usedlag", r.usedLag());
    out.set("intercept", Json.number(r.intercept()));
    ObjectNode ratios = out.putObject("hedge_ratios");
    for (int i = 0; i < xs; i++) {
      ratios.set(series.names().get(i + 1), Json.number(r.hedgeRatios()[i]));
    }
    out.set("reversion_beta", Json.number(reversion[0]));
    out.set("reversion_beta_se", Json.number(reversion[1]));
    out.set("half_life", Json.number(EngleGranger.halfLifeOf(reversion[0])));
    out.set("zscore", Json.number(EngleGranger.zScore(r.spread(), window)));
    out.put("zscore_window", window);
    if (spread) {
      out.set("spread", Json.array(r.spread()));
    }
    output.print(out);
    return QuantCommand.OK;
  }
}
