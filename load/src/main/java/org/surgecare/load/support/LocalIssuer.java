package org.surgecare.load.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A token issuer for benchmarks, standing in for the health system's OIDC provider. A node started with
 * {@code SURGECARE_OIDC_ISSUER=urn:surgecare:load}, {@code SURGECARE_OIDC_AUDIENCE=surgecare-api} and
 * {@code SURGECARE_OIDC_JWKS_URL} pointing at {@code serve} accepts the tokens the load generator signs itself,
 * so the node spends no CPU minting tokens as the development issuer would. RS256 by default, as most identity
 * providers sign: cheap to verify (about 0.1 ms on this JDK), dear to sign (about 2 ms, paid by the load
 * generator, before the run where it can). ES256 is the other algorithm the node accepts: cheap to sign, but its
 * verification costs the node about 2 ms per request on JDK 17.
 *
 * <pre>
 * java ... LocalIssuer keys DIR [RS256|ES256]   writes DIR/issuer-key.json (private) and DIR/jwks.json
 * java ... LocalIssuer serve DIR PORT SECONDS   serves DIR/jwks.json on 127.0.0.1:PORT, exits after SECONDS
 * </pre>
 */
public final class LocalIssuer {
  public static final String ISSUER = "urn:surgecare:load";
  public static final String AUDIENCE = "surgecare-api";
  public static final Duration LIFETIME = Duration.ofHours(8);

  private final JWK key;
  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;

  public LocalIssuer(JWK key) {
    this.key = key;
    try {
      if (key instanceof RSAKey rsa) {
        this.algorithm = JWSAlgorithm.RS256;
        this.signer = new RSASSASigner(rsa);
      } else if (key instanceof ECKey ec) {
        this.algorithm = JWSAlgorithm.ES256;
        this.signer = new ECDSASigner(ec);
      } else {
        throw new IllegalArgumentException("an RSA or EC private key is needed, not " + key.getKeyType());
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("not a signing key", e);
    }
  }

  public static LocalIssuer fromFile(Path keyFile) {
    try {
      return new LocalIssuer(JWK.parse(Files.readString(keyFile)));
    } catch (IOException | ParseException e) {
      throw new IllegalArgumentException("cannot read the issuer key " + keyFile, e);
    }
  }

  /** An access token with one role, in the claims layout the node's verifier checks. */
  public String mint(String subject, String role, String tenant, String name) {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now.minusSeconds(5)))
        .expirationTime(Date.from(now.plus(LIFETIME)))
        .jwtID(UUID.randomUUID().toString())
        .claim("tenant", tenant)
        .claim("roles", List.of(role))
        .claim("name", name)
        .build();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID()).build(),
        claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("keys")) {
      Path dir = Files.createDirectories(Path.of(args[1]));
      String kid = "load-" + UUID.randomUUID();
      JWK key = args.length > 2 && args[2].equalsIgnoreCase("ES256")
          ? new ECKeyGenerator(Curve.P_256).keyID(kid).generate()
          : new RSAKeyGenerator(2048).keyID(kid).generate();
      Files.writeString(dir.resolve("issuer-key.json"), key.toJSONString());
      Files.writeString(dir.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
      System.out.println("wrote " + dir.resolve("issuer-key.json") + " and " + dir.resolve("jwks.json"));
    } else if (args.length >= 4 && args[0].equals("serve")) {
      byte[] jwks = Files.readString(Path.of(args[1]).resolve("jwks.json")).getBytes(StandardCharsets.UTF_8);
      int port = Integer.parseInt(args[2]);
      long seconds = Long.parseLong(args[3]);
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
      server.createContext("/jwks.json", exchange -> {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, jwks.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(jwks);
        }
      });
      server.start();
      System.out.println("serving http://127.0.0.1:" + port + "/jwks.json for " + seconds + " s");
      Thread.sleep(seconds * 1000);
      server.stop(0);
    } else {
      System.err.println("usage: LocalIssuer keys DIR [RS256|ES256] | serve DIR PORT SECONDS");
      System.exit(2);
    }
  }
}
