package org.surgecare.core.common;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * The US states, DC, Puerto Rico and the territories a patient can be physically in when asking for a visit.
 * Each carries the time zone its queue keeps hours in unless the tenant sets another (states split across zones
 * use the zone most of their population lives in).
 */
public enum UsState {
  AL("Alabama", "America/Chicago"),
  AK("Alaska", "America/Anchorage"),
  AZ("Arizona", "America/Phoenix"),
  AR("Arkansas", "America/Chicago"),
  CA("California", "America/Los_Angeles"),
  CO("Colorado", "America/Denver"),
  CT("Connecticut", "America/New_York"),
  DE("Delaware", "America/New_York"),
  DC("District of Columbia", "America/New_York"),
  FL("Florida", "America/New_York"),
  GA("Georgia", "America/New_York"),
  HI("Hawaii", "Pacific/Honolulu"),
  ID("Idaho", "America/Boise"),
  IL("Illinois", "America/Chicago"),
  IN("Indiana", "America/Indiana/Indianapolis"),
  IA("Iowa", "America/Chicago"),
  KS("Kansas", "America/Chicago"),
  KY("Kentucky", "America/New_York"),
  LA("Louisiana", "America/Chicago"),
  ME("Maine", "America/New_York"),
  MD("Maryland", "America/New_York"),
  MA("Massachusetts", "America/New_York"),
  MI("Michigan", "America/Detroit"),
  MN("Minnesota", "America/Chicago"),
  MS("Mississippi", "America/Chicago"),
  MO("Missouri", "America/Chicago"),
  MT("Montana", "America/Denver"),
  NE("Nebraska", "America/Chicago"),
  NV("Nevada", "America/Los_Angeles"),
  NH("New Hampshire", "America/New_York"),
  NJ("New Jersey", "America/New_York"),
  NM("New Mexico", "America/Denver"),
  NY("New York", "America/New_York"),
  NC("North Carolina", "America/New_York"),
  ND("North Dakota", "America/Chicago"),
  OH("Ohio", "America/New_York"),
  OK("Oklahoma", "America/Chicago"),
  OR("Oregon", "America/Los_Angeles"),
  PA("Pennsylvania", "America/New_York"),
  RI("Rhode Island", "America/New_York"),
  SC("South Carolina", "America/New_York"),
  SD("South Dakota", "America/Chicago"),
  TN("Tennessee", "America/Chicago"),
  TX("Texas", "America/Chicago"),
  UT("Utah", "America/Denver"),
  VT("Vermont", "America/New_York"),
  VA("Virginia", "America/New_York"),
  WA("Washington", "America/Los_Angeles"),
  WV("West Virginia", "America/New_York"),
  WI("Wisconsin", "America/Chicago"),
  WY("Wyoming", "America/Denver"),
  PR("Puerto Rico", "America/Puerto_Rico"),
  VI("U.S. Virgin Islands", "America/St_Thomas"),
  GU("Guam", "Pacific/Guam"),
  AS("American Samoa", "Pacific/Pago_Pago"),
  MP("Northern Mariana Islands", "Pacific/Saipan");

  private final String displayName;
  private final ZoneId zone;

  UsState(String displayName, String zone) {
    this.displayName = displayName;
    this.zone = ZoneId.of(zone);
  }

  public String displayName() {
    return displayName;
  }

  public ZoneId defaultZone() {
    return zone;
  }

  /** Parses a two-letter code, ignoring case and surrounding blanks; empty for anything else. */
  public static Optional<UsState> parse(String code) {
    if (code == null) {
      return Optional.empty();
    }
    String normalized = code.strip().toUpperCase(Locale.ROOT);
    if (normalized.length() != 2) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(normalized));
    } catch (IllegalArgumentException notAState) {
      return Optional.empty();
    }
  }
}
