package org.surgecare.projections.care;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.surgecare.core.care.rules.QueueSettings;

/** How queue settings are stored in read-model JSON columns (ISO-8601 times and durations). */
public final class ReadModelJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(new Jdk8Module())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private ReadModelJson() {}

  public static String settings(QueueSettings settings) {
    try {
      return MAPPER.writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write queue settings", e);
    }
  }

  public static QueueSettings settings(String json) {
    try {
      return MAPPER.readValue(json, QueueSettings.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read queue settings", e);
    }
  }
}
