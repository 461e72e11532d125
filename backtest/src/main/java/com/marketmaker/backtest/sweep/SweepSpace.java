package com.marketmaker.backtest.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The points of a sweep over strategy fields: a full grid (every combination of the axes' values,
 * the first axis varying slowest), or random search (points drawn uniformly, or log-uniformly, from
 * ranges, with a seed).
 */
public final class SweepSpace {

  /** One grid axis: a field and its values. */
  public record Axis(String field, List<Object> values) {
    public Axis {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("axis " + field + " has no values");
      }
      values = List.copyOf(values);
    }
  }

  /**
   * A range for random search.
   *
   * @param logarithmic draw {@code log x} uniformly (for scale parameters such as γ)
   * @param integer round to a whole number
   */
  public record Range(String field, double low, double high, boolean logarithmic, boolean integer) {
    public Range {
      if (!(low <= high) || (logarithmic && !(low > 0))) {
        throw new IllegalArgumentException(
            "range of " + field + " must have low <= high (and low > 0 when logarithmic)");
      }
    }

    Object draw(SplittableRandom random) {
      double u = random.nextDouble();
      double x =
          logarithmic
              ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)))
              : low + u * (high - low);
      return integer ? (Object) Math.round(x) : (Object) x;
    }
  }

  private SweepSpace() {}

  /** Every combination of the axes' values. */
  public static List<Map<String, Object>> grid(List<Axis> axes) {
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Axis axis : axes) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> partial : out) {
        for (Object v : axis.values()) {
          Map<String, Object> p = new LinkedHashMap<>(partial);
          p.put(axis.field(), v);
          next.add(p);
        }
      }
      out = next;
    }
    return out;
  }

  /** {@code n} points drawn from the ranges with {@code seed}. */
  public static List<Map<String, Object>> random(List<Range> ranges, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Map<String, Object>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      for (Range r : ranges) {
        p.put(r.field(), r.draw(random));
      }
      out.add(p);
    }
    return out;
  }
}
