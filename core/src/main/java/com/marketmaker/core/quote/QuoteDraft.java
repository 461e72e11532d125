package com.marketmaker.core.quote;

import java.util.ArrayList;
import java.util.List;

/**
 * The quote being built by the policy: prices in (fractional) ticks and sizes in (fractional) lots
 * until the final rounding. Each step reads and changes it, then calls {@link #record} so the
 * decision can explain itself. Not thread-safe; one draft per decision.
 */
public final class QuoteDraft {

  private double bid;
  private double ask;
  private double bidSize;
  private double askSize;
  private boolean bidOn = true;
  private boolean askOn = true;
  private String pullReason;
  private String bidOffReason;
  private String askOffReason;
  private double bidCapacity = Double.POSITIVE_INFINITY;
  private double askCapacity = Double.POSITIVE_INFINITY;
  private double markBid;
  private double markAsk;
  private final List<Contribution> explanation = new ArrayList<>(16);

  QuoteDraft(double baseSizeLots) {
    this.bidSize = baseSizeLots;
    this.askSize = baseSizeLots;
  }

  public double bid() {
    return bid;
  }

  public double ask() {
    return ask;
  }

  /** Centre of the two prices. */
  public double center() {
    return 0.5 * (bid + ask);
  }

  /** Ask minus bid, ticks. */
  public double spread() {
    return ask - bid;
  }

  public double bidSize() {
    return bidSize;
  }

  public double askSize() {
    return askSize;
  }

  public boolean bidOn() {
    return bidOn;
  }

  public boolean askOn() {
    return askOn;
  }

  /** Non-null once a step pulled both sides. */
  public String pullReason() {
    return pullReason;
  }

  public void setPrices(double newBid, double newAsk) {
    this.bid = newBid;
    this.ask = newAsk;
  }

  /** Moves both prices by {@code ticks}. */
  public void shift(double ticks) {
    this.bid += ticks;
    this.ask += ticks;
  }

  public void setSizes(double newBidSize, double newAskSize) {
    this.bidSize = newBidSize;
    this.askSize = newAskSize;
  }

  /** Takes the bid out of the decision, with the reason shown to the operator. */
  public void disableBid(String reason) {
    if (bidOn) {
      this.bidOn = false;
      this.bidOffReason = reason;
    }
  }

  /** Takes the ask out of the decision, with the reason shown to the operator. */
  public void disableAsk(String reason) {
    if (askOn) {
      this.askOn = false;
      this.askOffReason = reason;
    }
  }

  String bidOffReason() {
    return bidOffReason;
  }

  String askOffReason() {
    return askOffReason;
  }

  /** Most lots all bid levels together may buy (position headroom). */
  public double bidCapacity() {
    return bidCapacity;
  }

  /** Most lots all ask levels together may sell. */
  public double askCapacity() {
    return askCapacity;
  }

  /** Lowers the lots the bid and ask ladders may carry in total. */
  public void limitCapacity(double bidLots, double askLots) {
    this.bidCapacity = Math.min(bidCapacity, bidLots);
    this.askCapacity = Math.min(askCapacity, askLots);
  }

  /** Pulls both sides with a reason; later steps are skipped. */
  public void pull(String reason) {
    this.bidOn = false;
    this.askOn = false;
    this.pullReason = reason;
  }

  /** Remembers the prices before a step, so {@link #record} can report the shift. */
  void mark() {
    markBid = bid;
    markAsk = ask;
  }

  /** Records the effect of the step that ran since the last mark. */
  public void record(String step, String note) {
    explanation.add(
        new Contribution(
            step,
            bid - markBid,
            ask - markAsk,
            bidOn ? bid : Double.NaN,
            askOn ? ask : Double.NaN,
            bidSize,
            askSize,
            note));
  }

  List<Contribution> explanation() {
    return explanation;
  }
}
