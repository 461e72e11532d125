package com.marketmaker.core.pricing;

/** Optimal depths as a function of inventory, at one point in time. */
public interface InventoryQuotes {

  /**
   * Optimal depths at inventory {@code inventoryLots}. Inventories off the model's grid are snapped
   * to the nearest grid point; at or beyond +Q the bid is not quoted, at or beyond −Q the ask is
   * not quoted.
   */
  OptimalDepths depths(long inventoryLots);

  /** The inventory bound Q in lots. */
  int maxInventory();
}
