package org.surgecare.load.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One figure from a Gatling report, for load/bench.sh: {@code BenchStat REPORT_DIR REQUEST_NAME FIELD} where FIELD
 * is total, ok, ko, perSecond, p50 or p99.
 */
public final class BenchStat {
  public static void main(String[] args) throws Exception {
    BenchReport.Stats s = BenchReport.parse(Files.readString(Path.of(args[0], "index.html"))).get(args[1]);
    if (s == null) {
      System.out.println(0);
      return;
    }
    System.out.println(switch (args[2]) {
      case "total" -> String.valueOf(s.total());
      case "ok" -> String.valueOf(s.ok());
      case "ko" -> String.valueOf(s.ko());
      case "perSecond" -> String.format(Locale.ROOT, "%.0f", s.perSecond());
      case "p50" -> String.valueOf(s.p50());
      case "p99" -> String.valueOf(s.p99());
      default -> throw new IllegalArgumentException("unknown field " + args[2]);
    });
  }
}
