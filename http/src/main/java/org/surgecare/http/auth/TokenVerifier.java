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
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.surgecare.core.common.Role;

/**
 * Verifies OIDC access tokens: signature by a key from the issuer's key set (RS256 or ES256 only, so "none" and
 * HMAC tokens fail), token type {@code at+jwt} (RFC 9068) and none of the claims only ID tokens carry (an ID
 * token is not an access token), issuer, audience, expiry, not-before and issue time with at most a minute of
 * clock skew, and the tenant and role claims this API needs. The development issuer's tokens go through the
 * same checks.
 *
 * <p>A token that passed is remembered by its SHA-256 ({@link VerifiedTokens}), so a patient polling with the
 * same token is not checked again on each request. The remembered answer never outlives what a new check would
 * accept: it ends at the token's {@code exp} (before the clock skew a new check tolerates), and with a fetched
 * key set it ends when the node fetches a key set that differs in any way (a key removed or added) and at the
 * latest {@link #KEYS_TIME_TO_LIVE} after the fetch it was checked against, which is when the key cache would
 * fetch again anyway. A revoked key therefore stops working when it would without the cache. Refused tokens
 * are not remembered.
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
  /** How many verified tokens are remembered; roughly one per caller active within a token's lifetime. */
  static final int REMEMBERED_TOKENS = 50_000;

  private static final Logger log = LoggerFactory.getLogger("org.surgecare.access");

  private final ConfigurableJWTProcessor<SecurityContext> processor;
  private final Clock clock;
  private final KeyTrust trust;
  private final VerifiedTokens verified;

  /** A verifier of tokens signed with keys that never change (the development issuer, tests). */
  public TokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, Clock clock) {
    this(keys, KeyTrust.FIXED, issuer, audience, clock, REMEMBERED_TOKENS);
  }

  TokenVerifier(JWKSource<SecurityContext> keys, KeyTrust trust, String issuer, String audience, Clock clock, int remembered) {
    this.clock = clock;
    this.trust = trust;
    this.verified = new VerifiedTokens(remembered);
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
    FetchedKeys fetched = new FetchedKeys(new DefaultResourceRetriever(
        JWKSourceBuilder.DEFAULT_HTTP_CONNECT_TIMEOUT, JWKSourceBuilder.DEFAULT_HTTP_READ_TIMEOUT,
        JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT), clock);
    JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl, fetched)
        .cache(KEYS_TIME_TO_LIVE.toMillis(), Duration.ofSeconds(15).toMillis())
        // The due refetch runs in the background before the keys expire, not on a request or socket thread.
        .refreshAheadCache(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, true)
        .rateLimited(KEYS_REFETCH_INTERVAL.toMillis())
        .retrying(true)
        .build();
    TokenVerifier verifier = new TokenVerifier(keys, fetched, issuer, audience, clock, REMEMBERED_TOKENS);
    fetched.onChange(verifier.verified::clear);
    return verifier;
  }

  /** The caller, or empty for any token that does not verify. */
  public Optional<Principal> verify(String token) {
    Instant now = clock.instant();
    // Read before checking, so that a key set fetched meanwhile makes this answer one not to remember.
    long keys = trust.generation();
    Optional<Principal> remembered = verified.get(token, now, keys);
    if (remembered.isPresent()) {
      return remembered;
    }
    try {
      JWTClaimsSet claims = processor.process(token, null);
      Set<Role> roles = EnumSet.noneOf(Role.class);
      List<String> listed = claims.getStringListClaim("roles");
      if (listed != null) {
        listed.forEach(r -> Role.parse(r).ifPresent(roles::add));
      }
      String name = claims.getStringClaim("name");
      Principal principal = new Principal(
          claims.getSubject(), claims.getStringClaim("tenant"), roles, name == null ? claims.getSubject() : name,
          claims.getExpirationTime().toInstant());
      // The window in which a new check would pass too, without the skew past expiry: from the latest of
      // not-before and issue time (less the skew), until the expiry or the end of trust in the keys.
      Instant validFrom = claims.getIssueTime().toInstant().minus(MAX_CLOCK_SKEW);
      if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().minus(MAX_CLOCK_SKEW).isAfter(validFrom)) {
        validFrom = claims.getNotBeforeTime().toInstant().minus(MAX_CLOCK_SKEW);
      }
      Instant keysUntil = trust.trustedUntil();
      Instant validUntil = principal.expiresAt().isBefore(keysUntil) ? principal.expiresAt() : keysUntil;
      verified.put(token, principal, now, validFrom, validUntil, keys);
      return Optional.of(principal);
    } catch (Exception invalid) {
      // The reason only, without control characters: it may quote the token, which anyone can write.
      log.info("token refused: {}", String.valueOf(invalid.getMessage()).replaceAll("\\p{Cntrl}", "?"));
      return Optional.empty();
    }
  }

  /** How long a check against the issuer's current keys may be reused. */
  interface KeyTrust {
    /** Keys that never change: a check holds until the token expires. */
    KeyTrust FIXED = new KeyTrust() {
      @Override
      public long generation() {
        return 0;
      }

      @Override
      public Instant trustedUntil() {
        return Instant.MAX;
      }
    };

    /** Changes whenever the key set changes. */
    long generation();

    /** When the key set in use will be fetched again at the latest. */
    Instant trustedUntil();
  }

  /**
   * Fetches the issuer's key set and notes when it did and whether it changed, so remembered checks end when
   * the keys they used may have gone. A fetch counts only once it succeeded, from when it started.
   */
  static final class FetchedKeys implements ResourceRetriever, KeyTrust {
    private final ResourceRetriever retriever;
    private final Clock clock;
    private Runnable onChange = () -> {};
    private String content;
    private volatile long generation;
    private volatile Instant lastFetch = Instant.MIN;

    FetchedKeys(ResourceRetriever retriever, Clock clock) {
      this.retriever = retriever;
      this.clock = clock;
    }

    void onChange(Runnable action) {
      this.onChange = action;
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
      Instant started = clock.instant();
      Resource fetched = retriever.retrieveResource(url);
      synchronized (this) {
        if (!fetched.getContent().equals(content)) {
          content = fetched.getContent();
          generation++;
          onChange.run();
        }
        if (started.isAfter(lastFetch)) {
          lastFetch = started;
        }
      }
      return fetched;
    }

    @Override
    public long generation() {
      return generation;
    }

    @Override
    public Instant trustedUntil() {
      Instant fetched = lastFetch;
      return fetched.equals(Instant.MIN) ? Instant.MIN : fetched.plus(KEYS_TIME_TO_LIVE);
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
