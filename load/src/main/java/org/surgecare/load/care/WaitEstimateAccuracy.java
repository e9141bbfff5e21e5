package org.surgecare.load.care;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import org.surgecare.core.care.rules.DispatchPolicy;
import org.surgecare.core.care.rules.QueuedVisit;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.rules.WaitEstimator;

/**
 * How good the wait estimate is through a surge, measured without a node: a deterministic discrete-event
 * simulation of a few state queues and the providers licensed in them, driven by the same rules the node uses
 * ({@link WaitEstimator} for the estimate, {@link QueuedVisit#ORDER} and {@link DispatchPolicy} for who is seen
 * next). Every arriving patient gets three predictions, compared with the wait they actually had:
 *
 * <ul>
 *   <li>the estimator: patients ahead × mean of the last 20 visit lengths ÷ provider capacity (a provider serving
 *       k states counts 1/k), fed what the queue itself knows: the lengths of visits already completed and which
 *       of the patients who recently left the waiting list gave up;
 *   <li>"longest wait + 15 min": how long the longest-waiting patient of the queue has waited so far, plus 15
 *       minutes;
 *   <li>"average of finished visits": the mean wait of the last 20 patients of the queue who were taken.
 * </ul>
 *
 * The accuracy figure is the median over patients of |predicted − actual| ÷ max(actual, 5 min) (the floor keeps
 * near-zero waits from dominating); the median absolute error in minutes is reported too. Scenarios shift the
 * surge: arrival rate jumps, providers leave and join, visit lengths change. A fixed seed makes every run give
 * the same figures. Prints one line per scenario and estimator, then a JSON summary line starting with
 * {@code json=}.
 */
public final class WaitEstimateAccuracy {
  static final Duration FLOOR = Duration.ofMinutes(5);
  static final List<UsState> STATES = List.of(UsState.WA, UsState.OR, UsState.CA);

  /** One provider: the states they are licensed in and the hours (from the start, in hours) they are on shift. */
  record Provider(String id, Set<UsState> states, double onFromHour, double offAtHour) {}

  /** A surge scenario: arrivals per minute per state, and the mean visit length in minutes, as functions of the hour. */
  record Scenario(String name, String description, DoubleUnaryOperator arrivalsPerMinute,
      DoubleUnaryOperator meanVisitMinutes, List<Provider> providers, double hours) {}

  public record Errors(String predictor, int patients, double medianRelative, double medianAbsoluteMinutes,
      double medianSignedMinutes) {}

