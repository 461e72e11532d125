package com.marketmaker.streams.feed;

import static com.marketmaker.streams.feed.WebSocketPeer.close;
import static com.marketmaker.streams.feed.WebSocketPeer.concat;
import static com.marketmaker.streams.feed.WebSocketPeer.serverFrame;
import static com.marketmaker.streams.feed.WebSocketPeer.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.streams.feed.ReconnectingSocket.Frame;
import com.marketmaker.streams.feed.WebSocketPeer.ClientFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WebSocket client against a scripted server (every byte of the server's side chosen by the
 * test, in chunks of any size): the handshake, messages whole and fragmented, pings, the close
 * handshake both ways, and each protocol fault failing the connection with its close code (RFC
 * 6455). {@link WebSocketClientServerTest} runs it against Pekko HTTP's server, plain and TLS.
 */
class WebSocketClientTest {

  private static final ActorTestKit kit = ActorTestKit.create("ws-client");
  private static final ActorSystem<?> system = kit.system();

  static final WebSocketClient.Settings SETTINGS =
      new WebSocketClient.Settings(
          Duration.ofSeconds(5), 1 << 20, null, Duration.ofMillis(300), null);

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static WebSocketPeer open(WebSocketClient.Settings settings) throws Exception {
    WebSocketPeer peer = new WebSocketPeer(system, settings);
    peer.acceptHandshake();
    WebSocketClient.Upgrade upgrade = peer.upgrade.toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(upgrade.accepted());
    return peer;
  }

