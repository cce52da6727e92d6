package dev.nis.courses.adapter.out.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import dev.nis.common.testing.Ports;
import dev.nis.courses.testing.TestMongo;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoReadinessIT {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  @Test
  void aReachableDatabase_isReady() {
    assertThat(new MongoReadiness(mongo.database()).isReady()).isTrue();
  }

  @Test
  void aDatabaseThatIsDown_isNotReady_withinTheTimeout() throws IOException {
    String uri = "mongodb://127.0.0.1:" + Ports.closed();
    try (MongoClient client = MongoConnector.connect(uri)) {
      MongoReadiness readiness =
          new MongoReadiness(client.getDatabase("down"), Duration.ofMillis(500));
      long start = System.nanoTime();

      assertThat(readiness.isReady()).isFalse();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void inProcessMongo_servesOnTheGivenPort() throws IOException {
    int port = Ports.closed();
    try (InProcessMongo server = InProcessMongo.start(port);
        MongoClient client = MongoConnector.connect(server.connectionString())) {
      assertThat(server.port()).isEqualTo(port);
      assertThat(new MongoReadiness(client.getDatabase("any")).isReady()).isTrue();
    }
  }
}
