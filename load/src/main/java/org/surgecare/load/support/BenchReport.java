package org.surgecare.load.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the figures of a benchmark run into docs/benchmarks.md, between the markers
 * {@code <!-- bench:begin -->} and {@code <!-- bench:end -->}; the text around them (the analysis) is kept.
 * Reads the key=value results the runner collected and the Gatling reports it names.
 *
 * <pre>java ... BenchReport RESULTS.properties docs/benchmarks.md</pre>
 */
public final class BenchReport {

  /** One request type's line of a Gatling report. */
  public record Stats(String name, long total, long ok, long ko, double koPercent, double perSecond,
      long min, long p50, long p75, long p95, long p99, long max, long mean) {}

  private static final Pattern ROW = Pattern.compile(
      "<tr id=\"[^\"]*\"[^>]*>.*?class=\"ellipsed-name\">(.*?)</span>(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");

  /** The statistics table of a Gatling HTML report (index.html), by request name; "All Requests" for all. */
  public static Map<String, Stats> parse(String html) {
    Map<String, Stats> stats = new LinkedHashMap<>();
    Matcher row = ROW.matcher(html);
    while (row.find()) {
      String name = unescape(row.group(1));
      Map<Integer, String> cells = new LinkedHashMap<>();
      Matcher cell = CELL.matcher(row.group(2));
      while (cell.find()) {
        cells.put(Integer.parseInt(cell.group(1)), cell.group(2).strip());
      }
      if (cells.size() < 13 || stats.containsKey(name)) {
        continue;
      }
      stats.put(name, new Stats(name, l(cells.get(2)), l(cells.get(3)), l(cells.get(4)), d(cells.get(5)), d(cells.get(6)),
          l(cells.get(7)), l(cells.get(8)), l(cells.get(9)), l(cells.get(10)), l(cells.get(11)), l(cells.get(12)), l(cells.get(13))));
    }
    return stats;
  }

  private static String unescape(String s) {
    return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
  }

  private static long l(String s) {
    return s == null || s.equals("-") || s.isEmpty() ? 0 : Math.round(Double.parseDouble(s.replace(",", "")));
  }

  private static double d(String s) {
    return s == null || s.equals("-") || s.isEmpty() ? 0 : Double.parseDouble(s.replace(",", ""));
  }

