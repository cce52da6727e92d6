package dev.nis.courses.adapter.proto;

import static dev.nis.courses.testing.CourseFixtures.aCourse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.CourseId;
import dev.nis.common.jetstream.PoisonMessageException;
import dev.nis.courses.domain.CourseCommand;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CourseCommandCodecTest {
  @Test
  void aCreate_survivesTheRoundTrip() {
    CourseCommand create = CourseCommand.create(aCourse().build().fields());

    assertThat(CourseCommandCodec.decode(CourseCommandCodec.encode(create))).isEqualTo(create);
  }

  @Test
  void aCommandWhoseTextIsNoName_isPoison_namingTheFieldWithoutQuotingIt() {
    dev.nis.proto.v1.CourseCommand override =
        dev.nis.proto.v1.CourseCommand.newBuilder()
            .setOperationId(UUID.randomUUID().toString())
            .setCourseId(CourseId.next().value())
            .setCreate(
                dev.nis.proto.v1.CourseFields.newBuilder()
                    .setName("Algebra")
                    .setDescription("Groups, rings and fields")
                    .setDiscipline("Mathematics")
                    .setTeacher("\u202EeerehtoN"))
            .build();

    assertThatThrownBy(() -> CourseCommandCodec.decode(override.toByteArray()))
        .isInstanceOf(PoisonMessageException.class)
        .hasMessageStartingWith("undecodable course command: teacher: must not contain invisible")
        .hasMessageContaining("(U+202E)");
  }
}
