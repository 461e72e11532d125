package com.marketmaker.quant;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The series a subcommand works on: one or more CSV inputs, put side by side row by row (or matched
 * on a key column), and the columns picked from them.
 */
final class InputOptions {

  private static final Pattern QUALIFIED = Pattern.compile("(\\d+):(.+)");

  @Parameters(
      paramLabel = "FILE",
      arity = "1..*",
      description =
          "CSV input with a header row and one column per series; '-' reads standard input."
              + " Names ending in .gz are gunzipped, in .zip the archive's first file is read."
              + " Several inputs are put side by side, row by row (see --join).")
  List<String> files;

  @Option(
      names = "--columns",
      split = ",",
      paramLabel = "NAME",
      description =
          "Columns to use, in this order (default: every column of every input but the --join"
              + " key). A name found in several inputs is written N:NAME, N the input's position"
              + " on the command line from 1; ALIAS=NAME (or ALIAS=N:NAME) renames a column in the"
              + " output.")
  List<String> columns;

  @Option(
      names = "--header",
      split = ",",
      paramLabel = "NAME",
      description =
          "The inputs have no header row; these are the names of their columns (for every"
              + " input).")
  List<String> header;

  @Option(
      names = "--join",
      paramLabel = "NAME",
      description =
          "Match the rows of several inputs on this key column, present in each (inner join,"
              + " in the first input's order), instead of by position.")
  String join;

  /** The picked columns as numbers, named as the user named them. */
  record Series(List<String> names, double[][] columns) {

    /** The number of rows. */
    int rows() {
      return columns[0].length;
    }

    /** The number of series. */
    int count() {
      return columns.length;
    }

    /** Column {@code i}. */
    double[] column(int i) {
      return columns[i];
    }

    /** The data with observations in rows and series in columns. */
    double[][] byRow() {
      double[][] out = new double[rows()][count()];
      for (int c = 0; c < count(); c++) {
        for (int t = 0; t < rows(); t++) {
          out[t][c] = columns[c][t];
        }
      }
      return out;
    }
  }

  /** Reads, aligns and validates the inputs. */
  Series load(InputStream stdin) {
    long dashes = files.stream().filter("-"::equals).count();
    if (dashes > 1) {
      throw new InputException("standard input ('-') can be read only once");
    }
    List<CsvTable> tables = new ArrayList<>();
    for (String file : files) {
      tables.add(CsvTable.read(file, header, stdin));
    }
    List<String> aliases = new ArrayList<>();
    List<int[]> refs = resolve(tables, aliases);
    int[][] rowsOf = align(tables);
    List<String> names = new ArrayList<>();
    List<double[]> data = new ArrayList<>();
    for (int[] ref : refs) {
      CsvTable table = tables.get(ref[0]);
      int[] rows = rowsOf[ref[0]];
      double[] values = new double[rows.length];
      for (int r = 0; r < rows.length; r++) {
        values[r] = table.number(rows[r], ref[1]);
      }
      String alias = aliases.get(names.size());
      names.add(alias != null ? alias : label(tables, ref));
      data.add(values);
    }
    if (data.isEmpty()) {
      throw new InputException("no columns to read");
    }
    if (data.get(0).length == 0) {
      throw new InputException(
          (tables.size() == 1 ? tables.get(0).source() + " holds" : "the inputs hold")
              + " no data rows");
    }
    return new Series(names, data.toArray(new double[0][]));
  }

  /** {input index, column index} of every picked column. */
  private List<int[]> resolve(List<CsvTable> tables, List<String> aliases) {
    List<int[]> refs = new ArrayList<>();
    if (columns == null || columns.isEmpty()) {
      for (int t = 0; t < tables.size(); t++) {
        List<String> names = tables.get(t).names();
        for (int c = 0; c < names.size(); c++) {
          if (join == null || !names.get(c).equals(join)) {
            refs.add(new int[] {t, c});
            aliases.add(null);
          }
        }
      }
      return refs;
    }
    for (String wanted : columns) {
      String ref = wanted.trim();
      int eq = ref.indexOf('=');
      String alias = null;
      if (eq >= 0) {
        alias = ref.substring(0, eq).trim();
        ref = ref.substring(eq + 1).trim();
        if (alias.isEmpty()) {
          throw new InputException("--columns " + wanted + ": the name before '=' is empty");
        }
      }
      refs.add(find(tables, ref));
      aliases.add(alias);
    }
    return refs;
  }

