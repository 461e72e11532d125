package com.marketmaker.core.orders;

import com.marketmaker.core.instrument.InstrumentId;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Deterministic client order ids of one instrument's entity.
 *
 * <p>An id is {@code mm<tag>-<incarnation>-<sequence>}: {@code tag} is a fixed-width 7-character
 * base-36 hash of the instrument id, {@code incarnation} identifies one life of the entity's
 * journal (base 36, below 36<sup>8</sup>, e.g. the epoch second the entity was first started), and
 * {@code sequence} is the entity's persisted order counter (base 36). The id is at most 32
 * characters of {@code [a-z0-9-]}, inside the venue's {@code [.A-Z:/a-z0-9_-]{1,36}} rule (Binance
 * {@code newClientOrderId}).
 *
 * <p>Guarantees: the same (instrument, incarnation, sequence) always gives the same id, so a
 * retried request reuses it and the venue refuses a second order with it; {@link #parse} inverts
 * {@link #idFor} exactly (ids are canonical: no leading zeros, lower case), so two ids are equal
 * only when tag, incarnation and sequence are; and ids of instruments whose tags differ never
 * collide. Tags are a hash and could in principle coincide, so {@link #requireDistinctTags} checks
 * a catalog at start-up and refuses one where two instruments share a tag.
 */
public final class ClientOrderIds {

  /** Marks ids this system created. */
  public static final String PREFIX = "mm";

  /** Characters of the instrument tag. */
  public static final int TAG_CHARS = 7;

  /** 36^7: number of distinct tags. */
  static final long TAG_SPACE = 78_364_164_096L;

  /** Largest incarnation: 36^8 - 1, so it takes at most 8 characters. */
  public static final long MAX_INCARNATION = 2_821_109_907_455L;

  private final InstrumentId instrument;
  private final long incarnation;
  private final String tag;
  private final String stem;

  /**
   * @param incarnation identifies the entity's journal; in [0, {@link #MAX_INCARNATION}]
   */
  public ClientOrderIds(InstrumentId instrument, long incarnation) {
    if (instrument == null) {
      throw new IllegalArgumentException("instrument is missing");
    }
    if (incarnation < 0 || incarnation > MAX_INCARNATION) {
      throw new IllegalArgumentException(
          "incarnation must be in [0, " + MAX_INCARNATION + "], got " + incarnation);
    }
    this.instrument = instrument;
    this.incarnation = incarnation;
    this.tag = tagOf(instrument);
    this.stem = PREFIX + tag + '-' + Long.toString(incarnation, 36) + '-';
  }

  public InstrumentId instrument() {
    return instrument;
  }

  public long incarnation() {
    return incarnation;
  }

  public String tag() {
    return tag;
  }

  /** The id of the order with {@code sequence} (≥ 0). */
  public String idFor(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
    }
    return stem + Long.toString(sequence, 36);
  }

  /** Whether {@code id} was made for this instrument (by any incarnation of its entity). */
  public boolean isForInstrument(String id) {
    Parsed p = parse(id);
    return p != null && p.tag().equals(tag);
  }

  /**
   * The sequence of {@code id} when this instrument's current incarnation made it, otherwise -1
   * (foreign, another instrument, or an earlier life of the entity).
   */
  public long sequenceOf(String id) {
    Parsed p = parse(id);
    if (p == null || !p.tag().equals(tag) || p.incarnation() != incarnation) {
      return -1;
    }
    return p.sequence();
  }

  /** The parts of one of our ids. */
  public record Parsed(String tag, long incarnation, long sequence) {}

  /**
   * Splits an id into its parts, or returns {@code null} when the id is not in our canonical form
   * (an order placed by someone else, by hand, or by another system).
   */
  public static Parsed parse(String id) {
    if (id == null || id.length() < PREFIX.length() + TAG_CHARS + 4 || !id.startsWith(PREFIX)) {
      return null;
    }
    int tagEnd = PREFIX.length() + TAG_CHARS;
    if (id.charAt(tagEnd) != '-') {
      return null;
    }
    for (int i = PREFIX.length(); i < tagEnd; i++) {
      if (digit(id.charAt(i)) < 0) {
        return null;
      }
    }
    int second = id.indexOf('-', tagEnd + 1);
    if (second < 0) {
      return null;
    }
    long inc = parseCanonical(id, tagEnd + 1, second, 8);
    long seq = parseCanonical(id, second + 1, id.length(), 13);
    if (inc < 0 || inc > MAX_INCARNATION || seq < 0) {
      return null;
    }
    return new Parsed(id.substring(PREFIX.length(), tagEnd), inc, seq);
  }

  /** Base-36 digits in [from, to): canonical (no leading zero unless "0"), or -1. */
  private static long parseCanonical(String s, int from, int to, int maxChars) {
    int n = to - from;
    if (n < 1 || n > maxChars || (n > 1 && s.charAt(from) == '0')) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = digit(s.charAt(i));
      if (d < 0) {
        return -1;
      }
      if (v > (Long.MAX_VALUE - d) / 36) {
        return -1; // overflow: not something we made
      }
      v = v * 36 + d;
    }
    return v;
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /**
   * The instrument's tag: FNV-1a (64 bit) of {@code VENUE:SYMBOL} in UTF-8, finished with the
   * SplitMix64 mixer, reduced to 36^7 and written as 7 base-36 digits. Stable across JVMs and
   * releases (it is part of every persisted order id).
   */
  public static String tagOf(InstrumentId instrument) {
    byte[] bytes = instrument.toString().getBytes(StandardCharsets.UTF_8);
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    h ^= h >>> 31;
    long v = Long.remainderUnsigned(h, TAG_SPACE);
    char[] out = new char[TAG_CHARS];
    for (int i = TAG_CHARS - 1; i >= 0; i--) {
      out[i] = Character.forDigit((int) (v % 36), 36);
      v /= 36;
    }
    return new String(out);
  }

  /**
   * Checks that no two instruments of a catalog share a tag, so their ids can never collide.
   *
   * @return tag → instrument, to tell which instrument an id at the venue belongs to
   * @throws IllegalArgumentException naming the two instruments when they do
   */
  public static Map<String, InstrumentId> requireDistinctTags(Collection<InstrumentId> catalog) {
    Map<String, InstrumentId> byTag = new HashMap<>();
    for (InstrumentId id : catalog) {
      InstrumentId other = byTag.putIfAbsent(tagOf(id), id);
      if (other != null && !other.equals(id)) {
        throw new IllegalArgumentException(
            "instruments " + other + " and " + id + " share the client order id tag " + tagOf(id));
      }
    }
    return byTag;
  }
}
