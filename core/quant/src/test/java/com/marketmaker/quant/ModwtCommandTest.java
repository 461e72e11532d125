package com.marketmaker.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marketmaker.core.portfolio.wavelet.Modwt;
import com.marketmaker.core.portfolio.wavelet.ModwtResult;
import com.marketmaker.core.portfolio.wavelet.WaveletFilter;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quant modwt} against {@link Modwt} run directly. */
class ModwtCommandTest {

  @TempDir static Path dir;
  static double[] x;
  static double[] noise;
  static String file;

  @BeforeAll
  static void data() {
    Random random = new Random(3);
    x = Cli.ar1(random, 250, 0.8);
    noise = new double[250];
    for (int t = 0; t < noise.length; t++) {
      noise[t] = random.nextGaussian();
    }
    file = Cli.write(dir, "x.csv", new String[] {"x", "noise"}, x, noise);
  }

  static void assertSame(ModwtResult want, JsonNode got) {
    int levels = want.levels();
    assertEquals(levels, got.get("levels").asInt());
    assertArrayEquals(Modwt.waveletVariance(want), Cli.doubles(got.get("wavelet_variance")));
    for (int j = 1; j <= levels; j++) {
      assertEquals(want.waveletEnergy(j), got.get("wavelet_energy").get(j - 1).asDouble());
      assertEquals(1L << (j - 1), got.get("scales").get(j - 1).asLong());
    }
    assertEquals(want.energy(), got.get("energy").asDouble());
    assertEquals(want.energy(), got.get("series_energy").asDouble(), 1e-9 * want.energy());
    assertTrue(got.get("reconstruction_error").asDouble() < 1e-10);
  }

  @Test
  void eachFilterAtGivenLevels() {
    String[] names = {"haar", "d4", "la8"};
    WaveletFilter[] filters = {WaveletFilter.HAAR, WaveletFilter.D4, WaveletFilter.LA8};
    for (int i = 0; i < names.length; i++) {
      JsonNode got =
          Cli.run("modwt", "--columns", "x", "--filter", names[i], "--levels", "4", file).json();
      assertSame(Modwt.transform(x, filters[i], 4), got);
      assertEquals(names[i], got.get("filter").asText());
      assertEquals(filters[i].width(), got.get("width").asInt());
      assertEquals(250, got.get("n").asInt());
    }
  }

  @Test
  void theDefaultIsLa8AtTheMostBoundaryFreeLevels() {
    JsonNode got = Cli.run("modwt", "--columns", "x", file).json();
    int levels = ModwtCommand.defaultLevels(WaveletFilter.LA8, 250);
    assertEquals(5, levels, "L_5 = 31 * 7 + 1 = 218 <= 250 < L_6 = 442");
    assertSame(Modwt.transform(x, WaveletFilter.LA8, levels), got);
    assertTrue(got.get("wavelet_variance").get(levels - 1).isNumber());
    JsonNode deep = Cli.run("modwt", "--columns", "x", "--levels", "7", file).json();
    assertTrue(deep.get("wavelet_variance").get(6).isNull(), "no boundary-free coefficient");
  }

  @Test
  void coefficientsOnRequestAndOneObjectPerColumn() {
    JsonNode got =
        Cli.run("modwt", "--filter", "haar", "--levels", "3", "--coefficients", file).json();
    assertEquals(2, got.size());
    assertEquals("noise", got.get(1).get("column").asText());
    ModwtResult want = Modwt.transform(noise, WaveletFilter.HAAR, 3);
    assertSame(want, got.get(1));
    for (int j = 1; j <= 3; j++) {
      assertArrayEquals(want.wavelet(j), Cli.doubles(got.get(1).get("wavelet").get(j - 1)));
    }
    assertArrayEquals(want.scaling(), Cli.doubles(got.get(1).get("scaling")));
  }

  @Test
  void badLevelsOrFilterAreRefused() {
    assertTrue(Cli.run("modwt", "--levels", "0", file).refused().err().contains("1..30"));
    assertTrue(Cli.run("modwt", "--filter", "db8", file).refused().err().contains("--filter"));
  }
}
