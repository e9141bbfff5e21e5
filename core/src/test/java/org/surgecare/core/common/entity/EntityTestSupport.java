package org.surgecare.core.common.entity;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;

/** The actor system, serialization checks and reply helpers every entity test shares. */
public final class EntityTestSupport {
  private EntityTestSupport() {}

  /**
   * Every command, event, reply and state must round-trip through the Jackson serializer the journal uses, and
   * come back equal.
   */
  public static final EventSourcedBehaviorTestKit.SerializationSettings SERIALIZATION =
      EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true);

  /** In-memory journal and snapshots (from the testkit), core's reference.conf bindings, quiet logs. */
  public static Config config() {
    return ConfigFactory.parseString(
            """
            pekko.loglevel = WARNING
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            """)
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(PersistenceTestKitPlugin.getInstance().config());
  }

  /** Empties the in-memory journal and snapshot store of every entity. */
  public static void clearJournal(ActorTestKit testKit) {
    PersistenceTestKit.create(testKit.system()).clearAll();
    SnapshotTestKit.create(testKit.system()).clearAll();
  }

  /** The refusal a failed reply carries; fails the test when the reply succeeded or carries something else. */
  public static Refusal refusalOf(StatusReply<?> reply) {
    assertThat(reply.isError()).as("expected a refusal but got %s", reply).isTrue();
    return Refusal.in(reply.getError())
        .orElseThrow(() -> new AssertionError("not a refusal: " + reply.getError()));
  }

  /** How a future ended: with a value or a failure. */
  public record Outcome<T>(T value, Throwable failure) {
    public T get() {
      if (failure != null) {
        throw new AssertionError("expected a value but the future failed", failure);
      }
      return value;
    }

    public Refusal refusal() {
      assertThat(failure).as("expected a refusal but got %s", value).isNotNull();
      return Refusal.in(failure).orElseThrow(() -> new AssertionError("not a refusal", failure));
    }
  }

  /** Waits for a future through a probe, so that the only timeouts in tests are probe receive timeouts. */
  public static <T> Outcome<T> outcomeOf(ActorTestKit testKit, CompletionStage<T> stage, Duration max) {
    TestProbe<Outcome<T>> probe = testKit.createTestProbe();
    stage.whenComplete((value, failure) -> probe.ref().tell(new Outcome<>(value, failure)));
    try {
      return probe.receiveMessage(max);
    } finally {
      probe.stop();
    }
  }

  public static <T> Outcome<T> outcomeOf(ActorTestKit testKit, CompletionStage<T> stage) {
    return outcomeOf(testKit, stage, Duration.ofSeconds(10));
  }
}
