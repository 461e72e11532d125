package com.marketmaker.simulator.replay;

import com.marketmaker.core.feed.BinanceDecoder;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.sync.BinanceBookSync;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The recorded frames of all symbols of one venue, merged into the one order the replay sends them
 * in, starting from each symbol's recorded REST snapshot.
 *
 * <p>Each symbol's captures ({@code <prefix><symbol>_<date>.gz}, in file-name order) are read line
 * by line ({@code <receive ns> <combined-stream JSON>}); one line of the first file is the REST
 * snapshot, recorded among the first diffs. A symbol's replay starts at its first diff (in file
 * order, wherever the snapshot line sits) the venue's sync rule accepts after that snapshot (spot:
 * {@code u > lastUpdateId}; USD-M: {@code u >= lastUpdateId}, the diff that bridges it); earlier
 * frames are skipped. Symbols are merged by receive time, ties by symbol order, and each symbol
 * keeps its file order even where receive times step back: the order is the same on every run.
 */
public final class Capture {

  /** One symbol's snapshot and frames from its start point. */
  public record SymbolCapture(
      String symbol, InstrumentSpec spec, String snapshotJson, long snapshotId, int skipped) {}

  private final List<SymbolCapture> symbols;
  private final List<String> streams;
  private final RecordedFrame[] frames;

  private Capture(List<SymbolCapture> symbols, List<String> streams, RecordedFrame[] frames) {
    this.symbols = symbols;
    this.streams = streams;
    this.frames = frames;
  }

  public List<SymbolCapture> symbols() {
    return symbols;
  }

  /** Stream names, indexed by {@link RecordedFrame#stream()}. */
  public List<String> streams() {
    return streams;
  }

  public int size() {
    return frames.length;
  }

  public RecordedFrame frame(int i) {
    return frames[i];
  }

  /**
   * Loads the captures of {@code symbols} from {@code binanceDir}.
   *
   * @param filePrefix {@code spot_} or {@code usdm_}
   * @param specs the book spec of each symbol
   * @param maxFramesPerSymbol frames kept per symbol from its start point, 0 for all
   */
  public static Capture load(
      Path binanceDir,
      String filePrefix,
      List<InstrumentSpec> specs,
      BinanceBookSync.Rule rule,
      int maxFramesPerSymbol) {
    List<SymbolCapture> caps = new ArrayList<>();
    List<List<RecordedFrame>> perSymbol = new ArrayList<>();
    Map<String, Integer> streamIds = new HashMap<>();
    List<String> streamNames = new ArrayList<>();
    for (int s = 0; s < specs.size(); s++) {
      InstrumentSpec spec = specs.get(s);
      String symbol = spec.id().symbol();
      List<Path> files = files(binanceDir, filePrefix + symbol.toLowerCase(Locale.ROOT) + "_");
      BinanceDecoder decoder = new BinanceDecoder(spec);
      boolean started = false;
      int skipped = 0;
      List<RecordedFrame> out = new ArrayList<>();
      List<String> all = new ArrayList<>();
      for (Path f : files) {
        all.addAll(lines(f));
      }
      int snapshotLine = -1;
      for (int i = 0; i < all.size(); i++) {
        String line = all.get(i);
        if (line.startsWith("{\"lastUpdateId\"", line.indexOf(' ') + 1)) {
          snapshotLine = i;
          break;
        }
      }
      if (snapshotLine < 0) {
        throw new IllegalArgumentException("no REST depth snapshot line in " + files);
      }
      String snapLine = all.get(snapshotLine);
      String snapshot = snapLine.substring(snapLine.indexOf(' ') + 1);
      if (decoder.decode(snapshot.getBytes(StandardCharsets.US_ASCII))
          != BinanceDecoder.Kind.SNAPSHOT) {
        throw new IllegalArgumentException(symbol + ": bad snapshot line in " + files);
      }
      long snapshotId = decoder.depth().finalUpdateId;
      String f = symbol + " " + files;
      for (int li = 0; li < all.size(); li++) {
        String line = all.get(li);
        if (li == snapshotLine) {
          continue;
        }
        if (maxFramesPerSymbol > 0 && out.size() >= maxFramesPerSymbol) {
          break;
        }
        int sp = line.indexOf(' ');
        if (sp <= 0) {
          continue;
        }
        long nanos = Long.parseLong(line, 0, sp, 10);
        String raw = line.substring(sp + 1);
        String stream = RecordedFrame.streamOf(raw);
        if (stream == null) {
          throw new IllegalArgumentException(
              f + ": not a combined-stream frame: " + SimulatedBook.abbreviate(raw));
        }
        boolean depth = stream.contains("@depth");
        if (!started) {
          if (!depth) {
            skipped++;
            continue;
          }
          if (decoder.decode(raw.getBytes(StandardCharsets.US_ASCII))
              != BinanceDecoder.Kind.DEPTH_UPDATE) {
            throw new IllegalArgumentException(f + ": bad diff " + SimulatedBook.abbreviate(raw));
          }
          long u = decoder.depth().finalUpdateId;
          boolean first = rule == BinanceBookSync.Rule.SPOT ? u > snapshotId : u >= snapshotId;
          if (!first) {
            skipped++;
            continue;
          }
          started = true;
        }
        Integer id = streamIds.get(stream);
        if (id == null) {
          id = streamNames.size();
          streamIds.put(stream, id);
          streamNames.add(stream);
        }
        out.add(new RecordedFrame(nanos, s, id, depth, raw));
      }
      caps.add(new SymbolCapture(symbol, spec, snapshot, snapshotId, skipped));
      perSymbol.add(out);
    }
    return new Capture(List.copyOf(caps), List.copyOf(streamNames), merge(perSymbol));
  }

  /** K-way merge by receive time; ties go to the lower symbol index; each list keeps its order. */
  private static RecordedFrame[] merge(List<List<RecordedFrame>> lists) {
    int total = lists.stream().mapToInt(List::size).sum();
    RecordedFrame[] out = new RecordedFrame[total];
    int[] next = new int[lists.size()];
    for (int n = 0; n < total; n++) {
      int best = -1;
      for (int s = 0; s < lists.size(); s++) {
        if (next[s] < lists.get(s).size()
            && (best < 0
                || lists.get(s).get(next[s]).receivedNanos()
                    < lists.get(best).get(next[best]).receivedNanos())) {
          best = s;
        }
      }
      out[n] = lists.get(best).get(next[best]++);
    }
    return out;
  }

  private static List<Path> files(Path dir, String prefix) {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files =
          s.filter(p -> p.getFileName().toString().startsWith(prefix))
              .filter(p -> p.getFileName().toString().endsWith(".gz"))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no capture " + prefix + "*.gz in " + dir);
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static List<String> lines(Path f) {
    List<String> out = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(f);
        InputStream in = new GZIPInputStream(raw, 1 << 16);
        BufferedReader r =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
    return out;
  }
}
