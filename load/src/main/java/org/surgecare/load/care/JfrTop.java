package org.surgecare.load.care;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went in a flight recording: execution samples counted by their top frame (self time) and by
 * every method on the stack (total time), and the share of samples in a few areas of interest.
 *
 * <pre>java ... JfrTop RECORDING.jfr [TOP]</pre>
 */
public final class JfrTop {
  private static final Map<String, String> AREAS = new java.util.LinkedHashMap<>();

  static {
    AREAS.put("JSON (Jackson) serialization", "com.fasterxml.jackson.");
    AREAS.put("token verification (nimbus, JCA)", "com.nimbusds.");
    AREAS.put("queue hours (QueueHours)", "org.surgecare.core.care.rules.QueueHours.");
    AREAS.put("queue state copies (QueueState)", "org.surgecare.core.care.queue.QueueState.");
    AREAS.put("JDBC driver (pgjdbc)", "org.postgresql.");
    AREAS.put("Slick / persistence-jdbc", "slick.");
    AREAS.put("pekko-http", "org.apache.pekko.http.");
    AREAS.put("pekko remoting/sharding", "org.apache.pekko.cluster.");
  }

  public static void main(String[] args) throws Exception {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> areas = new HashMap<>();
    int samples = 0;
    try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        self.merge(name(frames.get(0)), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        Set<String> seenAreas = new HashSet<>();
        for (RecordedFrame f : frames) {
          String n = name(f);
          if (seen.add(n)) {
            total.merge(n, 1, Integer::sum);
          }
          for (Map.Entry<String, String> area : AREAS.entrySet()) {
            if (n.startsWith(area.getValue()) && seenAreas.add(area.getKey())) {
              areas.merge(area.getKey(), 1, Integer::sum);
            }
          }
        }
      }
    }
    System.out.println("execution samples: " + samples);
    System.out.println("\nareas (share of samples with such a frame on the stack):");
    for (String area : AREAS.keySet()) {
      System.out.printf("  %5.1f%%  %s%n", 100.0 * areas.getOrDefault(area, 0) / Math.max(1, samples), area);
    }
    print("top frames (self)", self, samples, top);
    print("methods on the stack (total)", total, samples, top);
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int top) {
    System.out.println("\n" + title + ":");
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(top)
        .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }
}