  public record ScenarioResult(String scenario, String description, int patients, double medianActualMinutes,
      List<Errors> errors) {}

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 20261122L;
    List<ScenarioResult> results = run(seed);
    StringBuilder json = new StringBuilder("[");
    for (ScenarioResult r : results) {
      for (Errors e : r.errors()) {
        System.out.printf(Locale.ROOT, "%-22s %-26s patients=%5d medianRelativeError=%5.1f%% medianAbsError=%6.1f min bias=%+6.1f min (median actual wait %.1f min)%n",
            r.scenario(), e.predictor(), e.patients(), 100 * e.medianRelative(), e.medianAbsoluteMinutes(),
            e.medianSignedMinutes(), r.medianActualMinutes());
      }
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(String.format(Locale.ROOT, "{\"scenario\":\"%s\",\"description\":\"%s\",\"patients\":%d,\"medianActualMinutes\":%.2f,\"errors\":[",
          r.scenario(), r.description(), r.patients(), r.medianActualMinutes()));
      for (int i = 0; i < r.errors().size(); i++) {
        Errors e = r.errors().get(i);
        json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
            "{\"predictor\":\"%s\",\"medianRelative\":%.4f,\"medianAbsoluteMinutes\":%.2f,\"medianSignedMinutes\":%.2f}",
            e.predictor(), e.medianRelative(), e.medianAbsoluteMinutes(), e.medianSignedMinutes()));
      }
      json.append("]}");
    }
    System.out.println("json=" + json.append(']'));
  }

  public static List<ScenarioResult> run(long seed) {
    List<ScenarioResult> results = new ArrayList<>();
    Map<String, List<Sample>> all = new LinkedHashMap<>();
    for (Scenario scenario : scenarios()) {
      List<Sample> samples = new Simulation(scenario, new Random(seed)).run();
      results.add(summarize(scenario.name(), scenario.description(), samples));
      all.computeIfAbsent("all", k -> new ArrayList<>()).addAll(samples);
    }
    results.add(summarize("all scenarios", "every patient of every scenario above", all.get("all")));
    return results;
  }

  // ---- scenarios

  static List<Provider> staff(double leaveAt, double returnAt, int extra, double extraFrom, double extraUntil) {
    List<Provider> providers = new ArrayList<>();
    List<Set<UsState>> licenses = List.of(
        EnumSet.of(UsState.WA), EnumSet.of(UsState.WA, UsState.OR), EnumSet.of(UsState.OR),
        EnumSet.of(UsState.CA), EnumSet.of(UsState.CA, UsState.WA), EnumSet.of(UsState.WA, UsState.OR, UsState.CA),
        EnumSet.of(UsState.OR, UsState.CA), EnumSet.of(UsState.CA));
    for (int i = 0; i < licenses.size(); i++) {
      boolean leaves = i < 3;
      providers.add(new Provider("dr-" + i, licenses.get(i), 0, leaves ? leaveAt : 99));
      if (leaves && returnAt < 99) {
        providers.add(new Provider("dr-" + i + "-back", licenses.get(i), returnAt, 99));
      }
    }
    for (int i = 0; i < extra; i++) {
      providers.add(new Provider("dr-extra-" + i, EnumSet.copyOf(List.of(STATES.get(i % 3), STATES.get((i + 1) % 3))), extraFrom, extraUntil));
    }
    return providers;
  }

  static List<Scenario> scenarios() {
    double base = 0.2;
    return List.of(
        new Scenario("steady", "0.2 arrivals/min per state, 8 providers, 12 min visits",
            h -> base, h -> 12, staff(99, 99, 0, 0, 0), 8),
        new Scenario("arrival surge", "arrivals triple from hour 2 to hour 4",
            h -> h >= 2 && h < 4 ? 3 * base : base, h -> 12, staff(99, 99, 0, 0, 0), 8),
        new Scenario("providers leave/join", "3 of 8 providers leave at hour 2 and come back at hour 4; 4 extra from hour 5 to 7",
            h -> 1.2 * base, h -> 12, staff(2, 4, 4, 5, 7), 8),
        new Scenario("longer visits", "mean visit length 12 min, 20 min from hour 2 to hour 5",
            h -> 0.8 * base, h -> h >= 2 && h < 5 ? 20 : 12, staff(99, 99, 0, 0, 0), 8),
        new Scenario("combined surge", "arrivals ×2.5 from hour 1.5 to 4, 3 providers leave at hour 2, 4 extra from hour 3, 18 min visits from hour 2",
            h -> h >= 1.5 && h < 4 ? 2.5 * base : base, h -> h >= 2 ? 18 : 12, staff(2, 99, 4, 3, 99), 8));
  }

  // ---- simulation

  /** One patient's predictions at arrival and the wait they had. */
  record Sample(double actualSeconds, Map<String, Double> predictedSeconds) {}

  /** A visit in progress: its patient's state, when it started and when it will end. */
  record InVisit(UsState state, double start, double end) {}

  static final class Patient {
    final QueuedVisit place;
    final UsState state;
    final double arrival;
    final double patience;
    final Map<String, Double> predicted = new LinkedHashMap<>();
    double takenAt = -1;
    boolean left;

    Patient(QueuedVisit place, UsState state, double arrival, double patience) {
      this.place = place;
      this.state = state;
      this.arrival = arrival;
      this.patience = patience;
    }
  }

  static final class Simulation {
    private static final Instant EPOCH = Instant.parse("2026-01-05T14:00:00Z");
    private final Scenario scenario;
    private final Random random;
    private final Map<UsState, TreeSet<Patient>> waiting = new EnumMap<>(UsState.class);
    private final Map<UsState, List<Duration>> visitLengths = new EnumMap<>(UsState.class);
    private final Map<UsState, List<Boolean>> giveUps = new EnumMap<>(UsState.class);
    private final Map<String, InVisit> inVisit = new HashMap<>();
    private final Map<UsState, List<Double>> finishedWaits = new EnumMap<>(UsState.class);
    private final Map<String, Double> busyUntil = new HashMap<>();
    private final PriorityQueue<double[]> events = new PriorityQueue<>(Comparator.comparingDouble(e -> e[0]));
    private final List<Patient> patients = new ArrayList<>();
    private int sequence;

    Simulation(Scenario scenario, Random random) {
      this.scenario = scenario;
      this.random = random;
      for (UsState s : STATES) {
        waiting.put(s, new TreeSet<>(Comparator.comparing((Patient p) -> p.place, QueuedVisit.ORDER)));
        visitLengths.put(s, new ArrayList<>());
        giveUps.put(s, new ArrayList<>());
        finishedWaits.put(s, new ArrayList<>());
      }
    }

    /** Events: [time, kind, index]; kind 0 arrival in STATES[index], 1 a provider may take someone, 2 a patient gives up. */
    List<Sample> run() {
      double end = scenario.hours() * 3600;
      for (int i = 0; i < STATES.size(); i++) {
        events.add(new double[] {nextArrival(0), 0, i});
      }
      for (int i = 0; i < scenario.providers().size(); i++) {
        events.add(new double[] {scenario.providers().get(i).onFromHour() * 3600, 1, i});
        events.add(new double[] {Math.min(scenario.providers().get(i).offAtHour(), 48) * 3600, 1, i});
      }
      double lastEvent = end + 12 * 3600;
      while (!events.isEmpty()) {
        double[] e = events.poll();
        double now = e[0];
        if (now > lastEvent) {
          break;
        }
        int kind = (int) e[1];
        int index = (int) e[2];
        if (kind == 0) {
          if (now < end) {
            arrive(STATES.get(index), now);
            events.add(new double[] {nextArrival(now), 0, index});
          }
        } else if (kind == 1) {
          Provider p = scenario.providers().get(index);
          take(p, index, now);
        } else {
          Patient p = patients.get(index);
          if (p.takenAt < 0 && !p.left) {
            p.left = true;
            waiting.get(p.state).remove(p);
            giveUps.get(p.state).add(true);
          }
        }
      }
      List<Sample> samples = new ArrayList<>();
      for (Patient p : patients) {
        if (p.takenAt >= 0 && !p.predicted.isEmpty()) {
          samples.add(new Sample(p.takenAt - p.arrival, p.predicted));
        }
      }
      return samples;
    }

    private double nextArrival(double now) {
      double rate = scenario.arrivalsPerMinute().applyAsDouble(now / 3600) / 60;
      return now + (-Math.log(1 - random.nextDouble()) / rate);
    }

    private boolean onShift(Provider p, double now) {
      return now >= p.onFromHour() * 3600 && now < p.offAtHour() * 3600;
    }

    private void arrive(UsState state, double now) {
      int priority = random.nextDouble() < 0.05 ? 5 : 0;
      QueuedVisit place = new QueuedVisit("v-" + (sequence++), priority, EPOCH.plusNanos((long) (now * 1e9)));
      double patience = random.nextDouble() < 0.1 ? now + 600 + random.nextDouble() * 3000 : Double.MAX_VALUE;
      Patient patient = new Patient(place, state, now, patience);
      predict(patient, now);
      patients.add(patient);
      waiting.get(state).add(patient);
      if (patience < Double.MAX_VALUE) {
        events.add(new double[] {patience, 2, patients.size() - 1});
      }
      for (int i = 0; i < scenario.providers().size(); i++) {
        Provider p = scenario.providers().get(i);
        if (p.states().contains(state) && onShift(p, now) && busyUntil.getOrDefault(p.id(), 0.0) <= now) {
          take(p, i, now);
          break;
        }
      }
    }

    private void predict(Patient patient, double now) {
      TreeSet<Patient> queue = waiting.get(patient.state);
      int ahead = (int) queue.stream().filter(w -> w.place.priority() >= patient.place.priority()).count();
      List<Integer> shares = new ArrayList<>();
      for (Provider p : scenario.providers()) {
        if (p.states().contains(patient.state) && onShift(p, now)) {
          shares.add(p.states().size());
        }
      }
      Optional<Duration> estimate = WaitEstimator.estimate(ahead, WaitEstimator.capacity(shares),
          WaitEstimator.typicalVisit(visitLengths.get(patient.state)), WaitEstimator.giveUpShare(giveUps.get(patient.state)));
      if (estimate.isEmpty()) {
        return;
      }
      patient.predicted.put("estimator", (double) estimate.get().toSeconds());
      double longest = queue.stream().mapToDouble(w -> now - w.arrival).max().orElse(0);
      patient.predicted.put("longest wait + 15 min", longest + 900);
      List<Double> finished = finishedWaits.get(patient.state);
      List<Double> recent = finished.subList(Math.max(0, finished.size() - 20), finished.size());
      patient.predicted.put("average of finished visits",
          recent.isEmpty() ? 900 : recent.stream().mapToDouble(Double::doubleValue).average().orElse(900));
    }

    /** A free, on-shift provider takes the next patient across their states, by the dispatch rules. */
    private void take(Provider provider, int index, double now) {
      InVisit done = inVisit.get(provider.id());
      if (done != null && done.end() <= now) {
        // A visit's length becomes known when it is completed, not when it starts.
        inVisit.remove(provider.id());
        visitLengths.get(done.state()).add(Duration.ofSeconds((long) (done.end() - done.start())));
      }
      if (!onShift(provider, now) || busyUntil.getOrDefault(provider.id(), 0.0) > now) {
        return;
      }
      Map<UsState, QueuedVisit> heads = new EnumMap<>(UsState.class);
      Map<QueuedVisit, Patient> byPlace = new HashMap<>();
      for (UsState s : provider.states()) {
        TreeSet<Patient> queue = waiting.get(s);
        if (!queue.isEmpty()) {
          heads.put(s, queue.first().place);
          byPlace.put(queue.first().place, queue.first());
        }
      }
      Optional<DispatchPolicy.Candidate> next = DispatchPolicy.choose(heads);
      if (next.isEmpty()) {
        return;
      }
      Patient patient = byPlace.get(next.get().head());
      waiting.get(patient.state).remove(patient);
      patient.takenAt = now;
      giveUps.get(patient.state).add(false);
      finishedWaits.get(patient.state).add(now - patient.arrival);
      double mean = scenario.meanVisitMinutes().applyAsDouble(now / 3600) * 60;
      // Visit lengths vary: a gamma-like spread (sum of two exponentials) around the mean, at least 2 minutes.
      double length = Math.max(120, mean / 2 * (-Math.log(1 - random.nextDouble()) - Math.log(1 - random.nextDouble())));
      inVisit.put(provider.id(), new InVisit(patient.state, now, now + length));
      busyUntil.put(provider.id(), now + length);
      events.add(new double[] {now + length, 1, index});
    }
  }

  // ---- statistics

  static ScenarioResult summarize(String name, String description, List<Sample> samples) {
    List<String> predictors = List.of("estimator", "longest wait + 15 min", "average of finished visits");
    List<Errors> errors = new ArrayList<>();
    for (String predictor : predictors) {
      double[] relative = new double[samples.size()];
      double[] absolute = new double[samples.size()];
      double[] signed = new double[samples.size()];
      for (int i = 0; i < samples.size(); i++) {
        Sample s = samples.get(i);
        double error = s.predictedSeconds().get(predictor) - s.actualSeconds();
        relative[i] = Math.abs(error) / Math.max(s.actualSeconds(), FLOOR.toSeconds());
        absolute[i] = Math.abs(error) / 60;
        signed[i] = error / 60;
      }
      errors.add(new Errors(predictor, samples.size(), median(relative), median(absolute), median(signed)));
    }
    double[] actual = samples.stream().mapToDouble(s -> s.actualSeconds() / 60).toArray();
    return new ScenarioResult(name, description, samples.size(), median(actual), errors);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
