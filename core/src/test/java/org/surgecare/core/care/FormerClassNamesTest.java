package org.surgecare.core.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.surgecare.core.care.caregiver.Availability;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.common.entity.EntityTestSupport;

class FormerClassNamesTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private static final Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void eventsJournaledUnderTheFormerPackageAreReadAsToday() {
    Object event = new Visit.VisitNoShow("dr-rivera", Instant.parse("2026-11-01T10:00:00Z"));
    assertThat(readAs(event, "org.surgecare.core.visit.Visit$VisitNoShow")).isEqualTo(event);

    Object other = new Caregiver.AvailabilityChanged(Availability.values()[0], "ada-admin", Instant.parse("2026-11-01T10:00:00Z"));
    assertThat(readAs(other, "org.surgecare.core.caregiver.Caregiver$AvailabilityChanged")).isEqualTo(other);
  }

  @Test
  void newEventsAreWrittenUnderTheirOwnName() {
    Object event = new Visit.VisitNoShow("dr-rivera", Instant.parse("2026-11-01T10:00:00Z"));
    var serializer = serialization.findSerializerFor(event);
    assertThat(Serializers.manifestFor(serializer, event)).isEqualTo(Visit.VisitNoShow.class.getName());
  }

  @Test
  void namesOutsideTheMovedPackagesAreKept() {
    FormerClassNames names = new FormerClassNames();
    assertThat(names.transformClassName(1, "org.surgecare.core.common.EntityId")).isEqualTo("org.surgecare.core.common.EntityId");
    assertThat(names.transformClassName(1, "org.surgecare.core.queue.StateQueue$VisitQueued"))
        .isEqualTo("org.surgecare.core.care.queue.StateQueue$VisitQueued");
  }

  private static Object readAs(Object event, String formerManifest) {
    var serializer = serialization.findSerializerFor(event);
    byte[] bytes = serialization.serialize(event).get();
    return serialization.deserialize(bytes, serializer.identifier(), formerManifest).get();
  }
}
