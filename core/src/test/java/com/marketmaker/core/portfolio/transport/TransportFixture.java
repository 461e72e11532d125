package com.marketmaker.core.portfolio.transport;

import com.marketmaker.core.testdata.JsonFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reference problem and POT plans read from {@code fixtures/transport/NAME.json}. */
record TransportFixture(
    String name,
    double epsilon,
    double[] a,
    double[] b,
    double[][] cost,
    double[][] planSinkhorn,
    double[][] planSinkhornLog) {

  static TransportFixture load(String name) {
    Map<String, Object> root;
    try {
      root = JsonFixtures.resource("/fixtures/transport/" + name + ".json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TransportFixture(
        (String) root.get("name"),
        ((Number) root.get("epsilon")).doubleValue(),
        JsonFixtures.doubles(root.get("a")),
        JsonFixtures.doubles(root.get("b")),
        JsonFixtures.matrix(root.get("cost")),
        JsonFixtures.matrix(root.get("planSinkhorn")),
        JsonFixtures.matrix(root.get("planSinkhornLog")));
  }

  double totalMass() {
    double s = 0.0;
    for (double x : a) {
      s += x;
    }
    return s;
  }
}
