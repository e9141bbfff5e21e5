package org.surgecare.http.care;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.server.Route;
import org.surgecare.core.common.Role;
import org.surgecare.http.ApiContext;
import org.surgecare.http.api.ApiDirectives;
import org.surgecare.http.api.Fields;
import org.surgecare.http.api.Json;
import org.surgecare.projections.care.QueueHistory;

/** The recent past of a queue for the dashboard chart: waiting patients and median waits per 10 minutes. */
public final class QueueHistoryRoutes extends ApiDirectives {
  public static final int DEFAULT_HOURS = 6;

  public record BucketView(Instant from, int waiting, Optional<Long> medianWaitSeconds) {}

  public record HistoryView(String state, int hours, long bucketSeconds, List<BucketView> buckets) {}

  public QueueHistoryRoutes(ApiContext api) {
    super(api);
  }

  public Route routes(String tenant) {
    return path(segment("queues").slash(segment()).slash("history"), code -> usState(code, state ->
        get(() -> member(tenant, caller -> parameterOptional("hours", hoursText -> validated(() -> {
          Fields fields = new Fields();
          int hours = hoursText.map(text -> hours(fields, text)).orElse(DEFAULT_HOURS);
          fields.check();
          return reply(blocking(() -> api.history().load(tenant, state, hours)).thenApply(buckets -> Json.ok(new HistoryView(
              state.name(), hours, QueueHistory.BUCKET.toSeconds(),
              buckets.stream().map(b -> new BucketView(b.from(), b.waiting(), Views.seconds(b.medianWait()))).toList()))));
        })), Role.PROVIDER, Role.SUPPORT, Role.ADMIN))));
  }

  private static int hours(Fields fields, String text) {
    try {
      int hours = Integer.parseInt(text.strip());
      if (hours >= 1 && hours <= QueueHistory.MAX_HOURS) {
        return hours;
      }
    } catch (NumberFormatException notANumber) {
      // reported below, like a number out of range
    }
    fields.error("hours", "must be a whole number from 1 to " + QueueHistory.MAX_HOURS);
    return DEFAULT_HOURS;
  }
}
