package org.surgecare.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.surgecare.core.common.UsState;

/**
 * Reads fields of a JSON request body and collects every problem with the field's path, so that one response
 * names all invalid fields at once.
 */
public final class Fields {
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

  private final List<Problem.FieldError> errors = new ArrayList<>();

  public void error(String field, String message) {
    errors.add(new Problem.FieldError(field, message));
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Throws the validation problem if any field failed. */
  public void check() {
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
  }

  public String text(JsonNode parent, String path, String name, int maxLength, boolean required) {
    JsonNode node = parent.get(name);
    String field = path.isEmpty() ? name : path + "." + name;
    if (node == null || node.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return "";
    }
    if (!node.isTextual()) {
      error(field, "must be a string");
      return "";
    }
    String value = node.asText().strip();
    if (required && value.isEmpty()) {
      error(field, "must not be blank");
    } else if (value.length() > maxLength) {
      error(field, "must be at most " + maxLength + " characters");
    }
    return value;
  }

  public int integer(JsonNode parent, String name, int min, int max, int fallback) {
    return integer(parent, "", name, min, max, fallback);
  }

  /** A whole number within [min, max]; on any error the fallback, so callers can build values safely. */
  public int integer(JsonNode parent, String path, String name, int min, int max, int fallback) {
    JsonNode node = parent.get(name);
    String field = path.isEmpty() ? name : path + "." + name;
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      error(field, "must be a whole number");
      return fallback;
    }
    int value = node.asInt();
    if (value < min || value > max) {
      error(field, "must be between " + min + " and " + max);
      return fallback;
    }
    return value;
  }

  /** The most items one page of a listing holds. */
  public static final int MAX_PAGE = 200;

  /** The {@code limit} query parameter of a listing: 1 to {@link #MAX_PAGE}, the fallback when absent. */
  public int pageSize(Optional<String> text, int fallback) {
    return (int) queryNumber("limit", text, 1, MAX_PAGE, fallback);
  }

  /** A whole number from a query parameter, within [min, max]; the fallback when absent or invalid. */
  public long queryNumber(String name, Optional<String> text, long min, long max, long fallback) {
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.get().strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    error(name, "must be a whole number from " + min + " to " + max);
    return fallback;
  }

  public Optional<Boolean> bool(JsonNode parent, String name) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      error(name, "must be true or false");
      return Optional.empty();
    }
    return Optional.of(node.asBoolean());
  }

  public Optional<UsState> state(JsonNode parent, String name, boolean required) {
    String code = text(parent, "", name, 8, required);
    if (code.isEmpty()) {
      return Optional.empty();
    }
    Optional<UsState> state = UsState.parse(code);
    if (state.isEmpty()) {
      error(name, "'" + code + "' is not a US state, DC or territory code");
    }
    return state;
  }

  public <T> Optional<T> parsed(String field, String text, Function<String, T> parser, String expected) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(text));
    } catch (DateTimeException | IllegalArgumentException e) {
      error(field, "must be " + expected);
      return Optional.empty();
    }
  }

  public Optional<LocalDate> date(JsonNode parent, String name, boolean required) {
    return parsed(name, text(parent, "", name, 10, required), LocalDate::parse, "a date like 2027-06-30");
  }

  public Optional<Instant> instant(JsonNode parent, String path, String name, boolean required) {
    String field = path.isEmpty() ? name : path + "." + name;
    return parsed(field, text(parent, path, name, 40, required), Instant::parse, "an instant like 2026-12-24T18:00:00Z");
  }

  public Optional<LocalTime> time(JsonNode parent, String path, String name) {
    String field = path + "." + name;
    return parsed(field, text(parent, path, name, 8, true), LocalTime::parse, "a time like 07:00");
  }

  public Optional<ZoneId> zone(JsonNode parent, String name) {
    return parsed(name, text(parent, "", name, 64, false), ZoneId::of, "an IANA time zone like America/Chicago");
  }

  public String id(JsonNode parent, String name, boolean required) {
    String id = text(parent, "", name, 128, required);
    if (!id.isEmpty() && !ID.matcher(id).matches()) {
      error(name, "may hold letters, digits, '.', '_', '@' and '-' only");
    }
    return id;
  }
}
