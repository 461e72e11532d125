package com.marketmaker.quant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketmaker.core.portfolio.transport.Sinkhorn;
import com.marketmaker.core.portfolio.transport.SinkhornResult;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quant sinkhorn}: entropic optimal transport between two weight vectors. */
@Command(
    name = "sinkhorn",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Entropically regularised optimal transport (Cuturi 2013) of the source weights a onto"
          + " the target weights b under a cost matrix C, by Sinkhorn-Knopp scaling (plain or"
          + " log-domain, as POT's sinkhorn and sinkhorn_log). sum(a) must equal sum(b) unless"
          + " --normalize.",
      "Prints method, epsilon, tolerance, converged, niter, marginal_error (L1), transport_cost"
          + " <P, C>, entropic_objective <P, C> - epsilon H(P), plan (rows: sources, columns:"
          + " targets), the dual potentials f and g (null for zero weights), and the cost"
          + " matrix's column names (and row labels when it has them)."
    })
final class SinkhornCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin OutputOptions output;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "FILE",
      description = "CSV with a header row holding the source weights a ('-': standard input).")
  String source;

  @Option(
      names = "--source-column",
      paramLabel = "NAME",
      description = "The column of --source holding the weights (default: its only column).")
  String sourceColumn;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "FILE",
      description = "CSV with a header row holding the target weights b ('-': standard input).")
  String target;

  @Option(
      names = "--target-column",
      paramLabel = "NAME",
      description = "The column of --target holding the weights (default: its only column).")
  String targetColumn;

  @Option(
      names = "--cost",
      required = true,
      paramLabel = "FILE",
      description =
          "CSV cost matrix: a header row naming the m targets, then one row per source (n rows)."
              + " A first column with an empty header, as pandas writes its index, holds row"
              + " labels.")
  String cost;

  @Option(
      names = "--epsilon",
      required = true,
      paramLabel = "EPS",
      description = "Entropic regularisation epsilon, in cost units, > 0.")
  double epsilon;

  @Option(
      names = "--tolerance",
      defaultValue = "1e-9",
      paramLabel = "TOL",
      description = "Stop when the L1 marginal error of the plan is below TOL (weight units).")
  double tolerance;

  @Option(
      names = "--max-iterations",
      defaultValue = "100000",
      paramLabel = "N",
      description = "Stop after N sweeps even when not converged.")
  int maxIterations;

  @Option(
      names = "--log-domain",
      description =
          "Iterate on the dual potentials with log-sum-exp (stable for small epsilon, where the"
              + " plain kernel exp(-C/epsilon) underflows).")
  boolean logDomain;

  @Option(
      names = "--normalize",
      description = "Scale the source and the target weights to total 1 each.")
  boolean normalize;

  @Override
  public Integer call() {
    if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
      throw new InputException("--epsilon " + epsilon + ": must be finite and > 0");
    }
    if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
      throw new InputException("--tolerance " + tolerance + ": must be finite and > 0");
    }
    if (maxIterations < 1) {
      throw new InputException("--max-iterations " + maxIterations + ": must be 1 or more");
    }
    long dashes = List.of(source, target, cost).stream().filter("-"::equals).count();
    if (dashes > 1) {
      throw new InputException("standard input ('-') can be read only once");
    }
    double[] a = weights(source, sourceColumn, "--source");
    double[] b = weights(target, targetColumn, "--target");
    double massA = sum(a);
    double massB = sum(b);
    if (Math.abs(massA - massB) > 1e-9 * Math.max(massA, massB)) {
      throw new InputException(
          "the source weights sum to "
              + massA
              + " and the target weights to "
              + massB
              + "; they must be equal (--normalize scales both to 1)");
    }
    CsvTable table = CsvTable.read(cost, null, QuantCommand.root(spec).stdin());
    boolean labelled = !table.names().isEmpty() && table.names().get(0).isEmpty();
    int first = labelled ? 1 : 0;
    int m = table.names().size() - first;
    if (table.rows() != a.length || m != b.length) {
      throw new InputException(
          "--cost "
              + table.source()
              + " is "
              + table.rows()
              + " x "
              + m
              + " but there are "
              + a.length
              + " source and "
              + b.length
              + " target weights (rows are sources, columns targets)");
    }
    double[][] c = new double[a.length][m];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < m; j++) {
        c[i][j] = table.number(i, first + j);
      }
    }
    Sinkhorn solver = new Sinkhorn(epsilon, tolerance, maxIterations);
    SinkhornResult r;
    try {
      r = logDomain ? solver.solveLog(a, b, c) : solver.solve(a, b, c);
    } catch (ArithmeticException e) {
      throw new ArithmeticException(e.getMessage() + ": pass --log-domain");
    }

    ObjectNode out = Json.object();
    out.put("method", logDomain ? "sinkhorn_log" : "sinkhorn");
    out.put("epsilon", epsilon);
    out.put("tolerance", tolerance);
    out.put("converged", r.converged());
    out.put("niter", r.iterations());
    out.set("marginal_error", Json.number(r.marginalError()));
    out.set("transport_cost", Json.number(r.transportCost()));
    out.set("entropic_objective", Json.number(r.entropicObjective()));
    out.set("plan", Json.matrix(r.plan()));
    out.set("f", Json.array(r.f()));
    out.set("g", Json.array(r.g()));
    out.set("columns", Json.strings(table.names().subList(first, table.names().size())));
    if (labelled) {
      String[] labels = new String[a.length];
      for (int i = 0; i < a.length; i++) {
        labels[i] = table.cell(i, 0);
      }
      out.set("rows", Json.strings(List.of(labels)));
    }
    output.print(out);
    return QuantCommand.OK;
  }

  private double[] weights(String file, String column, String option) {
    CsvTable table = CsvTable.read(file, null, QuantCommand.root(spec).stdin());
    int c;
    if (column != null) {
      c = table.indexOf(column);
      if (c < 0) {
        throw new InputException(
            option
                + "-column "
                + column
                + ": "
                + table.source()
                + " has no such column; its"
                + " columns: "
                + String.join(", ", table.names()));
      }
    } else if (table.names().size() == 1) {
      c = 0;
    } else {
      throw new InputException(
          option
              + " "
              + table.source()
              + " has "
              + table.names().size()
              + " columns; pick one"
              + " with "
              + option
              + "-column");
    }
    if (table.rows() == 0) {
      throw new InputException(option + " " + table.source() + " holds no weights");
    }
    double[] w = table.numbers(c);
    double total = 0;
    for (int r = 0; r < w.length; r++) {
      if (w[r] < 0) {
        throw new InputException(table.where(r, c) + ": negative weight " + table.cell(r, c));
      }
      total += w[r];
    }
    if (!(total > 0)) {
      throw new InputException(option + " " + table.source() + ": the weights sum to zero");
    }
    if (normalize) {
      for (int r = 0; r < w.length; r++) {
        w[r] /= total;
      }
    }
    return w;
  }

  private static double sum(double[] w) {
    double s = 0;
    for (double v : w) {
      s += v;
    }
    return s;
  }
}
