package com.marketmaker.core.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.Venue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientOrderIdsTest {

  private static final InstrumentId BTC = InstrumentId.parse("BINANCE:BTCUSDT");

  private static List<InstrumentId> catalog(int n) {
    List<InstrumentId> out = new ArrayList<>(n);
    Venue[] venues = Venue.values();
    for (int i = 0; i < n; i++) {
      out.add(new InstrumentId(venues[i % venues.length], "S" + (i / venues.length) + "USDT"));
    }
    return out;
  }

  @Test
  void sameInstrumentIncarnationAndSequenceGiveTheSameIdAcrossInstances() {
    ClientOrderIds a = new ClientOrderIds(BTC, 1_700_000_000L);
    ClientOrderIds b = new ClientOrderIds(InstrumentId.parse("BINANCE:BTCUSDT"), 1_700_000_000L);
    for (long seq : new long[] {0, 1, 35, 36, 1_000_000, Long.MAX_VALUE}) {
      assertEquals(a.idFor(seq), b.idFor(seq));
    }
    // The tag depends only on the instrument, however its id was spelled.
    assertEquals(
        ClientOrderIds.tagOf(BTC), ClientOrderIds.tagOf(InstrumentId.of("binance", "btcusdt")));
    assertEquals(7, a.tag().length());
  }

  @Test
  void idsAreValidVenueClientIdsOfAtMost36Characters() {
    ClientOrderIds ids = new ClientOrderIds(BTC, ClientOrderIds.MAX_INCARNATION);
    String longest = ids.idFor(Long.MAX_VALUE);
    assertTrue(longest.length() <= 36, longest);
    assertTrue(OrderRequest.validClientOrderId(longest), longest);
    assertTrue(OrderRequest.validClientOrderId(new ClientOrderIds(BTC, 0).idFor(0)));
  }

  /**
   * The character check agrees with the venue's documented pattern for {@code newClientOrderId},
   * {@code ^[.A-Z:/a-z0-9_-]{1,36}$}, on every single character and on random strings drawn mostly
   * from the allowed set around the length limits.
   */
  @Test
  void theClientIdCheckIsTheVenuesPattern() {
    java.util.regex.Pattern venue = java.util.regex.Pattern.compile("^[.A-Z:/a-z0-9_-]{1,36}$");
    for (char c = 0; c < 0x3000; c++) {
      String one = String.valueOf(c);
      assertEquals(venue.matcher(one).matches(), OrderRequest.validClientOrderId(one), one);
    }
    String allowed = ".:/_-ABCXYZabcxyz0189";
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(40);
      for (int k = 0; k < n; k++) {
        b.append(
            r.nextInt(50) == 0
                ? (char) r.nextInt(0x180)
                : allowed.charAt(r.nextInt(allowed.length())));
      }
      String id = b.toString();
      assertEquals(venue.matcher(id).matches(), OrderRequest.validClientOrderId(id), id);
    }
    assertFalse(OrderRequest.validClientOrderId(null));
    assertFalse(OrderRequest.validClientOrderId(""));
    assertFalse(OrderRequest.validClientOrderId("a".repeat(37)));
    assertFalse(OrderRequest.validClientOrderId("\uD83D\uDE00"));
  }

  @Test
  void parseInvertsIdFor() {
    ClientOrderIds ids = new ClientOrderIds(BTC, 12_345);
    for (long seq : new long[] {0, 9, 10, 35, 36, 1295, 1296, 123_456_789L, Long.MAX_VALUE}) {
      String id = ids.idFor(seq);
      ClientOrderIds.Parsed p = ClientOrderIds.parse(id);
      assertEquals(new ClientOrderIds.Parsed(ids.tag(), 12_345, seq), p, id);
      assertEquals(seq, ids.sequenceOf(id));
      assertTrue(ids.isForInstrument(id));
    }
  }

  @Test
  void foreignAndNonCanonicalIdsAreNotOurs() {
    ClientOrderIds ids = new ClientOrderIds(BTC, 7);
    String ours = ids.idFor(42);
    for (String foreign :
        List.of(
            "",
            "web_3f2a9c",
            "x-Q8s7d6f5",
            ours.toUpperCase(),
            ours.replace("-7-", "-07-"), // leading zero: not canonical
            ours + "-1",
            "mm" + ids.tag() + "--16",
            "mm" + ids.tag() + "-7-",
            "mm" + ids.tag() + "-7-+1",
            "mm" + ids.tag() + "-7-zzzzzzzzzzzzzz")) {
      assertNull(ClientOrderIds.parse(foreign), foreign);
      assertEquals(-1, ids.sequenceOf(foreign), foreign);
    }
    ClientOrderIds earlierLife = new ClientOrderIds(BTC, 6);
    assertTrue(ids.isForInstrument(earlierLife.idFor(42)));
    assertEquals(-1, ids.sequenceOf(earlierLife.idFor(42)), "another incarnation");
    assertNotEquals(ours, earlierLife.idFor(42));
    ClientOrderIds eth = new ClientOrderIds(InstrumentId.parse("BINANCE:ETHUSDT"), 7);
    assertFalse(ids.isForInstrument(eth.idFor(42)));
  }

  @Test
  void idsOfThreeHundredInstrumentsNeverCollideOverOneHundredThousandSequences() {
    List<InstrumentId> instruments = catalog(300);
    Map<String, InstrumentId> byTag = ClientOrderIds.requireDistinctTags(instruments);
    assertEquals(300, byTag.size(), "every instrument has its own tag");
    // Every id parses back to exactly (its instrument's tag, incarnation, sequence): equal ids
    // would parse to equal triples, so no two of the 30 million ids are equal. Spot-check that
    // reasoning with a set over the first thousand sequences of every instrument.
    Set<String> sample = new HashSet<>();
    long incarnation = 1_718_000_000L;
    for (InstrumentId instrument : instruments) {
      ClientOrderIds ids = new ClientOrderIds(instrument, incarnation);
      for (long seq = 0; seq < 100_000; seq++) {
        String id = ids.idFor(seq);
        ClientOrderIds.Parsed p = ClientOrderIds.parse(id);
        if (p == null
            || p.sequence() != seq
            || p.incarnation() != incarnation
            || byTag.get(p.tag()) != instrument) {
          throw new AssertionError(id + " of " + instrument + " seq " + seq + " parsed as " + p);
        }
        if (id.length() > 36) {
          throw new AssertionError(id + " is longer than 36 characters");
        }
        if (seq < 1_000) {
          assertTrue(sample.add(id), id);
        }
      }
    }
    assertEquals(300_000, sample.size());
  }

  @Test
  void refusesBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new ClientOrderIds(BTC, -1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ClientOrderIds(BTC, ClientOrderIds.MAX_INCARNATION + 1));
    assertThrows(IllegalArgumentException.class, () -> new ClientOrderIds(BTC, 0).idFor(-1));
    assertThrows(IllegalArgumentException.class, () -> new ClientOrderIds(null, 0));
  }
}
