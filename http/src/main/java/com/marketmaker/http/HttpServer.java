package com.marketmaker.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * Binds the API and unbinds it gracefully when the node shuts down. The server's limits are those
 * of {@code pekko.http.server} (URI, header and body sizes); a request it refuses before routing is
 * answered with the API's JSON error ({@link JsonParsingErrorHandler}); the connection's address is
 * kept for the audit log; no {@code Server} header names the software.
 */
public final class HttpServer {

  private HttpServer() {}

  /** The server settings of {@code system} with the API's error handling. */
  public static ServerSettings settings(ActorSystem<?> system) {
    return ServerSettings.create(system.classicSystem())
        .withParsingErrorHandler(JsonParsingErrorHandler.class.getName())
        .withRemoteAddressAttribute(true)
        .withServerHeader(Optional.empty());
  }

  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system, Route route, String host, int port) {
    return Http.get(system)
        .newServerAt(host, port)
        .withSettings(settings(system))
        .bind(route)
        .thenApply(
            binding -> {
              binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
              system
                  .log()
                  .info(
                      "Operator API listening on http://{}:{}",
                      host,
                      binding.localAddress().getPort());
              return binding;
            });
  }
}