  private static int[] find(List<CsvTable> tables, String wanted) {
    Matcher m = QUALIFIED.matcher(wanted);
    if (m.matches()) {
      int t = Integer.parseInt(m.group(1)) - 1;
      if (t < 0 || t >= tables.size()) {
        throw new InputException(
            "--columns " + wanted + ": there are " + tables.size() + " inputs, numbered from 1");
      }
      int c = tables.get(t).indexOf(m.group(2));
      if (c < 0) {
        throw new InputException(
            "--columns "
                + wanted
                + ": "
                + tables.get(t).source()
                + " has no column "
                + m.group(2)
                + "; its columns: "
                + String.join(", ", tables.get(t).names()));
      }
      return new int[] {t, c};
    }
    int[] found = null;
    for (int t = 0; t < tables.size(); t++) {
      int c = tables.get(t).indexOf(wanted);
      if (c >= 0) {
        if (found != null) {
          throw new InputException(
              "--columns "
                  + wanted
                  + ": the column is in several inputs; write N:"
                  + wanted
                  + " with N the input's position from 1");
        }
        found = new int[] {t, c};
      }
    }
    if (found == null) {
      List<String> all = new ArrayList<>();
      for (CsvTable table : tables) {
        all.add(table.source() + ": " + String.join(", ", table.names()));
      }
      throw new InputException(
          "--columns " + wanted + ": no such column; the columns are " + String.join("; ", all));
    }
    return found;
  }

  private static String label(List<CsvTable> tables, int[] ref) {
    String name = tables.get(ref[0]).names().get(ref[1]);
    int holders = 0;
    for (CsvTable table : tables) {
      holders += table.indexOf(name) >= 0 ? 1 : 0;
    }
    return holders > 1 ? (ref[0] + 1) + ":" + name : name;
  }

  /** For each input, the rows that make up the aligned data, in order. */
  private int[][] align(List<CsvTable> tables) {
    int[][] out = new int[tables.size()][];
    if (tables.size() == 1 || join == null) {
      for (int t = 0; t < tables.size(); t++) {
        CsvTable table = tables.get(t);
        if (table.rows() != tables.get(0).rows()) {
          throw new InputException(
              tables.get(0).source()
                  + " has "
                  + tables.get(0).rows()
                  + " data rows but "
                  + table.source()
                  + " has "
                  + table.rows()
                  + "; pass --join KEY to match the rows on a key column");
        }
        out[t] = new int[table.rows()];
        for (int r = 0; r < out[t].length; r++) {
          out[t][r] = r;
        }
      }
      return out;
    }
    List<Map<String, Integer>> keys = new ArrayList<>();
    for (CsvTable table : tables) {
      int k = table.indexOf(join);
      if (k < 0) {
        throw new InputException("--join " + join + ": " + table.source() + " has no such column");
      }
      Map<String, Integer> rowOfKey = new HashMap<>();
      for (int r = 0; r < table.rows(); r++) {
        Integer before = rowOfKey.putIfAbsent(table.cell(r, k), r);
        if (before != null) {
          throw new InputException(
              table.where(r, k)
                  + ": key '"
                  + table.cell(r, k)
                  + "' already on line "
                  + table.line(before));
        }
      }
      keys.add(rowOfKey);
    }
    List<int[]> matched = new ArrayList<>();
    CsvTable first = tables.get(0);
    int firstKey = first.indexOf(join);
    for (int r = 0; r < first.rows(); r++) {
      String key = first.cell(r, firstKey);
      int[] row = new int[tables.size()];
      boolean everywhere = true;
      for (int t = 0; t < tables.size() && everywhere; t++) {
        Integer at = keys.get(t).get(key);
        everywhere = at != null;
        row[t] = everywhere ? at : -1;
      }
      if (everywhere) {
        matched.add(row);
      }
    }
    for (int t = 0; t < tables.size(); t++) {
      out[t] = new int[matched.size()];
      for (int r = 0; r < matched.size(); r++) {
        out[t][r] = matched.get(r)[t];
      }
    }
    return out;
  }
}
