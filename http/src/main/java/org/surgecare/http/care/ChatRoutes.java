package org.surgecare.http.care;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.surgecare.core.care.rules.ChatLimits;
import org.surgecare.core.care.visit.Chat;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.care.visit.VisitId;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.http.ApiContext;
import org.surgecare.http.api.ApiDirectives;
import org.surgecare.http.api.Fields;
import org.surgecare.http.api.Json;
import org.surgecare.http.api.Problem;
import org.surgecare.http.auth.Principal;

/**
 * A visit's chat: its patient and the tenant's staff read and post messages while the visit is active; staff share
 * one read marker per visit, from which the unread count follows. The visit entity decides who takes part, so a
 * patient asking about another patient's visit gets exactly the answer for a visit that does not exist.
 */
public final class ChatRoutes extends ApiDirectives {
  public static final int DEFAULT_PAGE = 100;

  public ChatRoutes(ApiContext api) {
    super(api);
  }

  public Route routes(String tenant) {
    return pathPrefix(segment("visits").slash(segment()).slash("messages"), text -> VisitId.canonical(text)
        .<Route>map(visitId -> auditedVisit(visitId, () -> concat(
            pathEnd(() -> concat(
                get(() -> member(tenant, p -> participant(p, role -> list(tenant, visitId, p, role)))),
                post(() -> member(tenant, p -> participant(p, role -> post(tenant, visitId, p, role)))))),
            path("read", () -> post(() -> member(tenant, p -> participant(p, role -> markRead(tenant, visitId, p, role)),
                Role.PROVIDER, Role.SUPPORT, Role.ADMIN))))))
        .orElseGet(() -> problem(Problem.of(404, "not-found", "Not found", Visit.NO_SUCH_VISIT))));
  }

  /** The role the caller takes part in; someone neither patient nor staff learns nothing of the visit. */
  private Route participant(Principal caller, Function<Role, Route> inner) {
    return caller.visitRole().map(inner)
        .orElseGet(() -> problem(problemFor(new Refusal(Refusal.Kind.HIDDEN, Visit.NO_SUCH_VISIT))));
  }

  private Route list(String tenant, String visitId, Principal caller, Role role) {
    return parameterOptional("after", after -> parameterOptional("limit", limit -> validated(() -> {
      Fields fields = new Fields();
      long from = fields.queryNumber("after", after, 0, Long.MAX_VALUE, 0);
      int size = fields.pageSize(limit, DEFAULT_PAGE);
      fields.check();
      CompletionStage<Chat.Page> page = Asks.askWithStatus(
          api.entities().visit(tenant, visitId),
          replyTo -> new Visit.GetMessages(caller.subject(), role, from, size, replyTo),
          api.scheduler());
      return reply(page.thenApply(p -> Json.ok(Views.messages(visitId, p))));
    })));
  }

  private Route post(String tenant, String visitId, Principal caller, Role role) {
    return jsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      String text = fields.text(body, "", "text", ChatLimits.DEFAULT.maxLength(), true);
      fields.check();
      CompletionStage<Chat.ChatMessage> posted = Asks.askWithStatus(
          api.entities().visit(tenant, visitId),
          replyTo -> new Visit.PostMessage(caller.subject(), role, text, replyTo),
          api.scheduler());
      return reply(posted.thenApply(message -> Json.response(StatusCodes.CREATED, Views.message(message))));
    }));
  }

  private Route markRead(String tenant, String visitId, Principal staff, Role role) {
    return optionalJsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      int upTo = fields.integer(body, "upTo", 0, Integer.MAX_VALUE, Integer.MAX_VALUE);
      fields.check();
      CompletionStage<Chat.Summary> summary = Asks.askWithStatus(
          api.entities().visit(tenant, visitId),
          replyTo -> new Visit.MarkMessagesRead(staff.subject(), role, upTo, replyTo),
          api.scheduler());
      return reply(summary.thenApply(s -> Json.ok(Views.chatSummary(s))));
    }));
  }
}
