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
}
