package com.marketmaker.quant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.portfolio.risk.CornishFisherRisk;
import com.marketmaker.core.portfolio.risk.HistoricalRisk;
import com.marketmaker.core.portfolio.risk.MonteCarloRisk;
import com.marketmaker.core.portfolio.risk.ParametricRisk;
import com.marketmaker.core.portfolio.risk.RiskEstimate;
import com.marketmaker.core.portfolio.risk.SampleMoments;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code quant var} and {@code quant cvar}: Value-at-Risk and conditional Value-at-Risk of a
 * P&amp;L sample or of positions in assets whose returns are given, by every requested method and
 * confidence level. Both commands print the same figures.
 */
abstract class RiskCommand implements Callable<Integer> {

  /** The common part of the two commands' descriptions. */
  static final String DESCRIPTION =
      "The P&L of a row is sum_i positions_i x_i over the picked columns x (a P&L, a return or a"
          + " price turned into the simple return p_t / p_(t-1) - 1, see --kind). Methods:"
          + " historical (type-7 quantile, tail mean), gaussian, cornish-fisher (skewness and"
          + " kurtosis corrected), monte-carlo-normal and monte-carlo-t (multivariate normal or"
          + " Student-t returns with the columns' sample means and covariance). Both figures are"
          + " losses, positive for a loss.";

  /** The common part of the two commands' output descriptions. */
  static final String PRINTS =
      "Prints columns, kind, positions, nobs (P&L rows), the P&L's moments {mean, sd, skewness,"
          + " excess_kurtosis}, the monte_carlo settings when a Monte Carlo method ran, and"
          + " estimates: one {method, confidence, var, cvar} per confidence and method.";

  /** What the picked columns hold. */
  enum Kind {
    PNL,
    RETURNS,
    PRICES
  }

  /** The estimation methods, by their command-line names. */
  enum Method {
    HISTORICAL("historical"),
    GAUSSIAN("gaussian"),
    CORNISH_FISHER("cornish-fisher"),
    MONTE_CARLO_NORMAL("monte-carlo-normal"),
    MONTE_CARLO_T("monte-carlo-t");

    final String label;

    Method(String label) {
      this.label = label;
    }
  }

  @Spec CommandSpec spec;

  @Mixin InputOptions input;

  @Mixin OutputOptions output;

  @Option(
      names = "--kind",
      defaultValue = "pnl",
      paramLabel = "pnl|returns|prices",
      description =
          "What the columns hold: pnl (P&L per row), returns (per-period asset returns) or"
              + " prices (turned into simple returns, one row fewer).")
  Kind kind;

  @Option(
      names = "--positions",
      split = ",",
      paramLabel = "W",
      description =
          "Position (exposure) per picked column, in their order; the P&L of a row is"
              + " sum_i W_i x_i. Default 1 each; required for several columns of returns or"
              + " prices.")
  List<Double> positions;

  @Option(
      names = "--confidence",
      split = ",",
      defaultValue = "0.95,0.99",
      paramLabel = "C",
      description = "Confidence levels, each strictly between 0 and 1.")
  List<Double> confidence;

  @Option(
      names = "--methods",
      split = ",",
      defaultValue = "historical,gaussian,cornish-fisher,monte-carlo-normal,monte-carlo-t",
      paramLabel = "METHOD",
      converter = MethodConverter.class,
      description =
          "Methods: historical, gaussian, cornish-fisher, monte-carlo-normal, monte-carlo-t.")
  List<Method> methods;

