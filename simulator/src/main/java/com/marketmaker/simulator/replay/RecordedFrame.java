package com.marketmaker.simulator.replay;

/**
 * One recorded combined-stream frame, re-sent as recorded.
 *
 * @param receivedNanos the recorder's receive time, which sets the replay pace
 * @param symbol index of the symbol in the capture
 * @param stream index of the stream name in the capture
 * @param depth whether this is a depth diff (applied to the simulator's book)
 * @param raw the combined-stream JSON {@code {"stream":..,"data":{..}}} exactly as recorded
 */
public record RecordedFrame(long receivedNanos, int symbol, int stream, boolean depth, String raw) {

  private static final String PREFIX = "{\"stream\":\"";

  /** The {@code data} payload alone, as Binance sends it on a raw ({@code /ws}) connection. */
  public String payload(String streamName) {
    // raw = {"stream":"<name>","data":<payload>}
    return raw.substring(
        PREFIX.length() + streamName.length() + "\",\"data\":".length(), raw.length() - 1);
  }

  /** The stream name of a recorded combined-stream frame, or null if the text is not one. */
  static String streamOf(String raw) {
    if (!raw.startsWith(PREFIX)) {
      return null;
    }
    int end = raw.indexOf('"', PREFIX.length());
    if (end < 0 || !raw.startsWith("\",\"data\":", end) || !raw.endsWith("}")) {
      return null;
    }
    return raw.substring(PREFIX.length(), end);
  }
}
