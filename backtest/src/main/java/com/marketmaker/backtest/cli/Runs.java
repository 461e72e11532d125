package com.marketmaker.backtest.cli;

import com.marketmaker.backtest.data.EventFileReader;
import com.marketmaker.backtest.data.EventFiles;
import com.marketmaker.backtest.run.BacktestConfig;
import com.marketmaker.backtest.run.VenueModel;
import com.marketmaker.backtest.sweep.Sweep;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a run and a sweep both need: the event files' instruments and a point's configuration. */
final class Runs {

  private Runs() {}

  /**
   * The market of a run: its instruments, how many events it holds (0 when unknown) and how to open
   * it.
   */
  record Data(Sweep.Market market, List<InstrumentSpec> instruments, long events) {

    /** Event files, or the synthetic market when {@code synthetic} asks for one. */
    static Data of(List<Path> files, SyntheticOptions synthetic) throws IOException {
      boolean hasFiles = files != null && !files.isEmpty();
      if (synthetic.count > 0 == hasFiles) {
        throw new IllegalArgumentException("give --events files or --synthetic N, one of them");
      }
      if (synthetic.count > 0) {
        return new Data(synthetic::open, synthetic.open().instruments(), 0);
      }
      return of(files);
    }

    static Data of(List<Path> files) throws IOException {
      List<InstrumentSpec> specs = new ArrayList<>();
      long events = 0;
      for (Path f : files) {
        try (EventFileReader r = EventFiles.open(f)) {
          for (InstrumentSpec s : r.instruments()) {
            if (specs.stream().noneMatch(x -> x.id().equals(s.id()))) {
              specs.add(s);
            }
          }
          events += r.declaredEvents();
        }
      }
      return new Data(Sweep.Market.of(files), List.copyOf(specs), events);
    }
  }

  /** The configuration of {@code point} (strategy fields) on top of the options. */
  static BacktestConfig config(
      Data data,
      StrategyOptions strategy,
      VenueOptions venue,
      VenueModel model,
      Map<String, Object> point) {
    return strategy
        .spec()
        .config(
            data.instruments(),
            model,
            venue.feedLatencyMillis == null ? -1 : Math.round(venue.feedLatencyMillis * 1_000_000),
            venue.sampleMillis * 1_000_000L,
            point);
  }
}
