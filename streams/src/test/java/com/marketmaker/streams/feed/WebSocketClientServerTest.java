package com.marketmaker.streams.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.streams.feed.ReconnectingSocket.Frame;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocket;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebSocket client against Pekko HTTP's WebSocket server on loopback, an implementation written
 * apart from it: strict messages of every length encoding, a message the server streams in several
 * frames, a binary message, and text sent back and forth; the same over TLS with the server's
 * certificate trusted, and refused without.
 */
class WebSocketClientServerTest {

  private static final ActorTestKit kit = ActorTestKit.create("ws-server");
  private static final ActorSystem<?> system = kit.system();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** What the server sends first, in order; then it answers each text with "echo:" + text. */
  private static List<Message> preset() {
    List<Message> out = new ArrayList<>();
    for (int n : new int[] {0, 1, 125, 126, 65_535, 65_536}) {
      out.add(TextMessage.create("d".repeat(n)));
    }
    out.add(TextMessage.create("€ü𝄞".repeat(50_000)));
    out.add(TextMessage.create(Source.from(List.of("part one, ", "part two, ", "€nd"))));
    out.add(BinaryMessage.create(ByteString.fromArray(new byte[] {0, 1, 2, 3})));
    return out;
  }

  private static List<String> presetTexts() {
    List<String> out = new ArrayList<>();
    for (int n : new int[] {0, 1, 125, 126, 65_535, 65_536}) {
      out.add("d".repeat(n));
    }
    out.add("€ü𝄞".repeat(50_000));
    out.add("part one, part two, €nd");
    out.add(null);
    return out;
  }

  private static Flow<Message, Message, ?> handler() {
    return Flow.of(Message.class)
        .mapAsync(1, m -> m.asTextMessage().toStrict(5_000, Materializer.matFromSystem(system)))
        .map(t -> (Message) TextMessage.create("echo:" + t.getStrictText()))
        .prepend(Source.from(preset()));
  }

  private static ServerBinding bind(SSLContext tls) throws Exception {
    var server = Http.get(system).newServerAt("127.0.0.1", 0);
    if (tls != null) {
      server = server.enableHttps(ConnectionContext.httpsServer(tls));
    }
    return server
        .bind(
            (HttpRequest request) ->
                CompletableFuture.<HttpResponse>completedFuture(
                    WebSocket.handleWebSocketRequestWith(request, handler())))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static List<Frame> exchange(String url, WebSocketClient.Settings settings, int expected)
      throws Exception {
    Pair<CompletionStage<WebSocketClient.Upgrade>, CompletionStage<List<Frame>>> run =
        Source.from(List.of("hello", "€".repeat(70_000)))
            .concat(Source.maybe())
            .viaMat(WebSocketClient.flow(system, url, settings), Keep.right())
            .take(expected)
            .toMat(Sink.seq(), Keep.both())
            .run(system);
    assertTrue(run.first().toCompletableFuture().get(10, TimeUnit.SECONDS).accepted());
    return run.second().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void check(List<Frame> frames) {
    List<String> expected = new ArrayList<>(presetTexts());
    expected.add("echo:hello");
    expected.add("echo:" + "€".repeat(70_000));
    assertEquals(expected, frames.stream().map(Frame::text).toList());
  }

  @Test
  void aPekkoServersMessagesArriveWholeAndInOrder() throws Exception {
    ServerBinding binding = bind(null);
    try {
      int port = binding.localAddress().getPort();
      check(exchange("ws://127.0.0.1:" + port + "/ws", WebSocketClientTest.SETTINGS, 11));
    } finally {
      binding.unbind();
    }
  }

  @Test
  void overTlsWithTheServersCertificateTrustedAndRefusedWithout(@TempDir Path dir)
      throws Exception {
    Path store = dir.resolve("venue.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "venue",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=venue.test",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "test-only",
                "-keypass",
                "test-only")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertEquals(0, keytool.waitFor(), output);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "test-only".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "test-only".toCharArray());
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("venue", keys.getCertificate("venue"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);

    ServerBinding binding = bind(serverTls);
    try {
      String url = "wss://127.0.0.1:" + binding.localAddress().getPort() + "/ws";
      check(exchange(url, WebSocketClientTest.SETTINGS.withTls(clientTls), 11));

      // The JVM's default trust does not know the test's certificate: the handshake fails.
      CompletionStage<WebSocketClient.Upgrade> untrusted =
          Source.<String>maybe()
              .viaMat(WebSocketClient.flow(system, url, WebSocketClientTest.SETTINGS), Keep.right())
              .to(Sink.ignore())
              .run(system);
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> untrusted.toCompletableFuture().get(20, TimeUnit.SECONDS));
      assertTrue(e.getCause() != null, e.toString());
    } finally {
      binding.unbind();
    }
  }

  @Test
  void aRefusedConnectionFailsTheUpgrade() throws Exception {
    ServerBinding binding = bind(null);
    int port = binding.localAddress().getPort();
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    CompletionStage<WebSocketClient.Upgrade> upgrade =
        Source.<String>maybe()
            .viaMat(
                WebSocketClient.flow(
                    system,
                    "ws://127.0.0.1:" + port + "/ws",
                    new WebSocketClient.Settings(
                        Duration.ofSeconds(5), 1 << 20, null, Duration.ofMillis(300), null)),
                Keep.right())
            .to(Sink.ignore())
            .run(system);
    assertThrows(
        ExecutionException.class, () -> upgrade.toCompletableFuture().get(20, TimeUnit.SECONDS));
  }
}
