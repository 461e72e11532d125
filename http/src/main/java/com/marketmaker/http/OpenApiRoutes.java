package com.marketmaker.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.0 document of the node's whole API (every path and
 * method, the role each needs as {@code x-required-role}, bodies, answers and errors), read once
 * from the classpath resource {@value #RESOURCE}. Like every read it needs a token with the viewer
 * role.
 */
public final class OpenApiRoutes extends AllDirectives {

  /** The classpath resource holding the document. */
  public static final String RESOURCE = "openapi.json";

  /** The document's bytes, loaded when the class is first used. */
  private static final class Document {
    static final byte[] BYTES = load();
  }

  /** The document as served: UTF-8 JSON. */
  public static byte[] document() {
    return Document.BYTES.clone();
  }

  public Route routes() {
    return path(
        "openapi.json",
        () ->
            get(
                () ->
                    complete(
                        HttpResponse.create()
                            .withEntity(ContentTypes.APPLICATION_JSON, Document.BYTES))));
  }

  private static byte[] load() {
    try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the API document " + RESOURCE + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the API document " + RESOURCE, e);
    }
  }
}
