package com.marketmaker.streams.recorder;

import com.marketmaker.core.instrument.Venue;
import java.util.Map;

/**
 * An immutable snapshot of the recorder's counters.
 *
 * @param accepted lines taken into the queue
 * @param dropped lines refused because the queue was full (or the recorder closed), per venue
 * @param written lines written to files
 * @param rejected lines not written because they were empty
 * @param rewritten lines whose line breaks (JSON whitespace) were turned into spaces
 * @param compressedBytes bytes written to files
 * @param filesFinished files completed and renamed from {@code .part}
 * @param openFiles files open now
 * @param writeErrors failed writes, opens or finishes (the affected file is left as {@code .part})
 * @param salvagedFiles {@code .part} files of an earlier run turned into complete files at start
 * @param queued lines waiting for the writer now
 */
public record RecorderMetrics(
    long accepted,
    Map<Venue, Long> dropped,
    long written,
    long rejected,
    long rewritten,
    long compressedBytes,
    long filesFinished,
    int openFiles,
    long writeErrors,
    long salvagedFiles,
    int queued) {

  public RecorderMetrics {
    dropped = Map.copyOf(dropped);
  }

  /** Drops over all venues. */
  public long droppedTotal() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }
}
