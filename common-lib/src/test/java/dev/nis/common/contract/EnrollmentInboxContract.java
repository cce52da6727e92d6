package dev.nis.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.application.port.out.EnrollmentInbox;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EnrollmentInbox} adapter must do: remember applied entry ids, take a repeat
 * without complaint, and prune what was recorded before a given time.
 */
public abstract class EnrollmentInboxContract {
  private EnrollmentInbox inbox;

  /** An inbox over the adapter's store, empty. */
  protected abstract EnrollmentInbox emptyInbox();

  @BeforeEach
  void setUp() {
    inbox = emptyInbox();
  }

  private static String anEntryId() {
    return "courses:" + UUID.randomUUID() + ":ADD:c:s";
  }

  @Test
  void anAddedEntry_isContained_andOthersAreNot() {
    String entry = anEntryId();

    inbox.add(entry);

    assertThat(inbox.contains(entry)).isTrue();
    assertThat(inbox.contains(anEntryId())).isFalse();
  }

  @Test
  void addingAnEntryAgain_changesNothing() {
    String entry = anEntryId();
    inbox.add(entry);

    inbox.add(entry);

    assertThat(inbox.contains(entry)).isTrue();
    assertThat(inbox.prune(Instant.now().plusSeconds(60))).isEqualTo(1);
  }

  @Test
  void prune_forgetsOnlyWhatWasRecordedBeforeTheGivenTime() throws Exception {
    String old = anEntryId();
    inbox.add(old);
    Thread.sleep(20);
    Instant between = Instant.now();
    Thread.sleep(20);
    String recent = anEntryId();
    inbox.add(recent);

    assertThat(inbox.prune(between)).isEqualTo(1);

    assertThat(inbox.contains(old)).isFalse();
    assertThat(inbox.contains(recent)).isTrue();
  }
}
