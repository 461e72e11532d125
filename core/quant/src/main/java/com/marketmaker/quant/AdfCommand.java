package com.marketmaker.quant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.portfolio.cointegration.AugmentedDickeyFuller;
import com.marketmaker.core.portfolio.cointegration.DeterministicTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code quant adf}: the augmented Dickey–Fuller test of each picked column. */
@Command(
    name = "adf",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Augmented Dickey-Fuller unit-root test of each picked column, as statsmodels'"
          + " adfuller: the t-statistic of rho in dy_t = rho y_(t-1) + deterministic terms +"
          + " lagged differences, MacKinnon (1994) p-value and (2010) critical values.",
      "Prints per column: column, statistic, pvalue, usedlag, nobs, critical_values {1%%, 5%%,"
          + " 10%%}, icbest (null when the lag is fixed), regression, autolag, maxlag; one object"
          + " for one column, an array of them for several."
    })
final class AdfCommand implements Callable<Integer> {

  /** How the lag is chosen. */
  enum AutoLag {
    AIC,
    NONE
  }

  @Spec CommandSpec spec;

  @Mixin InputOptions input;

  @Mixin OutputOptions output;

  @Option(
      names = "--regression",
      defaultValue = "c",
      paramLabel = "n|c|ct",
      converter = TermsConverter.class,
      description =
          "Deterministic terms of the test regression: n none, c constant, ct constant and"
              + " linear trend.")
  DeterministicTerms regression;

  @Option(
      names = "--maxlag",
      paramLabel = "N",
      description =
          "Largest number of lagged differences (default: Schwert's ceil(12 (n/100)^(1/4)),"
              + " capped at n/2 - terms - 1, n the series length).")
  Integer maxlag;

  @Option(
      names = "--autolag",
      defaultValue = "AIC",
      paramLabel = "AIC|none",
      description =
          "AIC: the lag in 0..maxlag with the smallest Akaike criterion; none: exactly maxlag"
              + " lags.")
  AutoLag autolag;

  @Override
  public Integer call() {
    InputOptions.Series series = input.load(QuantCommand.root(spec).stdin());
    List<ObjectNode> results = new ArrayList<>();
    for (int c = 0; c < series.count(); c++) {
      results.add(test(series.names().get(c), series.column(c)));
    }
    output.printEach(results);
    return QuantCommand.OK;
  }

  private ObjectNode test(String name, double[] y) {
    int cap = y.length / 2 - regression.columns() - 1;
    if (cap < 0) {
      throw new InputException(
          "column " + name + ": " + y.length + " values are too few for the test");
    }
    int lags = maxlag != null ? maxlag : AugmentedDickeyFuller.defaultMaxLag(y.length, regression);
    if (lags < 0 || lags > cap) {
      throw new InputException(
          "--maxlag "
              + lags
              + ": must be in 0.."
              + cap
              + " for column "
              + name
              + " ("
              + y.length
              + " values, regression "
              + regression.code()
              + ")");
    }
    AugmentedDickeyFuller.Result r =
        AugmentedDickeyFuller.test(y, regression, lags, autolag == AutoLag.AIC);
    ObjectNode out = Json.object();
    out.put("column", name);
    out.set("statistic", Json.number(r.statistic()));
    out.set("pvalue", Json.number(r.pValue()));
    out.put("usedlag", r.usedLag());
    out.put("nobs", r.nobs());
    out.set("critical_values", Json.criticalValues(r.criticalValues()));
    out.set("icbest", Json.number(r.icBest()));
    out.put("regression", regression.code());
    out.put("autolag", autolag == AutoLag.AIC ? "AIC" : null);
    out.put("maxlag", lags);
    return out;
  }

  /** Reads {@code n}, {@code c} or {@code ct}. */
  static final class TermsConverter implements ITypeConverter<DeterministicTerms> {
    @Override
    public DeterministicTerms convert(String value) {
      for (DeterministicTerms t : DeterministicTerms.values()) {
        if (t.code().equalsIgnoreCase(value.trim())) {
          return t;
        }
      }
      throw new TypeConversionException("'" + value + "' is not one of n, c, ct");
    }
  }
}
