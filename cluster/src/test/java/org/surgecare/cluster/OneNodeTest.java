package org.surgecare.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests that share one real node per class: embedded PostgreSQL in a fresh directory, real HTTP. */
abstract class OneNodeTest {
  protected static Path dataDir;
  protected static Node node;
  protected static ApiClient api;
  protected static Fixtures acme;

  @BeforeAll
  static void startNode() throws Exception {
    dataDir = TestNodes.newDataDir();
    node = Node.start(TestNodes.settings(dataDir));
    api = new ApiClient(node.baseUrl());
    acme = new Fixtures(api, TestNodes.TENANT);
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
    TestNodes.delete(dataDir);
  }
}
