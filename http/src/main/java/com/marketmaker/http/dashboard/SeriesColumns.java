package com.marketmaker.http.dashboard;

import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.Map;

/** Joins two runs of the dashboard's series columns (the same keys, arrays of one type per key). */
final class SeriesColumns {

  private SeriesColumns() {}

  /** {@code older} then {@code newer}, column by column; either may be null. */
  static Map<String, Object> concat(Map<String, Object> older, Map<String, Object> newer) {
    if (older == null) {
      return newer;
    }
    if (newer == null) {
      return older;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : newer.entrySet()) {
      Object a = older.get(e.getKey());
      Object b = e.getValue();
      if (a == null || a.getClass() != b.getClass()) {
        throw new IllegalArgumentException("column " + e.getKey() + " differs between the runs");
      }
      int na = Array.getLength(a);
      int nb = Array.getLength(b);
      Object joined = Array.newInstance(b.getClass().getComponentType(), na + nb);
      System.arraycopy(a, 0, joined, 0, na);
      System.arraycopy(b, 0, joined, na, nb);
      out.put(e.getKey(), joined);
    }
    return out;
  }
}
