package com.marketmaker.streams.recorder;

import com.marketmaker.core.instrument.Venue;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records raw venue frames and REST snapshot answers to rotating gzip files, in the line format of
 * the project's recorded captures: {@code <receive time, epoch ns> <raw JSON>\n}.
 *
 * <p><b>Files.</b> One file at a time per venue and symbol, in {@code <dir>/<exchange>/}, named
 * {@code <market>_<symbol>_<start>_<seq>.gz} (for example {@code
 * binance/spot_btcusdt_20240808T235414.123Z_000001.gz}; {@code <start>} is the first line's receive
 * time in UTC): the names the simulator's capture loader looks for, and name order is time order.
 * Frames that belong to no instrument (control replies, errors, malformed frames) go to {@code
 * <market>-other_<start>_<seq>.gz}. A file is written as {@code <name>.part} and becomes {@code
 * <name>} only when finished (gzip trailer written, synced, renamed atomically): on rotation, when
 * the rotation interval passes while it is idle, and on {@link #close()}. Rotation happens once a
 * file holds {@code rotate-bytes} compressed bytes, or before a line whose receive time falls in a
 * later {@code rotate-interval} slot (slots are multiples of the interval since the epoch, so with
 * 1 h every file lies within one clock hour). Open files are flushed with a gzip sync flush every
 * {@code flush-interval}: a crash leaves only the open {@code .part} files incomplete, readable by
 * {@link RecordingReader} up to the last line flushed.
 *
 * <p><b>Off the hot path.</b> {@link #record} only offers the line to a bounded queue and never
 * blocks: when the queue is full the line is dropped and counted per venue (a recording with a drop
 * has a gap that the book sync of a replay detects from the update ids; the live feed is never
 * slowed down for the recorder). One writer thread owns every file. A plain thread rather than a
 * Pekko Streams {@code FileIO} sink: rotation by compressed size, the {@code .part} rename and the
 * periodic sync flush are synchronous file operations on many files at once, which one thread does
 * simply and in order, while a stream would need a sub-stream per file and its own rotation logic.
 */
public final class MarketDataRecorder implements AutoCloseable {

  static final String PART_SUFFIX = ".part";

  private static final Logger log = LoggerFactory.getLogger(MarketDataRecorder.class);
  private static final Pattern SYMBOL = Pattern.compile("[a-z0-9_]{1,40}");
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final RecorderSettings settings;
  private final ReceiveClock clock;
  private final BlockingQueue<Item> queue;
  private final Thread writer;
  private volatile boolean running = true;

  private final AtomicLong accepted = new AtomicLong();
  private final Map<Venue, AtomicLong> dropped = new EnumMap<>(Venue.class);
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong rewritten = new AtomicLong();
  private final AtomicLong compressedBytes = new AtomicLong();
  private final AtomicLong filesFinished = new AtomicLong();
  private final AtomicLong writeErrors = new AtomicLong();
  private final AtomicLong salvaged = new AtomicLong();
  private volatile int openFiles;

  private sealed interface Item {}

  private record Line(Venue venue, String symbol, long epochNanos, String json) implements Item {}

  private record Flush(CompletableFuture<Void> done) implements Item {}

  private MarketDataRecorder(RecorderSettings settings, ReceiveClock clock) {
    this.settings = settings;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    for (Venue v : Venue.values()) {
      dropped.put(v, new AtomicLong());
    }
    this.writer = new Thread(new Writer(), "market-data-recorder");
    this.writer.setDaemon(true);
  }

  /** Starts the writer with the host's calibrated clock. */
  public static MarketDataRecorder start(RecorderSettings settings) {
    return start(settings, ReceiveClock.calibrated());
  }

  /** Starts the writer; {@code clock} dates lines and drives idle rotation. */
  public static MarketDataRecorder start(RecorderSettings settings, ReceiveClock clock) {
    MarketDataRecorder r = new MarketDataRecorder(settings, clock);
    r.writer.start();
    return r;
  }

  public RecorderSettings settings() {
    return settings;
  }

  /** Whether this recorder takes frames of {@code venue}. */
  public boolean records(Venue venue) {
    return settings.records(venue);
  }

  /**
   * Queues one received text for recording; never blocks.
   *
   * @param symbol the instrument's lower-case stream symbol, or null for a frame of no instrument
   * @param receivedNanoTime {@link System#nanoTime()} when it was received
   * @return false if it was dropped (queue full, or the recorder closed)
   */
  public boolean record(Venue venue, String symbol, long receivedNanoTime, String json) {
    return recordAt(venue, symbol, clock.epochNanos(receivedNanoTime), json);
  }

  /** As {@link #record} with the receive time already in epoch nanoseconds. */
  public boolean recordAt(Venue venue, String symbol, long receivedEpochNanos, String json) {
    if (running && queue.offer(new Line(venue, symbol, receivedEpochNanos, json))) {
      accepted.incrementAndGet();
      return true;
    }
    dropped.get(venue).incrementAndGet();
    return false;
  }

  /**
   * Completes once every line queued before the call is written and every open file is flushed (the
   * {@code .part} files then hold them readably). Waits for room in the queue.
   */
  public CompletionStage<Void> flush() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!running) {
      done.complete(null);
      return done;
    }
    try {
      if (!queue.offer(new Flush(done), 10, TimeUnit.SECONDS)) {
        done.completeExceptionally(new IllegalStateException("recorder queue stays full"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.completeExceptionally(e);
    }
    return done;
  }

  public RecorderMetrics metrics() {
    Map<Venue, Long> drops = new EnumMap<>(Venue.class);
    dropped.forEach((v, n) -> drops.put(v, n.get()));
    return new RecorderMetrics(
        accepted.get(),
        drops,
        written.get(),
        rejected.get(),
        rewritten.get(),
        compressedBytes.get(),
        filesFinished.get(),
        openFiles,
        writeErrors.get(),
        salvaged.get(),
        queue.size());
  }

  /**
   * Stops taking lines, writes what is queued, finishes every open file and waits for the writer
   * (at most 60 s). Idempotent.
   */
  @Override
  public void close() {
    running = false;
    try {
      writer.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      log.warn("recorder writer did not finish within 60 s; its open files stay .part");
    }
  }

  /** The folder of a venue's files: Binance spot and USD-M share {@code binance/}. */
  public static String exchangeDir(Venue venue) {
    return switch (venue) {
      case BINANCE, BINANCE_USDM -> "binance";
      default -> venue.name().toLowerCase(Locale.ROOT);
    };
  }

  /** The market prefix of a venue's file names, as in the captures: {@code spot}, {@code usdm}. */
  public static String marketPrefix(Venue venue) {
    return switch (venue) {
      case BINANCE -> "spot";
      case BINANCE_USDM -> "usdm";
      default -> venue.name().toLowerCase(Locale.ROOT);
    };
  }

  /** Counts compressed bytes on their way to the file. */
  private final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
      compressedBytes.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
      compressedBytes.addAndGet(len);
    }
  }

  private final class OpenFile {
    final String key;
    final Path part;
    final Path target;
    final FileOutputStream file;
    final Counting counting;
    final GZIPOutputStream gzip;
    final long slot;
    boolean dirty;

    OpenFile(String key, Path part, Path target, long slot) throws IOException {
      this.key = key;
      this.part = part;
      this.target = target;
      this.slot = slot;
      this.file = new FileOutputStream(part.toFile());
      this.counting = new Counting(file);
      this.gzip = new GZIPOutputStream(counting, 1 << 16, true);
    }
  }

  private final class Writer implements Runnable {

    private final Map<String, OpenFile> open = new HashMap<>();
    private final Map<String, Long> sequence = new HashMap<>();
    private final long intervalNanos = settings.rotateInterval().toNanos();
    private final long flushNanos = settings.flushInterval().toNanos();
    private long lastFlush = System.nanoTime();

    @Override
    public void run() {
      if (settings.salvageOnStart()) {
        salvageLeftovers();
      }
      List<Item> batch = new ArrayList<>(1024);
      while (running || !queue.isEmpty()) {
        try {
          Item first = queue.poll(Math.max(1, flushNanos / 1_000_000), TimeUnit.MILLISECONDS);
          if (first != null) {
            batch.add(first);
            queue.drainTo(batch, 1023);
            for (Item item : batch) {
              handle(item);
            }
            batch.clear();
          }
          if (System.nanoTime() - lastFlush >= flushNanos) {
            flushAll();
            if (queue.isEmpty()) {
              rotateIdle();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (RuntimeException e) {
          // The writer must outlive any one bad line or file.
          writeErrors.incrementAndGet();
          log.warn("recorder: {}", e.toString());
          batch.clear();
        }
      }
      for (OpenFile f : new ArrayList<>(open.values())) {
        finish(f);
      }
      // Flush requests that raced with close.
      Item item;
      while ((item = queue.poll()) != null) {
        if (item instanceof Flush f) {
          f.done().complete(null);
        }
      }
    }

    private void handle(Item item) {
      if (item instanceof Line line) {
        write(line);
      } else if (item instanceof Flush f) {
        flushAll();
        f.done().complete(null);
      }
    }

    private void write(Line line) {
      String json = line.json();
      if (json == null || json.isBlank()) {
        rejected.incrementAndGet();
        return;
      }
      if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
        // Outside strings JSON line breaks are whitespace, and inside strings JSON forbids them.
        json = json.replace('\n', ' ').replace('\r', ' ');
        rewritten.incrementAndGet();
      }
      String key = key(line.venue(), line.symbol());
      long slot = Math.floorDiv(line.epochNanos(), intervalNanos);
      OpenFile f = open.get(key);
      if (f != null && slot > f.slot) {
        finish(f);
        f = null;
      }
      try {
        if (f == null) {
          f = openFile(line.venue(), key, line.epochNanos(), slot);
        }
        byte[] bytes = (line.epochNanos() + " " + json + "\n").getBytes(StandardCharsets.UTF_8);
        f.gzip.write(bytes);
        f.dirty = true;
        written.incrementAndGet();
      } catch (IOException e) {
        writeErrors.incrementAndGet();
        log.warn("recorder: cannot write {}: {}", f == null ? key : f.part, e.toString());
        if (f != null) {
          abandon(f);
        }
        return;
      }
      if (f.counting.count >= settings.rotateBytes()) {
        finish(f);
      }
    }

    private String key(Venue venue, String symbol) {
      String market = marketPrefix(venue);
      if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
        return exchangeDir(venue) + "/" + market + "-other";
      }
      return exchangeDir(venue) + "/" + market + "_" + symbol;
    }

    private OpenFile openFile(Venue venue, String key, long epochNanos, long slot)
        throws IOException {
      Path dir = settings.dir().resolve(exchangeDir(venue));
      Files.createDirectories(dir);
      String base = key.substring(key.indexOf('/') + 1);
      String start =
          START.format(
              Instant.ofEpochSecond(
                  Math.floorDiv(epochNanos, 1_000_000_000L),
                  Math.floorMod(epochNanos, 1_000_000_000L)));
      long seq = sequence.getOrDefault(key, 0L);
      Path target;
      Path part;
      do {
        seq++;
        String name = base + "_" + start + "_" + String.format(Locale.ROOT, "%06d", seq) + ".gz";
        target = dir.resolve(name);
        part = dir.resolve(name + PART_SUFFIX);
      } while (Files.exists(target) || Files.exists(part));
      sequence.put(key, seq);
      OpenFile f = new OpenFile(key, part, target, slot);
      open.put(key, f);
      openFiles = open.size();
      return f;
    }

    private void finish(OpenFile f) {
      open.remove(f.key);
      openFiles = open.size();
      try {
        f.gzip.finish();
        f.file.flush();
        f.file.getChannel().force(false);
        f.gzip.close(); // releases the deflater's native memory and closes the file
        Files.move(f.part, f.target, StandardCopyOption.ATOMIC_MOVE);
        filesFinished.incrementAndGet();
      } catch (IOException e) {
        writeErrors.incrementAndGet();
        log.warn("recorder: cannot finish {}: {}", f.part, e.toString());
        abandon(f);
      }
    }

    /** Leaves a failed file as {@code .part} (readable up to its last flush). */
    private void abandon(OpenFile f) {
      open.remove(f.key);
      openFiles = open.size();
      try {
        f.gzip.close();
      } catch (IOException ignored) {
        // already failing; the .part stays for salvage
      }
    }

    private void flushAll() {
      lastFlush = System.nanoTime();
      for (OpenFile f : new ArrayList<>(open.values())) {
        if (!f.dirty) {
          continue;
        }
        try {
          f.gzip.flush(); // sync flush: everything so far is decodable from the .part
          f.dirty = false;
        } catch (IOException e) {
          writeErrors.incrementAndGet();
          log.warn("recorder: cannot flush {}: {}", f.part, e.toString());
          abandon(f);
        }
      }
    }

    /**
     * Finishes files whose slot ended at least a flush interval ago. Called only with an empty
     * queue, and with that grace, so that a line received just before the slot ended is written to
     * its file rather than opening a new one.
     */
    private void rotateIdle() {
      long slotNow = Math.floorDiv(clock.nowEpochNanos() - flushNanos, intervalNanos);
      for (OpenFile f : new ArrayList<>(open.values())) {
        if (slotNow > f.slot) {
          finish(f);
        }
      }
    }

    private void salvageLeftovers() {
      if (!Files.isDirectory(settings.dir())) {
        return;
      }
      try (Stream<Path> files = Files.walk(settings.dir(), 2)) {
        for (Path p : files.filter(p -> p.toString().endsWith(PART_SUFFIX)).toList()) {
          try {
            long lines = RecordingReader.salvage(p);
            salvaged.incrementAndGet();
            log.info("recorder: salvaged {} lines of {}", lines, p);
          } catch (IOException | RuntimeException e) {
            writeErrors.incrementAndGet();
            log.warn("recorder: cannot salvage {}: {}", p, e.toString());
          }
        }
      } catch (IOException e) {
        writeErrors.incrementAndGet();
        log.warn("recorder: cannot list {}: {}", settings.dir(), e.toString());
      }
    }
  }
}
