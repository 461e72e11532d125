package com.marketmaker.backtest.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A line of a text capture that cannot be read as what the capture format promises: a malformed
 * receive time, or a message of an instrument asked for that its decoder refused. Names the file
 * and the line.
 */
public final class CaptureFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long lineNumber;

  /**
   * @param file the capture
   * @param lineNumber the line, counted from 1
   * @param reason what is wrong with it
   */
  public CaptureFormatException(Path file, long lineNumber, String reason) {
    super(file + " line " + lineNumber + ": " + reason);
    this.file = file;
    this.lineNumber = lineNumber;
  }

  /** The capture. */
  public Path file() {
    return file;
  }

  /** The line, counted from 1. */
  public long lineNumber() {
    return lineNumber;
  }
}
