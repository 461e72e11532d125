package com.marketmaker.backtest.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A binary event file that is not valid: not an event file, of another format version, truncated,
 * or corrupt. Names the file and the byte offset where the problem was found; nothing past a
 * problem is ever returned as an event.
 */
public final class EventFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long byteOffset;

  /**
   * @param file the event file
   * @param byteOffset the byte offset of the problem
   * @param reason what is wrong
   */
  public EventFileException(Path file, long byteOffset, String reason) {
    super(file + " at offset " + byteOffset + ": " + reason);
    this.file = file;
    this.byteOffset = byteOffset;
  }

  /** The event file. */
  public Path file() {
    return file;
  }

  /** The byte offset of the problem. */
  public long byteOffset() {
    return byteOffset;
  }
}
