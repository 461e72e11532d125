package com.marketmaker.actors.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.actors.EntitySettings;
import com.marketmaker.actors.SymbolEntity;
import com.marketmaker.actors.SymbolProtocol;
import com.marketmaker.actors.portfolio.PortfolioProtocol.InstrumentReport;
import com.marketmaker.actors.portfolio.PortfolioProtocol.ReportAck;
import com.marketmaker.core.accounting.Side;
import com.marketmaker.core.instrument.InstrumentId;
import com.marketmaker.core.instrument.InstrumentSpec;
import com.marketmaker.core.quote.PortfolioAdvice;
import com.marketmaker.core.strategy.MakerParameters;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An instrument entity reports to the portfolio: its journaled position and every booked fill
 * (operator-entered ones included), again until acknowledged, and no more once they are.
 */
class EntityReportsTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("pekko.actor.provider = local")
              .withFallback(EventSourcedBehaviorTestKit.config())
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void fillsAreReportedUntilAcknowledged() {
    TestProbe<InstrumentReport> portfolio = testKit.createTestProbe();
    String id = "BINANCE:ETHUSDT";
    InstrumentSpec spec = InstrumentSpec.of(InstrumentId.parse(id), "0.01", "0.0001");
    ActorRef<SymbolProtocol.Command> entity =
        testKit.spawn(
            SymbolEntity.create(
                id,
                SymbolEntity.Dependencies.of(
                        EntitySettings.fromConfig(testKit.system().settings().config()),
                        Clock.systemUTC())
                    .withPortfolio(portfolio.getRef()::tell),
                self -> {}));
    TestProbe<SymbolProtocol.Confirmation> replies = testKit.createTestProbe();
    entity.tell(
        new SymbolProtocol.Start(
            spec, new MakerParameters(0.1, 60, 1, 50, 10, 1000), "alice", replies.getRef()));
    replies.receiveMessage();
    entity.tell(
        new SymbolProtocol.RecordFill(
            new SymbolProtocol.FillReport(41, Side.BUY, "2000.00", "0.5000", "0.1"),
            replies.getRef()));
    replies.receiveMessage();

    InstrumentReport r =
        portfolio
            .fishForMessage(
                Duration.ofSeconds(5),
                m ->
                    m.fills().isEmpty()
                        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes
                            .continueAndIgnore()
                        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete())
            .get(0);
    assertEquals(id, r.instrument());
    assertEquals("ETH", r.baseAsset());
    assertEquals("USDT", r.quoteAsset());
    assertEquals(0.5, r.positionBase(), 1e-12);
    assertEquals(1, r.fills().size());
    assertEquals(41, r.fills().get(0).tradeId());
    assertEquals(2000.0, r.fills().get(0).price(), 1e-9);
    assertEquals(0.1, r.fills().get(0).fee(), 1e-12);

    // Not acknowledged: the next report carries the fill again.
    InstrumentReport again = portfolio.receiveMessage(Duration.ofSeconds(3));
    assertEquals(1, again.fills().size());
    again.replyTo().tell(new ReportAck(id, 41, new PortfolioAdvice(-2, 0, 1, false, "test")));
    // Acknowledged: later reports carry no fill but the same position.
    InstrumentReport later =
        portfolio
            .fishForMessage(
                Duration.ofSeconds(5),
                m ->
                    m.fills().isEmpty()
                        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes
                            .continueAndIgnore())
            .get(0);
    assertTrue(later.fills().isEmpty());
    assertEquals(0.5, later.positionBase(), 1e-12);
    testKit.stop(entity);
  }
}
