package org.surgecare.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Every documented operation, called by every kind of caller against the real server: anonymous, then each role
 * with the object in the path its own and someone else's, with a token of the path's tenant and of another tenant.
 * The table below is the expected status of each call; the operations must be exactly those of the OpenAPI
 * document, so a new endpoint fails this test until its rows are added.
 */
class AuthorizationMatrixIT extends OneNodeTest {

  /**
   * Columns: anonymous | patient own other | provider own other | support own other | admin own other | operator own
   * other. "own" is the caller's own object where that means something (their visit, the visit assigned to them,
   * their caregiver profile, their provider id); otherwise own and other are two objects alike. Row "same" calls
   * with a token of the path's tenant, "other" with a token of another tenant.
   */
  static final String TABLE = """
      GET /health/alive
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      GET /health/ready
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      GET /api/openapi.yaml
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      POST /dev/token
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      GET /api/v1/tenants/{tenant}/queues/{state}/availability
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      GET /api/v1/tenants/{tenant}/queues/{state}
        same   401 | 403 403 | 200 200 | 200 200 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      PUT /api/v1/tenants/{tenant}/queues/{state}/busy
        same   401 | 403 403 | 403 403 | 200 200 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      PUT /api/v1/tenants/{tenant}/queues/{state}/settings
        same   401 | 403 403 | 403 403 | 403 403 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/queues/{state}/open
        same   401 | 403 403 | 403 403 | 200 200 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/queues/{state}/close
        same   401 | 403 403 | 403 403 | 200 200 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/queues/{state}/resume-schedule
        same   401 | 403 403 | 403 403 | 200 200 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/visits
        same   401 | 201 201 | 403 403 | 403 403 | 403 403 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      GET /api/v1/tenants/{tenant}/visits/{visitId}
        same   401 | 200 404 | 200 200 | 200 200 | 200 200 | 404 404
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/visits/{visitId}/cancel
        same   401 | 200 404 | 403 403 | 200 200 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/visits/{visitId}/start
        same   401 | 403 403 | 200 403 | 403 403 | 403 403 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/visits/{visitId}/complete
        same   401 | 403 403 | 200 403 | 403 403 | 403 403 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/visits/{visitId}/no-show
        same   401 | 403 403 | 200 403 | 403 403 | 403 403 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/visits/{visitId}/unassign
        same   401 | 403 403 | 200 403 | 403 403 | 403 403 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/visits/{visitId}/transfer
        same   401 | 403 403 | 403 403 | 200 200 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      GET /api/v1/tenants/{tenant}/visits/{visitId}/messages
        same   401 | 200 404 | 200 200 | 200 200 | 200 200 | 404 404
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/visits/{visitId}/messages
        same   401 | 201 404 | 201 201 | 201 201 | 201 201 | 404 404
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/visits/{visitId}/messages/read
        same   401 | 403 403 | 200 200 | 200 200 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/providers/{providerId}/next
        same   401 | 403 403 | 204 403 | 403 403 | 403 403 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      GET /api/v1/tenants/{tenant}/caregivers
        same   401 | 403 403 | 403 403 | 403 403 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/caregivers
        same   401 | 403 403 | 403 403 | 403 403 | 201 201 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      GET /api/v1/tenants/{tenant}/caregivers/{caregiverId}
        same   401 | 403 403 | 200 403 | 200 403 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      PUT /api/v1/tenants/{tenant}/caregivers/{caregiverId}/profile
        same   401 | 403 403 | 200 403 | 200 403 | 200 403 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/caregivers/{caregiverId}/licenses
        same   401 | 403 403 | 200 403 | 200 403 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      POST /api/v1/tenants/{tenant}/caregivers/{caregiverId}/licenses/{state}/verify
        same   401 | 403 403 | 403 403 | 403 403 | 403 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      PUT /api/v1/tenants/{tenant}/caregivers/{caregiverId}/availability
        same   401 | 403 403 | 200 403 | 200 403 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      GET /api/v1/tenants/{tenant}/audit
        same   401 | 403 403 | 403 403 | 403 403 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      GET /api/v1/tenants/{tenant}/dashboard
        same   401 | 403 403 | 200 200 | 200 200 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      GET /api/v1/tenants/{tenant}/live
        same   400 | 400 400 | 400 400 | 400 400 | 400 400 | 400 400
        other  400 | 400 400 | 400 400 | 400 400 | 400 400 | 400 400
      GET /api/v1/operator/status
        same   401 | 403 403 | 403 403 | 403 403 | 403 403 | 200 200
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 200 200
      GET /metrics
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      GET /api/v1/tenants/{tenant}/queues/{state}/history
        same   401 | 403 403 | 200 200 | 200 200 | 200 200 | 403 403
        other  401 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403
      GET /
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      GET /patient
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      GET /operator
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      GET /login
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      GET /assets/{file}
        same   200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
        other  200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200
      """;

