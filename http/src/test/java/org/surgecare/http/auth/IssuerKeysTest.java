package org.surgecare.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A production issuer's keys: fetched from its JWKS URL, cached, and fetched again when it rotates its keys. */
class IssuerKeysTest {
  private final List<JWK> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private HttpServer issuer;
  private TokenVerifier verifier;

  @BeforeEach
  void startIssuer() throws IOException {
    issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    issuer.createContext("/jwks", exchange -> {
      fetches.incrementAndGet();
      byte[] body = new JWKSet(published).toString(true).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    issuer.start();
    URI jwks = URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/jwks");
    verifier = TokenVerifier.forIssuer(jwks.toURL(), TokenVerifierTest.ISSUER, TokenVerifierTest.AUDIENCE,
        Clock.fixed(TokenVerifierTest.NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stopIssuer() {
    issuer.stop(0);
  }

  private static RSAKey key(String kid) throws JOSEException {
    return new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  /** A new key of the issuer, published in its key set from now on. */
  private RSAKey publish(String kid) throws JOSEException {
    RSAKey key = key(kid);
    published.add(key.toPublicJWK());
    return key;
  }

  private static String token(RSAKey key) throws JOSEException {
    return TokenVerifierTest.sign(
        TokenVerifierTest.header(JWSAlgorithm.RS256, key.getKeyID()).build(), TokenVerifierTest.claims().build(), new RSASSASigner(key));
  }

  @Test
  void keysAreFetchedOnceAndCached() throws JOSEException {
    RSAKey current = publish("2026-11");

    for (int i = 0; i < 5; i++) {
      assertThat(verifier.verify(token(current))).isPresent();
    }

    assertThat(fetches).hasValue(1);
  }

  @Test
  void aTokenSignedWithARotatedInKeyFetchesTheKeysAgain() throws JOSEException {
    RSAKey old = publish("2026-11");
    assertThat(verifier.verify(token(old))).isPresent();

    RSAKey rotated = publish("2026-12");

    assertThat(verifier.verify(token(rotated))).isPresent();
    assertThat(fetches).hasValue(2);
  }

  @Test
  void madeUpKeyIdsAreRefusedWithoutHammeringTheIssuer() throws JOSEException {
    RSAKey current = publish("2026-11");
    assertThat(verifier.verify(token(current))).isPresent();

    RSAKey forger = key("forged");
    for (int i = 0; i < 20; i++) {
      assertThat(verifier.verify(token(new RSAKey.Builder(forger).keyID("forged-" + i).build()))).isEmpty();
    }

    // At most one more fetch within the refetch interval, however many unknown key ids arrive.
    assertThat(fetches.get()).isLessThanOrEqualTo(2);
    assertThat(verifier.verify(token(current))).isPresent();
  }

  @Test
  void aTokenOfAWithdrawnKeyIsRefusedOnceTheNewKeySetIsFetchedThoughItWasVerifiedBefore() throws JOSEException {
    RSAKey withdrawn = publish("2026-10");
    String old = token(withdrawn);
    assertThat(verifier.verify(old)).isPresent();
    assertThat(verifier.verify(old)).isPresent();

    published.clear();
    RSAKey current = publish("2026-11");
    assertThat(verifier.verify(token(current))).isPresent();
    assertThat(fetches).hasValue(2);

    assertThat(verifier.verify(old)).as("the key set changed: nothing verified with the old one is reused").isEmpty();
  }

  @Test
  void fetchedKeysAreTrustedForTheirTimeToLiveFromASuccessfulFetch() throws Exception {
    publish("2026-11");
    Instant now = TokenVerifierTest.NOW;
    TokenVerifier.FetchedKeys keys = new TokenVerifier.FetchedKeys(new DefaultResourceRetriever(), Clock.fixed(now, ZoneOffset.UTC));
    URL url = URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/jwks").toURL();
    assertThat(keys.trustedUntil()).as("nothing fetched, nothing trusted").isEqualTo(Instant.MIN);

    keys.retrieveResource(url);
    assertThat(keys.trustedUntil()).isEqualTo(now.plus(TokenVerifier.KEYS_TIME_TO_LIVE));
    long generation = keys.generation();
    keys.retrieveResource(url);
    assertThat(keys.generation()).as("the same key set").isEqualTo(generation);
    publish("2026-12");
    keys.retrieveResource(url);
    assertThat(keys.generation()).as("another key set").isGreaterThan(generation);

    issuer.stop(0);
    assertThatThrownBy(() -> keys.retrieveResource(url)).isInstanceOf(IOException.class);
    assertThat(keys.trustedUntil()).as("a failed fetch extends nothing").isEqualTo(now.plus(TokenVerifier.KEYS_TIME_TO_LIVE));
  }
}
