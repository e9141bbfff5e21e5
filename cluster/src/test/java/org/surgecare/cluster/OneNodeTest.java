package org.surgecare.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Tests that share one real node per class: embedded PostgreSQL in a fresh directory, real HTTP, and a clock the
 * test may move (it reads the system clock until moved).
 */
public abstract class OneNodeTest {
  protected static final MovableClock clock = new MovableClock();
  protected static Path dataDir;
  protected static Node node;
  protected static ApiClient api;
  protected static Fixtures acme;

  @BeforeAll
  public static void startNode() throws Exception {
    dataDir = TestNodes.newDataDir();
    clock.reset();
    node = Node.start(TestNodes.settings(dataDir), clock);
    api = new ApiClient(node.baseUrl());
    acme = new Fixtures(api, TestNodes.TENANT);
  }

  @AfterAll
  public static void stopNode() throws Exception {
    node.close();
    TestNodes.delete(dataDir);
  }
}
