package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.core.portfolio.transport.Sinkhorn;
import com.marketmaker.core.portfolio.transport.SinkhornResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quant sinkhorn} against {@link Sinkhorn} run directly, and against POT's plan for core's
 * hand-sized 3 x 4 fixture.
 */
class SinkhornCommandTest {

  @TempDir static Path dir;
  static JsonNode fixture;
  static double[] a;
  static double[] b;
  static double[][] cost;
  static String source;
  static String target;
  static String costFile;

  @BeforeAll
  static void data() {
    fixture = Fixtures.core("transport/small_3x4.json");
    a = Cli.doubles(fixture.get("a"));
    b = Cli.doubles(fixture.get("b"));
    cost = new double[a.length][];
    StringBuilder text = new StringBuilder("t1,t2,t3,t4\n");
    for (int i = 0; i < a.length; i++) {
      cost[i] = Cli.doubles(fixture.get("cost").get(i));
      for (int j = 0; j < b.length; j++) {
        text.append(j == 0 ? "" : ",").append(cost[i][j]);
      }
      text.append('\n');
    }
    source = Cli.write(dir, "a.csv", new String[] {"w"}, a);
    target = Cli.write(dir, "b.csv", new String[] {"w"}, b);
    costFile = Cli.write(dir, "cost.csv", text.toString());
  }

  static String[] args(String... more) {
    String[] base = {"sinkhorn", "--source", source, "--target", target, "--cost", costFile};
    String[] out = new String[base.length + more.length];
    System.arraycopy(base, 0, out, 0, base.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }

  static void assertSame(SinkhornResult want, JsonNode got) {
    for (int i = 0; i < want.plan().length; i++) {
      assertArrayEquals(want.plan()[i], Cli.doubles(got.get("plan").get(i)));
    }
    assertEquals(want.transportCost(), got.get("transport_cost").asDouble());
    assertEquals(want.entropicObjective(), got.get("entropic_objective").asDouble());
    assertEquals(want.iterations(), got.get("niter").asInt());
    assertEquals(want.marginalError(), got.get("marginal_error").asDouble());
    assertEquals(want.converged(), got.get("converged").asBoolean());
    assertArrayEquals(want.f(), Cli.doubles(got.get("f")));
    assertArrayEquals(want.g(), Cli.doubles(got.get("g")));
  }

  @Test
  void plainAndLogDomainMatchTheSolverAndPot() {
    double eps = fixture.get("epsilon").asDouble();
    Sinkhorn solver = new Sinkhorn(eps, 1e-12, 100_000);
    JsonNode plain = Cli.run(args("--epsilon", "0.5", "--tolerance", "1e-12")).json();
    assertSame(solver.solve(a, b, cost), plain);
    assertEquals("sinkhorn", plain.get("method").asText());
    JsonNode log = Cli.run(args("--epsilon", "0.5", "--tolerance", "1e-12", "--log-domain")).json();
    assertSame(solver.solveLog(a, b, cost), log);
    assertEquals("sinkhorn_log", log.get("method").asText());
    for (String key : new String[] {"planSinkhorn", "planSinkhornLog"}) {
      for (int i = 0; i < a.length; i++) {
        double[] want = Cli.doubles(fixture.get(key).get(i));
        double[] got = Cli.doubles(plain.get("plan").get(i));
        assertArrayEquals(want, got, 1e-9, key + " row " + i);
      }
    }
    assertEquals("t3", plain.get("columns").get(2).asText());
  }

  @Test
  void labelledCostNamedColumnsAndNormalizedWeights() {
    String weights =
        Cli.write(dir, "ab.csv", new String[] {"a", "other"}, a, new double[] {1, 1, 1});
    String scaledTarget = Cli.write(dir, "b2.csv", new String[] {"w"}, new double[] {2, 8, 6, 4});
    String labelled =
        Cli.write(dir, "labelled.csv", ",t1,t2,t3,t4\nr1,0,1,2,3\nr2,1,0,1,2\nr3,3,2,0.5,0\n");
    JsonNode got =
        Cli.run(
                "sinkhorn",
                "--source",
                weights,
                "--source-column",
                "a",
                "--target",
                scaledTarget,
                "--cost",
                labelled,
                "--epsilon",
                "0.5",
                "--normalize")
            .json();
    double[] na = {0.2, 0.5, 0.3};
    double[] nb = {0.1, 0.4, 0.3, 0.2};
    assertSame(new Sinkhorn(0.5).solve(na, nb, cost), got);
    assertEquals("r2", got.get("rows").get(1).asText());
  }

  @Test
  void underflowFailsWithAHintAndTheLogDomainCopes() {
    Cli.Run plain = Cli.run(args("--epsilon", "1e-4"));
    assertEquals(QuantCommand.FAILED, plain.code());
    assertTrue(plain.err().contains("log-domain"), plain.err());
    JsonNode log = Cli.run(args("--epsilon", "1e-4", "--log-domain")).json();
    assertSame(new Sinkhorn(1e-4).solveLog(a, b, cost), log);
  }

  @Test
  void badWeightsAreRefused() {
    String uneven = Cli.write(dir, "uneven.csv", new String[] {"w"}, new double[] {1, 1, 1, 1});
    assertTrue(
        Cli.run(
                "sinkhorn",
                "--source",
                source,
                "--target",
                uneven,
                "--cost",
                costFile,
                "--epsilon",
                "0.5")
            .refused()
            .err()
            .contains("--normalize"));
    String negative = Cli.write(dir, "negative.csv", "w\n2\n-5\n13\n");
    assertTrue(
        Cli.run(
                "sinkhorn",
                "--source",
                negative,
                "--target",
                target,
                "--cost",
                costFile,
                "--epsilon",
                "0.5")
            .refused()
            .err()
            .contains("negative.csv, line 3, column 1 (w): negative weight -5"));
    String narrow = Cli.write(dir, "narrow.csv", "t1,t2\n0,1\n1,0\n3,2\n");
    assertTrue(
        Cli.run(
                "sinkhorn",
                "--source",
                source,
                "--target",
                target,
                "--cost",
                narrow,
                "--epsilon",
                "0.5")
            .refused()
            .err()
            .contains("is 3 x 2"));
    assertTrue(Cli.run(args("--epsilon", "0")).refused().err().contains("--epsilon"));
  }
}