  @Option(
      names = "--scenarios",
      defaultValue = "100000",
      paramLabel = "N",
      description = "Monte Carlo scenarios.")
  int scenarios;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "SEED",
      description = "Monte Carlo seed; equal seeds give equal figures.")
  long seed;

  @Option(
      names = "--nu",
      defaultValue = "5",
      paramLabel = "NU",
      description = "Degrees of freedom of the Student-t Monte Carlo, > 2.")
  double nu;

  @Override
  public Integer call() {
    for (double c : confidence) {
      if (!(c > 0 && c < 1)) {
        throw new InputException("--confidence " + c + ": must be strictly between 0 and 1");
      }
    }
    boolean monteCarlo =
        methods.contains(Method.MONTE_CARLO_NORMAL) || methods.contains(Method.MONTE_CARLO_T);
    if (scenarios < 1) {
      throw new InputException("--scenarios " + scenarios + ": must be 1 or more");
    }
    if (!(nu > 2) || !Double.isFinite(nu)) {
      throw new InputException("--nu " + nu + ": must be finite and greater than 2");
    }
    InputOptions.Series series = input.load(QuantCommand.root(spec).stdin());
    double[][] x = kind == Kind.PRICES ? returns(series) : series.columns();
    double[] w = positions(series);
    int n = x[0].length;
    if (n < 2) {
      throw new InputException("need at least 2 P&L rows, got " + n);
    }
    double[] pnl = new double[n];
    for (int i = 0; i < x.length; i++) {
      for (int t = 0; t < n; t++) {
        pnl[t] += w[i] * x[i][t];
      }
    }
    double[] sorted = pnl.clone();
    Arrays.sort(sorted);
    Map<Method, double[]> draws = new EnumMap<>(Method.class);
    if (monteCarlo) {
      MonteCarloRisk mc = monteCarlo(w, x);
      if (methods.contains(Method.MONTE_CARLO_NORMAL)) {
        draws.put(Method.MONTE_CARLO_NORMAL, sortedCopy(mc.simulateNormal(scenarios, seed)));
      }
      if (methods.contains(Method.MONTE_CARLO_T)) {
        draws.put(Method.MONTE_CARLO_T, sortedCopy(mc.simulateStudentT(scenarios, nu, seed)));
      }
    }

    SampleMoments m = SampleMoments.of(pnl);
    ObjectNode out = Json.object();
    out.set("columns", Json.strings(series.names()));
    out.put("kind", kind.name().toLowerCase(Locale.ROOT));
    out.set("positions", Json.array(w));
    out.put("nobs", n);
    ObjectNode moments = out.putObject("moments");
    moments.set("mean", Json.number(m.mean()));
    moments.set("sd", Json.number(m.sd()));
    moments.set("skewness", Json.number(m.skewness()));
    moments.set("excess_kurtosis", Json.number(m.excessKurtosis()));
    if (monteCarlo) {
      ObjectNode settings = out.putObject("monte_carlo");
      settings.put("scenarios", scenarios);
      settings.put("seed", seed);
      settings.put("nu", nu);
    }
    ArrayNode estimates = out.putArray("estimates");
    for (double c : confidence) {
      for (Method method : methods) {
        RiskEstimate e =
            switch (method) {
              case HISTORICAL -> HistoricalRisk.estimateSorted(sorted, c);
              case GAUSSIAN -> ParametricRisk.gaussian(m.mean(), m.sd(), c);
              case CORNISH_FISHER ->
                  CornishFisherRisk.estimate(m.mean(), m.sd(), m.skewness(), m.excessKurtosis(), c);
              case MONTE_CARLO_NORMAL, MONTE_CARLO_T ->
                  HistoricalRisk.estimateSorted(draws.get(method), c);
            };
        ObjectNode row = estimates.addObject();
        row.put("method", method.label);
        row.put("confidence", c);
        row.set("var", Json.number(e.var()));
        row.set("cvar", Json.number(e.cvar()));
      }
    }
    output.print(out);
    return QuantCommand.OK;
  }

  private double[] positions(InputOptions.Series series) {
    int d = series.count();
    if (positions == null) {
      if (d > 1 && kind != Kind.PNL) {
        throw new InputException(
            "--positions: "
                + d
                + " columns of "
                + kind.name().toLowerCase(Locale.ROOT)
                + " need one position each ("
                + String.join(", ", series.names())
                + ")");
      }
      double[] ones = new double[d];
      Arrays.fill(ones, 1.0);
      return ones;
    }
    if (positions.size() != d) {
      throw new InputException(
          "--positions: "
              + positions.size()
              + " given for "
              + d
              + " columns ("
              + String.join(", ", series.names())
              + ")");
    }
    double[] w = new double[d];
    for (int i = 0; i < d; i++) {
      w[i] = positions.get(i);
      if (!Double.isFinite(w[i])) {
        throw new InputException("--positions: " + w[i] + " is not a finite number");
      }
    }
    return w;
  }

  /** Simple returns p_t / p_(t-1) - 1 of every column. */
  private static double[][] returns(InputOptions.Series series) {
    int n = series.rows();
    double[][] out = new double[series.count()][Math.max(n - 1, 0)];
    for (int i = 0; i < series.count(); i++) {
      double[] p = series.column(i);
      for (int t = 1; t < n; t++) {
        if (!(p[t - 1] > 0)) {
          throw new InputException(
              "--kind prices: column "
                  + series.names().get(i)
                  + " has the price "
                  + p[t - 1]
                  + " in data row "
                  + t
                  + "; prices must be positive");
        }
        out[i][t - 1] = p[t] / p[t - 1] - 1;
      }
    }
    return out;
  }

  /** The Monte Carlo model of the columns' sample mean vector and covariance matrix. */
  private static MonteCarloRisk monteCarlo(double[] w, double[][] x) {
    int d = x.length;
    int n = x[0].length;
    double[] mean = new double[d];
    for (int i = 0; i < d; i++) {
      for (double v : x[i]) {
        mean[i] += v;
      }
      mean[i] /= n;
    }
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int t = 0; t < n; t++) {
          s += (x[i][t] - mean[i]) * (x[j][t] - mean[j]);
        }
        cov[i][j] = s / (n - 1);
        cov[j][i] = cov[i][j];
      }
    }
    try {
      return new MonteCarloRisk(w, mean, cov);
    } catch (RuntimeException e) {
      throw new InputException(
          "the Monte Carlo methods need a positive definite covariance of the columns (is a"
              + " column constant, or a combination of others?): "
              + e.getMessage());
    }
  }

  private static double[] sortedCopy(double[] values) {
    double[] out = values.clone();
    Arrays.sort(out);
    return out;
  }

  /** Reads a method by its command-line name. */
  static final class MethodConverter implements ITypeConverter<Method> {
    @Override
    public Method convert(String value) {
      for (Method m : Method.values()) {
        if (m.label.equalsIgnoreCase(value.trim())) {
          return m;
        }
      }
      throw new TypeConversionException(
          "'"
              + value
              + "' is not one of historical, gaussian, cornish-fisher, monte-carlo-normal,"
              + " monte-carlo-t");
    }
  }
}
