package com.marketmaker.core.pricing;

import java.util.Arrays;

/**
 * Optimal depths tabulated on the inventory grid q = −Q, −Q + Δ, …, Q. Bid at +Q and ask at −Q are
 * {@code NaN}: those orders would take the inventory outside the bounds.
 */
public final class DepthTable implements InventoryQuotes {

  private final int orderSize;
  private final int maxInventory;
  private final double[] bid;
  private final double[] ask;

  DepthTable(int orderSize, int maxInventory, double[] bid, double[] ask) {
    this.orderSize = orderSize;
    this.maxInventory = maxInventory;
    this.bid = bid;
    this.ask = ask;
  }

  @Override
  public OptimalDepths depths(long inventoryLots) {
    int i = index(inventoryLots);
    return new OptimalDepths(bid[i], ask[i]);
  }

  /** Bid depth at inventory {@code inventoryLots}; {@code NaN} when the bid is not quoted. */
  public double bidDepth(long inventoryLots) {
    return bid[index(inventoryLots)];
  }

  /** Ask depth at inventory {@code inventoryLots}; {@code NaN} when the ask is not quoted. */
  public double askDepth(long inventoryLots) {
    return ask[index(inventoryLots)];
  }

  private int index(long q) {
    long clamped = Math.max(-maxInventory, Math.min(maxInventory, q));
    // Nearest grid point; ties go toward zero inventory, the less risky neighbour.
    long shifted = clamped + maxInventory;
    long i = Math.floorDiv(shifted, orderSize);
    long rem = shifted - i * orderSize;
    if (2 * rem > orderSize || (2 * rem == orderSize && clamped < 0)) {
      i++;
    }
    return (int) i;
  }

  @Override
  public int maxInventory() {
    return maxInventory;
  }

  public int orderSize() {
    return orderSize;
  }

  @Override
  public String toString() {
    return "DepthTable{bid=" + Arrays.toString(bid) + ", ask=" + Arrays.toString(ask) + "}";
  }
}
