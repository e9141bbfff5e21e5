package org.surgecare.load.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static String row(String id, String name, String... values) {
    StringBuilder html = new StringBuilder("<tr id=\"" + id + "\" data-parent=\"ROOT\">\n  <td class=\"total col-1\">\n"
        + "<span onmouseover=\"isEllipsed('x')\" id=\"stats-table-x\" class=\"ellipsed-name\">" + name + "</span>\n  </td>\n");
    for (int i = 0; i < values.length; i++) {
      html.append("  <td class=\"value ").append(i == 2 || i == 3 ? "ko" : "total").append(" col-").append(i + 2).append("\">")
          .append(values[i]).append("</td>\n");
    }
    return html.append("</tr>").toString();
  }

  static final String REPORT = "<table><tbody>"
      + row("ROOT", "All Requests", "120", "118", "2", "1.67", "12.5", "3", "20", "30", "40", "95", "120", "25", "9")
      + row("req_intake-1", "intake", "100", "99", "1", "1", "10.1", "3", "21", "31", "41", "96", "120", "26", "9")
      + row("req_read-2", "read own visit", "20", "19", "1", "5", "2.4", "4", "5", "6", "7", "8", "9", "5", "1")
      + "</tbody></table>";

  @Test
  void readsEveryRequestTypeOfAGatlingReport() {
    Map<String, BenchReport.Stats> stats = BenchReport.parse(REPORT);

    assertThat(stats).containsOnlyKeys("All Requests", "intake", "read own visit");
    BenchReport.Stats intake = stats.get("intake");
    assertThat(intake.total()).isEqualTo(100);
    assertThat(intake.ko()).isEqualTo(1);
    assertThat(intake.perSecond()).isEqualTo(10.1);
    assertThat(intake.p50()).isEqualTo(21);
    assertThat(intake.p99()).isEqualTo(96);
    assertThat(stats.get("read own visit").p99()).isEqualTo(8);
  }

  @Test
  void rowsOfFeaturesNotBuiltSayWhy() {
    Properties results = new Properties();
    results.setProperty("date", "2026-11-22 01:00 UTC");
    results.setProperty("baseline.rowsPerSecond", "30000");

    String md = new BenchReport(results).render();

    assertThat(md).contains("| caregiver dashboard, 10,000 waiting over 50 states |", "not measured in this run");
    assertThat(md).contains("| live update, persist → WebSocket |", "| WebSocket fan-out |", "| read-model catch-up", "| node killed under load |");
    assertThat(md).contains("| cold start of a node with 100,000 visits in the journal | ready ≤ 10 s | not measured");
  }

  @Test
  void readSideRowsComeFromTheLiveBenchFigures() {
    Properties results = new Properties();
    String[][] figures = {
        {"dashboard.requests", "600"}, {"dashboard.callers", "4"}, {"dashboard.perSecond", "20.0"}, {"dashboard.errors", "0"},
        {"dashboard.p50", "31.5"}, {"dashboard.p95", "42.0"}, {"dashboard.p99", "48.2"}, {"dashboard.max", "60.1"},
        {"dashboard.bytes", "133000"}, {"dashboard.waiting", "10000"}, {"dashboard.states", "50"},
        {"dashboard.nodeCpuMs", "6000"}, {"dashboard.pgCpuMs", "1200"},
        {"live.dashboard.count", "30"}, {"live.dashboard.p50", "80.0"}, {"live.dashboard.p99", "140.0"},
        {"live.all.count", "9000"}, {"live.all.p50", "12.0"}, {"live.all.p99", "300.5"}, {"live.all.max", "410.0"},
        {"live.missing", "0"}, {"live.expected", "4000"}, {"live.dropped", "0"}, {"live.intakes", "3000"},
        {"live.intakesPerSecond", "100.0"}, {"live.rate", "100"}, {"live.intakeRefused", "0"},
        {"fanout.patientSockets", "10000"}, {"fanout.waitingSockets", "10000"}, {"fanout.caregiverSockets", "200"},
        {"fanout.socketFailures", "0"}, {"fanout.dropped", "0"}, {"fanout.takes", "1500"}, {"fanout.takesPerSecond", "50.0"},
        {"fanout.offeredTakesPerSecond", "50"}, {"fanout.freshness.count", "3000"}, {"fanout.freshness.p50", "200.0"},
        {"fanout.freshness.p99", "900.0"}, {"fanout.freshness.max", "1200.0"}, {"fanout.missingPositions", "0"},
        {"fanout.changesIncomplete", "0"}, {"fanout.messagesPerSecond", "21000"}};
    for (String[] f : figures) {
      results.setProperty(f[0], f[1]);
    }

    String md = new BenchReport(results).render();

    assertThat(md).contains("| caregiver dashboard, 10,000 waiting over 50 states | one request, p99 ≤ 50 ms | 20.0 requests/s (4 caregivers",
        "node CPU 10.0 ms and PostgreSQL 2.0 ms per request", "during the live step's intake load: p50 / p99 80.0 / 140.0 ms",
        "10,000 waiting patients over 50 states", "| 31.5 / 48.2 ms | — | meets |");
    assertThat(md).contains("| live update, persist → WebSocket | p99 ≤ 250 ms under the intake load | 9,000 messages timed",
        "0 of 4,000 expected messages never arrived", "| 12.0 / 300.5 ms | — | **short** |");
    assertThat(md).contains("| WebSocket fan-out |", "10,000 waiting patients' and 200 caregivers' sockets connected",
        "Freshness of 3,000 queue changes", "| 200.0 / 900.0 ms | — | meets |");
    assertThat(md).doesNotContain("not measured in this run | | — | — |\n| live update");
  }

  private static Properties killRun(String maxMs, String visitsLost) {
    Properties results = new Properties();
    results.setProperty("date", "2026-11-22 03:00 UTC");
    results.setProperty("kill.serveAgain.maxMs", maxMs);
    results.setProperty("kill.serveAgain.p50Ms", "9100");
    results.setProperty("kill.serveAgain.queues.maxMs", "9800");
    results.setProperty("kill.serveAgain.visits.maxMs", maxMs);
    results.setProperty("kill.affected.queues", "4");
    results.setProperty("kill.affected.visits", "11");
    results.setProperty("kill.affected.notRecovered", "0");
    results.setProperty("kill.probe.queues", "12");
    results.setProperty("kill.probe.visits", "30");
    results.setProperty("kill.intake.outageUntilMs", "12300");
    results.setProperty("kill.visits.acknowledged", "540");
    results.setProperty("kill.visits.found", "540");
    results.setProperty("kill.visits.lost", visitsLost);
    results.setProperty("kill.visits.unreadable", "0");
    results.setProperty("kill.messages.acknowledged", "200");
    results.setProperty("kill.messages.found", "200");
    results.setProperty("kill.messages.lost", "0");
    results.setProperty("kill.messages.unreadable", "0");
    results.setProperty("kill.rejoin.readySeconds", "7.5");
    results.setProperty("kill.rejoin.membersUp", "3");
    return results;
  }

  @Test
  void nodeKillRowGivesTheSlowestEntityAndTheLossesAgainstTheTarget() {
    String md = new BenchReport(killRun("11400", "0")).render();

    String row = md.lines().filter(l -> l.startsWith("| node killed under load |")).findFirst().orElseThrow();
    assertThat(row).contains("served again 11.4 s after the SIGKILL at the latest", "4 of 12 state queues", "11 of 30 sampled visits",
        "Lost: 0 of 540 acknowledged visits", "0 of 200 acknowledged chat messages", "vaccine product is not built",
        "ready (joined, Up) in 7.5 s; 3 members up", "serve again p50 9.1 s, max 11.4 s", "meets");
  }

  @Test
  void nodeKillRowFallsShortWhenTooSlowOrAnythingIsLost() {
    assertThat(new BenchReport(killRun("15100", "0")).render()).contains("max 15.1 s | — | **short** |");
    assertThat(new BenchReport(killRun("9000", "1")).render()).contains("Lost: 1 of 540", "**short** |");
  }

  @Test
  void catchUpRowJudgesRateAndLag() {
    Properties results = new Properties();
    String[][] figures = {{"catchup.burstEvents", "100000"}, {"catchup.catchUpSeconds", "12.5"},
        {"catchup.catchUpEventsPerSecond", "8000"}, {"catchup.catchUpBestSecond", "9500"}, {"catchup.caughtUp", "yes"},
        {"catchup.sustainedRate", "80"}, {"catchup.sustainedSeconds", "30"}, {"catchup.sustainedServed", "2400"},
        {"catchup.sustainedFailed", "0"}, {"catchup.lagEventsP50", "3"}, {"catchup.lagEventsMax", "40"},
        {"catchup.lagMillisP50", "120"}, {"catchup.lagMillisMax", "900"}, {"catchup.lagFirstQuarter", "4.0"},
        {"catchup.lagLastQuarter", "3.5"}, {"catchup.lagGrows", "no"}};
    for (String[] f : figures) {
      results.setProperty(f[0], f[1]);
    }

    String row = new BenchReport(results).render().lines()
        .filter(l -> l.startsWith("| read-model catch-up")).findFirst().orElseThrow();
    assertThat(row).contains("8,000 events/s", "in 12.5 s", "does not grow", "| meets |");

    results.setProperty("catchup.lagGrows", "yes");
    assertThat(new BenchReport(results).render()).contains("grows; load average", "**short**");
  }
}
