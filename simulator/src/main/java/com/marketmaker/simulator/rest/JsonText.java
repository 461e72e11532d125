package com.marketmaker.simulator.rest;

/** A JSON object written field by field in a fixed order, as Binance's answers are. */
final class JsonText {
  private final StringBuilder sb = new StringBuilder(256).append('{');
  private boolean first = true;

  private StringBuilder key(String k) {
    if (!first) {
      sb.append(',');
    }
    first = false;
    return sb.append('"').append(k).append("\":");
  }

  JsonText str(String k, String v) {
    if (v == null) {
      key(k).append("null");
    } else {
      key(k).append('"').append(BinanceJson.escape(v)).append('"');
    }
    return this;
  }

  JsonText num(String k, long v) {
    key(k).append(v);
    return this;
  }

  JsonText bool(String k, boolean v) {
    key(k).append(v);
    return this;
  }

  JsonText raw(String k, String json) {
    key(k).append(json);
    return this;
  }

  @Override
  public String toString() {
    return sb + "}";
  }
}
