package com.marketmaker.core.portfolio.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.portfolio.execution.ExecutionPlan.ChildOrder;
import com.marketmaker.core.portfolio.execution.ExecutionPlanner.Cell;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-worked plans and structural properties of {@link ExecutionPlanner}. */
class ExecutionPlannerTest {

  private static final double TIGHT = 1e-9;

  /**
   * Long instrument 0 and short instrument 1, both to be flattened, with positive cross-impact.
   * Lambda = [[2e-6, 1e-6], [0.5e-6, 3e-6]] per unit notional, clip q = 100, fees 1e-5 and 2e-5.
   * The only pair sells 0 and buys 1: C = 50 (2e-6 + 3e-6 - 1e-6 - 0.5e-6) + 3e-5 = 2.05e-4, so
   * 1000 units cost 0.205. Alone: 1000 (50 * 2e-6 + 1e-5) + 1000 (50 * 3e-6 + 2e-5) = 0.11 + 0.17 =
   * 0.28; the saving is 1000 * 50 * (1e-6 + 0.5e-6) = 0.075.
   */
  @Test
  void pairingALongAndAShortSharesTheirCrossImpact() {
    CrossImpactModel impact = CrossImpactModel.of(new double[][] {{2e-6, 1e-6}, {0.5e-6, 3e-6}});
    ExecutionPlanner planner = new ExecutionPlanner(impact, 100.0, 4);
    List<Cell> cells = List.of(Cell.flat(0, "X", 1e-5, 1000.0), Cell.flat(1, "X", 2e-5, -1000.0));
    ExecutionPlan p = planner.plan(cells);
    assertEquals(3, p.cells().size());
    assertTrue(p.cells().get(p.cashIndex()).isCash());
    assertEquals(0.0, p.sinkNotional()[p.cashIndex()]);
    assertEquals(0.0, p.sourceNotional()[p.cashIndex()]);
    assertEquals(2.05e-4, p.unitCost()[0][1], 1e-18);
    assertEquals(1000.0, p.plan(0, 1), TIGHT * 1000);
    assertEquals(0.205, p.expectedCost(), 1e-12);
    assertEquals(0.28, p.legsAloneCost(), 1e-12);
    assertEquals(0.075, p.saving(), 1e-12);
    checkStructure(p);
  }

