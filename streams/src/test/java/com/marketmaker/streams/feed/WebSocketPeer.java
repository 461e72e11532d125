package com.marketmaker.streams.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marketmaker.streams.feed.ReconnectingSocket.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The server's end of one client connection, scripted by a test: the client stage runs joined to a
 * flow whose incoming bytes the test reads and whose outgoing bytes it writes chunk by chunk, so
 * every split of the server's bytes can be tried. Server frames are built here from RFC 6455
 * section 5.2 independently of the client's code, and the client's frames are unmasked and read
 * back here.
 */
final class WebSocketPeer {

  /** A frame the client sent, unmasked. */
  record ClientFrame(int opcode, boolean masked, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }
  }

  private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key: *(\\S+)\\s*$");

  final CompletionStage<WebSocketClient.Upgrade> upgrade;
  final LinkedBlockingQueue<Frame> received = new LinkedBlockingQueue<>();
  final CompletionStage<Done> done;
  final BoundedSourceQueue<String> send;
  private final BoundedSourceQueue<ByteString> toClient;
  private final LinkedBlockingQueue<ByteString> fromClient = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream clientBytes = new ByteArrayOutputStream();
  private int clientRead;
  final CompletionStage<Done> clientWriteSide;

  WebSocketPeer(ActorSystem<?> system, WebSocketClient.Settings settings) {
    Pair<BoundedSourceQueue<ByteString>, Source<ByteString, NotUsed>> out =
        Source.<ByteString>queue(100_000).preMaterialize(system);
    toClient = out.first();
    Pair<CompletionStage<Done>, Sink<ByteString, NotUsed>> in =
        Sink.<ByteString>foreach(fromClient::add).preMaterialize(system);
    clientWriteSide = in.first();
    Flow<ByteString, ByteString, NotUsed> server =
        Flow.fromSinkAndSource(in.second(), out.second());
    Flow<String, Frame, CompletionStage<WebSocketClient.Upgrade>> client =
        BidiFlow.fromGraph(new WebSocketClientStage("venue.test:9443", "/stream?x=1", settings))
            .join(server, Keep.left());
    Pair<
            Pair<BoundedSourceQueue<String>, CompletionStage<WebSocketClient.Upgrade>>,
            CompletionStage<Done>>
        running =
            Source.<String>queue(1000)
                .viaMat(client, Keep.both())
                .toMat(Sink.foreach(received::add), Keep.both())
                .run(system);
    send = running.first().first();
    upgrade = running.first().second();
    done = running.second();
  }

  /** Reads the client's handshake request and answers it as a valid server would. */
  String acceptHandshake() throws InterruptedException {
    String request = readRequest();
    writeRaw(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + WebSocketFrames.acceptFor(key(request))
            + "\r\n\r\n");
    return request;
  }

  String readRequest() throws InterruptedException {
    while (true) {
      String sofar = clientBytes.toString(StandardCharsets.ISO_8859_1);
      int end = sofar.indexOf("\r\n\r\n");
      if (end >= 0) {
        clientRead = end + 4;
        return sofar.substring(0, end + 4);
      }
      ByteString chunk = fromClient.poll(10, TimeUnit.SECONDS);
      assertNotNull(chunk, "no handshake request from the client");
      clientBytes.writeBytes(chunk.toArray());
    }
  }

  static String key(String request) {
    Matcher m = KEY.matcher(request);
    assertTrue(m.find(), "no Sec-WebSocket-Key in " + request);
    assertEquals(16, Base64.getDecoder().decode(m.group(1)).length, "the key is 16 bytes");
    return m.group(1);
  }

  void writeRaw(String text) {
    write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  void write(byte[] bytes) {
    toClient.offer(ByteString.fromArray(bytes));
  }

  /** Writes {@code bytes} in consecutive chunks of the given sizes (the rest in one). */
  void writeChunked(byte[] bytes, List<Integer> sizes) {
    int at = 0;
    for (int size : sizes) {
      if (at >= bytes.length) {
        break;
      }
      int n = Math.min(size, bytes.length - at);
      toClient.offer(ByteString.fromArray(bytes, at, n));
      at += n;
    }
    if (at < bytes.length) {
      toClient.offer(ByteString.fromArray(bytes, at, bytes.length - at));
    }
  }

  void closeConnection() {
    toClient.complete();
  }

  /** The next frame the client sent, or null when none comes within the wait. */
  ClientFrame nextClientFrame(long waitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    while (true) {
      ClientFrame frame = parseClientFrame();
      if (frame != null) {
        return frame;
      }
      long left = deadline - System.nanoTime();
      ByteString chunk = left > 0 ? fromClient.poll(left, TimeUnit.NANOSECONDS) : null;
      if (chunk == null) {
        return null;
      }
      clientBytes.writeBytes(chunk.toArray());
    }
  }

  private ClientFrame parseClientFrame() {
    byte[] b = clientBytes.toByteArray();
    int p = clientRead;
    if (b.length - p < 2) {
      return null;
    }
    int opcode = b[p] & 0x0F;
    boolean masked = (b[p + 1] & 0x80) != 0;
    long length = b[p + 1] & 0x7F;
    int at = p + 2;
    if (length == 126) {
      if (b.length - at < 2) {
        return null;
      }
      length = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
      at += 2;
    } else if (length == 127) {
      if (b.length - at < 8) {
        return null;
      }
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | (b[at + i] & 0xFF);
      }
      at += 8;
    }
    byte[] mask = new byte[4];
    if (masked) {
      if (b.length - at < 4) {
        return null;
      }
      System.arraycopy(b, at, mask, 0, 4);
      at += 4;
    }
    if (b.length - at < length) {
      return null;
    }
    byte[] payload = new byte[(int) length];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (b[at + i] ^ mask[i & 3]);
    }
    clientRead = at + payload.length;
    return new ClientFrame(opcode, masked, payload);
  }

  /** A server frame: never masked; {@code first} is the whole first byte (FIN, RSV, opcode). */
  static byte[] serverFrame(int first, byte[] payload) {
    return frame(first, payload, false);
  }

  static byte[] frame(int first, byte[] payload, boolean masked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(first);
    int maskBit = masked ? 0x80 : 0;
    int n = payload.length;
    if (n <= 125) {
      out.write(maskBit | n);
    } else if (n <= 0xFFFF) {
      out.write(maskBit | 126);
      out.write(n >>> 8);
      out.write(n & 0xFF);
    } else {
      out.write(maskBit | 127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) (((long) n >>> (8 * i)) & 0xFF));
      }
    }
    if (masked) {
      out.writeBytes(new byte[] {1, 2, 3, 4});
      byte[] m = payload.clone();
      for (int i = 0; i < m.length; i++) {
        m[i] ^= (byte) ((i & 3) + 1);
      }
      out.writeBytes(m);
    } else {
      out.writeBytes(payload);
    }
    return out.toByteArray();
  }

  static byte[] text(boolean fin, String text) {
    return serverFrame((fin ? 0x80 : 0) | 0x1, text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] close(int code, String reason) {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[2 + r.length];
    p[0] = (byte) (code >>> 8);
    p[1] = (byte) code;
    System.arraycopy(r, 0, p, 2, r.length);
    return serverFrame(0x88, p);
  }

  static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** Waits for {@code count} messages from the client's side. */
  List<Frame> take(int count) throws InterruptedException {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Frame f = received.poll(20, TimeUnit.SECONDS);
      assertNotNull(f, "message " + i + " of " + count + " did not arrive");
      frames.add(f);
    }
    return frames;
  }
}
