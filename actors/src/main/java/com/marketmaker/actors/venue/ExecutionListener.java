package com.marketmaker.actors.venue;

import com.marketmaker.core.orders.ExecutionEvent;

/**
 * Receives the user-data stream of a venue account on this node. Called on the stream's thread, in
 * the venue's order; must not block.
 */
@FunctionalInterface
public interface ExecutionListener {

  void onExecution(ExecutionEvent event);

  /**
   * The stream was interrupted (reconnect, expired listen key): events may have been missed and
   * every instrument must reconcile from the REST trade history. Default: ignore.
   */
  default void onGap(String reason) {}
}
