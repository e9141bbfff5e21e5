package org.surgecare.http.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * An RFC 9457 problem detail. {@code type} is a stable relative URI per kind of error ({@code /problems/closed},
 * {@code /problems/validation}, ...) that clients match on; the OpenAPI document lists them all. A problem that
 * denies access carries the real reason in {@code denial}: it goes to the access log, never to the client.
 */
public record Problem(
    String slug, String title, int status, String detail, Map<String, Object> extensions, List<HttpHeader> headers,
    Optional<String> denial) {

  /** Marks a response that denied access, with the reason to log. */
  public static final AttributeKey<String> DENIAL = AttributeKey.create("surgecare-denial", String.class);

  public static final ContentType PROBLEM_JSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json", org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8));

  /** A field that failed validation and why. */
  public record FieldError(String field, String message) {}

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(slug, title, status, detail, Map.of(), List.of(), Optional.empty());
  }

  public static Problem validation(List<FieldError> errors) {
    String detail = errors.size() == 1
        ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " fields are invalid";
    return of(400, "validation", "The request is not valid", detail).with("errors", errors);
  }

  public Problem with(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(key, value);
    return new Problem(slug, title, status, detail, more, headers, denial);
  }

  public Problem withHeader(HttpHeader header) {
    List<HttpHeader> more = new java.util.ArrayList<>(headers);
    more.add(header);
    return new Problem(slug, title, status, detail, extensions, more, denial);
  }

  /** The same problem as a denial of access, for the reason given (logged, not sent). */
  public Problem deniedBecause(String reason) {
    return new Problem(slug, title, status, detail, extensions, headers, Optional.of(reason));
  }

  public String type() {
    return "/problems/" + slug;
  }

  public HttpResponse toResponse() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type());
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.putAll(extensions);
    HttpResponse response = HttpResponse.create()
        .withStatus(StatusCodes.get(status))
        .addHeaders(headers)
        .withEntity(HttpEntities.create(PROBLEM_JSON, Json.bytes(body)));
    return denial.map(reason -> response.addAttribute(DENIAL, reason)).orElse(response);
  }
}
