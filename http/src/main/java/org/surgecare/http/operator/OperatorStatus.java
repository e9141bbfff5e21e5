package org.surgecare.http.operator;

import java.time.Instant;
import java.util.List;

/** The operator view's JSON: members, shards and entities per node, projection lag, request rate. */
public record OperatorStatus(
    Instant generatedAt, String self, List<Member> members, List<Shards> shards, List<Projection> projections,
    Requests requests) {

  public record Member(String address, String status, List<String> roles, boolean reachable) {}

  public record Region(String address, int shards, long entities) {}

  public record Shards(String entityType, List<Region> regions) {}

  public record Projection(String name, String key, long offset, long lagEvents, double lagSeconds) {}

  public record Requests(long total, double perSecond) {}
}
