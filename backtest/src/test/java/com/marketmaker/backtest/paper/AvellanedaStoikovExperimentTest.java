package com.marketmaker.backtest.paper;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.marketmaker.backtest.paper.AvellanedaStoikovExperiment.Setup;
import com.marketmaker.backtest.paper.AvellanedaStoikovExperiment.SpreadRule;
import com.marketmaker.backtest.paper.ExperimentResult.StrategyStatistics;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reproduces Tables 1–3 of Avellaneda &amp; Stoikov (2008), §4, from 1000 simulated paths per γ,
 * against the published values in {@code avellaneda-stoikov-2008-tables.json}.
 *
 * <p>Tolerances. Each published figure is itself one Monte Carlo draw of n = 1000 paths, and so is
 * each figure here, from an independent stream. A figure is accepted when the two differ by at most
 * 4 standard errors of their difference, SE_diff = √(SE_paper² + SE_here²), each SE computed from
 * that draw's own standard deviation. The second term is the allowance for the paper's own noise;
 * if the model matched the paper exactly a figure would miss by chance with probability 6·10⁻⁵.
 *
 * <ul>
 *   <li>Means (profit, final q): SE = s/√n.
 *   <li>Standard deviations: SE(s) ≈ s·√((κ − 1)/(4(n − 1))), κ the kurtosis of the column (for a
 *       normal column κ = 3, SE = s/√(2(n − 1)), 2.2% of s). Kurtosis measured over 10⁵ paths: the
 *       final inventories 2.99–3.05 (κ = 3 used); the inventory strategy's profit 3.0–3.7 (κ = 4);
 *       the symmetric strategy's profit 5.9–6.2 (κ = 6: its risk term Σ q·ΔS is a normal variance
 *       mixture, as q wanders freely).
 *   <li>Average spread: with the tables' spread (2/γ)·ln(1 + γ/k) it is constant, so there is no
 *       noise; the tolerance is half a unit in the last printed digit, 0.005.
 * </ul>
 *
 * <p>Two published figures are not draws from the §4 model as specified: against a 200 000-path
 * reference of the same model they lie more than 4 of their own standard errors away, so a pass
 * would be luck of the draw rather than agreement. They are listed in {@link #DEVIATIONS}; for
 * those the test asserts only the direction of the deviation. (Reference, 200 000 paths: γ = 0.5
 * inventory strategy mean profit 20.93 against the published 33.92, 87 SE; γ = 0.01 inventory
 * strategy std of final q 5.25 against 4.70, 5.2 SE. The other published std's of the inventory
 * strategy's final q are also below the reference, by 2.4 SE at γ = 0.1 and 2.1 SE at γ = 0.5,
 * within tolerance.)
 *
 * <p>Over seeds 1–500 each figure not in {@link #DEVIATIONS} passed for every seed, except the γ =
 * 0.1 inventory mean profit, which failed for 8 (1.6%; reference 62.22 against the published 62.94,
 * 3.9 SE). The γ = 0.01 std of final q would have failed for 138 (28%). The seed below was fixed
 * before any run, not searched for.
 */
class AvellanedaStoikovExperimentTest {

  private static final long SEED = 2008L;
  private static final int PATHS = 1000;
  private static final double Z = 4.0;
  private static final double SPREAD_ROUNDING = 0.005 + 1e-12;
  private static final double KURTOSIS_FINAL_Q = 3.0;
  private static final double KURTOSIS_INVENTORY_PROFIT = 4.0;
  private static final double KURTOSIS_SYMMETRIC_PROFIT = 6.0;

  /** gamma/strategy/column figures the model does not reproduce; see the class comment. */
  private static final Set<String> DEVIATIONS =
      Set.of("0.5/inventory/profit", "0.01/inventory/finalQStd");

  private static final Map<Double, PaperTable> PAPER = new TreeMap<>();
  private static final Map<Double, ExperimentResult> RESULTS = new TreeMap<>();

  record PaperRow(
      double averageSpread, double profit, double profitStd, double finalQ, double finalQStd) {}

  record PaperTable(int table, double gamma, PaperRow inventory, PaperRow symmetric) {}

  @BeforeAll
  static void runExperiment() throws IOException {
    for (PaperTable table : loadPaperTables()) {
      PAPER.put(table.gamma(), table);
    }
    var experiment = AvellanedaStoikovExperiment.paper();
    assertEquals(PATHS, experiment.setup().paths());
    for (double gamma : PAPER.keySet()) {
      RESULTS.put(gamma, experiment.run(gamma, SEED));
    }
  }

  @Test
  void resourceHoldsThePapersSetupAndThreeTables() throws IOException {
    Map<String, Object> json = loadJson();
    @SuppressWarnings("unchecked")
    Map<String, Object> setup = (Map<String, Object>) json.get("setup");
    Setup paper = Setup.paper();
    assertAll(
        () -> assertEquals(Set.of(0.1, 0.01, 0.5), PAPER.keySet()),
        () -> assertNotNull(json.get("citation")),
        () -> assertEquals(paper.initialMid(), (double) setup.get("initialMid")),
        () -> assertEquals(paper.horizon(), (double) setup.get("horizon")),
        () -> assertEquals(paper.sigma(), (double) setup.get("sigma")),
        () -> assertEquals(paper.dt(), (double) setup.get("dt")),
        () -> assertEquals(paper.intensityScale(), (double) setup.get("intensityScale")),
        () -> assertEquals(paper.intensityDecay(), (double) setup.get("intensityDecay")),
        () -> assertEquals(paper.paths(), (double) setup.get("simulations")));
  }

  @ParameterizedTest(name = "gamma = {0}")
  @ValueSource(doubles = {0.1, 0.01, 0.5})
  void reproducesThePublishedTableWithinMonteCarloNoise(double gamma) {
    PaperTable paper = PAPER.get(gamma);
    ExperimentResult result = RESULTS.get(gamma);
    List<Executable> checks = new ArrayList<>();
    addChecks(checks, gamma, "inventory", paper.inventory(), result.inventory(), false);
    addChecks(checks, gamma, "symmetric", paper.symmetric(), result.symmetric(), true);
    printComparison(paper, result);
    assertAll("Table " + paper.table() + ", gamma = " + gamma, checks);
  }

  private static void addChecks(
      List<Executable> checks,
      double gamma,
      String strategy,
      PaperRow paper,
      StrategyStatistics here,
      boolean symmetric) {
    double profitKurtosis = symmetric ? KURTOSIS_SYMMETRIC_PROFIT : KURTOSIS_INVENTORY_PROFIT;
    checks.add(
        () ->
            assertEquals(
                paper.averageSpread(),
                here.averageSpread(),
                SPREAD_ROUNDING,
                strategy + " average spread"));
    checks.add(
        check(
            gamma,
            strategy,
            "profit",
            paper.profit(),
            here.meanProfit(),
            Z * seDiffOfMeans(paper.profitStd(), here.profitStdDev())));
    checks.add(
        check(
            gamma,
            strategy,
            "profitStd",
            paper.profitStd(),
            here.profitStdDev(),
            Z * seDiffOfStdDevs(paper.profitStd(), here.profitStdDev(), profitKurtosis)));
    checks.add(
        check(
            gamma,
            strategy,
            "finalQ",
            paper.finalQ(),
            here.meanFinalInventory(),
            Z * seDiffOfMeans(paper.finalQStd(), here.finalInventoryStdDev())));
    checks.add(
        check(
            gamma,
            strategy,
            "finalQStd",
            paper.finalQStd(),
            here.finalInventoryStdDev(),
            Z * seDiffOfStdDevs(paper.finalQStd(), here.finalInventoryStdDev(), KURTOSIS_FINAL_Q)));
  }

  private static Executable check(
      double gamma, String strategy, String column, double paper, double here, double tolerance) {
    String key = gamma + "/" + strategy + "/" + column;
    if (DEVIATIONS.contains(key)) {
      // Only the direction is asserted: the reproduction earns less at gamma = 0.5 and its
      // inventory spreads wider at gamma = 0.01 than published.
      boolean below = column.equals("profit");
      return () ->
          assertTrue(
              below ? here < paper : here > paper,
              () -> key + ": documented deviation reversed, paper " + paper + ", here " + here);
    }
    return () ->
        assertEquals(
            paper,
            here,
            tolerance,
            () -> key + ": paper " + paper + ", here " + here + ", tolerance " + tolerance);
  }

  /** SE of the difference of two independent means of n paths with these std's. */
  private static double seDiffOfMeans(double paperStd, double hereStd) {
    return Math.sqrt((paperStd * paperStd + hereStd * hereStd) / PATHS);
  }

  /** SE of the difference of two independent sample std's of n paths, kurtosis κ. */
  private static double seDiffOfStdDevs(double paperStd, double hereStd, double kurtosis) {
    double relative = Math.sqrt((kurtosis - 1.0) / (4.0 * (PATHS - 1)));
    return relative * Math.hypot(paperStd, hereStd);
  }

  @ParameterizedTest(name = "gamma = {0}")
  @ValueSource(doubles = {0.1, 0.01, 0.5})
  void inventoryStrategyHasLowerProfitAndInventoryDispersionThanSymmetric(double gamma) {
    // The paper's finding in §4: quoting around the reservation price narrows the distribution of
    // the profit and of the final inventory.
    ExperimentResult result = RESULTS.get(gamma);
    StrategyStatistics inventory = result.inventory();
    StrategyStatistics symmetric = result.symmetric();
    assertAll(
        () -> assertTrue(inventory.profitStdDev() < symmetric.profitStdDev(), "std of profit"),
        () ->
            assertTrue(
                inventory.finalInventoryStdDev() < symmetric.finalInventoryStdDev(),
                "std of final q"));
  }

  @Test
  void sameSeedGivesIdenticalResults() {
    var experiment = AvellanedaStoikovExperiment.paper();
    ExperimentResult first = experiment.run(0.1, SEED);
    ExperimentResult second = experiment.run(0.1, SEED);
    // Record equality compares the double components bit for bit (Double.compare).
    assertEquals(first, second);
    assertEquals(RESULTS.get(0.1), first);
    assertEquals(
        Double.doubleToRawLongBits(first.inventory().meanProfit()),
        Double.doubleToRawLongBits(second.inventory().meanProfit()));
    assertNotEquals(first, experiment.run(0.1, SEED + 1));
  }

  @Test
  void tablesSpreadIsTheOrderArrivalTermAlone() {
    // The tables' spread column is (2/γ)ln(1 + γ/k); the §3.2 spread adds γσ²(T − t), whose mean
    // over the steps t = j·dt, j = 0..199, is γσ²·(1 − dt·199/2), and then misses the tables.
    Setup setup = Setup.paper();
    double k = setup.intensityDecay();
    var full = new AvellanedaStoikovExperiment(setup, SpreadRule.FULL);
    for (double gamma : PAPER.keySet()) {
      double orderArrival = (2.0 / gamma) * Math.log1p(gamma / k);
      double meanTimeLeft = setup.horizon() - setup.dt() * (setup.steps() - 1) / 2.0;
      double sigma2 = setup.sigma() * setup.sigma();
      ExperimentResult tables = RESULTS.get(gamma);
      ExperimentResult withRiskTerm = full.run(gamma, SEED);
      double published = PAPER.get(gamma).inventory().averageSpread();
      assertAll(
          "gamma = " + gamma,
          () -> assertEquals(orderArrival, tables.inventory().averageSpread(), 1e-9),
          () -> assertEquals(orderArrival, tables.symmetric().averageSpread(), 1e-9),
          () ->
              assertEquals(
                  orderArrival + gamma * sigma2 * meanTimeLeft,
                  withRiskTerm.inventory().averageSpread(),
                  1e-9),
          () ->
              assertEquals(
                  withRiskTerm.inventory().averageSpread(),
                  withRiskTerm.symmetric().averageSpread(),
                  1e-9),
          () ->
              assertTrue(
                  Math.abs(withRiskTerm.inventory().averageSpread() - published)
                      > SPREAD_ROUNDING));
    }
  }

  private static void printComparison(PaperTable paper, ExperimentResult result) {
    System.out.printf(
        "Table %d, gamma = %s (paper | seed %d)%n", paper.table(), paper.gamma(), SEED);
    printRow("inventory", paper.inventory(), result.inventory());
    printRow("symmetric", paper.symmetric(), result.symmetric());
  }

  private static void printRow(String name, PaperRow paper, StrategyStatistics here) {
    System.out.printf(
        "  %-9s spread %.2f | %.3f  profit %.2f | %.2f  std %.2f | %.2f"
            + "  q %.3f | %.3f  std q %.2f | %.2f%n",
        name,
        paper.averageSpread(),
        here.averageSpread(),
        paper.profit(),
        here.meanProfit(),
        paper.profitStd(),
        here.profitStdDev(),
        paper.finalQ(),
        here.meanFinalInventory(),
        paper.finalQStd(),
        here.finalInventoryStdDev());
  }

  private static List<PaperTable> loadPaperTables() throws IOException {
    List<PaperTable> tables = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Object> entries = (List<Object>) loadJson().get("tables");
    for (Object entry : entries) {
      @SuppressWarnings("unchecked")
      Map<String, Object> table = (Map<String, Object>) entry;
      tables.add(
          new PaperTable(
              (int) (double) table.get("table"),
              (double) table.get("gamma"),
              row(table.get("inventory")),
              row(table.get("symmetric"))));
    }
    return tables;
  }

  private static PaperRow row(Object value) {
    @SuppressWarnings("unchecked")
    Map<String, Object> row = (Map<String, Object>) value;
    ToDoubleFunction<String> number = name -> (double) row.get(name);
    return new PaperRow(
        number.applyAsDouble("averageSpread"),
        number.applyAsDouble("profit"),
        number.applyAsDouble("profitStd"),
        number.applyAsDouble("finalQ"),
        number.applyAsDouble("finalQStd"));
  }

  private static Map<String, Object> loadJson() throws IOException {
    try (InputStream in =
            AvellanedaStoikovExperimentTest.class.getResourceAsStream(
                "/avellaneda-stoikov-2008-tables.json");
        JsonParser parser = new JsonFactory().createParser(in)) {
      parser.nextToken();
      @SuppressWarnings("unchecked")
      Map<String, Object> json = (Map<String, Object>) readValue(parser);
      return json;
    }
  }

  /** Objects to maps, arrays to lists, numbers to doubles. */
  private static Object readValue(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() != JsonToken.END_OBJECT) {
          String name = parser.currentName();
          parser.nextToken();
          object.put(name, readValue(parser));
        }
        return object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(readValue(parser));
        }
        return array;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return parser.getDoubleValue();
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return parser.getBooleanValue();
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected JSON token " + token);
    }
  }
}
