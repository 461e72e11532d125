package com.marketmaker.streams.feed;

import com.typesafe.config.Config;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * The venues' WebSocket client: text out, received messages in, over Pekko Streams' TCP (and its
 * TLS for {@code wss}), the protocol in {@link WebSocketClientStage}.
 *
 * <p>Why not Pekko HTTP's client: its message layer turns every incoming message into a substream
 * ({@code splitAfter}), takes that substream's first frame with {@code prefixAndTail(1)}, cancels
 * the rest with a stream of its own and flattens the messages with {@code concatSubstreams}: about
 * three stream materialisations per message, whole or not. A node at 300 instruments receives about
 * 4,400 messages a second, and a profile of it put a fifth of its JVM's CPU samples in that
 * machinery (BENCHMARKS.md, "The feed's WebSocket client"). Here a message that arrives in one
 * frame costs one parse and one string.
 */
public final class WebSocketClient {

  private WebSocketClient() {}

  /**
   * How a connection behaves.
   *
   * @param connectTimeout how long the TCP (and TLS) connection may take
   * @param maxMessageBytes the largest message accepted, whole (over it the connection fails with
   *     close code 1009)
   * @param keepAliveIdle after this long without sending, an unsolicited pong is sent (RFC 6455
   *     section 5.5.3 allows it; Binance closes connections that stay silent); null for never
   * @param closeTimeout how long to wait for the server's close after sending ours
   * @param tls the TLS context for {@code wss} (the JVM's default when null)
   */
  public record Settings(
      Duration connectTimeout,
      int maxMessageBytes,
      Duration keepAliveIdle,
      Duration closeTimeout,
      SSLContext tls) {

    public Settings {
      if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connect-timeout must be positive: " + connectTimeout);
      }
      if (maxMessageBytes < 1) {
        throw new IllegalArgumentException("max-message-size must be positive");
      }
      if (keepAliveIdle != null && (keepAliveIdle.isNegative() || keepAliveIdle.isZero())) {
        throw new IllegalArgumentException("keep-alive-idle must be positive: " + keepAliveIdle);
      }
      if (closeTimeout == null || closeTimeout.isNegative()) {
        throw new IllegalArgumentException("close-timeout must not be negative: " + closeTimeout);
      }
    }

    /** From {@code market-maker.websocket} (see the streams module's reference.conf). */
    public static Settings from(Config config) {
      Config c = config.getConfig("market-maker.websocket");
      long max = c.getBytes("max-message-size");
      if (max > Integer.MAX_VALUE - 64) {
        throw new IllegalArgumentException("max-message-size is at most 2 GiB: " + max);
      }
      Duration idle = c.getDuration("keep-alive-idle");
      return new Settings(
          c.getDuration("connect-timeout"),
          (int) max,
          idle.isZero() ? null : idle,
          c.getDuration("close-timeout"),
          null);
    }

    public Settings withTls(SSLContext context) {
      return new Settings(connectTimeout, maxMessageBytes, keepAliveIdle, closeTimeout, context);
    }
  }

  /** The server's answer to the opening handshake: 101 when the connection was upgraded. */
  public record Upgrade(int status, String reason) {
    public boolean accepted() {
      return status == 101;
    }
  }

  /** A connection that failed for a reason of the WebSocket protocol, not of the network. */
  public static final class WebSocketException extends RuntimeException {
    public WebSocketException(String message) {
      super(message);
    }
  }

  /**
   * A flow that opens one connection to {@code url} ({@code ws://} or {@code wss://}) when
   * materialised: each string it takes is sent as a text message, each message received comes out
   * as a {@link ReconnectingSocket.Frame} (text, or null text for binary). Its value completes with
   * the server's status line once the handshake is answered, or fails when the connection or the
   * handshake does.
   */
  public static Flow<String, ReconnectingSocket.Frame, CompletionStage<Upgrade>> flow(
      ActorSystem<?> system, String url, Settings settings) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    boolean secure = scheme.equals("wss");
    if (!secure && !scheme.equals("ws")) {
      throw new IllegalArgumentException("not a ws:// or wss:// url: " + url);
    }
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("no host in " + url);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
    String hostHeader = uri.getPort() >= 0 ? uri.getRawAuthority() : host;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
    Optional<Duration> connectTimeout = Optional.of(settings.connectTimeout());
    Flow<ByteString, ByteString, CompletionStage<Tcp.OutgoingConnection>> connection =
        secure
            ? Tcp.get(system)
                .outgoingConnectionWithTls(
                    address,
                    () -> clientEngine(settings.tls(), host, port),
                    Optional.empty(),
                    List.of(),
                    connectTimeout,
                    Optional.empty(),
                    session -> Optional.empty(), // the engine checks the host name itself
                    TLSClosing.eagerClose())
            : Tcp.get(system)
                .outgoingConnection(
                    address, Optional.empty(), List.of(), true, connectTimeout, Optional.empty());
    return BidiFlow.fromGraph(new WebSocketClientStage(hostHeader, pathAndQuery, settings))
        .join(connection, Keep.left());
  }

  /** A client engine that checks the server's certificate against {@code host} (as HTTPS does). */
  private static SSLEngine clientEngine(SSLContext context, String host, int port) {
    try {
      SSLContext tls = context != null ? context : SSLContext.getDefault();
      SSLEngine engine = tls.createSSLEngine(host, port);
      engine.setUseClientMode(true);
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (!Character.isDigit(host.charAt(0)) && !host.contains(":")) {
        parameters.setServerNames(List.of(new SNIHostName(host)));
      }
      engine.setSSLParameters(parameters);
      return engine;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context", e);
    }
  }
}
