package org.surgecare.http.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.surgecare.core.Role;

/**
 * Verifies OIDC access tokens: signature by a key from the issuer's key set (RS256 or ES256 only, so "none" and
 * HMAC tokens fail), token type {@code at+jwt} (RFC 9068) and none of the claims only ID tokens carry (an ID
 * token is not an access token), issuer, audience, expiry, not-before and issue time with at most a minute of
 * clock skew, and the tenant and role claims this API needs. The development issuer's tokens go through the
 * same checks.
 */
public final class TokenVerifier {
  public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");
  public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);
  /** Claims of ID tokens (OIDC Core) that have no place in an access token. */
  static final Set<String> ID_TOKEN_CLAIMS = Set.of("nonce", "at_hash", "c_hash", "s_hash");
  /** How long fetched keys are trusted before they are fetched again, and how rarely an unknown key id may refetch. */
  static final Duration KEYS_TIME_TO_LIVE = Duration.ofMinutes(15);
  static final Duration KEYS_REFETCH_INTERVAL = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger("org.surgecare.access");

  private final ConfigurableJWTProcessor<SecurityContext> processor;

  public TokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, Clock clock) {
    processor = new DefaultJWTProcessor<>();
    // RFC 9068 names the type "at+jwt"; some issuers write the full media type.
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TOKEN_TYPE, new JOSEObjectType("application/at+jwt")));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    processor.setJWTClaimsSetVerifier(new ClaimsVerifier(issuer, audience, clock));
  }

  /**
   * A production issuer's verifier. Its keys come from the JWKS URL and are cached; a token signed with a key id
   * the cache does not hold fetches the set again (the issuer rotated its keys), at most every 30 seconds so that
   * tokens with made-up key ids cannot hammer the issuer.
   */
  public static TokenVerifier forIssuer(URL jwksUrl, String issuer, String audience, Clock clock) {
    JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl)
        .cache(KEYS_TIME_TO_LIVE.toMillis(), Duration.ofSeconds(15).toMillis())
        .rateLimited(KEYS_REFETCH_INTERVAL.toMillis())
        .retrying(true)
        .build();
    return new TokenVerifier(keys, issuer, audience, clock);
  }

  /** The caller, or empty for any token that does not verify. */
  public Optional<Principal> verify(String token) {
    try {
      JWTClaimsSet claims = processor.process(token, null);
      Set<Role> roles = EnumSet.noneOf(Role.class);
      List<String> listed = claims.getStringListClaim("roles");
      if (listed != null) {
        listed.forEach(r -> Role.parse(r).ifPresent(roles::add));
      }
      String name = claims.getStringClaim("name");
      return Optional.of(new Principal(
          claims.getSubject(), claims.getStringClaim("tenant"), roles, name == null ? claims.getSubject() : name,
          claims.getExpirationTime().toInstant()));
    } catch (Exception invalid) {
      // The reason only, without control characters: it may quote the token, which anyone can write.
      log.info("token refused: {}", String.valueOf(invalid.getMessage()).replaceAll("\\p{Cntrl}", "?"));
      return Optional.empty();
    }
  }

  /** Issuer, audience and times against the node's clock; ID-token claims refused. */
  private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Clock clock;

    ClaimsVerifier(String issuer, String audience, Clock clock) {
      // Mutable sets: the library asks them whether they hold null, which Set.of answers by throwing.
      super(new HashSet<>(Set.of(audience)), new JWTClaimsSet.Builder().issuer(issuer).build(),
          new HashSet<>(Set.of("sub", "exp", "iat", "tenant")), new HashSet<>(ID_TOKEN_CLAIMS));
      this.clock = clock;
      setMaxClockSkew((int) MAX_CLOCK_SKEW.toSeconds());
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
      super.verify(claims, context);
      if (claims.getIssueTime().toInstant().isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
        throw new BadJWTException("JWT issued in the future");
      }
    }
  }
}