  /**
   * Two sources (instrument 0 on venue A, 60; instrument 1 on A, 40) and two sinks (instrument 0 on
   * B, 40; instrument 1 on B, 60); Lambda = [[2e-6, 1e-6], [1e-6, 2e-6]], q = 100, fees 1e-5.
   * Same-instrument pairs net to zero flow and pay fees only, C = 2e-5; cross pairs C = 50 (2e-6 +
   * 2e-6 - 2e-6) + 2e-5 = 1.2e-4. With x the mass on (0A, 0B) the plan is [[x, 60 - x], [40 - x, 20
   * + x]] and its cost falls with x at rate 2e-5 + 2e-5 - 2 * 1.2e-4 < 0, so x = 40: [[40, 20], [0,
   * 40]], cost 40 * 2e-5 + 20 * 1.2e-4 + 40 * 2e-5 = 0.004. Alone: 200 * (50 * 2e-6 + 1e-5) =
   * 0.022.
   */
  @Test
  void twoByTwoNetsTheSameInstrumentAcrossVenues() {
    CrossImpactModel impact = CrossImpactModel.of(new double[][] {{2e-6, 1e-6}, {1e-6, 2e-6}});
    ExecutionPlanner planner = new ExecutionPlanner(impact, 100.0, 3);
    List<Cell> cells =
        List.of(
            Cell.flat(0, "A", 1e-5, 60.0),
            Cell.flat(1, "A", 1e-5, 40.0),
            Cell.flat(0, "B", 1e-5, -40.0),
            Cell.flat(1, "B", 1e-5, -60.0));
    ExecutionPlan p = planner.plan(cells);
    double[][] expected = {{40, 20}, {0, 40}};
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(expected[i][j], p.plan(i, 2 + j), TIGHT * 100, "plan " + i + "," + j);
      }
    }
    assertEquals(2e-5, p.unitCost()[0][2], 1e-18);
    assertEquals(1.2e-4, p.unitCost()[0][3], 1e-18);
    assertEquals(0.004, p.expectedCost(), 1e-12);
    assertEquals(0.022, p.legsAloneCost(), 1e-12);
    checkStructure(p);
  }

  /**
   * Three cells and cash: sell 50 of instrument 0 (fee 1e-5) and 50 of instrument 1 (fee 2e-5), buy
   * 60 of instrument 2 (fee 1e-5); 40 more is sold than bought, so cash is a sink of 40. Lambda is
   * 2e-6 on the diagonal with Lambda_02 = Lambda_20 = 1e-6, q = 100. Unit costs: 0->2 1.2e-4,
   * 0->cash 1.1e-4, 1->2 2.3e-4, 1->cash 1.2e-4. With x on 0->2 (10 <= x <= 50) the cost changes at
   * rate 1.2e-4 - 1.1e-4 - 2.3e-4 + 1.2e-4 = -1e-4, so x = 50: 0->2 50, 1->2 10, 1->cash 40, cost
   * 0.006 + 0.0023 + 0.0048 = 0.0131. Alone: 0.0055 + 0.006 + 0.0066 = 0.0181; saving 50 * 100 *
   * 1e-6.
   */
  @Test
  void threeCellsWithCashPairTheCrossImpactedLegs() {
    CrossImpactModel impact =
        CrossImpactModel.of(new double[][] {{2e-6, 0, 1e-6}, {0, 2e-6, 0}, {1e-6, 0, 2e-6}});
    ExecutionPlanner planner = new ExecutionPlanner(impact, 100.0, 5);
    List<Cell> cells =
        List.of(
            Cell.flat(0, "A", 1e-5, 50.0),
            Cell.flat(1, "A", 2e-5, 50.0),
            new Cell(2, "B", 1e-5, 0.0, 60.0));
    ExecutionPlan p = planner.plan(cells);
    int cash = p.cashIndex();
    assertEquals(3, cash);
    assertEquals(40.0, p.sinkNotional()[cash], 1e-12);
    assertEquals(50.0, p.plan(0, 2), TIGHT * 100);
    assertEquals(0.0, p.plan(0, cash), TIGHT * 100);
    assertEquals(10.0, p.plan(1, 2), TIGHT * 100);
    assertEquals(40.0, p.plan(1, cash), TIGHT * 100);
    assertEquals(0.0131, p.expectedCost(), 1e-12);
    assertEquals(0.0181, p.legsAloneCost(), 1e-12);
    assertEquals(0.005, p.saving(), 1e-12);
    checkStructure(p);
    for (ChildOrder o : p.childOrders()) {
      assertTrue(o.sinkCell() != cash || o.side() == Side.SELL, "no order for the cash leg");
    }
  }

  /** Buying more than is sold: cash is the source that funds the rest. */
  @Test
  void cashFundsNetBuying() {
    CrossImpactModel impact = CrossImpactModel.of(new double[][] {{1e-6, 0}, {0, 1e-6}});
    ExecutionPlanner planner = new ExecutionPlanner(impact, 10.0, 2);
    ExecutionPlan p =
        planner.plan(List.of(Cell.flat(0, "A", 1e-4, 30.0), new Cell(1, "A", 1e-4, 0.0, 100.0)));
    int cash = p.cashIndex();
    assertEquals(70.0, p.sourceNotional()[cash], 1e-12);
    assertEquals(0.0, p.sinkNotional()[cash]);
    assertEquals(30.0, p.plan(0, 1), TIGHT * 100);
    assertEquals(70.0, p.plan(cash, 1), TIGHT * 100);
    checkStructure(p);
  }

  /**
   * Zero cross-impact between distinct instruments and equal fees: every unit cost splits into a
   * seller part and a buyer part, so every feasible plan costs exactly the legs-alone cost.
   */
  @Test
  void withoutCrossImpactThePlanCostsWhatTheLegsCostAlone() {
    CrossImpactModel impact =
        CrossImpactModel.of(
            new double[][] {{1e-6, 0, 0, 0}, {0, 2e-6, 0, 0}, {0, 0, 3e-6, 0}, {0, 0, 0, 5e-7}});
    ExecutionPlanner planner = new ExecutionPlanner(impact, 250.0, 4);
    List<Cell> cells =
        List.of(
            Cell.flat(0, "A", 2e-4, 800.0),
            Cell.flat(1, "B", 2e-4, -300.0),
            new Cell(2, "A", 2e-4, 100.0, 700.0),
            new Cell(3, "C", 2e-4, 500.0, -100.0));
    ExecutionPlan p = planner.plan(cells);
    assertEquals(p.legsAloneCost(), p.expectedCost(), 1e-12 * p.legsAloneCost());
    checkStructure(p);
  }

  /** A larger random book: marginals, child orders, and no plan costs more than the legs alone. */
  @Test
  void randomBookRespectsMarginalsAndNeverCostsMoreThanTheLegs() {
    Random rnd = new Random(17L);
    int k = 4;
    double[][] lambda = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        lambda[i][j] = i == j ? 1e-6 * (1 + rnd.nextDouble()) : 4e-7 * rnd.nextDouble();
      }
    }
    CrossImpactModel impact = CrossImpactModel.of(lambda);
    String[] venues = {"A", "B", "C"};
    List<Cell> cells = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      for (String v : venues) {
        double current = 10_000 * rnd.nextGaussian();
        double target = rnd.nextBoolean() ? 0.0 : 5_000 * rnd.nextGaussian();
        cells.add(new Cell(i, v, 1e-4 * (1 + rnd.nextInt(5)), current, target));
      }
    }
    for (double eps : new double[] {1e-3, 0.3}) {
      ExecutionPlan p = new ExecutionPlanner(impact, 1_000.0, 7, eps).plan(cells);
      checkStructure(p);
      // cross-impacts are non-negative, so every pairing saves (see the class comment)
      assertTrue(p.expectedCost() <= p.legsAloneCost(), "eps " + eps);
      assertTrue(p.saving() > 0.0);
    }
    double sharp = new ExecutionPlanner(impact, 1_000.0, 7, 1e-3).plan(cells).expectedCost();
    double blurred = new ExecutionPlanner(impact, 1_000.0, 7, 0.3).plan(cells).expectedCost();
    assertTrue(sharp < blurred, "entropy blurs the plan towards costlier pairs");
  }

  @Test
  void flatBookGivesAnEmptyPlan() {
    CrossImpactModel impact = CrossImpactModel.of(new double[][] {{1e-6}});
    ExecutionPlan p =
        new ExecutionPlanner(impact, 1.0, 3).plan(List.of(new Cell(0, "A", 1e-4, 5.0, 5.0)));
    assertEquals(0.0, p.expectedCost());
    assertEquals(0.0, p.legsAloneCost());
    assertTrue(p.childOrders().isEmpty());
  }

  @Test
  void rejectsInvalidInput() {
    CrossImpactModel impact = CrossImpactModel.of(new double[][] {{1e-6}});
    ExecutionPlanner planner = new ExecutionPlanner(impact, 1.0, 3);
    assertThrows(IllegalArgumentException.class, () -> planner.plan(List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> planner.plan(List.of(Cell.flat(1, "A", 0, 1))));
    assertThrows(IllegalArgumentException.class, () -> planner.plan(List.of(Cell.cash())));
    assertThrows(
        IllegalArgumentException.class,
        () -> planner.plan(List.of(Cell.flat(0, "A", 0, 1), Cell.flat(0, "A", 0, -1))));
    assertThrows(IllegalArgumentException.class, () -> Cell.flat(0, "A", -1e-4, 1));
    assertThrows(IllegalArgumentException.class, () -> Cell.flat(0, "", 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ExecutionPlanner(impact, -1.0, 3));
    assertThrows(IllegalArgumentException.class, () -> new ExecutionPlanner(impact, 1.0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ExecutionPlanner(impact, 1.0, 3, 0.0));
  }

  /** Marginals to 1e-9 of the traded total, child orders summing to the plan, even slicing. */
  private static void checkStructure(ExecutionPlan p) {
    double total = 0.0;
    for (double v : p.sourceNotional()) {
      total += v;
    }
    assertTrue(p.converged(), "Sinkhorn converged in " + p.iterations() + " sweeps");
    assertTrue(p.marginalError() <= TIGHT * total, "marginal error " + p.marginalError());
    int m = p.cells().size();
    double[][] sold = new double[m][m];
    double[][] bought = new double[m][m];
    int[][] count = new int[m][m];
    for (ChildOrder o : p.childOrders()) {
      assertTrue(o.notional() > 0.0);
      assertTrue(o.slice() >= 0 && o.slice() < p.slices());
      ExecutionPlanner.Cell cell =
          p.cells().get(o.side() == Side.SELL ? o.sourceCell() : o.sinkCell());
      assertEquals(cell.instrument(), o.instrument());
      assertEquals(cell.venue(), o.venue());
      double[][] acc = o.side() == Side.SELL ? sold : bought;
      acc[o.sourceCell()][o.sinkCell()] += o.notional();
      count[o.sourceCell()][o.sinkCell()]++;
      assertEquals(p.plan(o.sourceCell(), o.sinkCell()) / p.slices(), o.notional(), 1e-12 * total);
    }
    int cash = p.cashIndex();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double want = p.plan(i, j);
        if (i != cash) {
          assertEquals(want, sold[i][j], 1e-12 * total, "sells " + i + "->" + j);
        }
        if (j != cash) {
          assertEquals(want, bought[i][j], 1e-12 * total, "buys " + i + "->" + j);
        }
        if (want > 0.0) {
          int legs = (i == cash ? 0 : 1) + (j == cash ? 0 : 1);
          assertEquals(legs * p.slices(), count[i][j], "one order per leg and slice");
        }
      }
    }
  }
}
