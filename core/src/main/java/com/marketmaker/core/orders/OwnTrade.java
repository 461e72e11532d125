package com.marketmaker.core.orders;

import com.marketmaker.core.accounting.Fill;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import java.util.Objects;

/**
 * One execution of one of our orders, as the venue reports it (user-data stream or trade history).
 *
 * @param tradeId the venue's trade id, unique per instrument: the key of exactly-once booking
 * @param fee fee in the quote currency at {@link
 *     com.marketmaker.core.instrument.InstrumentSpec#CASH_SCALE}; negative for a rebate
 * @param maker whether our order was the resting side
 */
public record OwnTrade(
    InstrumentId instrument,
    long tradeId,
    long venueOrderId,
    String clientOrderId,
    Side side,
    long priceTicks,
    long sizeLots,
    long fee,
    boolean maker,
    long timeMillis) {

  public OwnTrade {
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(clientOrderId, "clientOrderId");
    Objects.requireNonNull(side, "side");
    if (tradeId < 0 || priceTicks <= 0 || sizeLots <= 0) {
      throw new IllegalArgumentException(
          "trade id must be >= 0, price and size positive: "
              + tradeId
              + ", "
              + priceTicks
              + ", "
              + sizeLots);
    }
  }

  public Fill toFill() {
    return new Fill(tradeId, side, priceTicks, sizeLots, fee);
  }
}