  static final List<String> ROLES = List.of("patient", "provider", "support", "admin", "operator");
  static final String TENANT = TestNodes.TENANT;
  static final String OTHER_TENANT = "other";
  /** Queues: visits wait in KS, transfers go to SD, queue controls change NE, and nobody ever waits in ND. */
  static final String VISITS = "KS";
  static final String TRANSFERS = "SD";
  static final String CONTROLS = "NE";
  static final String LICENSES = "VT";
  static final String PROVIDER = "mx-provider";
  static final String OTHER_PROVIDER = "mx-other-provider";
  static final String IDLE_PROVIDER = "mx-idle-provider";
  static final String COLLEAGUE = "mx-colleague";

  /** One call: who (null: anonymous), whether the object is theirs, whether the token is of the path's tenant. */
  record Cell(String role, boolean own, boolean sameTenant) {
    String describe() {
      return role == null ? "anonymous" : role + (own ? " own" : " other") + (sameTenant ? "" : " (other tenant)");
    }
  }

  /** What a call sends: the caller's subject, the path (with query) and the JSON body. */
  record Call(String subject, String path, Object body) {}

  /** The expected status of each cell of one operation. */
  record Row(String operation, Map<Cell, Integer> expected) {}

  private static final AtomicInteger fresh = new AtomicInteger();
  private static final Map<String, String> tokens = new HashMap<>();
  private static String standingVisit;

  @BeforeAll
  static void tenantWithQueuesAndCaregivers() {
    for (String state : List.of(VISITS, TRANSFERS, CONTROLS, "ND")) {
      acme.openAllDay(state, 10_000);
    }
    acme.provider(PROVIDER, VISITS);
    acme.provider(OTHER_PROVIDER, VISITS);
    acme.provider(IDLE_PROVIDER, "ND");
    acme.provider(COLLEAGUE, "ND");
    acme.license(COLLEAGUE, LICENSES, LocalDate.now().plusYears(1), false);
    acme.invite("mx-support", "support");
    acme.invite("mx-admin", "admin");
    standingVisit = acme.waitingVisit(acme.patient("mx-standing-patient"), VISITS);
  }

  // ---- the table

  static List<Row> table() {
    List<Row> rows = new ArrayList<>();
    String operation = null;
    Map<Cell, Integer> expected = new LinkedHashMap<>();
    for (String line : TABLE.strip().lines().map(String::strip).toList()) {
      if (line.startsWith("same") || line.startsWith("other")) {
        boolean same = line.startsWith("same");
        String[] statuses = line.substring(same ? 4 : 5).replace("|", " ").strip().split("\\s+");
        assertThat(statuses).as("%s: anonymous and two cells per role", operation).hasSize(1 + 2 * ROLES.size());
        expected.put(new Cell(null, true, same), Integer.parseInt(statuses[0]));
        for (int i = 0; i < ROLES.size(); i++) {
          expected.put(new Cell(ROLES.get(i), true, same), Integer.parseInt(statuses[1 + 2 * i]));
          expected.put(new Cell(ROLES.get(i), false, same), Integer.parseInt(statuses[2 + 2 * i]));
        }
      } else {
        if (operation != null) {
          rows.add(new Row(operation, expected));
        }
        operation = line;
        expected = new LinkedHashMap<>();
      }
    }
    rows.add(new Row(operation, expected));
    return rows;
  }

