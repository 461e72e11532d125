package com.marketmaker.streams.binance;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Lets a REST client's requests out no faster than its connections can carry them, so that each
 * request is built, and a signed one signed, when a connection is about to take it.
 *
 * <p>Without it every request went straight into the HTTP connection pool's queue, signed. When a
 * node started or recovered a hundred instruments at once their requests queued there for seconds
 * behind each other; the venue then refused the oldest for a timestamp outside its {@code
 * recvWindow} (Binance's -1021), which also made the client measure the venue's clock again while
 * every signed request waited. Here a request waits unsigned, and a -1021 can only come from the
 * time spent on the wire and at the venue.
 *
 * <p>The depth snapshots ({@link BinanceDepthSnapshots}) wait here too, behind their own few slots,
 * so that a burst of resyncs spends no request weight before it leaves.
 *
 * <p>At most {@code slots} admitted requests are out at once (one per pool connection). Waiting
 * requests are admitted in two lanes, each first come, first served: {@link Lane#URGENT} before
 * {@link Lane#NORMAL}, so that cancels and the clock's measurement overtake placements and reads
 * when the connections are busy. A waiting request can be withdrawn (its deadline passed): it is
 * then never admitted. Admission runs on whichever thread releases a slot or submits; it never
 * recurses, however many requests complete at once on the admitting thread.
 */
final class RequestAdmission {

  /** Which waiting requests go first. */
  enum Lane {
    /** Cancels and the venue's clock: they reduce risk or unblock every signed request. */
    URGENT,
    /** Placements and reads. */
    NORMAL
  }

  private final int slots;
  private final ArrayDeque<Ticket> urgent = new ArrayDeque<>();
  private final ArrayDeque<Ticket> normal = new ArrayDeque<>();
  private final AtomicInteger drainRequests = new AtomicInteger();
  private int busy; // guarded by this
  private long admitted; // guarded by this
  private long withdrawn; // guarded by this

  RequestAdmission(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be positive, got " + slots);
    }
    this.slots = slots;
  }

  /**
   * Queues a request. {@code start} runs once, when a slot is free, and returns whether it holds
   * the slot (a request sent: {@link #release()} follows when its exchange ends) or not (it decided
   * not to send: the slot is free again at once). It may run on the calling thread before this
   * returns, and must complete the request's answer itself, also when it fails.
   */
  Ticket submit(Lane lane, BooleanSupplier start) {
    Ticket t = new Ticket(start);
    synchronized (this) {
      (lane == Lane.URGENT ? urgent : normal).addLast(t);
    }
    drain();
    return t;
  }

  /** A sent request's exchange ended: its slot goes to the next waiting request. */
  void release() {
    synchronized (this) {
      if (busy == 0) {
        throw new IllegalStateException("release without an admitted request");
      }
      busy--;
    }
    drain();
  }

  /** Requests out now. */
  synchronized int busy() {
    return busy;
  }

  /** Requests waiting for a slot now. */
  synchronized int waiting() {
    return urgent.size() + normal.size();
  }

  /** Requests admitted so far. */
  synchronized long admitted() {
    return admitted;
  }

  /** Requests withdrawn before they were admitted, so far. */
  synchronized long withdrawn() {
    return withdrawn;
  }

  // One thread admits at a time; a submit or release meanwhile only asks it to look again, so a
  // start that completes at once (and releases) does not recurse into the next admission.
  private void drain() {
    if (drainRequests.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    while (true) {
      while (true) {
        Ticket next;
        synchronized (this) {
          if (busy >= slots) {
            break;
          }
          next = urgent.isEmpty() ? normal.pollFirst() : urgent.pollFirst();
          if (next == null) {
            break;
          }
          next.admitted = true;
          busy++;
          admitted++;
        }
        boolean holds;
        try {
          holds = next.start.getAsBoolean();
        } catch (RuntimeException e) {
          // A start must complete its request's answer itself, failures included; one that throws
          // anyway must not stop admission for every request behind it.
          holds = false;
        }
        if (!holds) {
          synchronized (this) {
            busy--;
          }
        }
      }
      missed = drainRequests.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }

  /** A queued request. */
  final class Ticket {
    private final BooleanSupplier start;
    private boolean admitted; // guarded by the admission

    private Ticket(BooleanSupplier start) {
      this.start = start;
    }

    /**
     * Takes the request out of the queue unless it was admitted already. Returns true when it was
     * still waiting: it will never start.
     */
    boolean withdraw() {
      synchronized (RequestAdmission.this) {
        if (admitted) {
          return false;
        }
        if (urgent.remove(this) || normal.remove(this)) {
          withdrawn++;
          return true;
        }
        return false;
      }
    }
  }
}
