package com.marketmaker.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests the server refuses before routing (URI or header too long, too many headers,
 * illegal characters, malformed request line) with the API's JSON error. Only the summary of the
 * problem is sent and logged, never the offending value.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {

  public JsonParsingErrorHandler() {}

  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    String summary = Texts.clean(info.summary(), 200);
    log.warning("Refused a malformed request with {}: {}", status.intValue(), summary);
    // A client's mistake is a 4xx: an unknown method (HTTP's 501) is a method this API does not
    // allow, a request line without HTTP/1.0 or 1.1 (HTTP's 505) a malformed request.
    org.apache.pekko.http.javadsl.model.StatusCode answered = status;
    if (status.intValue() == 501) {
      answered = StatusCodes.METHOD_NOT_ALLOWED;
    } else if (status.intValue() == 505) {
      answered = StatusCodes.BAD_REQUEST;
    }
    return ApiErrors.response(answered, summary);
  }
}