  public static void main(String[] args) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
      p.load(in);
    }
    Path doc = Path.of(args[1]);
    DocSection.write(doc, "bench", "\n" + new BenchReport(p).render().stripTrailing());
    System.out.println("wrote " + doc);
  }

  private final Properties p;

  BenchReport(Properties p) {
    this.p = p;
  }

  private String get(String key, String fallback) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  private double num(String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? Double.NaN : Double.parseDouble(v.strip());
  }

  private Map<String, Stats> report(String key) {
    String dir = p.getProperty(key);
    if (dir == null || dir.isBlank()) {
      return Map.of();
    }
    try {
      return parse(Files.readString(Path.of(dir, "index.html")));
    } catch (IOException e) {
      return Map.of();
    }
  }

  public static String f0(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
  }

  public static String f1(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.1f", v);
  }

  static String latency(Stats s) {
    return s == null ? "n/a" : s.p50() + " / " + s.p99() + " ms";
  }

  String render() {
    StringBuilder md = new StringBuilder();
    md.append("\n## Run of ").append(get("date", "?")).append("\n\n");
    md.append("| machine | |\n| --- | --- |\n");
    md.append("| CPU | ").append(get("machine.cpu", "?")).append(" |\n");
    md.append("| cores | ").append(get("machine.cores", "?")).append(" |\n");
    md.append("| memory | ").append(get("machine.memory", "?")).append(" |\n");
    md.append("| OS, JDK | ").append(get("machine.os", "?")).append("; ").append(get("machine.java", "?")).append(" |\n");
    md.append("| PostgreSQL | ").append(get("pg.version", "?")).append(", embedded in the node; fsync ").append(get("pg.fsync", "?"))
        .append(", synchronous_commit ").append(get("pg.synchronous_commit", "?")).append(", full_page_writes ")
        .append(get("pg.full_page_writes", "?")).append(" (read back with SHOW) |\n");
    md.append("| commit | ").append(get("git.commit", "?")).append(" |\n");
    md.append("| node | one node, `").append(get("node.javaOpts", "")).append("`, tokens from the benchmark's own ")
        .append(get("token.alg", "RS256")).append(" issuer (no /dev/token) |\n");
    md.append("| load generator | Gatling ").append(get("gatling.version", "3.14.9")).append(" on the same machine, 127.0.0.1 |\n\n");

    Map<String, Stats> max = report("intake.max.dir");
    Map<String, Stats> rate = report("intake.rate.dir");
    Map<String, Stats> reads = report("reads.dir");
    Map<String, Stats> surge = report("surge.dir");
    Stats maxIntake = max.get("intake");
    Stats rateIntake = rate.get("intake");
    double baseline = num("baseline.rowsPerSecond");

    md.append("### DESIGN.md section 7, virtual visits\n\n");
    md.append("| what | target | figure | p50 / p99 | vs baseline | verdict |\n| --- | --- | --- | --- | --- | --- |\n");

    // Intake.
    String intakeFigure = maxIntake == null ? "not measured (run failed)"
        : f0(maxIntake.perSecond()) + " visit requests/s at saturation (" + get("intake.max.users", "?") + " patients back to back, "
            + maxIntake.total() + " requests, " + f1(maxIntake.koPercent()) + "% errors)";
    md.append("| intake through HTTP (auth, persist, admission, reply) | ≥ 1,500/s sustained, p99 ≤ 100 ms | ")
        .append(intakeFigure).append(" | ").append(latency(maxIntake)).append(" | — | ")
        .append(verdict(maxIntake != null && maxIntake.perSecond() >= 1500 && maxIntake.p99() <= 100)).append(" |\n");
    if (rateIntake != null) {
      md.append("| intake, open model at a fixed rate | (same) | ").append(get("intake.rate.rate", "?")).append("/s offered, ")
          .append(f0(rateIntake.perSecond())).append("/s served, ").append(f1(rateIntake.koPercent())).append("% errors | ")
          .append(latency(rateIntake)).append(" | — | ")
          .append(verdict(rateIntake.perSecond() >= 1500 && rateIntake.p99() <= 100 && rateIntake.koPercent() < 1)).append(" |\n");
    }

    Stats variantIntake = report("variant.intake.dir").get("intake");
    String variant = get("variant.opts", "");
    if (variantIntake != null) {
      md.append("| intake, closed model, node with `").append(variant).append("` | (same) | ")
          .append(f0(variantIntake.perSecond())).append(" visit requests/s at saturation (").append(variantIntake.total())
          .append(" requests, ").append(f1(variantIntake.koPercent())).append("% errors) | ").append(latency(variantIntake))
          .append(" | — | ").append(verdict(variantIntake.perSecond() >= 1500 && variantIntake.p99() <= 100)).append(" |\n");
    }

    // Journal efficiency.
    double peak = num("intake.max.eventsPerSecondPeak");
    double avg = num("intake.max.eventsPerSecondAvg");
    md.append("| journal efficiency | events/s at full load ≥ 25% of raw batched INSERT rows/s | ")
        .append(f0(peak)).append(" events/s (best 10 s; ").append(f0(avg)).append(" on average over the run; ")
        .append(f1(num("intake.max.eventsPerIntake"))).append(" events per intake). Baseline: ").append(f0(baseline))
        .append(" rows/s (").append(get("baseline.threads", "?")).append(" connections, batches of ").append(get("baseline.batch", "?"))
        .append(", one commit per batch) | — | ").append(ratio(peak, baseline)).append(" | ")
        .append(verdict(!Double.isNaN(peak) && !Double.isNaN(baseline) && peak >= 0.25 * baseline)).append(" |\n");

    // Patient reads.
    Stats own = reads.get("read own visit");
    Stats avail = reads.get("availability");
    if (own != null && avail != null) {
      double total = own.perSecond() + avail.perSecond();
      long p99 = Math.max(own.p99(), avail.p99());
      md.append("| patient reads (own visit, state availability) | ≥ 10,000/s, p99 ≤ 20 ms | ").append(f0(total))
          .append(" reads/s (").append(get("reads.users", "?")).append(" readers back to back; own visit ")
          .append(f0(own.perSecond())).append("/s, availability ").append(f0(avail.perSecond())).append("/s; ")
          .append(f1((own.ko() + avail.ko()) * 100.0 / Math.max(1, own.total() + avail.total()))).append("% errors) | own visit ")
          .append(latency(own)).append("; availability ").append(latency(avail)).append(" | — | ")
          .append(verdict(total >= 10_000 && p99 <= 20)).append(" |\n");
    } else {
      md.append("| patient reads (own visit, state availability) | ≥ 10,000/s, p99 ≤ 20 ms | not measured (run failed) | | | |\n");
    }

    Map<String, Stats> variantReads = report("variant.reads.dir");
    if (variantReads.get("read own visit") != null && variantReads.get("availability") != null) {
      Stats vo = variantReads.get("read own visit");
      Stats va = variantReads.get("availability");
      double total = vo.perSecond() + va.perSecond();
      md.append("| patient reads, node with `").append(variant).append("` | (same) | ").append(f0(total))
          .append(" reads/s (own visit ").append(f0(vo.perSecond())).append("/s, availability ").append(f0(va.perSecond()))
          .append("/s) | own visit ").append(latency(vo)).append("; availability ").append(latency(va)).append(" | — | ")
          .append(verdict(total >= 10_000 && Math.max(vo.p99(), va.p99()) <= 20)).append(" |\n");
    }

    md.append(dashboardRow());
    md.append(liveRow());
    md.append(fanOutRow());
    md.append(catchUpRow());
    md.append(nodeKillRow());

    // Wait estimate.
    md.append(estimateRow());

    // Cold start.
    double ready = num("cold.readySeconds");
    md.append("| cold start of a node with 100,000 visits in the journal | ready ≤ 10 s | ")
        .append(Double.isNaN(ready) ? "not measured" : f1(ready) + " s from process start to `/health/ready` = 200 with "
            + f0(num("cold.visits")) + " visits in the journal (" + f0(num("cold.apiVisits")) + " made through the API by the runs above, "
            + f0(num("cold.copiedVisits")) + " copied from a real intake by SQL; " + f0(num("cold.events")) + " events); first availability of WA after ready: "
            + f0(num("cold.firstRequestMs")) + " ms; load average " + get("cold.loadavg", "?") + ". For comparison, the first start on an "
            + "empty data directory (initdb included): " + f1(num("fresh.readySeconds")) + " s")
        .append(" | — | — | ").append(verdict(!Double.isNaN(ready) && ready <= 10)).append(" |\n");
    md.append("| vaccine search, 40,000 sites | ≥ 10,000/s, p99 ≤ 20 ms | out of scope here: the vaccine product is not built yet | | — | — |\n\n");

    // Surge mix.
    if (!surge.isEmpty()) {
      md.append("### Surge mix (FullSurge)\n\n").append(get("surge.description", "")).append("\n\n");
      md.append("| request type | requests | errors | requests/s | p50 | p95 | p99 | max |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
      for (Stats s : surge.values()) {
        md.append("| ").append(s.name().equals("All Requests") ? "**all**" : s.name()).append(" | ").append(s.total()).append(" | ")
            .append(s.ko()).append(" (").append(f1(s.koPercent())).append("%) | ").append(f1(s.perSecond())).append(" | ")
            .append(s.p50()).append(" ms | ").append(s.p95()).append(" ms | ").append(s.p99()).append(" ms | ").append(s.max()).append(" ms |\n");
      }
      md.append("\n");
    }

    // CPU cost per request: robust against other work on the machine, which shows in the load average.
    md.append("### CPU per request\n\n")
        .append("CPU time the node's JVM and its PostgreSQL (all backends) used during each run, over the requests of the run "
            + "(setup calls included). The ceiling is what two cores would serve at that cost with nothing else running, "
            + "the load generator included; the load average shows how busy the machine was with other work.\n\n");
    md.append("| run | requests | node CPU per request | PostgreSQL CPU per request | ceiling on 2 cores | load average (start → end) |\n"
        + "| --- | --- | --- | --- | --- | --- |\n");
    for (String[] run : new String[][] {{"intake.max", "intake, closed model"}, {"intake.rate", "intake, open model"},
        {"reads", "patient reads"}, {"variant.intake", "intake, closed model, with the change"},
        {"variant.reads", "patient reads, with the change"}, {"surge", "surge mix"}, {"profile", "intake, profiled"}}) {
      Stats all = report(run[0] + ".dir").get("All Requests");
      double node = num(run[0] + ".nodeCpuMs");
      double pg = num(run[0] + ".pgCpuMs");
      if (all == null || Double.isNaN(node) || all.total() == 0) {
        continue;
      }
      double perNode = node / all.total();
      double perPg = pg / all.total();
      md.append("| ").append(run[1]).append(" | ").append(all.total()).append(" | ")
          .append(String.format(Locale.ROOT, "%.2f ms", perNode)).append(" | ")
          .append(String.format(Locale.ROOT, "%.2f ms", perPg)).append(" | ")
          .append(f0(2000 / (perNode + perPg))).append(" requests/s | ").append(get(run[0] + ".loadavg", "?")).append(" |\n");
    }
    md.append("\n");

    md.append(profile());

    // Estimator per scenario.
    Optional<JsonNode> estimates = estimates();
    if (estimates.isPresent()) {
      md.append("### Wait estimate accuracy per scenario\n\n")
          .append("Median over patients of |predicted − actual wait| ÷ max(actual, 5 min); in brackets the median absolute error. "
              + "Deterministic simulation (`WaitEstimateAccuracy`, fixed seed) with core's `WaitEstimator`, `QueuedVisit.ORDER` and "
              + "`DispatchPolicy`: three states, eight providers licensed in one to three states, 5% priority patients, 10% who give up.\n\n");
      md.append("| scenario | patients | median actual wait | estimator | longest wait + 15 min | average of finished visits |\n| --- | --- | --- | --- | --- | --- |\n");
      for (JsonNode s : estimates.get()) {
        md.append("| ").append(s.get("scenario").asText()).append(" (").append(s.get("description").asText()).append(") | ")
            .append(s.get("patients").asInt()).append(" | ").append(f1(s.get("medianActualMinutes").asDouble())).append(" min");
        for (JsonNode e : s.get("errors")) {
          md.append(" | ").append(f1(100 * e.get("medianRelative").asDouble())).append("% (")
              .append(f1(e.get("medianAbsoluteMinutes").asDouble())).append(" min)");
        }
        md.append(" |\n");
      }
      md.append("\n");
    }

    md.append("### How this was measured\n\n");
    md.append("`load/bench.sh` (").append(get("bench.seconds", "?")).append(" s per benchmark): a fresh data directory, the node started from "
        + "`cluster/target/surgecare.jar` as shipped, the raw baseline (`RawInsertBaseline`: batched INSERTs of journal-like rows into a scratch "
        + "table of the same PostgreSQL) while the node is idle, then `IntakeMax` (closed model, then open model at ")
        .append(get("intake.rate.share", "70")).append("% of the closed-model throughput), `PatientReads`, ")
        .append(p.getProperty("variant.opts") == null ? "" : "the intake and reads again on the node restarted with one configuration change (`"
            + get("variant.opts", "none") + "`), ")
        .append("`FullSurge`, the dashboard, live, fan-out, catch-up and node-kill steps (each described with its row), "
        + "the cold start (journal topped up to 100,000 visits, node restarted on the same data) and `WaitEstimateAccuracy`. "
        + "Events per second come from sampling `max(ordering)` of `event_journal` every second during the intake run. "
        + "Gatling reports: `load/target/bench/gatling/`.\n");
    return md.toString();
  }

  /** A row for a figure this run did not measure. */
  private static String notMeasured(String what, String target) {
    return "| " + what + " | " + target + " | not measured in this run | | — | — |\n";
  }

  /** Caregiver dashboard with 10,000 waiting patients over 50 states (step "dashboard"). */
  private String dashboardRow() {
    String what = "caregiver dashboard, 10,000 waiting over 50 states";
    String target = "one request, p99 ≤ 50 ms";
    double requests = num("dashboard.requests");
    if (Double.isNaN(requests) || requests == 0) {
      return notMeasured(what, target);
    }
    double p99 = num("dashboard.p99");
    StringBuilder figure = new StringBuilder().append(f1(num("dashboard.perSecond"))).append(" requests/s (")
        .append(get("dashboard.callers", "?")).append(" caregivers back to back, ").append(f0(requests)).append(" requests, ")
        .append(f0(num("dashboard.errors"))).append(" errors; p95 ").append(f1(num("dashboard.p95"))).append(" ms, max ")
        .append(f1(num("dashboard.max"))).append(" ms; ").append(f0(num("dashboard.bytes") / 1024)).append(" KiB per response; load average ")
        .append(get("dashboard.loadavg", "?")).append(")");
    if (!Double.isNaN(num("dashboard.nodeCpuMs"))) {
      figure.append("; node CPU ").append(f1(num("dashboard.nodeCpuMs") / requests)).append(" ms and PostgreSQL ")
          .append(f1(num("dashboard.pgCpuMs") / requests)).append(" ms per request");
    }
    if (!Double.isNaN(num("live.dashboard.count")) && num("live.dashboard.count") > 0) {
      figure.append("; once a second during the live step's intake load: p50 / p99 ").append(f1(num("live.dashboard.p50")))
          .append(" / ").append(f1(num("live.dashboard.p99"))).append(" ms (").append(f0(num("live.dashboard.count"))).append(" requests)");
    }
    figure.append(". Measured on ").append(f0(num("dashboard.waiting"))).append(" waiting patients over ")
        .append(get("dashboard.states", "?")).append(" states of a tenant of their own, each a real intake through the API; "
            + "`GET /dashboard?states=` all 50 as the caregiver page asks (25 waiting listed per state)");
    return "| " + what + " | " + target + " | " + figure + " | " + f1(num("dashboard.p50")) + " / " + f1(p99) + " ms | — | "
        + verdict(num("dashboard.waiting") >= 10_000 && p99 <= 50 && num("dashboard.errors") == 0) + " |\n";
  }

  /** Persist → WebSocket latency under the sustained intake rate (step "live"). */
  private String liveRow() {
    String what = "live update, persist → WebSocket";
    String target = "p99 ≤ 250 ms under the intake load";
    double count = num("live.all.count");
    if (Double.isNaN(count) || count == 0) {
      return notMeasured(what, target);
    }
    double p99 = num("live.all.p99");
    double missing = num("live.missing");
    String figure = f0(count) + " messages timed from the `persistedAt` they carry to their arrival (max " + f1(num("live.all.max"))
        + " ms): to caregivers, queue p50/p99 " + f1(num("live.caregiverQueue.p50")) + " / " + f1(num("live.caregiverQueue.p99"))
        + " ms and visit " + f1(num("live.caregiverVisit.p50")) + " / " + f1(num("live.caregiverVisit.p99")) + " ms; to patients, position "
        + f1(num("live.patientPosition.p50")) + " / " + f1(num("live.patientPosition.p99")) + " ms and visit "
        + f1(num("live.patientVisit.p50")) + " / " + f1(num("live.patientVisit.p99")) + " ms. " + f0(missing) + " of "
        + f0(num("live.expected")) + " expected messages never arrived; " + f0(num("live.dropped")) + " sockets dropped. Load: "
        + f0(num("live.intakes")) + " intakes at " + f1(num("live.intakesPerSecond")) + "/s (" + get("live.rate", "?") + "/s offered, "
        + f0(num("live.intakeRefused")) + " not accepted " + get("live.intakeRefusedStatuses", "") + "; intake answer p50/p99 "
        + f1(num("live.intakeAnswer.p50")) + " / " + f1(num("live.intakeAnswer.p99")) + " ms) over 50 states, each patient then on a socket "
        + "of their own (" + f0(num("live.patientSockets")) + "), " + get("live.caregivers", "?") + " caregivers watching 10 states each, "
        + "one provider per state taking " + f0(num("live.takes")) + " patients; intake sent → first caregiver message, an upper bound, p50/p99 "
        + f1(num("live.intakeToCaregiver.p50")) + " / " + f1(num("live.intakeToCaregiver.p99")) + " ms; load average " + get("live.loadavg", "?");
    return "| " + what + " | " + target + " | " + figure + " | " + f1(num("live.all.p50")) + " / " + f1(p99) + " ms | — | "
        + verdict(p99 <= 250 && missing == 0) + " |\n";
  }

  /** 10,000 patient and 200 caregiver sockets while providers take 50 patients/s (step "fanout"). */
  private String fanOutRow() {
    String what = "WebSocket fan-out";
    String target = "10,000 patients + 200 caregivers on one node, positions fresh ≤ 1 s p99 at 50 takes/s";
    double changes = num("fanout.freshness.count");
    if (Double.isNaN(num("fanout.patientSockets"))) {
      return notMeasured(what, target);
    }
    double p99 = num("fanout.freshness.p99");
    String figure = f0(num("fanout.waitingSockets")) + " waiting patients' and " + f0(num("fanout.caregiverSockets"))
        + " caregivers' sockets connected (" + f0(num("fanout.socketFailures")) + " failed, in " + f1(num("fanout.connectSeconds"))
        + " s; " + f0(num("fanout.dropped")) + " dropped); " + f0(num("fanout.takes")) + " takes at " + f1(num("fanout.takesPerSecond"))
        + "/s (" + get("fanout.offeredTakesPerSecond", "?") + "/s offered, " + f0(num("fanout.takeErrors")) + " errors). Freshness of "
        + f0(changes) + " queue changes that moved patients (persisted → the last affected patient's `position`): max "
        + f1(num("fanout.freshness.max")) + " ms; " + f0(num("fanout.changesIncomplete")) + " changes with "
        + f0(num("fanout.missingPositions")) + " of " + f0(num("fanout.expectedPositions")) + " positions never delivered, "
        + f0(num("fanout.queueChangesObserved")) + " queue changes reached the caregivers in all (each take changes its queue twice: "
        + "claim, then the visit length on completion), " + f0(num("fanout.changesUnobserved"))
        + " reached patients but not caregivers; waited " + f1(num("fanout.drainSeconds")) + " s after the takes for late messages; per position message p50/p99 " + f1(num("fanout.position.p50"))
        + " / " + f1(num("fanout.position.p99")) + " ms; caregivers' queue message p50/p99 " + f1(num("fanout.queue.p50")) + " / "
        + f1(num("fanout.queue.p99")) + " ms; " + f0(num("fanout.messagesPerSecond")) + " messages/s (" + f1(num("fanout.megabytesPerSecond"))
        + " MB/s) delivered; node " + get("fanout.nodeOpts", "as shipped") + ", open files up to " + get("fanout.nodeFdsMax", "?")
        + " of " + get("fanout.nodeMaxOpenFiles", "?") + "; load average " + get("fanout.loadavg", "?");
    boolean met = num("fanout.waitingSockets") >= 10_000 && num("fanout.caregiverSockets") >= 200 && p99 <= 1000
        && num("fanout.takesPerSecond") >= 0.95 * 50 && num("fanout.missingPositions") == 0 && num("fanout.dropped") == 0;
    return "| " + what + " | " + target + " | " + figure + " | " + f1(num("fanout.freshness.p50")) + " / " + f1(p99) + " ms | — | "
        + verdict(met) + " |\n";
  }

  /** Read models catching up after a 100,000-event burst, and lag under the sustained rate (step "catchup"). */
  private String catchUpRow() {
    String what = "read-model catch-up after a 100,000-event burst";
    String target = "≥ 5,000 events/s, lag never grows under the sustained rate";
    double perSecond = num("catchup.catchUpEventsPerSecond");
    if (Double.isNaN(perSecond)) {
      return notMeasured(what, target);
    }
    boolean caughtUp = get("catchup.caughtUp", "no").equals("yes");
    boolean grows = get("catchup.lagGrows", "yes").equals("yes");
    String figure = f0(perSecond) + " events/s: a burst of " + f0(num("catchup.burstEvents")) + " tagged events (copies of a real "
        + "intake's, written at once) applied by the visit-board and queue-board projections "
        + (caughtUp ? "in " + f1(num("catchup.catchUpSeconds")) + " s" : "only partly before the time limit")
        + " (best second " + f0(num("catchup.catchUpBestSecond")) + "). Then intake at " + get("catchup.sustainedRate", "?")
        + "/s for " + f0(num("catchup.sustainedSeconds")) + " s (" + get("catchup.sustainedServed", "?") + " accepted, "
        + get("catchup.sustainedFailed", "?") + " failed): lag p50 / max " + get("catchup.lagEventsP50", "?") + " / "
        + get("catchup.lagEventsMax", "?") + " events, " + get("catchup.lagMillisP50", "?") + " / " + get("catchup.lagMillisMax", "?")
        + " ms behind; mean lag in the first and last quarter " + get("catchup.lagFirstQuarter", "?") + " → "
        + get("catchup.lagLastQuarter", "?") + " events: " + (grows ? "grows" : "does not grow") + "; load average "
        + get("catchup.loadavg", "?");
    return "| " + what + " | " + target + " | " + figure + " | lag " + get("catchup.lagMillisP50", "?") + " / "
        + get("catchup.lagMillisMax", "?") + " ms | — | " + verdict(caughtUp && perSecond >= 5000 && !grows) + " |\n";
  }

  /** A node of three killed under intake load (step "kill"). */
  private String nodeKillRow() {
    String what = "node killed under load";
    String target = "0 acknowledged visits, messages or stock reports lost; its shards serve again ≤ 15 s";
    double max = num("kill.serveAgain.maxMs");
    double acknowledged = num("kill.visits.acknowledged");
    if (Double.isNaN(max) || Double.isNaN(acknowledged)) {
      return notMeasured(what, target);
    }
    double lost = num("kill.visits.lost") + num("kill.messages.lost");
    double unverified = num("kill.visits.unreadable") + num("kill.messages.unreadable");
    double notRecovered = num("kill.affected.notRecovered");
    boolean meets = lost == 0 && unverified == 0 && notRecovered == 0 && max <= 15_000;
    StringBuilder figure = new StringBuilder()
        .append("served again ").append(f1(max / 1000)).append(" s after the SIGKILL at the latest (")
        .append(f0(num("kill.affected.queues"))).append(" of ").append(f0(num("kill.probe.queues"))).append(" state queues and ")
        .append(f0(num("kill.affected.visits"))).append(" of ").append(f0(num("kill.probe.visits")))
        .append(" sampled visits failed reads after the kill; queues ").append(f1(num("kill.serveAgain.queues.maxMs") / 1000))
        .append(" s, visits ").append(f1(num("kill.serveAgain.visits.maxMs") / 1000)).append(" s")
        .append(notRecovered > 0 ? "; " + f0(notRecovered) + " never answered again" : "").append("). ")
        .append("Intake through the survivors failed or stalled until ").append(f1(num("kill.intake.outageUntilMs") / 1000))
        .append(" s (").append(f0(num("kill.intake.survivorsFailed"))).append(" failed, ")
        .append(f0(num("kill.intake.survivorsStalled"))).append(" over 1 s). ")
        .append("Lost: ").append(f0(num("kill.visits.lost"))).append(" of ").append(f0(acknowledged)).append(" acknowledged visits (")
        .append(f0(num("kill.visits.found"))).append(" read back), ").append(f0(num("kill.messages.lost"))).append(" of ")
        .append(f0(num("kill.messages.acknowledged"))).append(" acknowledged chat messages (").append(f0(num("kill.messages.found")))
        .append(" read back)");
    if (unverified > 0) {
      figure.append(", ").append(f0(unverified)).append(" could not be read");
    }
    figure.append("; of ").append(f0(num("kill.visits.unacknowledged"))).append(" unacknowledged intakes ")
        .append(f0(num("kill.visits.unacknowledgedRecorded"))).append(" were recorded anyway, of ")
        .append(f0(num("kill.messages.unacknowledged"))).append(" unacknowledged messages ")
        .append(f0(num("kill.messages.unacknowledgedRecorded"))).append(". Stock reports: the vaccine product is not built. ");
    if (!Double.isNaN(num("kill.rejoin.readySeconds"))) {
      figure.append("Restarted, the killed node was ready (joined, Up) in ").append(f1(num("kill.rejoin.readySeconds")))
          .append(" s; ").append(f0(num("kill.rejoin.membersUp"))).append(" members up, ").append(f0(num("kill.rejoin.readOk")))
          .append(" of ").append(f0(num("kill.rejoin.readTotal"))).append(" acknowledged visits read through it. ");
    }
    figure.append("How: three nodes on this machine (the first with the embedded PostgreSQL, fsync and synchronous_commit on), ")
        .append(get("kill.rate", "?")).append(" intakes/s over ").append(get("kill.states", "?"))
        .append(" states spread over the nodes and ").append(get("kill.chatRate", "?"))
        .append(" chat messages/s on waiting visits; a node without the database killed with SIGKILL; every state's availability and the sampled visits read through the survivors every ")
        .append(get("kill.probe.everyMs", "100")).append(" ms (6 s client timeout); then every acknowledged visit and message read back through the API. Load average ")
        .append(get("kill.loadavgAtKill", "?")).append(" at the kill");
    return "| " + what + " | " + target + " | " + figure + " | serve again p50 " + f1(num("kill.serveAgain.p50Ms") / 1000)
        + " s, max " + f1(max / 1000) + " s | — | " + verdict(meets) + " |\n";
  }

  /** The profiled intake run: statements per intake from pg_stat_statements, commits, and where the node's CPU went. */
  private String profile() {
    String statements = p.getProperty("profile.statements");
    if (statements == null || !Files.exists(Path.of(statements))) {
      return "";
    }
    double intakes = num("profile.intakes");
    StringBuilder md = new StringBuilder("### Profile of the intake path (load/bench.sh --profile)\n\n");
    md.append("An intake run like the closed-model one, with pg_stat_statements on and a flight recording of the node. ")
        .append(f0(intakes)).append(" intakes; PostgreSQL counted ").append(f0(num("profile.commits")))
        .append(" transactions (").append(f1(num("profile.commits") / intakes))
        .append(" per intake; every statement outside an explicit transaction counts as one, and `BEGIN` below counts the "
            + "explicit ones, which are the journal writes).\n\n");
    md.append("| statement | calls | per intake | rows | total ms | mean ms |\n| --- | --- | --- | --- | --- | --- |\n");
    try {
      for (String line : Files.readAllLines(Path.of(statements))) {
        String[] f = line.split("\\|", 5);
        if (f.length < 5 || Double.parseDouble(f[0]) < intakes / 10) {
          continue;
        }
        String query = f[4].length() > 90 ? f[4].substring(0, 90) + "…" : f[4];
        md.append("| `").append(query.replace("|", "\\|").replace("`", "'")).append("` | ").append(f[0]).append(" | ")
            .append(f1(Double.parseDouble(f[0]) / intakes)).append(" | ").append(f[3]).append(" | ").append(f[1]).append(" | ")
            .append(f[2]).append(" |\n");
      }
    } catch (IOException | NumberFormatException e) {
      md.append("| (could not read ").append(statements).append(") | | | | | |\n");
    }
    String hot = p.getProperty("profile.hotMethods");
    if (hot != null && Files.exists(Path.of(hot))) {
      try {
        List<String> lines = Files.readAllLines(Path.of(hot));
        md.append("\nNode CPU by area (share of JFR execution samples with such a frame on the stack; ")
            .append(lines.isEmpty() ? "?" : lines.get(0).replace("execution samples: ", "")).append(" samples):\n\n");
        boolean areas = false;
        for (String line : lines) {
          if (line.startsWith("areas")) {
            areas = true;
            continue;
          }
          if (areas && line.isBlank()) {
            break;
          }
          if (areas) {
            md.append("- ").append(line.strip()).append("\n");
          }
        }
      } catch (IOException e) {
        // the table above is enough
      }
    }
    return md.append("\n").toString();
  }

  private Optional<JsonNode> estimates() {
    String file = p.getProperty("estimate.json");
    if (file == null || file.isBlank() || !Files.exists(Path.of(file))) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ObjectMapper().readTree(Files.readString(Path.of(file))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private String estimateRow() {
    Optional<JsonNode> estimates = estimates();
    String target = "median absolute error ≤ 20% of actual wait, better than \"longest wait + 15 min\" and \"average of finished visits\"";
    if (estimates.isEmpty()) {
      return "| wait estimate, simulated surge shifts | " + target + " | not measured | | | |\n";
    }
    JsonNode all = null;
    for (JsonNode s : estimates.get()) {
      if (s.get("scenario").asText().equals("all scenarios")) {
        all = s;
      }
    }
    if (all == null) {
      return "| wait estimate, simulated surge shifts | " + target + " | not measured | | | |\n";
    }
    List<Double> rel = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (JsonNode e : all.get("errors")) {
      rel.add(e.get("medianRelative").asDouble());
      parts.add(e.get("predictor").asText() + " " + f1(100 * e.get("medianRelative").asDouble()) + "% ("
          + f1(e.get("medianAbsoluteMinutes").asDouble()) + " min)");
    }
    boolean better = rel.size() == 3 && rel.get(0) < rel.get(1) && rel.get(0) < rel.get(2);
    return "| wait estimate, simulated surge shifts | " + target + " | median error " + String.join("; ", parts) + " over "
        + all.get("patients").asInt() + " simulated patients of five scenarios | — | better than both: " + (better ? "yes" : "no")
        + " | " + verdict(better && rel.get(0) <= 0.20) + " |\n";
  }

  private static String ratio(double value, double baseline) {
    if (Double.isNaN(value) || Double.isNaN(baseline) || baseline <= 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1f%%", 100 * value / baseline);
  }

  private static String verdict(boolean met) {
    return met ? "meets" : "**short**";
  }
}