  /** Every operation of the OpenAPI document, as "METHOD /path". */
  static Set<String> documentedOperations() throws Exception {
    try (InputStream in = AuthorizationMatrixIT.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      Map<String, Object> document = new Yaml().load(in);
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
      Set<String> operations = new TreeSet<>();
      paths.forEach((path, item) -> item.keySet().stream()
          .filter(Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace")::contains)
          .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
      return operations;
    }
  }

  @Test
  void theTableCoversExactlyTheDocumentedOperations() throws Exception {
    Set<String> inTable = new TreeSet<>();
    for (Row row : table()) {
      assertThat(inTable.add(row.operation())).as("%s appears twice in the table", row.operation()).isTrue();
      assertThat(row.expected()).as("%s: every cell", row.operation()).hasSize(2 * (1 + 2 * ROLES.size()));
    }
    Set<String> documented = documentedOperations();

    assertThat(new TreeSet<>(documented)).as("documented operations without rows")
        .satisfies(missing -> missing.removeAll(inTable)).isEmpty();
    assertThat(new TreeSet<>(inTable)).as("rows of operations the OpenAPI document does not have")
        .satisfies(extra -> extra.removeAll(documented)).isEmpty();
    assertThat(scenarios().keySet()).as("every row has a way to call it").containsExactlyInAnyOrderElementsOf(inTable);
  }

  @Test
  void everyCallerGetsTheStatusTheTableSays() {
    Map<String, Function<Cell, Call>> scenarios = scenarios();
    List<String> wrong = new ArrayList<>();
    int calls = 0;
    for (Row row : table()) {
      String method = row.operation().substring(0, row.operation().indexOf(' '));
      for (Map.Entry<Cell, Integer> cell : row.expected().entrySet()) {
        Call call = scenarios.get(row.operation()).apply(cell.getKey());
        ApiClient.Response r = api.send(method, call.path(), tokenFor(cell.getKey(), call.subject()), call.body(), Map.of()).join();
        calls++;
        if (r.status() != cell.getValue()) {
          wrong.add(row.operation() + " as " + cell.getKey().describe() + ": expected " + cell.getValue() + ", got " + r.status() + " " + r.body());
        } else if (r.status() >= 400 && !r.contentType().startsWith("application/problem+json")) {
          wrong.add(row.operation() + " as " + cell.getKey().describe() + ": " + r.status() + " is not problem+json");
        }
      }
    }
    assertThat(wrong).as("of %d calls", calls).isEmpty();
  }

  @Test
  void anotherTenantsObjectsAndAnotherPatientsVisitsAnswerAsIfTheyDidNotExist() {
    Map<String, Function<Cell, Call>> scenarios = scenarios();
    List<String> leaks = new ArrayList<>();
    for (Row row : table()) {
      String operation = row.operation();
      boolean visit = operation.contains("{visitId}");
      if (!visit && !operation.contains("{caregiverId}")) {
        continue;
      }
      String method = operation.substring(0, operation.indexOf(' '));
      String existing = visit ? standingVisit : COLLEAGUE;
      String missing = visit ? UUID.randomUUID().toString() : "mx-nobody";
      for (String role : ROLES) {
        // A caller of another tenant, in their own tenant's path, with this tenant's id.
        Cell foreign = new Cell(role, false, false);
        Call call = scenarios.get(operation).apply(foreign);
        String path = call.path().replace("/tenants/" + TENANT + "/", "/tenants/" + OTHER_TENANT + "/");
        compare(leaks, method, path, existing, missing, tokenFor(foreign, call.subject()), call.body(), operation + " as " + role + " of another tenant");
      }
      if (visit) {
        // A patient of this tenant with another patient's visit.
        Cell patient = new Cell("patient", false, true);
        Call call = scenarios.get(operation).apply(new Cell("patient", false, false));
        compare(leaks, method, call.path(), existing, missing, tokenFor(patient, call.subject()), call.body(), operation + " as another patient");
      }
    }
    assertThat(leaks).isEmpty();
  }

  /** The call with an existing id and with a missing one must be answered alike: status, type and detail. */
  private static void compare(
      List<String> leaks, String method, String path, String existing, String missing, String token, Object body, String what) {
    ApiClient.Response withExisting = api.send(method, path, token, body, Map.of()).join();
    ApiClient.Response withMissing = api.send(method, path.replace(existing, missing), token, body, Map.of()).join();
    List<Object> seen = List.of(withExisting.status(), withExisting.type(), withExisting.json().path("detail").asText());
    List<Object> unseen = List.of(withMissing.status(), withMissing.type(), withMissing.json().path("detail").asText());
    if (withExisting.status() < 400 || !seen.equals(unseen)) {
      leaks.add(what + ": " + seen + " for an existing id, " + unseen + " for a missing one");
    }
  }

  @Test
  void forgedExpiredAndNotYetValidTokensAre401() throws Exception {
    String real = api.token("mx-patient-real", "patient", TENANT);
    SignedJWT parsed = SignedJWT.parse(real);
    JWTClaimsSet asAdmin = new JWTClaimsSet.Builder(parsed.getJWTClaimsSet()).claim("roles", List.of("admin")).build();
    JWSHeader rs256 = parsed.getHeader();
    RSAKey stranger = new RSAKeyGenerator(2048).keyID(rs256.getKeyID()).generate();

    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("alg none", new PlainJWT(new PlainHeader.Builder().type(rs256.getType()).build(), asAdmin).serialize());
    forged.put("HS256", sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(rs256.getType()).keyID(rs256.getKeyID()).build(),
        asAdmin, new MACSigner("a-secret-an-attacker-might-guess-0123456789")));
    forged.put("RS256 by another key with the issuer's kid", sign(rs256, asAdmin, new RSASSASigner(stranger)));
    forged.put("payload changed, signature kept", real.substring(0, real.indexOf('.')) + "." + asAdmin.toPayload().toBase64URL()
        + real.substring(real.lastIndexOf('.')));
    clock.moveTo(Instant.now().minus(Duration.ofHours(9)));
    forged.put("expired an hour ago", api.token("mx-admin", "admin", TENANT));
    clock.moveTo(Instant.now().plus(Duration.ofHours(1)));
    forged.put("valid an hour from now", api.token("mx-admin", "admin", TENANT));
    clock.reset();

    assertThat(api.get(acme.path("/caregivers"), api.token("mx-admin", "admin", TENANT)).status()).isEqualTo(200);
    forged.forEach((why, token) -> {
      ApiClient.Response r = api.get(acme.path("/caregivers"), token);
      assertThat(r.status()).as(why).isEqualTo(401);
      assertThat(r.type()).as(why).isEqualTo("/problems/invalid-token");
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(why).hasValue("Bearer error=\"invalid_token\"");
    });
  }

  private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  @Test
  void aDenialIsLoggedOnceWithWhoTenantWhatAndWhy() {
    String visitId = acme.waitingVisit(acme.patient("mx-logged-owner"), VISITS);
    String snoop = acme.patient("mx-snoop");
    Logger access = (Logger) LoggerFactory.getLogger("org.surgecare.access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Level level = access.getLevel();
    access.setLevel(Level.INFO);
    access.addAppender(lines);
    try {
      assertThat(api.get(acme.path("/visits/" + visitId), snoop).status()).isEqualTo(404);
    } finally {
      access.detachAppender(lines);
      access.setLevel(level);
    }

    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
        .startsWith("access denied:")
        .contains("who=mx-snoop", "roles=patient", "tenant=" + TENANT, "what=\"GET /api/v1/tenants/" + TENANT + "/visits/" + visitId + "\"",
            "status=404", "why=");
  }

  // ---- how to call each operation

  /** For each operation, the call a cell makes, after setting up the objects it needs. */
  static Map<String, Function<Cell, Call>> scenarios() {
    Map<String, Function<Cell, Call>> s = new HashMap<>();
    String t = "/api/v1/tenants/" + TENANT;
    s.put("GET /health/alive", cell -> call(cell, "/health/alive", null));
    s.put("GET /health/ready", cell -> call(cell, "/health/ready", null));
    s.put("GET /api/openapi.yaml", cell -> call(cell, "/api/openapi.yaml", null));
    s.put("POST /dev/token", cell -> call(cell, "/dev/token", Map.of("subject", "mx-anyone", "role", "patient", "tenant", TENANT)));
    s.put("GET /api/v1/tenants/{tenant}/queues/{state}/availability", cell -> call(cell, t + "/queues/" + VISITS + "/availability", null));
    s.put("GET /api/v1/tenants/{tenant}/queues/{state}", cell -> call(cell, t + "/queues/" + VISITS, null));
    s.put("PUT /api/v1/tenants/{tenant}/queues/{state}/busy", cell -> call(cell, t + "/queues/" + CONTROLS + "/busy", Map.of("busy", false)));
    s.put("PUT /api/v1/tenants/{tenant}/queues/{state}/settings", cell -> call(cell, t + "/queues/" + CONTROLS + "/settings",
        Map.of("weekly", Fixtures.allDay(), "capacity", 10_000)));
    for (String control : List.of("open", "close", "resume-schedule")) {
      s.put("POST /api/v1/tenants/{tenant}/queues/{state}/" + control, cell -> call(cell, t + "/queues/" + CONTROLS + "/" + control, null));
    }
    s.put("POST /api/v1/tenants/{tenant}/visits", cell -> call(cell, t + "/visits", Map.of("state", VISITS, "reason", "matrix")));
    s.put("GET /api/v1/tenants/{tenant}/visits/{visitId}", cell -> visitCall(cell, ownOrAnyVisit(cell), "", null));
    s.put("POST /api/v1/tenants/{tenant}/visits/{visitId}/cancel", cell -> visitCall(cell, ownOrAnyVisit(cell), "/cancel", null));
    s.put("POST /api/v1/tenants/{tenant}/visits/{visitId}/start", cell -> visitCall(cell, providersVisit(cell, false), "/start", null));
    s.put("POST /api/v1/tenants/{tenant}/visits/{visitId}/complete", cell -> visitCall(cell, providersVisit(cell, true), "/complete", null));
    s.put("POST /api/v1/tenants/{tenant}/visits/{visitId}/no-show", cell -> visitCall(cell, providersVisit(cell, false), "/no-show", null));
    s.put("POST /api/v1/tenants/{tenant}/visits/{visitId}/unassign", cell -> visitCall(cell, providersVisit(cell, false), "/unassign", null));
    s.put("POST /api/v1/tenants/{tenant}/visits/{visitId}/transfer", cell -> visitCall(cell, ownOrAnyVisit(cell), "/transfer", Map.of("state", TRANSFERS)));
    s.put("GET /api/v1/tenants/{tenant}/visits/{visitId}/messages", cell -> visitCall(cell, ownOrAnyVisit(cell), "/messages", null));
    s.put("POST /api/v1/tenants/{tenant}/visits/{visitId}/messages", cell -> visitCall(cell, ownOrAnyVisit(cell), "/messages", Map.of("text", "hello")));
    s.put("POST /api/v1/tenants/{tenant}/visits/{visitId}/messages/read", cell -> visitCall(cell, ownOrAnyVisit(cell), "/messages/read", null));
    s.put("POST /api/v1/tenants/{tenant}/providers/{providerId}/next", cell -> {
      // The idle provider is licensed where nobody waits: their own "next" is a steady 204.
      String caller = "provider".equals(cell.role()) ? IDLE_PROVIDER : subjectOf(cell);
      return new Call(caller, t + "/providers/" + (cell.own() ? caller : PROVIDER) + "/next", null);
    });
    s.put("GET /api/v1/tenants/{tenant}/caregivers", cell -> call(cell, t + "/caregivers", null));
    s.put("POST /api/v1/tenants/{tenant}/caregivers", cell -> call(cell, t + "/caregivers", Map.of(
        "id", "mx-invited-" + fresh.incrementAndGet(), "displayName", "Invited", "email", "invited@example.org", "roles", List.of("provider"))));
    s.put("GET /api/v1/tenants/{tenant}/caregivers/{caregiverId}", cell -> caregiverCall(cell, "", null));
    s.put("PUT /api/v1/tenants/{tenant}/caregivers/{caregiverId}/profile", cell -> caregiverCall(cell, "/profile",
        Map.of("displayName", "Matrix Caregiver", "phone", "+1 206 555 0199")));
    s.put("POST /api/v1/tenants/{tenant}/caregivers/{caregiverId}/licenses", cell -> caregiverCall(cell, "/licenses",
        Map.of("state", LICENSES, "number", "VT-1", "expires", LocalDate.now().plusYears(1).toString())));
    s.put("POST /api/v1/tenants/{tenant}/caregivers/{caregiverId}/licenses/{state}/verify", cell -> caregiverCall(cell,
        "/licenses/" + LICENSES + "/verify", Map.of("verified", true)));
    s.put("PUT /api/v1/tenants/{tenant}/caregivers/{caregiverId}/availability", cell -> caregiverCall(cell, "/availability",
        Map.of("availability", "available")));
    s.put("GET /api/v1/tenants/{tenant}/audit", cell -> call(cell, t + "/audit?visit=" + standingVisit, null));
    s.put("GET /api/v1/tenants/{tenant}/dashboard", cell -> call(cell, t + "/dashboard?states=" + VISITS, null));
    // Without the WebSocket upgrade the live endpoint is a bad request for anyone; the token comes in the socket.
    s.put("GET /api/v1/tenants/{tenant}/live", cell -> call(cell, t + "/live", null));
    s.put("GET /api/v1/operator/status", cell -> call(cell, "/api/v1/operator/status", null));
    s.put("GET /metrics", cell -> call(cell, "/metrics", null));
    s.put("GET /api/v1/tenants/{tenant}/queues/{state}/history", cell -> call(cell, t + "/queues/" + VISITS + "/history", null));
    // The pages are public shells: what they show comes from the API calls they make with the user's token.
    for (String page : List.of("/", "/patient", "/operator", "/login")) {
      s.put("GET " + page, cell -> call(cell, page, null));
    }
    s.put("GET /assets/{file}", cell -> call(cell, "/assets/app.css", null));
    return s;
  }

  /** The subject a cell calls as: a new patient each time (so intake always may), the role's persona otherwise. */
  static String subjectOf(Cell cell) {
    if (cell.role() == null) {
      return "mx-anonymous";
    }
    return switch (cell.role()) {
      case "patient" -> "mx-patient-" + fresh.incrementAndGet();
      case "provider" -> PROVIDER;
      default -> "mx-" + cell.role();
    };
  }

  static Call call(Cell cell, String path, Object body) {
    return new Call(subjectOf(cell), path, body);
  }

  /** Setting up objects only pays where the call gets past the token: in the path's tenant, with a token. */
  static boolean reachesObjects(Cell cell) {
    return cell.role() != null && cell.sameTenant();
  }

  /** The caller's own waiting visit for a patient's "own" cell; a new waiting visit of someone else otherwise. */
  static Map.Entry<String, String> ownOrAnyVisit(Cell cell) {
    String subject = subjectOf(cell);
    if (!reachesObjects(cell)) {
      return Map.entry(subject, standingVisit);
    }
    String patient = "patient".equals(cell.role()) && cell.own() ? subject : "mx-patient-" + fresh.incrementAndGet();
    return Map.entry(subject, acme.waitingVisit(acme.patient(patient), VISITS));
  }

  /** For providers, a visit assigned to (or started by) themselves or another provider; any waiting visit otherwise. */
  static Map.Entry<String, String> providersVisit(Cell cell, boolean started) {
    if (!reachesObjects(cell) || !"provider".equals(cell.role())) {
      return ownOrAnyVisit(cell);
    }
    String holder = cell.own() ? PROVIDER : OTHER_PROVIDER;
    acme.waitingVisit(acme.patient("mx-patient-" + fresh.incrementAndGet()), VISITS);
    String token = api.token(holder, "provider", TENANT);
    ApiClient.Response next = api.post(acme.path("/providers/" + holder + "/next"), token, null);
    assertThat(next.status()).as(next.body()).isEqualTo(200);
    String visitId = next.json().get("id").asText();
    if (started) {
      assertThat(api.post(acme.path("/visits/" + visitId + "/start"), token, null).status()).isEqualTo(200);
    }
    return Map.entry(PROVIDER, visitId);
  }

  static Call visitCall(Cell cell, Map.Entry<String, String> callerAndVisit, String rest, Object body) {
    return new Call(callerAndVisit.getKey(), "/api/v1/tenants/" + TENANT + "/visits/" + callerAndVisit.getValue() + rest, body);
  }

  /** The caller's own caregiver id, or a colleague's. */
  static Call caregiverCall(Cell cell, String rest, Object body) {
    String subject = subjectOf(cell);
    return new Call(subject, "/api/v1/tenants/" + TENANT + "/caregivers/" + (cell.own() ? subject : COLLEAGUE) + rest, body);
  }

  static String tokenFor(Cell cell, String subject) {
    if (cell.role() == null) {
      return null;
    }
    String tenant = cell.sameTenant() ? TENANT : OTHER_TENANT;
    return tokens.computeIfAbsent(subject + "/" + cell.role() + "/" + tenant, key -> api.token(subject, cell.role(), tenant));
  }
}
