package org.surgecare.http.audit;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.server.Route;
import org.surgecare.core.care.visit.VisitId;
import org.surgecare.core.common.Role;
import org.surgecare.http.ApiContext;
import org.surgecare.http.api.ApiDirectives;
import org.surgecare.http.api.Fields;
import org.surgecare.http.api.Json;
import org.surgecare.http.care.Views;
import org.surgecare.projections.audit.AuditLog;

/** The audit trail for admins: every access to and change of one visit, or everything one caregiver did. */
public final class AuditRoutes extends ApiDirectives {
  public static final int DEFAULT_PAGE = 50;

  public AuditRoutes(ApiContext api) {
    super(api);
  }

  public Route routes(String tenant) {
    return path("audit", () -> get(() -> member(tenant, p -> trail(tenant), Role.ADMIN)));
  }

  private Route trail(String tenant) {
    return parameterOptional("visit", visit -> parameterOptional("caregiver", caregiver ->
        parameterOptional("before", before -> parameterOptional("limit", limit -> validated(() -> {
          Fields fields = new Fields();
          if (visit.isPresent() == caregiver.isPresent()) {
            fields.error("visit", "give exactly one of visit and caregiver");
          }
          Optional<String> visitId = visit.flatMap(VisitId::canonical);
          if (visit.isPresent() && visitId.isEmpty()) {
            fields.error("visit", "must be a visit id (a UUID)");
          }
          if (caregiver.isPresent() && !Fields.ID.matcher(caregiver.get()).matches()) {
            fields.error("caregiver", "must be a caregiver id");
          }
          long beforeId = fields.queryNumber("before", before, 1, Long.MAX_VALUE, Long.MAX_VALUE);
          int size = fields.pageSize(limit, DEFAULT_PAGE);
          fields.check();
          CompletionStage<AuditLog.Page> page = blocking("reading the audit trail", () -> visitId.isPresent()
              ? api.audit().ofVisit(tenant, visitId.get(), beforeId, size)
              : api.audit().byCaregiver(tenant, caregiver.orElseThrow(), beforeId, size));
          return reply(page.thenApply(p -> Json.ok(Views.audit(p))));
        })))));
  }
}
