package org.surgecare.load;

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
}
