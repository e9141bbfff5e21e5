package org.surgecare.load.support;

import java.util.StringJoiner;

/** The queue settings every load run uses: open all day, every day, with room for the run. */
public final class QueueSettings {
  private static final String[] DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

  private QueueSettings() {}

  /** The body of {@code PUT /queues/{state}/settings}: open all day (the defaults close at night and cap at 500). */
  public static String allDay(int capacity) {
    StringJoiner weekly = new StringJoiner(",", "[", "]");
    for (String day : DAYS) {
      weekly.add("{\"day\":\"" + day + "\",\"opens\":\"00:00\",\"closes\":\"00:00\"}");
    }
    return "{\"weekly\":" + weekly + ",\"capacity\":" + capacity
        + ",\"busyRate\":{\"visits\":6,\"perMinutes\":15},\"endOfShiftGraceMinutes\":15}";
  }
}
