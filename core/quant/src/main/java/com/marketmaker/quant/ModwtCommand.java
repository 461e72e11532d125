package com.marketmaker.quant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.portfolio.wavelet.Modwt;
import com.marketmaker.core.portfolio.wavelet.ModwtResult;
import com.marketmaker.core.portfolio.wavelet.WaveletFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quant modwt}: the maximal-overlap discrete wavelet transform of each picked column. */
@Command(
    name = "modwt",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Maximal-overlap discrete wavelet transform (Percival and Walden 2000, circular"
          + " boundary) of each picked column: the variance of the series by scale.",
      "Prints per column: column, filter, width, levels, n, scales (2^(j-1) rows for level j),"
          + " wavelet_variance (the unbiased estimate per level, null where every coefficient"
          + " touches the boundary), wavelet_energy per level, scaling_energy, energy (equal to"
          + " series_energy), reconstruction_error (largest absolute error of the inverse);"
          + " one object for one column, an array of them for several."
    })
final class ModwtCommand implements Callable<Integer> {

  /** The wavelet filters on offer. */
  enum Filter {
    HAAR(WaveletFilter.HAAR),
    D4(WaveletFilter.D4),
    LA8(WaveletFilter.LA8);

    final WaveletFilter filter;

    Filter(WaveletFilter filter) {
      this.filter = filter;
    }
  }

  @Spec CommandSpec spec;

  @Mixin InputOptions input;

  @Mixin OutputOptions output;

  @Option(
      names = "--filter",
      defaultValue = "la8",
      paramLabel = "haar|d4|la8",
      description =
          "Wavelet filter: haar (width 2), d4 (Daubechies extremal phase, width 4) or la8"
              + " (Daubechies least asymmetric, width 8).")
  Filter filter;

  @Option(
      names = "--levels",
      paramLabel = "J",
      description =
          "Number of levels, 1 to 30 (default: the most that leave a level-J coefficient clear"
              + " of the boundary, at least 1).")
  Integer levels;

  @Option(
      names = "--coefficients",
      description =
          "Also print the coefficients: wavelet (W_1..W_J, one array per level) and scaling"
              + " (V_J).")
  boolean coefficients;

  @Override
  public Integer call() {
    if (levels != null && (levels < 1 || levels > 30)) {
      throw new InputException("--levels " + levels + ": must be in 1..30");
    }
    InputOptions.Series series = input.load(QuantCommand.root(spec).stdin());
    List<ObjectNode> results = new ArrayList<>();
    for (int c = 0; c < series.count(); c++) {
      results.add(transform(series.names().get(c), series.column(c)));
    }
    output.printEach(results);
    return QuantCommand.OK;
  }

  /** The largest J whose level-J equivalent filter fits in {@code n} values, at least 1. */
  static int defaultLevels(WaveletFilter filter, int n) {
    int j = 1;
    while (j < 30 && filter.equivalentWidth(j + 1) <= n) {
      j++;
    }
    return j;
  }

  private ObjectNode transform(String name, double[] x) {
    WaveletFilter f = filter.filter;
    int j = levels != null ? levels : defaultLevels(f, x.length);
    ModwtResult r = Modwt.transform(x, f, j);
    double[] inverse = Modwt.inverse(r);
    double error = 0;
    double seriesEnergy = 0;
    for (int t = 0; t < x.length; t++) {
      error = Math.max(error, Math.abs(inverse[t] - x[t]));
      seriesEnergy += x[t] * x[t];
    }
    double[] energies = new double[j];
    for (int level = 1; level <= j; level++) {
      energies[level - 1] = r.waveletEnergy(level);
    }
    double scalingEnergy = 0;
    for (double v : r.scaling()) {
      scalingEnergy += v * v;
    }
    ObjectNode out = Json.object();
    out.put("column", name);
    out.put("filter", filter.name().toLowerCase(Locale.ROOT));
    out.put("width", f.width());
    out.put("levels", j);
    out.put("n", x.length);
    ArrayNode scales = out.putArray("scales");
    for (int level = 1; level <= j; level++) {
      scales.add(1L << (level - 1));
    }
    out.set("wavelet_variance", Json.array(Modwt.waveletVariance(r)));
    out.set("wavelet_energy", Json.array(energies));
    out.set("scaling_energy", Json.number(scalingEnergy));
    out.set("energy", Json.number(r.energy()));
    out.set("series_energy", Json.number(seriesEnergy));
    out.set("reconstruction_error", Json.number(error));
    if (coefficients) {
      ArrayNode wavelet = out.putArray("wavelet");
      for (int level = 1; level <= j; level++) {
        wavelet.add(Json.array(r.wavelet(level)));
      }
      out.set("scaling", Json.array(r.scaling()));
    }
    return out;
  }
}
