package org.surgecare.core.common.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RefusalTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private static final Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aRefusalCrossesNodesAsJsonWithItsFields() {
    for (Refusal refusal : new Refusal[] {
        new Refusal(Refusal.Kind.CONFLICT, "visit is completed"),
        Refusal.activeVisitExists("visit-1"),
        Refusal.keyReused("visit-2"),
        Refusal.rateLimited("retry in 5 s", Duration.ofSeconds(5))}) {
      assertThat(serialization.findSerializerFor(refusal).getClass().getName()).contains("Jackson");
      assertThat(roundTrip(refusal)).isEqualTo(refusal);
    }
  }

  @Test
  void aStatusReplyErrorCarriesTheRefusalItself() {
    Refusal refusal = Refusal.activeVisitExists("visit-1");
    StatusReply<Object> reply = roundTrip(refusal.reply());

    assertThat(reply.isError()).isTrue();
    assertThat(reply.getError()).isInstanceOf(Refusal.class).isEqualTo(refusal);
    assertThat(((Refusal) reply.getError()).visitId()).contains("visit-1");
  }

  @Test
  void aRefusalIsFoundByTypeAlongTheCauses() {
    Refusal refusal = new Refusal(Refusal.Kind.NOT_FOUND, "no such visit");

    assertThat(Refusal.in(new CompletionException(refusal))).contains(refusal);
    assertThat(Refusal.in(new StatusReply.ErrorMessage("not-found: no such visit"))).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    var serializer = serialization.findSerializerFor(value);
    byte[] bytes = serialization.serialize(value).get();
    return (T) serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, value)).get();
  }
}
