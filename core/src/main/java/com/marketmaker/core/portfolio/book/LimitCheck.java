package com.marketmaker.core.portfolio.book;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a book and its risk against {@link PortfolioLimits} and says what the quoting should do.
 *
 * <p>Rule, with ratio = value / limit and the thresholds of {@link Thresholds} (defaults in
 * brackets); a limit is breached only when the ratio is strictly above the threshold:
 *
 * <ul>
 *   <li>CVaR 99% and drawdown probability: ratio &gt; pullAbove [1.2] → PULL; else ratio &gt;
 *       widenAbove [1.0] → WIDEN. Risk in excess is answered with wider spreads first and quotes
 *       pulled when it is well beyond the limit.
 *   <li>Portfolio gross exposure: ratio &gt; pullAbove [1.2] → PULL; else ratio &gt; shrinkAbove
 *       [1.0] → SHRINK.
 *   <li>Asset net, venue gross and portfolio net exposure: ratio &gt; shrinkAbove [1.0] → SHRINK.
 * </ul>
 *
 * The CVaR compared is {@link RiskResult#maxCvarHorizonUsd(double)} at 99%, the most conservative
 * method over the risk horizon; drawdown uses {@link RiskResult#drawdown()}, whose threshold and
 * horizon must be the limits' (else an {@link IllegalArgumentException}: the figure would answer
 * another question). Without a risk result, or with insufficient data, the risk limits are not
 * checked.
 *
 * <p>Instruments per breach: every instrument of the book for portfolio-wide limits (CVaR,
 * drawdown, gross, net); those with that base asset for an asset limit; those on that venue for a
 * venue limit. Breaches are ordered by kind, then subject. Stateless and deterministic.
 */
public final class LimitCheck {

  /** The order of the breaches a check returns: by kind, then by subject. */
  public static final Comparator<Breach> ORDER =
      Comparator.comparing(Breach::kind).thenComparing(Breach::subject);

  /**
   * The ratio thresholds of the actions.
   *
   * @param shrinkAbove exposure ratio above which to SHRINK
   * @param widenAbove risk ratio above which to WIDEN
   * @param pullAbove risk or gross-exposure ratio above which to PULL, ≥ both others
   */
  public record Thresholds(double shrinkAbove, double widenAbove, double pullAbove) {
    /** Checks the thresholds are positive and pullAbove is the largest. */
    public Thresholds {
      if (!(shrinkAbove > 0
          && widenAbove > 0
          && pullAbove >= shrinkAbove
          && pullAbove >= widenAbove
          && Double.isFinite(pullAbove))) {
        throw new IllegalArgumentException("need 0 < shrink, widen <= pull, finite");
      }
    }

    /** SHRINK above 100%, WIDEN above 100%, PULL above 120% of the limit. */
    public static Thresholds defaults() {
      return new Thresholds(1.0, 1.0, 1.2);
    }
  }

  private LimitCheck() {}

  /** {@link #check(PortfolioBook, RiskResult, PortfolioLimits, Thresholds)} with the defaults. */
  public static List<Breach> check(PortfolioBook book, RiskResult risk, PortfolioLimits limits) {
    return check(book, risk, limits, Thresholds.defaults());
  }

  /**
   * The breaches.
   *
   * @param book the positions (for exposures and instrument lists)
   * @param risk the risk of the book, or null to skip the risk limits
   * @param limits the limits
   * @param thresholds the action thresholds
   */
  public static List<Breach> check(
      PortfolioBook book, RiskResult risk, PortfolioLimits limits, Thresholds thresholds) {
    List<Breach> out = new ArrayList<>();
    List<String> all = book.instruments();
    boolean riskUsable = risk != null && risk.sufficientData();
    if (riskUsable && PortfolioLimits.on(limits.cvar99MaxUsd())) {
      double cvar = risk.maxCvarHorizonUsd(0.99);
      riskBreach(out, Breach.Kind.CVAR_99, cvar, limits.cvar99MaxUsd(), all, thresholds);
    }
    if (riskUsable
        && PortfolioLimits.on(limits.drawdownProbabilityMax())
        && risk.drawdown() != null) {
      var dd = risk.drawdown();
      if (dd.threshold() != limits.drawdownThresholdUsd()
          || dd.steps() != limits.drawdownHorizonBars()) {
        throw new IllegalArgumentException(
            "the risk's drawdown threshold/horizon "
                + dd.threshold()
                + "/"
                + dd.steps()
                + " differ from the limits' "
                + limits.drawdownThresholdUsd()
                + "/"
                + limits.drawdownHorizonBars());
      }
      riskBreach(
          out,
          Breach.Kind.DRAWDOWN_PROBABILITY,
          dd.probability(),
          limits.drawdownProbabilityMax(),
          all,
          thresholds);
    }
    Exposures ex = book.exposures();
    if (PortfolioLimits.on(limits.assetNetExposureMaxUsd())) {
      for (Exposures.AssetExposure a : ex.byAsset()) {
        shrink(
            out,
            Breach.Kind.ASSET_NET_EXPOSURE,
            a.asset(),
            Math.abs(a.netNotionalUsd()),
            limits.assetNetExposureMaxUsd(),
            a.instruments(),
            thresholds);
      }
    }
    if (PortfolioLimits.on(limits.venueGrossExposureMaxUsd())) {
      for (Exposures.VenueExposure v : ex.byVenue()) {
        shrink(
            out,
            Breach.Kind.VENUE_GROSS_EXPOSURE,
            v.venue(),
            v.grossNotionalUsd(),
            limits.venueGrossExposureMaxUsd(),
            v.instruments(),
            thresholds);
      }
    }
    if (PortfolioLimits.on(limits.grossExposureMaxUsd())) {
      double gross = ex.grossNotionalUsd();
      double limit = limits.grossExposureMaxUsd();
      if (gross / limit > thresholds.pullAbove()) {
        out.add(
            new Breach(
                Breach.Kind.GROSS_EXPOSURE,
                Breach.PORTFOLIO,
                gross,
                limit,
                Breach.Action.PULL,
                all));
      } else {
        shrink(out, Breach.Kind.GROSS_EXPOSURE, Breach.PORTFOLIO, gross, limit, all, thresholds);
      }
    }
    if (PortfolioLimits.on(limits.netExposureMaxUsd())) {
      shrink(
          out,
          Breach.Kind.NET_EXPOSURE,
          Breach.PORTFOLIO,
          Math.abs(ex.netNotionalUsd()),
          limits.netExposureMaxUsd(),
          all,
          thresholds);
    }
    out.sort(ORDER);
    return out;
  }

  /** The most severe action per instrument over the breaches, by instrument. */
  public static Map<String, Breach.Action> actionsByInstrument(List<Breach> breaches) {
    Map<String, Breach.Action> out = new TreeMap<>();
    for (Breach b : breaches) {
      for (String i : b.instruments()) {
        Breach.Action prev = out.get(i);
        if (prev == null || b.action().compareTo(prev) > 0) {
          out.put(i, b.action());
        }
      }
    }
    return out;
  }

  private static void riskBreach(
      List<Breach> out,
      Breach.Kind kind,
      double value,
      double limit,
      List<String> instruments,
      Thresholds t) {
    if (Double.isNaN(value)) {
      return;
    }
    double ratio = value / limit;
    if (ratio > t.pullAbove()) {
      out.add(new Breach(kind, Breach.PORTFOLIO, value, limit, Breach.Action.PULL, instruments));
    } else if (ratio > t.widenAbove()) {
      out.add(new Breach(kind, Breach.PORTFOLIO, value, limit, Breach.Action.WIDEN, instruments));
    }
  }

  private static void shrink(
      List<Breach> out,
      Breach.Kind kind,
      String subject,
      double value,
      double limit,
      List<String> instruments,
      Thresholds t) {
    if (value / limit > t.shrinkAbove()) {
      out.add(new Breach(kind, subject, value, limit, Breach.Action.SHRINK, instruments));
    }
  }
}
