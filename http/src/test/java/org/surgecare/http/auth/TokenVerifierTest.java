package org.surgecare.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.surgecare.core.common.Role;

/** The token checks, against a key set of one RSA and one EC key made for the test and a fixed clock. */
class TokenVerifierTest {
  static final String ISSUER = "https://login.example.org/realms/health";
  static final String AUDIENCE = "surgecare-api";
  static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

  private static RSAKey rsa;
  private static ECKey ec;
  private static RSAKey stranger;
  private static TokenVerifier verifier;

  @BeforeAll
  static void keys() throws JOSEException {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
    verifier = new TokenVerifier(
        new ImmutableJWKSet<>(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))),
        ISSUER, AUDIENCE, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** The claims of a good access token: issued a minute ago, valid for an hour. */
  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("dr-rivera")
        .issueTime(Date.from(NOW.minusSeconds(60)))
        .notBeforeTime(Date.from(NOW.minusSeconds(60)))
        .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))))
        .claim("tenant", "demo")
        .claim("roles", List.of("provider"))
        .claim("name", "Dr. Ana Rivera");
  }

  static JWSHeader.Builder header(JWSAlgorithm alg, String kid) {
    return new JWSHeader.Builder(alg).type(TokenVerifier.ACCESS_TOKEN_TYPE).keyID(kid);
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  static String rs256(UnaryOperator<JWTClaimsSet.Builder> claims) {
    try {
      return sign(header(JWSAlgorithm.RS256, "rsa-1").build(), claims.apply(claims()).build(), new RSASSASigner(rsa));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void acceptsAnRs256AccessToken() {
    assertThat(verifier.verify(rs256(c -> c)))
        .contains(new Principal("dr-rivera", "demo", Set.of(Role.PROVIDER), "Dr. Ana Rivera", NOW.plus(Duration.ofHours(1))));
  }

  @Test
  void acceptsAnEs256AccessToken() throws JOSEException {
    String token = sign(header(JWSAlgorithm.ES256, "ec-1").build(), claims().build(), new ECDSASigner(ec));

    assertThat(verifier.verify(token)).map(Principal::subject).contains("dr-rivera");
  }

  @Test
  void acceptsTheFullMediaTypeOfAnAccessToken() throws JOSEException {
    JWSHeader header = header(JWSAlgorithm.RS256, "rsa-1").type(new JOSEObjectType("application/at+jwt")).build();

    assertThat(verifier.verify(sign(header, claims().build(), new RSASSASigner(rsa)))).isPresent();
  }

  @Test
  void toleratesClockSkewOfUpToAMinute() {
    assertThat(verifier.verify(rs256(c -> c.expirationTime(Date.from(NOW.minusSeconds(50)))))).isPresent();
    assertThat(verifier.verify(rs256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(50)))))).isPresent();
  }

  @Test
  void unknownRolesAreIgnoredAndANameDefaultsToTheSubject() {
    Principal p = verifier.verify(rs256(c -> c.claim("roles", List.of("provider", "wizard")).claim("name", null))).orElseThrow();

    assertThat(p.roles()).containsExactly(Role.PROVIDER);
    assertThat(p.name()).isEqualTo("dr-rivera");
  }

  static Stream<Arguments> refused() throws JOSEException {
    JWTClaimsSet good = claims().build();
    return Stream.of(
        Arguments.of("alg none", new PlainJWT(new PlainHeader.Builder().type(TokenVerifier.ACCESS_TOKEN_TYPE).build(), good).serialize()),
        Arguments.of("HS256 signed with the RSA public key",
            sign(header(JWSAlgorithm.HS256, "rsa-1").build(), good, new MACSigner(rsa.toPublicKey().getEncoded()))),
        Arguments.of("HS256 signed with the EC public key",
            sign(header(JWSAlgorithm.HS256, "ec-1").build(), good, new MACSigner(ec.toPublicKey().getEncoded()))),
        Arguments.of("RS512, outside the allowlist, with the right key",
            sign(header(JWSAlgorithm.RS512, "rsa-1").build(), good, new RSASSASigner(rsa))),
        Arguments.of("unknown kid", sign(header(JWSAlgorithm.RS256, "stranger").build(), good, new RSASSASigner(stranger))),
        Arguments.of("known kid, another key", sign(header(JWSAlgorithm.RS256, "rsa-1").build(), good, new RSASSASigner(stranger))),
        Arguments.of("no kid, another key", sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(TokenVerifier.ACCESS_TOKEN_TYPE).build(), good, new RSASSASigner(stranger))),
        Arguments.of("foreign iss", rs256(c -> c.issuer("https://evil.example.com"))),
        Arguments.of("no iss", rs256(c -> c.issuer(null))),
        Arguments.of("wrong aud", rs256(c -> c.audience("another-api"))),
        Arguments.of("no aud", rs256(c -> c.audience((String) null))),
        Arguments.of("expired", rs256(c -> c.expirationTime(Date.from(NOW.minusSeconds(61))))),
        Arguments.of("no exp", rs256(c -> c.expirationTime(null))),
        Arguments.of("not yet valid", rs256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(61))))),
        Arguments.of("issued in the future", rs256(c -> c.issueTime(Date.from(NOW.plusSeconds(120))))),
        Arguments.of("ID token used as access token",
            sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("rsa-1").build(),
                claims().claim("nonce", "n-0S6_WzA2Mj").claim("at_hash", "77QmUPtjPfzWtF2AnpK9RQ").build(), new RSASSASigner(rsa))),
        Arguments.of("ID token without typ", sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), good, new RSASSASigner(rsa))),
        Arguments.of("at+jwt carrying a nonce", rs256(c -> c.claim("nonce", "n-0S6_WzA2Mj"))),
        Arguments.of("at+jwt carrying at_hash", rs256(c -> c.claim("at_hash", "77QmUPtjPfzWtF2AnpK9RQ"))),
        Arguments.of("no tenant", rs256(c -> c.claim("tenant", null))),
        Arguments.of("tenant not a string", rs256(c -> c.claim("tenant", List.of("demo")))),
        Arguments.of("roles not a list of strings", rs256(c -> c.claim("roles", 42))),
        Arguments.of("no sub", rs256(c -> c.subject(null))),
        Arguments.of("tampered payload", tamper(rs256(c -> c))),
        Arguments.of("garbage", "not.a.token"),
        Arguments.of("empty", ""));
  }

  /** The token with its subject swapped in the payload, signature unchanged. */
  private static String tamper(String token) {
    String[] parts = token.split("\\.");
    String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
        .replace("dr-rivera", "ada-admin");
    return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refuses(String why, String token) {
    assertThat(verifier.verify(token)).as(why).isEmpty();
  }

  // ---- remembered checks

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    private Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** The test's key set, counting how often a check looked a key up (once per full check). */
  static final class CountedKeys implements JWKSource<SecurityContext> {
    private final ImmutableJWKSet<SecurityContext> keys =
        new ImmutableJWKSet<>(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())));
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
      lookups.incrementAndGet();
      return keys.get(selector, context);
    }
  }

  /** Key trust the test sets. */
  static final class SetTrust implements TokenVerifier.KeyTrust {
    volatile long generation = 1;
    volatile Instant until = Instant.MAX;

    @Override
    public long generation() {
      return generation;
    }

    @Override
    public Instant trustedUntil() {
      return until;
    }
  }

  @Test
  void aVerifiedTokenIsNotCheckedAgain() {
    CountedKeys keys = new CountedKeys();
    TokenVerifier remembering = new TokenVerifier(keys, ISSUER, AUDIENCE, Clock.fixed(NOW, ZoneOffset.UTC));
    String token = rs256(c -> c);

    for (int i = 0; i < 5; i++) {
      assertThat(remembering.verify(token)).map(Principal::subject).contains("dr-rivera");
    }

    assertThat(keys.lookups).hasValue(1);
  }

  @Test
  void aRememberedTokenEndsAtItsExpiryAndIsThenCheckedAsBefore() {
    CountedKeys keys = new CountedKeys();
    MovingClock clock = new MovingClock(NOW);
    TokenVerifier remembering = new TokenVerifier(keys, ISSUER, AUDIENCE, clock);
    Instant expiry = NOW.plus(Duration.ofMinutes(10));
    String token = rs256(c -> c.expirationTime(Date.from(expiry)));
    assertThat(remembering.verify(token)).isPresent();

    clock.set(expiry.minusSeconds(1));
    assertThat(remembering.verify(token)).isPresent();
    assertThat(keys.lookups).as("still remembered").hasValue(1);

    clock.set(expiry.plusSeconds(30));
    assertThat(remembering.verify(token)).as("within the clock skew a full check still accepts it").isPresent();
    assertThat(keys.lookups).as("checked again past its expiry").hasValue(2);

    clock.set(expiry.plusSeconds(61));
    assertThat(remembering.verify(token)).isEmpty();
  }

  @Test
  void aRefusedTokenIsNotRemembered() {
    CountedKeys keys = new CountedKeys();
    MovingClock clock = new MovingClock(NOW);
    TokenVerifier remembering = new TokenVerifier(keys, ISSUER, AUDIENCE, clock);
    String notYet = rs256(c -> c.notBeforeTime(Date.from(NOW.plus(Duration.ofMinutes(5)))));
    assertThat(remembering.verify(notYet)).isEmpty();
    assertThat(remembering.verify(notYet)).isEmpty();
    assertThat(keys.lookups).as("checked each time").hasValue(2);

    clock.set(NOW.plus(Duration.ofMinutes(5)));

    assertThat(remembering.verify(notYet)).isPresent();
  }

  @Test
  void aRememberedTokenIsNotAcceptedBeforeItsWindow() {
    MovingClock clock = new MovingClock(NOW);
    TokenVerifier remembering = new TokenVerifier(new CountedKeys(), ISSUER, AUDIENCE, clock);
    String token = rs256(c -> c.issueTime(Date.from(NOW)).notBeforeTime(Date.from(NOW)));
    assertThat(remembering.verify(token)).isPresent();

    clock.set(NOW.minusSeconds(120));

    assertThat(remembering.verify(token)).as("issued in the future, as a full check says").isEmpty();
  }

  @Test
  void theMemoryEndsWhenTheKeysAreNoLongerTrustedOrChange() {
    CountedKeys keys = new CountedKeys();
    MovingClock clock = new MovingClock(NOW);
    SetTrust trust = new SetTrust();
    trust.until = NOW.plus(Duration.ofMinutes(5));
    TokenVerifier remembering = new TokenVerifier(keys, trust, ISSUER, AUDIENCE, clock, 100);
    String token = rs256(c -> c);
    assertThat(remembering.verify(token)).isPresent();
    assertThat(remembering.verify(token)).isPresent();
    assertThat(keys.lookups).hasValue(1);

    clock.set(NOW.plus(Duration.ofMinutes(6)));
    trust.until = NOW.plus(Duration.ofMinutes(20));
    assertThat(remembering.verify(token)).isPresent();
    assertThat(keys.lookups).as("checked again once the keys it used may have gone").hasValue(2);

    trust.generation = 2;
    assertThat(remembering.verify(token)).isPresent();
    assertThat(keys.lookups).as("checked again with the new keys").hasValue(3);
    assertThat(remembering.verify(token)).isPresent();
    assertThat(keys.lookups).hasValue(3);
  }
}
