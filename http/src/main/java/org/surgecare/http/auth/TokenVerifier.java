package org.surgecare.http.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.surgecare.core.Role;

/**
 * Verifies OIDC access tokens: signature by a key from the issuer's key set (RS256 or ES256 only, so "none" and
 * HMAC tokens fail), token type {@code at+jwt} (an ID token is not an access token), issuer, audience, expiry
 * and not-before with the library's small clock skew, and the tenant and role claims this API needs.
 */
public final class TokenVerifier {
  public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  private final ConfigurableJWTProcessor<SecurityContext> processor;

  public TokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience) {
    processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TOKEN_TYPE));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
        audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(),
        Set.of("sub", "exp", "iat", "tenant")));
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
      return Optional.empty();
    }
  }
}
