package com.marketmaker.simulator.exchange;

import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.instrument.Venue;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a simulated venue's trading accounts across restarts: every order of a trading account and
 * its fate, the fill ledger, the order and trade ids handed out, and each synthetic market's fair
 * mid, in two files of a state folder: {@code <name>.snapshot} and {@code <name>.journal}.
 *
 * <p>Why a snapshot plus an append-only journal. Appending one record per account event is the
 * cheapest write that can be made before the event is acknowledged (one {@code write} of one line,
 * no rewrite of anything already written), and a process killed at any moment leaves at worst its
 * last line incomplete. Replaying a journal that only grows would make every start slower, so each
 * start compacts: it rebuilds the state from the snapshot and the journal, writes the whole state
 * as a new snapshot to a temporary file, forces it to disk and moves it over the old one
 * atomically, then empties the journal. Records carry a sequence number and the snapshot the last
 * one it holds, so a start that died between the move and the emptying skips the records the
 * snapshot already has.
 *
 * <p>Durability. A record is written to the file (handed to the operating system) before the engine
 * event it records reaches anyone: the user-data stream is published and the REST answer given only
 * after the write returned. A {@code kill -9} therefore loses nothing that was acknowledged; a
 * record cut short by the kill is the last line, without its newline and with a checksum that does
 * not hold, and is dropped with a warning at the next start (one that lacks only its newline is
 * whole, and kept). The journal is forced to the disk on every market checkpoint (every few
 * seconds) and on close, the snapshot before it replaces the old one: a power loss may cost the
 * last seconds. Any other damage (a line whose checksum fails, a record that does not fit the
 * state, a gap in the sequence, a snapshot cut short) stops the start with the file and line named:
 * a venue never opens a fresh account over one it cannot read.
 *
 * <p>Orders that ended without a fill are forgotten once they are older than the venue's unfilled
 * retention, and those with a fill, with their fills, once older than its fill retention (see
 * {@link AccountOrders} and {@link Ledger}), at a start as while it runs.
 *
 * <p>Ids. The engine's order and trade ids are shared with the synthetic crowd, whose orders are
 * not kept, so ids are reserved in blocks ({@code IDS} records) before they are used; the next run
 * continues after the last block reserved, and no id is ever handed out twice.
 *
 * <p>When a write fails (disk full) the journal stops writing and reports itself failed; the
 * exchange then refuses every trading request until it is restarted, so nothing is acknowledged
 * that the next start would not find. A lock file keeps a second process off the same folder.
 * Thread-safe.
 */
