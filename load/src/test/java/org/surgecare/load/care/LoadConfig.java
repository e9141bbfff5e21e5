package org.surgecare.load.care;

import org.surgecare.load.support.States;
import org.surgecare.load.support.LocalIssuer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a simulation runs against and how hard, from system properties ({@code -Dsurgecare.baseUrl=...} on the
 * Maven command line). Every duration is bounded so that a run always ends by itself.
 */
final class LoadConfig {
  /** No single simulation phase runs longer than this, whatever is asked. */
  static final int MAX_SECONDS = 900;

  /** The twelve states the surge spreads over by default. */
  static final List<String> SURGE_STATES = List.of("WA", "OR", "CA", "TX", "NY", "FL", "IL", "PA", "OH", "GA", "NC", "MI");

  /** The 50 states and DC, for the intake benchmark. */
  static final List<String> ALL_STATES = States.FIFTY_AND_DC;

  final String baseUrl = text("surgecare.baseUrl", "http://127.0.0.1:8080").replaceAll("/+$", "");
  final String tenant = text("surgecare.tenant", "demo");
  /** A private key file from {@code LocalIssuer keys}: sign tokens here instead of asking {@code /dev/token}. */
  final Optional<Path> issuerKey = Optional.of(text("surgecare.issuerKey", "")).filter(s -> !s.isBlank()).map(Path::of);
  /** Patients arriving per second before the surge. */
  final double baselineRate = number("surgecare.baselineRate", 3);
  /** How many times the baseline the surge ramps to. */
  final double peakFactor = number("surgecare.peakFactor", 10);
  /** Length of the main phase in seconds. */
  final int duration = (int) Math.min(MAX_SECONDS, number("surgecare.duration", 90));
  /** Concurrent users of the closed-model simulations (intake and read throughput). */
  final int users = (int) number("surgecare.users", 32);
  /** Arrivals per second for the open-model intake run; 0 runs the closed model at full speed. */
  final double rate = number("surgecare.rate", 0);
  /** Patient tokens to sign before an intake run (local issuer only); negative: the simulation decides. */
  final int presign = (int) number("surgecare.presign", -1);
  final int providers = (int) number("surgecare.providers", 6);
  final int supportStaff = (int) number("surgecare.support", 1);
  final int caregivers = (int) number("surgecare.caregivers", 20);
  /** Patients with a visit that the read benchmark reads back. */
  final int readers = (int) number("surgecare.readers", 400);
  /** Waiting patients a queue may hold during the benchmarks. */
  final int capacity = (int) number("surgecare.capacity", 20_000);
  /** Seconds between a waiting patient's polls, and how many polls at most. */
  final double pollSeconds = number("surgecare.pollSeconds", 3);
  final int polls = (int) number("surgecare.polls", 10);
  /** Seconds a provider spends in a visit (the surge compresses real visits). */
  final double visitSeconds = number("surgecare.visitSeconds", 4);

  // Assertions: error rate and p99 per request type (DESIGN.md section 7 where it gives a target).
  final double maxErrorPercent = number("surgecare.maxErrorPercent", 1);
  final int p99IntakeMs = (int) number("surgecare.p99.intake", 100);
  final int p99ReadMs = (int) number("surgecare.p99.read", 20);
  final int p99DashboardMs = (int) number("surgecare.p99.dashboard", 50);
  final int p99OtherMs = (int) number("surgecare.p99.other", 1000);

  List<String> states(List<String> fallback) {
    String listed = text("surgecare.states", "");
    return listed.isBlank() ? fallback : Arrays.stream(listed.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  String api() {
    return "/api/v1/tenants/" + tenant;
  }

  private static String text(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static double number(String name, double fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : Double.parseDouble(value.strip());
  }
}
