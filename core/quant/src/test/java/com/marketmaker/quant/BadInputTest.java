package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input is checked where it is read: every refusal exits with code 2 and one message naming the
 * file, line and column, without a stack trace.
 */
class BadInputTest {

  @TempDir Path dir;

  String good() {
    StringBuilder s = new StringBuilder("time,a,b\n");
    for (int t = 0; t < 40; t++) {
      s.append("t")
          .append(t)
          .append(',')
          .append(Math.sin(t))
          .append(',')
          .append(t % 7)
          .append('\n');
    }
    return Cli.write(dir, "good.csv", s.toString());
  }

  @Test
  void aCellThatIsNotANumberIsNamedByFileLineAndColumn() {
    String file = Cli.write(dir, "prices.csv", "time,a,b\nt0,1.5,2\n\nt1,2.5,abc\nt2,3,4\n");
    String[] commands = {"adf", "coint", "johansen", "modwt", "var", "cvar"};
    for (String command : commands) {
      Cli.Run run = Cli.run(command, "--columns", "a,b", file).refused();
      assertEquals(
          "quant " + command + ": " + file + ", line 4, column 3 (b): not a number: 'abc'\n",
          run.err(),
          command);
    }
  }

  @Test
  void emptyInfiniteAndHexCellsAreNotNumbers() {
    String[][] cases = {
      {"", "empty cell"}, {"NaN", "not a number: 'NaN'"}, {"Infinity", "not a number"},
      {"0x1p3", "not a number"}, {"1e999", "out of range"}, {"1,5", "3 cells"}
    };
    for (String[] c : cases) {
      String file = Cli.write(dir, "x.csv", "x,y\n1,2\n" + c[0] + ",7\n");
      Cli.Run run = Cli.run("modwt", "--columns", "x", file).refused();
      assertTrue(run.err().contains("x.csv, line 3"), run.err());
      assertTrue(run.err().contains(c[1]), c[0] + ": " + run.err());
    }
  }

  @Test
  void otherColumnsMayHoldText() {
    JsonNode got = Cli.run("modwt", "--columns", "a", "--compact", good()).json();
    assertEquals(40, got.get("n").asInt());
  }

  @Test
  void standardInputIsNamedInMessages() {
    Cli.Run run = Cli.runWithInput("x\n1\n2\nbad\n", "var", "-").refused();
    assertTrue(run.err().contains("<stdin>, line 4, column 1 (x): not a number: 'bad'"), run.err());
  }

  @Test
  void raggedRowsUnknownColumnsAndMissingFiles() {
    String ragged = Cli.write(dir, "ragged.csv", "a,b\n1,2\n3\n");
    assertTrue(
        Cli.run("adf", ragged)
            .refused()
            .err()
            .contains("ragged.csv, line 3: 1 cell where the header names 2 columns"));
    assertTrue(
        Cli.run("adf", "--columns", "zz", good())
            .refused()
            .err()
            .contains("--columns zz: no such column; the columns are"));
    assertTrue(
        Cli.run("adf", dir.resolve("nothere.csv").toString())
            .refused()
            .err()
            .contains("no such file"));
    String empty = Cli.write(dir, "empty.csv", "");
    assertTrue(Cli.run("adf", empty).refused().err().contains("empty.csv is empty"));
    String dup = Cli.write(dir, "dup.csv", "a,a\n1,2\n");
    assertTrue(Cli.run("adf", dup).refused().err().contains("dup.csv, line 1: column name 'a'"));
  }

  @Test
  void inputsOfDifferentLengthsNeedAJoin() {
    String first = Cli.write(dir, "first.csv", "k,v\n1,10\n2,11\n3,12\n4,13\n5,15\n6,14\n");
    String second = Cli.write(dir, "second.csv", "k,v\n2,20\n3,23\n4,21\n6,22\n");
    assertTrue(
        Cli.run("var", "--columns", "1:v,2:v", first, second)
            .refused()
            .err()
            .contains("first.csv has 6 data rows but " + second + " has 4; pass --join"));
    assertTrue(
        Cli.run("var", "--columns", "v", first, second)
            .refused()
            .err()
            .contains("the column is in several inputs; write N:v"));
    JsonNode got =
        Cli.run(
                "var",
                "--join",
                "k",
                "--methods",
                "historical",
                "--columns",
                "x=1:v,y=2:v",
                first,
                second)
            .json();
    assertEquals(4, got.get("nobs").asInt(), "keys 2, 3, 4 and 6");
    assertEquals("x", got.get("columns").get(0).asText());
    JsonNode byDefault =
        Cli.run("var", "--join", "k", "--methods", "historical", first, second).json();
    assertEquals("1:v", byDefault.get("columns").get(0).asText(), "the key is left out");
    assertEquals(2, byDefault.get("columns").size());
    String dupKey = Cli.write(dir, "dupkey.csv", "k,v\n1,1\n1,2\n");
    assertTrue(
        Cli.run("var", "--join", "k", dupKey, first)
            .refused()
            .err()
            .contains("dupkey.csv, line 3, column 1 (k): key '1' already on line 2"));
  }

  @Test
  void headerlessInputsTakeNamesFromHeader() {
    String bare = Cli.write(dir, "bare.csv", "0,1.5\n60000,1.7\n120000,1.6\n180000,1.9\n");
    JsonNode got =
        Cli.run("var", "--header", "ms,close", "--columns", "close", "--kind", "prices", bare)
            .json();
    assertEquals(3, got.get("nobs").asInt());
    assertTrue(
        Cli.run("var", "--header", "ms", bare)
            .refused()
            .err()
            .contains("bare.csv, line 1: 2 cells"));
  }

  @Test
  void unknownOptionsAndBadValuesAreUsageErrors() {
    Cli.Run run = Cli.run("adf", "--lags", "3", good()).refused();
    assertTrue(run.err().contains("Unknown option: '--lags'"), run.err());
    assertTrue(run.err().contains("quant adf --help"), run.err());
    assertTrue(Cli.run("adf", "--regression", "ctt", good()).refused().err().contains("n, c, ct"));
    assertTrue(Cli.run("adf", "--maxlag", "two", good()).refused().err().contains("--maxlag"));
    assertTrue(Cli.run("adf").refused().err().contains("FILE"));
    assertTrue(Cli.run("frobnicate").refused().err().contains("frobnicate"));
  }
}
