package com.marketmaker.backtest.cli;

import java.io.PrintStream;

/** A one-line progress bar on standard error, redrawn at most ten times a second. */
final class Progress {

  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String what;
  private final long total;
  private final boolean quiet;
  private long lastDrawNanos;

  Progress(PrintStream out, String what, long total, boolean quiet) {
    this.out = out;
    this.what = what;
    this.total = total; // 0 or less: unknown, counts only
    this.quiet = quiet;
  }

  synchronized void update(long done) {
    long now = System.nanoTime();
    if (quiet || (now - lastDrawNanos < 100_000_000L && (total <= 0 || done < total))) {
      return;
    }
    lastDrawNanos = now;
    if (total <= 0) {
      out.printf("\r%,d %s", done, what);
      out.flush();
      return;
    }
    int filled = (int) Math.min(WIDTH, WIDTH * done / total);
    out.printf(
        "\r[%s%s] %3d%% %,d/%,d %s",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        100 * Math.min(done, total) / total,
        done,
        total,
        what);
    out.flush();
  }

  synchronized void finish() {
    if (!quiet) {
      if (total > 0) {
        update(total);
      }
      out.println();
    }
  }
}
