package com.marketmaker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's one error shape, {@code {"error": "..."}}, for every refusal: the routes' own, the
 * rejections of the routing layer (unknown path, method not allowed, unsupported media type, body
 * too large), exceptions, and the server's parsing errors ({@link JsonParsingErrorHandler}).
 */
public final class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Pattern SIZE_LIMIT = Pattern.compile("size limit \\((\\d+) bytes\\)");

  /** Longest error message sent; longer ones (e.g. echoing input) are cut. */
  static final int MAX_MESSAGE = 500;

  private ApiErrors() {}

  /** {@code {"error": message}} as bytes. */
  public static byte[] json(String message) {
    try {
      String oneLine = message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
      return JSON.writeValueAsBytes(Map.of("error", Texts.clean(oneLine, MAX_MESSAGE)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JSON error response. */
  public static HttpResponse response(StatusCode status, String message) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, json(message));
  }

  /**
   * Pekko's default rejection handling (404 for an unknown path, 405 with the allowed methods, 415,
   * 413, 400 for a malformed query...) with each answer's text turned into a JSON error.
   *
   * @param onStatus told the status of every rejection answered (for counting)
   */
  public static RejectionHandler rejections(IntConsumer onStatus) {
    return RejectionHandler.defaultHandler()
        .mapRejectionResponse(
            response -> {
              onStatus.accept(response.status().intValue());
              String text =
                  response.entity() instanceof HttpEntity.Strict strict
                      ? strict.getData().utf8String()
                      : response.status().reason();
              if (text.startsWith("{\"error\"")) {
                return response;
              }
              if (response.status().intValue() == 413) {
                Matcher limit = SIZE_LIMIT.matcher(text);
                text =
                    "request body is larger than the limit"
                        + (limit.find() ? " of " + limit.group(1) + " bytes" : "");
              }
              return response.withEntity(ContentTypes.APPLICATION_JSON, json(text));
            });
  }

  /** Rejections as JSON, uncounted. */
  public static RejectionHandler rejections() {
    return rejections(status -> {});
  }

  /**
   * Refused input as 400, a body over the size limit as 413, a malformed request as its status;
   * anything else as 500 without its message (which may hold internals), logged here instead.
   */
  public static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(BadRequest.class, e -> completeWith(StatusCodes.BAD_REQUEST, e.getMessage()))
        .match(
            EntityStreamSizeException.class,
            e ->
                completeWith(
                    StatusCodes.PAYLOAD_TOO_LARGE,
                    "request body is larger than the limit of " + e.limit() + " bytes"))
        .match(IllegalRequestException.class, e -> completeWith(e.status(), e.info().summary()))
        .match(
            Throwable.class,
            e -> {
              log.error("API request failed", e);
              return completeWith(
                  StatusCodes.INTERNAL_SERVER_ERROR, "internal error; see the node's log");
            })
        .build();
  }

  private static Route completeWith(StatusCode status, String message) {
    return Directives.complete(response(status, message));
  }
}
