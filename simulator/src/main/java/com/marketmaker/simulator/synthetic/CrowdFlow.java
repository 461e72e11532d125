package com.marketmaker.simulator.synthetic;

import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.orders.OrderType;
import com.marketmaker.core.orders.TimeInForce;
import com.marketmaker.simulator.exchange.ExchangeAccount;
import com.marketmaker.simulator.exchange.MatchingEngine;
import com.marketmaker.simulator.exchange.PostOnly;
import java.util.random.RandomGenerator;

/**
 * The synthetic crowd of one instrument (see {@link FlowParameters}): moves the fair mid and sends
 * the crowd's limit orders, market orders and cancels to the engine in simulated time. Everything
 * it draws comes from its own generator, so for a given seed and the same engine state the events
 * are the same on every run, however late the wall clock drives it.
 */
public final class CrowdFlow {

  private final MatchingEngine engine;
  private final FlowParameters p;
  private final RandomGenerator rng;
  private final ArrivalProcess limits;
  private final ArrivalProcess markets;
  private final ArrivalProcess cancels;
  private final ArrivalProcess jumps;
  private final double logOneMinusP;
  private double now;
  private double logMid;
  private double nextLimit;
  private double nextMarket;
  private double nextCancel;
  private double nextJump;
  private long limitCount;
  private long marketCount;
  private long cancelCount;
  private long jumpCount;
  // Cointegrated follower (see Pairing): the leader's flow, both starting log mids, the OU spread.
  private CrowdFlow leader;
  private double leaderLogStart;
  private double ownLogStart;
  private double spread;

  public CrowdFlow(
      MatchingEngine engine, FlowParameters p, long initialMidTicks, RandomGenerator rng) {
    this.engine = engine;
    this.p = p;
    this.rng = rng;
    this.logMid = Math.log(initialMidTicks);
    this.limits = new ArrivalProcess(p.limitOrders(), 0);
    this.markets = new ArrivalProcess(p.marketOrders(), 0);
    this.cancels = new ArrivalProcess(p.cancels(), 0);
    this.jumps = p.jumpRate() > 0 ? new ArrivalProcess(ArrivalSpec.poisson(p.jumpRate()), 0) : null;
    this.logOneMinusP = p.distanceP() < 1 ? Math.log(1 - p.distanceP()) : 0;
    this.nextLimit = limits.next(rng);
    this.nextMarket = markets.next(rng);
    this.nextCancel = cancels.next(rng);
    this.nextJump = jumps == null ? Double.POSITIVE_INFINITY : jumps.next(rng);
  }

  /**
   * Makes this flow follow {@code leader} as {@link FlowParameters#pairing()} says, from now on.
   *
   * @throws IllegalArgumentException when this flow has no pairing or the leader follows another
   */
  public void follow(CrowdFlow leader) {
    if (p.pairing() == null) {
      throw new IllegalArgumentException("this flow has no pairing");
    }
    if (leader == this || leader.p.pairing() != null) {
      throw new IllegalArgumentException("a leader must be another, independent flow");
    }
    this.leader = leader;
    this.leaderLogStart = leader.logMid;
    this.ownLogStart = logMid;
    this.spread = 0;
  }

  /** The cointegrating spread u of a follower (0 for an independent flow). */
  public double spread() {
    return spread;
  }

  public FlowParameters parameters() {
    return p;
  }

  /** Simulated seconds so far. */
  public double now() {
    return now;
  }

  /** The log of the fair mid in ticks. */
  public double logMid() {
    return logMid;
  }

  /**
   * Puts the market where an earlier run left it: the fair mid of an independent flow, the spread
   * of a follower (whose mid then follows from its leader's, restored first).
   */
  public void restore(double logMid, double spread) {
    if (leader == null) {
      this.logMid = logMid;
    } else {
      this.spread = spread;
      followLeader();
    }
  }

  /** The fair mid in ticks. */
  public double fairMidTicks() {
    return Math.exp(logMid);
  }

  /** Runs the crowd up to simulated time {@code t} (seconds). */
  public void advanceTo(double t) {
    while (true) {
      double next = Math.min(Math.min(nextLimit, nextMarket), Math.min(nextCancel, nextJump));
      if (next > t) {
        break;
      }
      diffuse(next - now);
      now = next;
      if (next == nextJump) {
        double size = Math.log1p(p.jumpSize());
        if (leader != null) {
          spread += rng.nextBoolean() ? size : -size;
          followLeader();
        } else {
          logMid += rng.nextBoolean() ? size : -size;
        }
        jumpCount++;
        nextJump = jumps.next(rng);
      } else if (next == nextLimit) {
        limitOrder();
        nextLimit = limits.next(rng);
      } else if (next == nextMarket) {
        marketOrder();
        nextMarket = markets.next(rng);
      } else {
        engine.cancelRandomCrowdOrder(rng);
        cancelCount++;
        nextCancel = cancels.next(rng);
      }
    }
    diffuse(t - now);
    now = t;
  }

  private void diffuse(double dt) {
    if (leader != null) {
      if (dt > 0) {
        double k = p.pairing().reversionPerSecond();
        double eta = p.pairing().spreadVolatility();
        double decay = Math.exp(-k * dt);
        spread =
            spread * decay + eta * Math.sqrt((1 - decay * decay) / (2 * k)) * rng.nextGaussian();
      }
      followLeader();
      return;
    }
    if (dt <= 0 || p.volatility() == 0) {
      return;
    }
    double s = p.volatility();
    logMid += -0.5 * s * s * dt + s * Math.sqrt(dt) * rng.nextGaussian();
  }

  private void followLeader() {
    logMid = ownLogStart + (leader.logMid - leaderLogStart) + spread;
  }

  private void limitOrder() {
    limitCount++;
    Side side = rng.nextBoolean() ? Side.BUY : Side.SELL;
    long k = 1 + geometric();
    double mid = Math.exp(logMid);
    long price = side == Side.BUY ? (long) Math.ceil(mid) - k : (long) Math.floor(mid) + k;
    long lots = p.minLots() + rng.nextLong(p.maxLots() - p.minLots() + 1);
    if (engine.crowdRestingCount() >= p.maxRestingOrders()) {
      engine.cancelRandomCrowdOrder(rng);
    }
    if (price < 1) {
      return;
    }
    engine.place(
        new MatchingEngine.NewOrder(
            ExchangeAccount.CROWD,
            null,
            side,
            OrderType.LIMIT,
            TimeInForce.GTC,
            PostOnly.NONE,
            price,
            lots));
  }

  private void marketOrder() {
    marketCount++;
    Side side = rng.nextBoolean() ? Side.BUY : Side.SELL;
    long lots = p.minLots() + rng.nextLong(p.maxMarketLots() - p.minLots() + 1);
    engine.place(
        new MatchingEngine.NewOrder(
            ExchangeAccount.CROWD,
            null,
            side,
            OrderType.MARKET,
            TimeInForce.GTC,
            PostOnly.NONE,
            0,
            lots));
  }

  /** Failures before the first success, success probability {@code distanceP}. */
  private long geometric() {
    if (logOneMinusP == 0) {
      return 0;
    }
    return (long) Math.floor(Math.log(1.0 - rng.nextDouble()) / logOneMinusP);
  }

  public long limitOrders() {
    return limitCount;
  }

  public long marketOrders() {
    return marketCount;
  }

  public long cancels() {
    return cancelCount;
  }

  public long jumps() {
    return jumpCount;
  }
}
