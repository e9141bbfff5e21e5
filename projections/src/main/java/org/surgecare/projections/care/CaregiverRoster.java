package org.surgecare.projections.care;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads the caregiver roster of a tenant in one query (caregivers joined with their licenses). */
public final class CaregiverRoster {

  public record LicenseRow(String state, String number, LocalDate expires, String status) {}

  public record CaregiverRow(
      String caregiverId,
      String displayName,
      String email,
      List<String> roles,
      String availability,
      Instant invitedAt,
      List<LicenseRow> licenses,
      String phone,
      String status) {}

  private final DataSource dataSource;

  public CaregiverRoster(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<CaregiverRow> list(String tenant) throws SQLException {
    String sql =
        "SELECT r.caregiver_id, r.display_name, r.email, r.roles, r.availability, r.invited_at,"
            + " l.state, l.license_number, l.expires, l.status, r.phone, r.status"
            + " FROM caregiver_roster r LEFT JOIN caregiver_license l"
            + " ON l.tenant = r.tenant AND l.caregiver_id = r.caregiver_id"
            + " WHERE r.tenant = ? ORDER BY r.display_name, r.caregiver_id, l.state";
    Map<String, CaregiverRow> rows = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, tenant);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          CaregiverRow row = rows.computeIfAbsent(id, key -> {
            try {
              return new CaregiverRow(
                  key,
                  rs.getString(2),
                  rs.getString(3),
                  List.of(rs.getString(4).split(",")),
                  rs.getString(5),
                  rs.getTimestamp(6).toInstant(),
                  new ArrayList<>(),
                  rs.getString(11),
                  rs.getString(12));
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });
          if (rs.getString(7) != null) {
            row.licenses().add(new LicenseRow(
                rs.getString(7), rs.getString(8), rs.getObject(9, LocalDate.class), rs.getString(10)));
          }
        }
      }
    }
    return List.copyOf(rows.values());
  }
}
