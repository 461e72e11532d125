package com.marketmaker.actors.venue;

import com.marketmaker.core.instrument.InstrumentSpec;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The instruments a venue lists, with their price and size grids (Binance exchange info). */
public interface InstrumentCatalog {

  /** Every instrument the venue trades, or only {@code symbols} when given. */
  CompletionStage<List<InstrumentSpec>> specs(List<String> symbols);
}