  private static Throwable failure(WebSocketPeer peer) {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> peer.done.toCompletableFuture().get(10, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void theRequestUpgradesTheUrlsPathAndNamesItsHost() throws Exception {
    WebSocketPeer peer = new WebSocketPeer(system, SETTINGS);
    String request = peer.acceptHandshake();
    assertTrue(request.startsWith("GET /stream?x=1 HTTP/1.1\r\n"), request);
    assertTrue(request.contains("\r\nHost: venue.test:9443\r\n"), request);
    assertTrue(request.contains("\r\nUpgrade: websocket\r\n"), request);
    assertTrue(request.contains("\r\nConnection: Upgrade\r\n"), request);
    assertTrue(request.contains("\r\nSec-WebSocket-Version: 13\r\n"), request);
    assertEquals(
        new WebSocketClient.Upgrade(101, "Switching Protocols"),
        peer.upgrade.toCompletableFuture().get(10, TimeUnit.SECONDS));
    peer.write(text(true, "first"));
    assertEquals("first", peer.take(1).get(0).text());
  }

  @Test
  void theAcceptValueIsTheExampleOfTheRfc() {
    // RFC 6455 section 1.3: the key "dGhlIHNhbXBsZSBub25jZQ==" is answered with this value.
    assertEquals(
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketFrames.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="));
  }

  @Test
  void aRefusalCompletesTheUpgradeWithItsStatusAndEndsTheConnection() throws Exception {
    WebSocketPeer peer = new WebSocketPeer(system, SETTINGS);
    peer.readRequest();
    peer.writeRaw("HTTP/1.1 451 Unavailable For Legal Reasons\r\nContent-Length: 0\r\n\r\n");
    assertEquals(
        new WebSocketClient.Upgrade(451, "Unavailable For Legal Reasons"),
        peer.upgrade.toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertTrue(failure(peer).getMessage().contains("451"));
  }

  static Stream<Arguments> badHandshakes() {
    return Stream.of(
        Arguments.of(
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n",
            "Sec-WebSocket-Accept"),
        Arguments.of("Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n", "Upgrade is"),
        Arguments.of("Upgrade: websocket\r\nSec-WebSocket-Accept: {accept}\r\n", "Connection is"),
        Arguments.of(
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate\r\n",
            "extension"),
        Arguments.of(
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n"
                + "Sec-WebSocket-Protocol: chat\r\n",
            "subprotocol"),
        Arguments.of("Upgrade websocket\r\n", "malformed header"));
  }

  @ParameterizedTest
  @MethodSource("badHandshakes")
  void aHandshakeThatDoesNotAnswerTheRequestFailsTheUpgrade(String headers, String fault)
      throws Exception {
    WebSocketPeer peer = new WebSocketPeer(system, SETTINGS);
    String key = WebSocketPeer.key(peer.readRequest());
    peer.writeRaw(
        "HTTP/1.1 101 Switching Protocols\r\n"
            + headers.replace("{accept}", WebSocketFrames.acceptFor(key))
            + "\r\n");
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> peer.upgrade.toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains(fault), e.getCause().getMessage());
    assertTrue(failure(peer).getMessage().contains(fault));
  }

  @Test
  void messagesAndPingsSplitAnywhereArriveWholeWithEveryPingAnswered() throws Exception {
    for (int seed = 1; seed <= 25; seed++) {
      Random random = new Random(seed);
      WebSocketPeer peer = open(SETTINGS);
      List<byte[]> parts = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      List<byte[]> pings = new ArrayList<>();
      for (int m = 0; m < 40; m++) {
        boolean binary = random.nextInt(10) == 0;
        String message = binary ? null : randomText(random);
        byte[] payload =
            binary
                ? randomBytes(random, random.nextInt(300))
                : message.getBytes(StandardCharsets.UTF_8);
        expected.add(message);
        int pieces = 1 + random.nextInt(random.nextBoolean() ? 1 : 4);
        int at = 0;
        for (int k = 0; k < pieces; k++) {
          int end = k == pieces - 1 ? payload.length : at + random.nextInt(payload.length - at + 1);
          int opcode = k == 0 ? (binary ? 0x2 : 0x1) : 0x0;
          int fin = k == pieces - 1 ? 0x80 : 0;
          // UTF-8 sequences may be cut between frames: the message is decoded whole.
          parts.add(serverFrame(fin | opcode, java.util.Arrays.copyOfRange(payload, at, end)));
          at = end;
          if (random.nextInt(4) == 0) {
            byte[] ping = randomBytes(random, random.nextInt(126));
            pings.add(ping);
            parts.add(serverFrame(0x89, ping)); // control frames may come between fragments
          }
        }
      }
      byte[] all = concat(parts);
      List<Integer> chunks = new ArrayList<>();
      for (int n = 0; n < all.length; n += chunks.get(chunks.size() - 1)) {
        chunks.add(random.nextInt(5) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(3000));
      }
      peer.writeChunked(all, chunks);
      List<Frame> got = peer.take(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), got.get(i).text(), "seed " + seed + ", message " + i);
      }
      for (byte[] ping : pings) {
        ClientFrame pong = peer.nextClientFrame(10_000);
        assertNotNull(pong, "seed " + seed + ": a ping was not answered");
        assertEquals(0xA, pong.opcode());
        assertTrue(pong.masked());
        assertArrayEquals(ping, pong.payload());
      }
      peer.write(close(1000, ""));
      peer.done.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static String randomText(Random random) {
    String[] pieces = {
      "{\"e\":\"depthUpdate\",", "\"b\":[[\"61000.01\",\"0.5\"]]", "€", "ü", "𝄞", "}"
    };
    int length = random.nextInt(8) == 0 ? random.nextInt(70_000) : random.nextInt(400);
    StringBuilder s = new StringBuilder();
    while (s.length() < length) {
      s.append(pieces[random.nextInt(pieces.length)]);
    }
    return s.toString();
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @Test
  void theClientsMessagesAreMaskedTextFramesOfEveryLengthEncoding() throws Exception {
    WebSocketPeer peer = open(SETTINGS);
    List<String> sent = List.of("hi", "x".repeat(300), "€".repeat(30_000));
    sent.forEach(peer.send::offer);
    for (String s : sent) {
      ClientFrame frame = peer.nextClientFrame(10_000);
      assertNotNull(frame);
      assertEquals(0x1, frame.opcode());
      assertTrue(frame.masked(), "a client's frames are masked (RFC 6455 section 5.3)");
      assertEquals(s, frame.text());
    }
  }

  static Stream<Arguments> faults() {
    byte[] invalidUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
    return Stream.of(
        Arguments.of("masked", WebSocketPeer.frame(0x81, "x".getBytes(), true), 1002),
        Arguments.of("reserved bits", serverFrame(0xC1, "x".getBytes()), 1002),
        Arguments.of("unknown data opcode", serverFrame(0x83, "x".getBytes()), 1002),
        Arguments.of("unknown control opcode", serverFrame(0x8B, new byte[0]), 1002),
        Arguments.of("fragmented control", serverFrame(0x09, new byte[0]), 1002),
        Arguments.of("control of 126 bytes", serverFrame(0x89, new byte[126]), 1002),
        Arguments.of("continuation first", serverFrame(0x80, "x".getBytes()), 1002),
        Arguments.of(
            "new message mid-way", concat(List.of(text(false, "a"), text(true, "b"))), 1002),
        Arguments.of("malformed utf-8", serverFrame(0x81, invalidUtf8), 1007),
        Arguments.of("one-byte close", serverFrame(0x88, new byte[] {3}), 1002),
        Arguments.of("reserved close code", close(1005, ""), 1002),
        Arguments.of("too big", text(true, "y".repeat(2_000)), 1009),
        Arguments.of(
            "too big in fragments",
            concat(List.of(text(false, "y".repeat(900)), serverFrame(0x80, new byte[200]))),
            1009));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void aProtocolFaultClosesWithItsCodeAndFailsTheConnection(String name, byte[] bad, int code)
      throws Exception {
    WebSocketClient.Settings small =
        new WebSocketClient.Settings(
            Duration.ofSeconds(5), 1_000, null, Duration.ofMillis(300), null);
    WebSocketPeer peer = open(small);
    peer.write(concat(List.of(text(true, "before"), bad, text(true, "after"))));
    assertEquals("before", peer.take(1).get(0).text());
    ClientFrame closing = peer.nextClientFrame(10_000);
    assertNotNull(closing, name + ": no close frame");
    assertEquals(0x8, closing.opcode());
    assertEquals(code, closing.closeCode(), name);
    Throwable e = failure(peer);
    assertTrue(e instanceof WebSocketClient.WebSocketException, e.toString());
    assertTrue(e.getMessage().startsWith("protocol error"), e.getMessage());
    assertNull(peer.received.poll(200, TimeUnit.MILLISECONDS), "nothing after the fault");
  }

  @Test
  void aNormalCloseFromTheServerIsEchoedAndEndsTheStream() throws Exception {
    WebSocketPeer peer = open(SETTINGS);
    peer.write(concat(List.of(text(true, "last"), close(1000, "bye"))));
    assertEquals("last", peer.take(1).get(0).text());
    peer.done.toCompletableFuture().get(10, TimeUnit.SECONDS);
    ClientFrame echo = peer.nextClientFrame(10_000);
    assertEquals(0x8, echo.opcode());
    assertEquals(1000, echo.closeCode());
  }

  @Test
  void anErrorCloseFromTheServerFailsTheStreamWithItsCodeAndReason() throws Exception {
    WebSocketPeer peer = open(SETTINGS);
    peer.write(close(1011, "overloaded"));
    Throwable e = failure(peer);
    assertTrue(e.getMessage().contains("1011 overloaded"), e.getMessage());
    assertEquals(1011, peer.nextClientFrame(10_000).closeCode());
  }

  @Test
  void whenTheUserIsDoneTheClientClosesAndWaitsForTheServersClose() throws Exception {
    WebSocketPeer peer = open(SETTINGS);
    peer.send.complete();
    ClientFrame closing = peer.nextClientFrame(10_000);
    assertEquals(0x8, closing.opcode());
    assertEquals(1000, closing.closeCode());
    // Data after our close is dropped; the server's close ends the stream.
    peer.write(concat(List.of(text(true, "late"), close(1000, ""))));
    peer.done.toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(peer.received.isEmpty());
    peer.clientWriteSide.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aServerThatNeverAnswersTheCloseIsLeftAfterTheCloseTimeout() throws Exception {
    WebSocketPeer peer = open(SETTINGS);
    peer.send.complete();
    assertEquals(0x8, peer.nextClientFrame(10_000).opcode());
    peer.done.toCompletableFuture().get(10, TimeUnit.SECONDS);
    peer.clientWriteSide.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aConnectionThatEndsWithoutACloseFailsAfterItsMessages() throws Exception {
    WebSocketPeer peer = open(SETTINGS);
    peer.write(concat(List.of(text(true, "one"), text(true, "two"))));
    peer.closeConnection();
    assertEquals(List.of("one", "two"), peer.take(2).stream().map(Frame::text).toList());
    assertTrue(failure(peer).getMessage().contains("without a close frame"));
  }

  @Test
  void anIdleClientSendsAnUnsolicitedPong() throws Exception {
    WebSocketClient.Settings keepAlive =
        new WebSocketClient.Settings(
            Duration.ofSeconds(5), 1 << 20, Duration.ofMillis(100), Duration.ofMillis(300), null);
    WebSocketPeer peer = open(keepAlive);
    ClientFrame pong = peer.nextClientFrame(10_000);
    assertNotNull(pong, "no keep-alive");
    assertEquals(0xA, pong.opcode());
    assertEquals(0, pong.payload().length);
    assertTrue(pong.masked());
  }

  @Test
  void badSettingsAndUrlsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new WebSocketClient.Settings(Duration.ZERO, 1, null, Duration.ZERO, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new WebSocketClient.Settings(Duration.ofSeconds(1), 0, null, Duration.ZERO, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> WebSocketClient.flow(system, "http://127.0.0.1:1/ws", SETTINGS));
    assertThrows(
        IllegalArgumentException.class, () -> WebSocketClient.flow(system, "ws:///ws", SETTINGS));
  }
}
