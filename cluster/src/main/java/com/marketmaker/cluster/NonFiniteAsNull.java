package com.marketmaker.cluster;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Writes a double that is not a number or infinite (a limit that is off, a statistic without data)
 * as JSON null: JSON has no NaN, and a client must not have to parse the text "NaN".
 */
final class NonFiniteAsNull extends JsonSerializer<Double> {

  private NonFiniteAsNull() {}

  static SimpleModule module() {
    SimpleModule m = new SimpleModule("non-finite-as-null");
    NonFiniteAsNull s = new NonFiniteAsNull();
    m.addSerializer(Double.class, s);
    m.addSerializer(double.class, s);
    return m;
  }

  @Override
  public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    if (value == null || !Double.isFinite(value)) {
      gen.writeNull();
    } else {
      gen.writeNumber(value);
    }
  }
}
