package com.marketmaker.simulator;

import com.marketmaker.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test's own reading of the recorded captures, independent of the simulator's loader: the
 * frames a client subscribed to {@code streams} must receive, in file order, from the first diff
 * that follows the recorded snapshot.
 */
final class Recorded {

  private static final Pattern LAST_UPDATE_ID = Pattern.compile("\\{\"lastUpdateId\":(\\d+)");
  private static final Pattern FINAL_ID = Pattern.compile("\"u\":(\\d+)");
  private static final Pattern STREAM = Pattern.compile("^\\{\"stream\":\"([^\"]+)\"");

  final String snapshot;
  final long snapshotId;
  final List<String> frames; // raw combined JSON from the replay start on
  final List<String> streams;

  private Recorded(String snapshot, long snapshotId, List<String> frames, List<String> streams) {
    this.snapshot = snapshot;
    this.snapshotId = snapshotId;
    this.frames = frames;
    this.streams = streams;
  }

  /**
   * The messages the cryptofeed capture {@code cryptofeed/<capture>} recorded as received, in file
   * order (see {@link SharedData#received}).
   */
  static List<String> received(String capture) throws IOException {
    return SharedData.received("cryptofeed/" + capture);
  }

  /**
   * @param bridgeInclusive USD-M starts at the diff with {@code u >= lastUpdateId}, spot at {@code
   *     u > lastUpdateId}
   */
  static Recorded read(boolean bridgeInclusive, int maxFrames, String... files) throws IOException {
    String snapshot = null;
    long snapshotId = -1;
    boolean started = false;
    List<String> frames = new ArrayList<>();
    List<String> streams = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (String f : files) {
      try (BufferedReader r = SharedData.reader("binance/" + f)) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line.substring(line.indexOf(' ') + 1));
        }
      }
    }
    for (String json : lines) {
      Matcher m = LAST_UPDATE_ID.matcher(json);
      if (m.lookingAt()) {
        snapshot = json;
        snapshotId = Long.parseLong(m.group(1));
        break;
      }
    }
    for (String json : lines) {
      if (maxFrames > 0 && frames.size() >= maxFrames) {
        break;
      }
      if (json == snapshot) {
        continue;
      }
      Matcher sm = STREAM.matcher(json);
      sm.find();
      String stream = sm.group(1);
      if (!started) {
        if (!stream.contains("@depth")) {
          continue;
        }
        Matcher u = FINAL_ID.matcher(json);
        u.find();
        long id = Long.parseLong(u.group(1));
        if (bridgeInclusive ? id < snapshotId : id <= snapshotId) {
          continue;
        }
        started = true;
      }
      frames.add(json);
      streams.add(stream);
    }
    return new Recorded(snapshot, snapshotId, frames, streams);
  }

  /** The frames of the given streams, in order. */
  List<String> of(Set<String> wanted) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (wanted.contains(streams.get(i))) {
        out.add(frames.get(i));
      }
    }
    return out;
  }
}
