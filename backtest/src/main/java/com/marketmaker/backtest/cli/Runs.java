package com.marketmaker.backtest.cli;

import com.marketmaker.backtest.data.EventFileReader;
import com.marketmaker.backtest.data.EventFiles;
import com.marketmaker.backtest.run.BacktestConfig;
import com.marketmaker.backtest.run.VenueModel;
import com.marketmaker.core.instrument.InstrumentSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a run and a sweep both need: the event files' instruments and a point's configuration. */
final class Runs {

  private Runs() {}

  /** The instruments of the event files, in merge order, and how many events they declare. */
  record Data(List<Path> files, List<InstrumentSpec> instruments, long events) {
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
      return new Data(List.copyOf(files), List.copyOf(specs), events);
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
