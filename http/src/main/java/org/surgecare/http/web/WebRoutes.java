package org.surgecare.http.web;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.surgecare.core.common.UsState;
import org.surgecare.http.api.Json;
import org.surgecare.http.api.Resources;

/**
 * The web pages, served by the node itself from {@code web/} on the classpath: plain HTML, CSS and JavaScript
 * modules, no build step. The demo login page (and the script that mints development tokens) exists only while
 * the development issuer is on; the other pages then offer it through a {@code demo-login} meta element.
 */
public final class WebRoutes extends AllDirectives {
  public static final String DEMO_LOGIN_MARKER = "<!--demo-login-->";
  public static final String DEMO_LOGIN_META = "<meta name=\"demo-login\" content=\"/login\">";

  /** Scripts that call POST /dev/token: absent, like the login page, without the development issuer. */
  public static final Set<String> DEMO_ONLY_ASSETS = Set.of("login.js");

  // Non-capturing (a group would be what the matcher extracts), json before js (the prefix of a segment matches).
  private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(?:json|js|css|svg)");

  // Pages carry no secrets and hold the token in sessionStorage only; the policy keeps every script, style and
  // connection on this origin ('self' covers the same-origin WebSocket) and forbids framing.
  private static final List<HttpHeader> PAGE_HEADERS = List.of(
      RawHeader.create("Cache-Control", "no-cache"),
      RawHeader.create("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self';"
              + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "no-referrer"));

  // File names carry no content hash (there is no build step), so browsers revalidate every time and get a
  // 304 while the file is unchanged: a new version of the node is never mixed with cached old modules.
  private static final List<HttpHeader> ASSET_HEADERS = List.of(
      RawHeader.create("Cache-Control", "no-cache"),
      RawHeader.create("X-Content-Type-Options", "nosniff"));

  private static final Map<String, ContentType> TYPES = Map.of(
      "html", MediaTypes.TEXT_HTML.toContentType(HttpCharsets.UTF_8),
      "js", MediaTypes.text("javascript", "js").toContentType(HttpCharsets.UTF_8),
      "css", MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8),
      "svg", ContentTypes.create(MediaTypes.IMAGE_SVG_XML),
      "json", ContentTypes.APPLICATION_JSON);

  /** A page: its main content is web/{name}.html and its script /assets/{name}.js. */
  private record Page(String name, String title, String home) {}

  private static final List<Page> PAGES = List.of(
      new Page("dashboard", "Caregiver dashboard", "/"),
      new Page("patient", "Virtual visit", "/patient"),
      new Page("operator", "Operator view", "/operator"),
      new Page("login", "Demo sign-in", "/login"));

  /** A file ready to send: its bytes, type and entity tag. */
  private record StaticFile(byte[] bytes, ContentType type, EntityTag etag) {
    static StaticFile of(String name, byte[] bytes) {
      return new StaticFile(bytes, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), WebRoutes.etag(bytes));
    }
  }

  private final boolean demoLogin;
  private final Map<String, StaticFile> pages;
  private final Map<String, StaticFile> assets = new ConcurrentHashMap<>();

  public WebRoutes(boolean demoLogin) {
    this.demoLogin = demoLogin;
    String shell = new String(Resources.required("web/shell.html"), StandardCharsets.UTF_8);
    this.pages = PAGES.stream().collect(Collectors.toUnmodifiableMap(
        Page::name, page -> StaticFile.of(page.name() + ".html", page(shell, page))));
    assets.put("states.json", StaticFile.of("states.json", states()));
  }

  public Route route() {
    return concat(
        pathSingleSlash(() -> get(() -> send(pages.get("dashboard"), PAGE_HEADERS))),
        path("patient", () -> get(() -> send(pages.get("patient"), PAGE_HEADERS))),
        path("operator", () -> get(() -> send(pages.get("operator"), PAGE_HEADERS))),
        path("login", () -> demoLogin ? get(() -> send(pages.get("login"), PAGE_HEADERS)) : reject()),
        path(segment("assets").slash(segment(ASSET)), name -> get(() -> asset(name))));
  }

  private Route asset(String name) {
    if (!demoLogin && DEMO_ONLY_ASSETS.contains(name)) {
      return reject();
    }
    Optional<StaticFile> file = Optional.ofNullable(assets.get(name))
        .or(() -> Resources.read("web/assets/" + name).map(bytes -> StaticFile.of(name, bytes)));
    // Only files that exist are kept, so requests for made-up names cannot grow the map.
    file.ifPresent(found -> assets.putIfAbsent(name, found));
    return file.map(found -> send(found, ASSET_HEADERS)).orElseGet(this::reject);
  }

  private Route send(StaticFile file, List<HttpHeader> headers) {
    return respondWithHeaders(headers, () -> conditional(file.etag(), () -> complete(
        HttpResponse.create().withEntity(HttpEntities.create(file.type(), file.bytes())))));
  }

  /** A page in the shell every page shares, offering the demo login when the development issuer is on. */
  private byte[] page(String shell, Page page) {
    String main = new String(Resources.required("web/" + page.name() + ".html"), StandardCharsets.UTF_8);
    return shell
        .replace("{{title}}", page.title())
        .replace("{{script}}", page.name())
        .replace("{{home}}", page.home())
        .replace(DEMO_LOGIN_MARKER, demoLogin ? DEMO_LOGIN_META : "")
        .replace("{{main}}", main)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The state codes and names the pages offer, from the one list the API validates against. */
  private static byte[] states() {
    return Json.bytes(Stream.of(UsState.values()).map(s -> new StateView(s.name(), s.displayName())).toList());
  }

  private record StateView(String code, String name) {}

  private static EntityTag etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return EntityTag.create(HexFormat.of().formatHex(digest, 0, 12), false);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
