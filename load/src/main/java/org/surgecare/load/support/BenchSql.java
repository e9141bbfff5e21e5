package org.surgecare.load.support;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;

/**
 * Small SQL helpers for load/bench.sh, so that the runner needs no database client installed.
 *
 * <pre>
 * java ... BenchSql query JDBC_URL SQL...             prints each row of each statement, columns separated by '|'
 * java ... BenchSql sample JDBC_URL FILE MAX_SECONDS  every second appends "epochMillis maxOrdering" to FILE;
 *                                                     stops after MAX_SECONDS (or when killed)
 * </pre>
 */
public final class BenchSql {
  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("query")) {
      try (Connection c = DriverManager.getConnection(args[1]); Statement s = c.createStatement()) {
        for (int i = 2; i < args.length; i++) {
          print(s, args[i]);
        }
      }
    } else if (args.length >= 4 && args[0].equals("sample")) {
      sample(args[1], Path.of(args[2]), Long.parseLong(args[3]));
    } else {
      System.err.println("usage: BenchSql query JDBC_URL SQL... | sample JDBC_URL FILE MAX_SECONDS");
      System.exit(2);
    }
  }

  private static void print(Statement s, String sql) throws SQLException {
    if (!s.execute(sql)) {
      return;
    }
    try (ResultSet r = s.getResultSet()) {
      ResultSetMetaData meta = r.getMetaData();
      while (r.next()) {
        StringJoiner row = new StringJoiner("|");
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(String.valueOf(r.getString(i)));
        }
        System.out.println(row);
      }
    }
  }

  private static void sample(String url, Path file, long maxSeconds) throws Exception {
    long deadline = System.currentTimeMillis() + maxSeconds * 1000;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      while (System.currentTimeMillis() < deadline) {
        long now = System.currentTimeMillis();
        try (ResultSet r = s.executeQuery("SELECT coalesce(max(ordering), 0) FROM event_journal")) {
          r.next();
          out.println(now + " " + r.getLong(1));
          out.flush();
        }
        Thread.sleep(Math.max(1, 1000 - (System.currentTimeMillis() - now)));
      }
    }
  }
}
