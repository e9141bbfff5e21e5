package org.surgecare.http;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Scheduler;
import org.surgecare.core.care.Entities;
import org.surgecare.core.care.dispatch.Dispatcher;
import org.surgecare.core.care.live.LatestQueues;
import org.surgecare.core.care.live.LiveSubscriptions;
import org.surgecare.http.api.RequestMetrics;
import org.surgecare.http.auth.DevIssuer;
import org.surgecare.http.auth.TokenVerifier;
import org.surgecare.http.operator.OperatorStatus;
import org.surgecare.projections.audit.AuditLog;
import org.surgecare.projections.care.CaregiverRoster;
import org.surgecare.projections.care.DashboardQuery;
import org.surgecare.projections.care.QueueHistory;
import org.surgecare.projections.care.ReadModelConsistency;

/**
 * What the routes need from the node: the entities, dispatch, token verification, the latest published state of
 * each queue (for patient reads), the read models, the audit trail, and a separate executor for blocking JDBC reads so that they never run on the actor or HTTP threads.
 */
public record ApiContext(
    Entities entities,
    Dispatcher dispatcher,
    Scheduler scheduler,
    Clock clock,
    TokenVerifier verifier,
    Optional<DevIssuer> devIssuer,
    Set<String> tenants,
    CaregiverRoster roster,
    DashboardQuery dashboard,
    QueueHistory history,
    ReadModelConsistency consistency,
    LiveSubscriptions live,
    LatestQueues latestQueues,
    Predicate<String> originAllowed,
    AuditLog audit,
    Executor blockingReads,
    RequestMetrics metrics,
    Supplier<CompletionStage<OperatorStatus>> operatorStatus,
    BooleanSupplier ready) {
  public ApiContext {
    tenants = Set.copyOf(tenants);
  }
}
