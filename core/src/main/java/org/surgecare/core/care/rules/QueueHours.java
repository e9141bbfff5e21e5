package org.surgecare.core.care.rules;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a queue takes patients: a weekly schedule in the queue's time zone, one-off closures, and a manual
 * override. Times are turned into instants day by day with the zone's rules, so daylight-saving changes move
 * the instants and not the local opening hours.
 */
public record QueueHours(ZoneId zone, List<OpeningWindow> weekly, List<Closure> closures, ManualOverride override) {

  /** How far ahead the next opening is looked for; a queue closed for longer reports none. */
  static final int LOOKAHEAD_DAYS = 21;

  public QueueHours {
    Objects.requireNonNull(zone, "zone");
    weekly = List.copyOf(weekly);
    closures = List.copyOf(closures);
    override = override == null ? ManualOverride.NONE : override;
  }

  /** Open around the clock every day. */
  public static QueueHours allDay(ZoneId zone) {
    return daily(zone, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
  }

  /** The same hours every day of the week. */
  public static QueueHours daily(ZoneId zone, LocalTime opens, LocalTime closes) {
    List<OpeningWindow> windows =
        Arrays.stream(DayOfWeek.values()).map(day -> new OpeningWindow(day, opens, closes)).toList();
    return new QueueHours(zone, windows, List.of(), ManualOverride.NONE);
  }

  public QueueHours withOverride(ManualOverride newOverride) {
    return new QueueHours(zone, weekly, closures, newOverride);
  }

  public QueueHours withClosure(Closure closure) {
    List<Closure> more = new ArrayList<>(closures);
    more.add(closure);
    return new QueueHours(zone, weekly, more, override);
  }

  /** Drops closures that ended before {@code now}, so that state does not grow forever. */
  public QueueHours withoutPastClosures(Instant now) {
    return new QueueHours(zone, weekly, closures.stream().filter(c -> c.until().isAfter(now)).toList(), override);
  }

  public boolean isOpen(Instant at) {
    return switch (override) {
      case OPEN -> true;
      case CLOSED -> false;
      case NONE -> openPeriodAt(at).isPresent();
    };
  }

  /**
   * When the current open period ends, counting back-to-back windows as one period and stopping at a closure.
   * Empty while closed, while manually opened (then no end of shift is known), and when the queue stays open
   * for the whole lookahead (open around the clock).
   */
  public Optional<Instant> closesAt(Instant at) {
    if (override != ManualOverride.NONE) {
      return Optional.empty();
    }
    Instant horizon = at.atZone(zone).toLocalDate().plusDays(LOOKAHEAD_DAYS).atStartOfDay(zone).toInstant();
    // A period that runs to the end of the lookahead does not close in any sense a patient cares about.
    return openPeriodAt(at).map(Period::end).filter(end -> end.isBefore(horizon));
  }

  /**
   * The next time the queue opens after {@code at}, while it is closed by its schedule or a closure. Empty when
   * open now, when closed manually (staff must reopen it), or when no opening falls in the next three weeks.
   */
  public Optional<Instant> nextOpening(Instant at) {
    if (override != ManualOverride.NONE || isOpen(at)) {
      return Optional.empty();
    }
    return openPeriods(at).stream().map(Period::start).filter(start -> start.isAfter(at)).findFirst();
  }

  private Optional<Period> openPeriodAt(Instant at) {
    return openPeriods(at).stream().filter(p -> p.contains(at)).findFirst();
  }

  /**
   * Open periods depend only on the zone, windows, closures and local date, and every availability asks for them
   * several times (open now, closing time, next opening), for each of the 50 queues of a dashboard: computed once
   * per day and schedule, a few hundred schedules kept at most.
   */
  private static final Map<PeriodsKey, List<Period>> PERIODS = new ConcurrentHashMap<>();
  private static final int PERIODS_KEPT = 512;

  private record PeriodsKey(ZoneId zone, List<OpeningWindow> weekly, List<Closure> closures, LocalDate today) {}

  /** Open periods from the day before {@code at} to the lookahead, merged and with closures cut out. */
  List<Period> openPeriods(Instant at) {
    LocalDate today = at.atZone(zone).toLocalDate();
    PeriodsKey key = new PeriodsKey(zone, weekly, closures, today);
    List<Period> periods = PERIODS.get(key);
    if (periods == null) {
      if (PERIODS.size() >= PERIODS_KEPT) {
        PERIODS.clear();
      }
      periods = openPeriods(today);
      PERIODS.put(key, periods);
    }
    return periods;
  }

  private List<Period> openPeriods(LocalDate today) {
    List<Period> raw = new ArrayList<>();
    for (LocalDate date = today.minusDays(1); !date.isAfter(today.plusDays(LOOKAHEAD_DAYS)); date = date.plusDays(1)) {
      for (OpeningWindow window : weekly) {
        if (window.day() == date.getDayOfWeek()) {
          Period period = periodOf(date, window);
          if (period.end().isAfter(period.start())) {
            raw.add(period);
          }
        }
      }
    }
    raw.sort(Comparator.comparing(Period::start));
    List<Period> merged = new ArrayList<>();
    for (Period period : raw) {
      if (!merged.isEmpty() && !period.start().isAfter(merged.get(merged.size() - 1).end())) {
        Period last = merged.remove(merged.size() - 1);
        merged.add(new Period(last.start(), max(last.end(), period.end())));
      } else {
        merged.add(period);
      }
    }
    List<Period> open = merged;
    for (Closure closure : closures) {
      List<Period> cut = new ArrayList<>();
      for (Period period : open) {
        cut.addAll(period.minus(closure));
      }
      open = cut;
    }
    return List.copyOf(open);
  }

  private Period periodOf(LocalDate date, OpeningWindow window) {
    Instant start = ZonedDateTime.of(date, window.opens(), zone).toInstant();
    LocalDate endDate = window.overnight() ? date.plusDays(1) : date;
    Instant end = ZonedDateTime.of(endDate, window.closes(), zone).toInstant();
    return new Period(start, end);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** A half-open stretch of time [start, end). */
  record Period(Instant start, Instant end) {
    boolean contains(Instant at) {
      return !at.isBefore(start) && at.isBefore(end);
    }

    List<Period> minus(Closure closure) {
      if (!closure.from().isBefore(end) || !closure.until().isAfter(start)) {
        return List.of(this);
      }
      List<Period> rest = new ArrayList<>(2);
      if (closure.from().isAfter(start)) {
        rest.add(new Period(start, closure.from()));
      }
      if (closure.until().isBefore(end)) {
        rest.add(new Period(closure.until(), end));
      }
      return rest;
    }
  }
}
