package com.marketmaker.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Polling for what happens on other threads: {@link #await} fails the test when a condition does
 * not hold within a timeout, {@link #poll} hands the last sample back for the test's own
 * assertions. Conditions and samples may throw; what they throw reaches the test unchanged.
 */
public final class Eventually {

  /** A condition polled until it holds. */
  @FunctionalInterface
  public interface Condition<E extends Exception> {
    /** Whether the condition holds now. */
    boolean holds() throws E;
  }

  /** A value sampled until it is the one awaited. */
  @FunctionalInterface
  public interface Sample<T, E extends Exception> {
    /** The value now. */
    T take() throws E;
  }

  private Eventually() {}

  /**
   * Checks {@code condition} now and then every {@code every} until it holds; fails the test,
   * naming {@code what}, once it still does not hold after {@code timeout}.
   */
  public static <E extends Exception> void await(
      Duration timeout, Duration every, Condition<E> condition, String what)
      throws E, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() - deadline > 0) {
        fail("not within " + describe(timeout) + ": " + what);
      }
      pause(every);
    }
  }

  /**
   * Takes {@code sample} now and then every {@code every} until {@code done} accepts it or {@code
   * timeout} has passed, and returns the last sample taken: the test asserts on it, so a timeout
   * fails with the test's own message.
   */
  public static <T, E extends Exception> T poll(
      Duration timeout, Duration every, Sample<T, E> sample, Predicate<? super T> done)
      throws E, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = sample.take();
    while (!done.test(last) && System.nanoTime() - deadline < 0) {
      pause(every);
      last = sample.take();
    }
    return last;
  }

  private static void pause(Duration every) throws InterruptedException {
    if (every.isNegative() || every.isZero()) {
      return;
    }
    Thread.sleep(every.toMillis(), every.toNanosPart() % 1_000_000);
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
