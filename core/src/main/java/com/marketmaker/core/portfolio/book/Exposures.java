package com.marketmaker.core.portfolio.book;

import java.util.List;

/**
 * The book's exposures in the reporting currency ({@link ReportingCurrency}), from {@link
 * PortfolioBook#exposures()}. Notional of an instrument = signed position × valuation price ×
 * conversion rate; gross sums |notional|, net sums the signed notionals. Exposure is attributed to
 * the base asset only: the quote leg of a non-dollar quote (the BTC side of ETHBTC) is not added to
 * that asset. Unconverted instruments with a position are left out of every sum and listed.
 *
 * @param byAsset per base asset, sorted by asset
 * @param byVenue per venue, sorted by venue
 * @param grossNotionalUsd Σ |notional| over converted instruments
 * @param netNotionalUsd Σ notional over converted instruments
 * @param unconvertedInstruments instruments with a position whose quote has no conversion rate
 */
public record Exposures(
    List<AssetExposure> byAsset,
    List<VenueExposure> byVenue,
    double grossNotionalUsd,
    double netNotionalUsd,
    List<String> unconvertedInstruments) {

  /** Copies the lists. */
  public Exposures {
    byAsset = List.copyOf(byAsset);
    byVenue = List.copyOf(byVenue);
    unconvertedInstruments = List.copyOf(unconvertedInstruments);
  }

  /**
   * Exposure to one base asset.
   *
   * @param asset the base asset
   * @param netNotionalUsd Σ notional of its instruments
   * @param grossNotionalUsd Σ |notional| of its instruments
   * @param instruments every instrument of the book with this base asset, sorted
   */
  public record AssetExposure(
      String asset, double netNotionalUsd, double grossNotionalUsd, List<String> instruments) {
    /** Copies the list. */
    public AssetExposure {
      instruments = List.copyOf(instruments);
    }
  }

  /**
   * Exposure on one venue.
   *
   * @param venue the venue
   * @param grossNotionalUsd Σ |notional| of its instruments
   * @param netNotionalUsd Σ notional of its instruments
   * @param instruments every instrument of the book on this venue, sorted
   */
  public record VenueExposure(
      String venue, double grossNotionalUsd, double netNotionalUsd, List<String> instruments) {
    /** Copies the list. */
    public VenueExposure {
      instruments = List.copyOf(instruments);
    }
  }
}
