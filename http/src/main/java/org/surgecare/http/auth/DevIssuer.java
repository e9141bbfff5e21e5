package org.surgecare.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.surgecare.core.common.Role;

/**
 * The development issuer of the embedded demo run: signs access tokens for demo personas with a key made at
 * start. Its tokens go through the same {@link TokenVerifier} as a production issuer's.
 */
public final class DevIssuer {
  public static final String ISSUER = "urn:surgecare:dev-issuer";
  public static final String AUDIENCE = "surgecare-api";
  public static final Duration LIFETIME = Duration.ofHours(8);

  private final RSAKey key;
  private final Clock clock;

  public DevIssuer(Clock clock) {
    this.clock = clock;
    try {
      this.key = new RSAKeyGenerator(2048).keyID("dev-" + UUID.randomUUID()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make the development signing key", e);
    }
  }

  public JWKSource<SecurityContext> keys() {
    return new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
  }

  public TokenVerifier verifier() {
    return new TokenVerifier(keys(), ISSUER, AUDIENCE, clock);
  }

  public String mint(String subject, Role role, String tenant, String name) {
    return mint(subject, role, tenant, name, LIFETIME);
  }

  public String mint(String subject, Role role, String tenant, String name, Duration lifetime) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .jwtID(UUID.randomUUID().toString())
        .claim("tenant", tenant)
        .claim("roles", List.of(role.slug()))
        .claim("name", name)
        .build();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.RS256).type(TokenVerifier.ACCESS_TOKEN_TYPE).keyID(key.getKeyID()).build(),
        claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a development token", e);
    }
    return jwt.serialize();
  }
}