public final class ExchangeJournal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExchangeJournal.class);
  private static final String FORMAT = "1";

  /**
   * A synthetic market's position: the crowd's log fair mid in ticks and, for a follower of a pair,
   * its cointegrating spread.
   */
  public record Mark(double logMid, double spread) {}

  /** What a symbol's engine takes back at start. */
  record Restored(
      long nextOrderId, long nextTradeId, List<ExchangeOrder> orders, List<LedgerEntry> fills) {}

  private final Path dir;
  private final Path journalFile;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final FileChannel out;
  private JournalState restored;
  private long seq;
  private boolean failed;
  private boolean closed;

  private ExchangeJournal(
      Path dir,
      Path journalFile,
      FileChannel lockChannel,
      FileLock lock,
      FileChannel out,
      JournalState restored,
      long seq) {
    this.dir = dir;
    this.journalFile = journalFile;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.out = out;
    this.restored = restored;
    this.seq = seq;
  }

  /**
   * Opens the state of venue {@code name} in {@code dir} (created when missing): reads what an
   * earlier run kept, compacts it into a new snapshot and starts a new journal.
   *
   * @param specs the symbols configured now; the state may hold others, which are kept
   * @param nowMillis the venue's clock, for what it no longer keeps
   * @param unfilledRetentionMillis orders that ended without a fill longer ago are not kept
   * @param filledRetentionMillis orders that ended with a fill longer ago are not kept, nor their
   *     fills
   * @throws IllegalStateException when the state is damaged, kept on another grid, or in use
   */
  public static ExchangeJournal open(
      Path dir,
      String name,
      Venue venue,
      Collection<InstrumentSpec> specs,
      long nowMillis,
      long unfilledRetentionMillis,
      long filledRetentionMillis) {
    Path snapshot = dir.resolve(name + ".snapshot");
    Path journal = dir.resolve(name + ".journal");
    FileChannel lockChannel = null;
    FileLock lock = null;
    try {
      Files.createDirectories(dir);
      lockChannel =
          FileChannel.open(
              dir.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException(
            "venue state in " + dir.toAbsolutePath() + " is in use by another venue");
      }
      JournalState state = new JournalState(venue);
      long last = 0;
      if (Files.exists(snapshot)) {
        last = readSnapshot(snapshot, name, state, dir);
      } else if (Files.exists(journal) && Files.size(journal) > 0) {
        throw damaged(
            journal, 0, "there is a journal but no snapshot " + snapshot.getFileName(), dir);
      }
      if (Files.exists(journal)) {
        last = replay(journal, state, last, dir);
      }
      try {
        state.checkComplete();
      } catch (IllegalArgumentException e) {
        throw damaged(journal, 0, e.getMessage(), dir);
      }
      try {
        for (InstrumentSpec s : specs) {
          state.configure(s);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "venue state in "
                + dir.toAbsolutePath()
                + ": "
                + e.getMessage()
                + "; move the folder away to start a fresh account on the new grid");
      }
      int forgotten =
          state.forget(nowMillis - unfilledRetentionMillis, nowMillis - filledRetentionMillis);
      if (forgotten > 0) {
        log.info(
            "venue state {}: forgot {} orders that ended over their retention ago"
                + " ({} s unfilled, {} s filled, with their fills)",
            dir,
            forgotten,
            unfilledRetentionMillis / 1000,
            filledRetentionMillis / 1000);
      }
      writeSnapshot(dir, snapshot, name, state, last);
      FileChannel out =
          FileChannel.open(
              journal,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
      out.force(true);
      return new ExchangeJournal(dir, journal, lockChannel, lock, out, state, last);
    } catch (IOException | RuntimeException e) {
      release(lock, lockChannel);
      if (e instanceof IOException io) {
        throw new IllegalStateException(
            "venue state in " + dir.toAbsolutePath() + " cannot be read or written: " + io, io);
      }
      throw (RuntimeException) e;
    }
  }

  private static IllegalStateException damaged(Path file, int line, String why, Path dir) {
    return new IllegalStateException(
        "venue state "
            + file.toAbsolutePath()
            + (line > 0 ? " line " + line : "")
            + " is damaged: "
            + why
            + ". The venue does not open a fresh account over one it cannot read: repair the file,"
            + " or move "
            + dir.toAbsolutePath()
            + " away to start a fresh account");
  }

  /** Applies a snapshot; its last record sequence number. */
  private static long readSnapshot(Path file, String name, JournalState state, Path dir)
      throws IOException {
    long[] head = {-1, 0, -1}; // last sequence number, records, END count
    JournalCodec.read(
        file,
        line -> {
          try {
            if (!line.terminated()) {
              throw new IllegalArgumentException("the snapshot is cut short");
            }
            if (head[2] >= 0) {
              throw new IllegalArgumentException("a record after the END record");
            }
            List<String> t = JournalCodec.decode(line.text());
            if (line.number() == 1) {
              if (t.size() != 4 || !t.get(0).equals("HEAD") || !t.get(1).equals(FORMAT)) {
                throw new IllegalArgumentException("not a venue state snapshot of format 1");
              }
              if (!t.get(2).equals(name)) {
                throw new IllegalArgumentException("the snapshot is of venue " + t.get(2));
              }
              head[0] = Long.parseLong(t.get(3));
              if (head[0] < 0) {
                throw new IllegalArgumentException("negative sequence number");
              }
            } else if (t.get(0).equals("END")) {
              if (t.size() != 2 || Long.parseLong(t.get(1)) != head[1]) {
                throw new IllegalArgumentException("the END record does not count the records");
              }
              head[2] = head[1];
            } else {
              state.apply(t);
              head[1]++;
            }
          } catch (IllegalArgumentException e) {
            throw damaged(file, line.number(), e.getMessage(), dir);
          }
        });
    if (head[0] < 0 || head[2] < 0) {
      throw damaged(file, 0, "the snapshot has no HEAD or no END record", dir);
    }
    return head[0];
  }

  /** Applies the journal's records after {@code after}; the last sequence number applied. */
  private static long replay(Path file, JournalState state, long after, Path dir)
      throws IOException {
    long[] last = {-1};
    JournalCodec.read(
        file,
        line -> {
          List<String> t;
          long s;
          try {
            t = JournalCodec.decode(line.text());
            s = Long.parseLong(t.get(0));
          } catch (IllegalArgumentException e) {
            if (!line.terminated()) {
              log.warn(
                  "venue state {}: dropped its last record (line {}), cut short when the venue"
                      + " stopped abruptly; it was never acknowledged",
                  file.toAbsolutePath(),
                  line.number());
              return;
            }
            throw damaged(file, line.number(), e.getMessage(), dir);
          }
          try {
            if (last[0] < 0 ? s < 1 || s > after + 1 : s != last[0] + 1) {
              throw new IllegalArgumentException(
                  "record "
                      + s
                      + " follows "
                      + (last[0] < 0 ? "snapshot record " + after : "record " + last[0]));
            }
            last[0] = s;
            if (s > after) {
              state.apply(t.subList(1, t.size()));
            }
          } catch (IllegalArgumentException e) {
            throw damaged(file, line.number(), e.getMessage(), dir);
          }
        });
    return Math.max(after, last[0]);
  }

  private static void writeSnapshot(
      Path dir, Path snapshot, String name, JournalState state, long last) throws IOException {
    Path tmp = dir.resolve(name + ".snapshot.tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      Writer w =
          new BufferedWriter(
              new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.ISO_8859_1),
              1 << 16);
      w.write(JournalCodec.encode(List.of("HEAD", FORMAT, name, Long.toString(last))));
      long[] count = {0};
      state.snapshot(
          r -> {
            try {
              w.write(JournalCodec.encode(r));
              count[0]++;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      w.write(JournalCodec.encode(List.of("END", Long.toString(count[0]))));
      w.flush();
      ch.force(true);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Files.move(tmp, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // not every platform can force a directory; the move itself is atomic
    }
  }

  /** What {@code symbol}'s engine takes back (nothing for a symbol new to the state). */
  synchronized Restored restored(InstrumentSpec spec) {
    JournalState.SymbolState s = restored == null ? null : restored.symbol(spec.id().symbol());
    if (s == null) {
      return new Restored(1, 1, List.of(), List.of());
    }
    return new Restored(
        s.nextOrderId, s.nextTradeId, new ArrayList<>(s.orders.values()), List.copyOf(s.fills));
  }

  /** The synthetic market's last mark of {@code symbol}, or null. */
  synchronized Mark restoredMark(String symbol) {
    JournalState.SymbolState s = restored == null ? null : restored.symbol(symbol);
    return s == null ? null : s.mark;
  }

  /** Lets go of what was restored once the engines and markets have taken it. */
  synchronized void forgetRestored() {
    restored = null;
  }

  /** Records one event of a trading account's order; false when it could not be written. */
  boolean event(OrderUpdate u) {
    return append(JournalRecords.eventRecord(u));
  }

  /** Records that ids below these are taken; false when it could not be written. */
  boolean reserve(String symbol, long nextOrderId, long nextTradeId) {
    return append(JournalRecords.idsRecord(symbol, nextOrderId, nextTradeId));
  }

  /** Records a synthetic market's position; false when it could not be written. */
  boolean mark(String symbol, Mark mark) {
    return append(JournalRecords.markRecord(symbol, mark));
  }

  private synchronized boolean append(List<String> record) {
    if (failed || closed) {
      return false;
    }
    List<String> line = new ArrayList<>(record.size() + 1);
    line.add(Long.toString(seq + 1));
    line.addAll(record);
    try {
      ByteBuffer b =
          ByteBuffer.wrap(JournalCodec.encode(line).getBytes(StandardCharsets.ISO_8859_1));
      while (b.hasRemaining()) {
        out.write(b);
      }
      seq++;
      return true;
    } catch (IOException | RuntimeException e) {
      fail(e);
      return false;
    }
  }

  /** Forces what was written to the disk. */
  synchronized void sync() {
    if (failed || closed) {
      return;
    }
    try {
      out.force(false);
    } catch (IOException e) {
      fail(e);
    }
  }

  private void fail(Exception e) {
    failed = true;
    log.error(
        "venue state journal {} cannot be written; the venue refuses trading requests until it is"
            + " restarted",
        journalFile.toAbsolutePath(),
        e);
  }

  /** Whether a write failed: the venue must not acknowledge anything more. */
  public synchronized boolean failed() {
    return failed;
  }

  /** Whether records are still being kept (neither failed nor closed). */
  public synchronized boolean writable() {
    return !failed && !closed;
  }

  public Path dir() {
    return dir;
  }

  /** Forces the journal to the disk and closes it; nothing is recorded after. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    sync();
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      log.warn("closing {}: {}", journalFile, e.toString());
    }
    release(lock, lockChannel);
  }

  private static void release(FileLock lock, FileChannel channel) {
    try {
      if (lock != null) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      log.warn("releasing the venue state lock: {}", e.toString());
    }
  }
}
