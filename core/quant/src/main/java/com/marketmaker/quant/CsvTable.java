package com.marketmaker.quant;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One CSV input as text: the column names (from its header row, or given) and every data row with
 * its line number, so that a cell that is not a number can be reported by file, line and column.
 * Cells are split on commas, double quotes protect commas (a doubled quote inside is one quote),
 * surrounding blanks are trimmed and blank lines are skipped. Names ending in {@code .gz} are
 * gunzipped and in {@code .zip} the first file of the archive is read.
 */
final class CsvTable {

  /** The name of standard input in messages. */
  static final String STDIN = "<stdin>";

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");

  private final String source;
  private final List<String> names;
  private final List<String[]> rows = new ArrayList<>();
  private final List<Integer> lines = new ArrayList<>();

  private CsvTable(String source, List<String> names) {
    this.source = source;
    this.names = List.copyOf(names);
  }

  /**
   * Reads {@code path} ({@code -} for {@code stdin}); {@code header} names the columns of an input
   * without a header row, or is null when the first row is the header.
   */
  static CsvTable read(String path, List<String> header, InputStream stdin) {
    String source = "-".equals(path) ? STDIN : path;
    try (BufferedReader in = open(path, stdin)) {
      return parse(source, in, header);
    } catch (NoSuchFileException e) {
      throw new InputException("no such file: " + path);
    } catch (IOException e) {
      throw new InputException("cannot read " + source + ": " + e.getMessage());
    }
  }

  private static BufferedReader open(String path, InputStream stdin) throws IOException {
    InputStream raw;
    if ("-".equals(path)) {
      raw = new UncloseableInput(stdin);
    } else {
      Path file = Path.of(path);
      if (Files.isDirectory(file)) {
        throw new InputException(path + " is a directory, not a CSV file");
      }
      raw = Files.newInputStream(file);
    }
    try {
      InputStream in = raw;
      if (path.endsWith(".gz")) {
        in = new GZIPInputStream(raw, 1 << 16);
      } else if (path.endsWith(".zip")) {
        ZipInputStream zip = new ZipInputStream(raw);
        ZipEntry entry = zip.getNextEntry();
        while (entry != null && entry.isDirectory()) {
          entry = zip.getNextEntry();
        }
        if (entry == null) {
          throw new InputException(path + " holds no file");
        }
        in = zip;
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** Parses CSV text; {@code source} names it in messages. */
  static CsvTable parse(String source, BufferedReader in, List<String> header) throws IOException {
    CsvTable table = null;
    if (header != null) {
      table = new CsvTable(source, checkNames(source, 0, header));
    }
    int number = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      number++;
      if (number == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = split(source, number, line);
      if (table == null) {
        table = new CsvTable(source, checkNames(source, number, cells));
        continue;
      }
      if (cells.size() != table.names.size()) {
        throw new InputException(
            source
                + ", line "
                + number
                + ": "
                + cells.size()
                + (cells.size() == 1 ? " cell" : " cells")
                + " where the header names "
                + table.names.size()
                + " columns");
      }
      table.rows.add(cells.toArray(new String[0]));
      table.lines.add(number);
    }
    if (table == null) {
      throw new InputException(source + " is empty: no header row");
    }
    return table;
  }

  private static List<String> checkNames(String source, int line, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!name.isEmpty() && !seen.add(name)) {
        String where = line > 0 ? source + ", line " + line : source + " (--header)";
        throw new InputException(where + ": column name '" + name + "' appears twice");
      }
    }
    return names;
  }

  /** Splits one CSV line into trimmed cells. */
  static List<String> split(String source, int number, String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"' && cell.toString().isBlank()) {
        quoted = true;
        wasQuoted = true;
        cell.setLength(0);
      } else if (c == ',') {
        cells.add(wasQuoted ? cell.toString() : cell.toString().trim());
        cell.setLength(0);
        wasQuoted = false;
      } else if (!(wasQuoted && c == ' ')) {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new InputException(source + ", line " + number + ": a quote is not closed");
    }
    cells.add(wasQuoted ? cell.toString() : cell.toString().trim());
    return cells;
  }

  /** The input's name in messages: the path as given, or {@value #STDIN}. */
  String source() {
    return source;
  }

  /** The column names in file order. */
  List<String> names() {
    return names;
  }

  /** The number of data rows. */
  int rows() {
    return rows.size();
  }

  /** The line number (from 1) of data row {@code row}. */
  int line(int row) {
    return lines.get(row);
  }

  /** The index of the column named {@code name}, or -1. */
  int indexOf(String name) {
    return names.indexOf(name);
  }

  /** The text of a cell. */
  String cell(int row, int column) {
    return rows.get(row)[column];
  }

  /** "file, line L, column C (name)" for messages. */
  String where(int row, int column) {
    String name = names.get(column);
    return source
        + ", line "
        + line(row)
        + ", column "
        + (column + 1)
        + (name.isEmpty() ? "" : " (" + name + ")");
  }

  /** The cell as a finite decimal number; anything else is an {@link InputException}. */
  double number(int row, int column) {
    String text = cell(row, column);
    if (text.isEmpty()) {
      throw new InputException(where(row, column) + ": empty cell where a number is needed");
    }
    if (!NUMBER.matcher(text).matches()) {
      throw new InputException(where(row, column) + ": not a number: '" + text + "'");
    }
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value)) {
      throw new InputException(where(row, column) + ": number out of range: '" + text + "'");
    }
    return value;
  }

  /** Every cell of a column as a number. */
  double[] numbers(int column) {
    double[] out = new double[rows()];
    for (int r = 0; r < out.length; r++) {
      out[r] = number(r, column);
    }
    return out;
  }

  /** Standard input that stays open when its reader is closed. */
  private static final class UncloseableInput extends FilterInputStream {
    UncloseableInput(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
