package dev.nis.courses.adapter.out.mongo;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import org.junit.jupiter.api.Test;

class MongoConnectorTest {
  @Test
  void aPlainUri_getsShortTimeouts() {
    MongoClientSettings settings = MongoConnector.settings("mongodb://db:27017");

    assertThat(settings.getClusterSettings().getServerSelectionTimeout(MILLISECONDS))
        .isEqualTo(2_000);
    assertThat(settings.getSocketSettings().getConnectTimeout(MILLISECONDS)).isEqualTo(2_000);
    assertThat(settings.getSocketSettings().getReadTimeout(MILLISECONDS)).isEqualTo(10_000);
  }

  @Test
  void timeoutsWrittenInTheUri_win() {
    MongoClientSettings settings =
        MongoConnector.settings("mongodb://db:27017/?serverSelectionTimeoutMS=500");

    assertThat(settings.getClusterSettings().getServerSelectionTimeout(MILLISECONDS))
        .isEqualTo(500);
  }
}
