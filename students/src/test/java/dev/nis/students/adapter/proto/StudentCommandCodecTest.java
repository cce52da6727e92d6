package dev.nis.students.adapter.proto;

import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.adaFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.StudentId;
import dev.nis.common.jetstream.PoisonMessageException;
import dev.nis.students.domain.StudentCommand;
import org.junit.jupiter.api.Test;

class StudentCommandCodecTest {
  @Test
  void everyCommand_survivesTheRoundTrip() {
    StudentCommand create = StudentCommand.create(adaFields(aCourse(), aCourse()));
    StudentCommand update = StudentCommand.update(StudentId.next(), adaFields());
    StudentCommand delete = StudentCommand.delete(StudentId.next());

    for (StudentCommand command : new StudentCommand[] {create, update, delete}) {
      assertThat(StudentCommandCodec.decode(StudentCommandCodec.encode(command)))
          .isEqualTo(command);
    }
  }

  @Test
  void theWireForm_isTheProtoStudentCommand() throws Exception {
    StudentCommand.Create create = StudentCommand.create(adaFields());

    dev.nis.proto.v1.StudentCommand proto =
        dev.nis.proto.v1.StudentCommand.parseFrom(StudentCommandCodec.encode(create));

    assertThat(proto.getOperationId()).isEqualTo(create.operationId().toString());
    assertThat(proto.getStudentId()).isEqualTo(create.studentId().toString());
    assertThat(proto.getCreate().getFirstName()).isEqualTo("Ada");
  }

  @Test
  void bytesThatAreNoCommand_arePoison() {
    assertThatThrownBy(() -> StudentCommandCodec.decode(new byte[] {(byte) 0xff, 0x01}))
        .isInstanceOf(PoisonMessageException.class);
  }

  @Test
  void aCommandWithoutAction_orBreakingTheRules_isPoison() {
    dev.nis.proto.v1.StudentCommand noAction =
        dev.nis.proto.v1.StudentCommand.newBuilder()
            .setOperationId(java.util.UUID.randomUUID().toString())
            .setStudentId(StudentId.next().toString())
            .build();
    dev.nis.proto.v1.StudentCommand badName =
        noAction.toBuilder()
            .setCreate(
                dev.nis.proto.v1.StudentFields.newBuilder()
                    .setName("x")
                    .setFirstName("Ada")
                    .setLastName("Lovelace"))
            .build();

    assertThatThrownBy(() -> StudentCommandCodec.decode(noAction.toByteArray()))
        .isInstanceOf(PoisonMessageException.class);
    assertThatThrownBy(() -> StudentCommandCodec.decode(badName.toByteArray()))
        .isInstanceOf(PoisonMessageException.class);
  }

  @Test
  void aCommandWhoseTextIsNoName_isPoison_namingTheFieldWithoutQuotingIt() {
    dev.nis.proto.v1.StudentCommand nul =
        dev.nis.proto.v1.StudentCommand.newBuilder()
            .setOperationId(java.util.UUID.randomUUID().toString())
            .setStudentId(StudentId.next().toString())
            .setCreate(
                dev.nis.proto.v1.StudentFields.newBuilder()
                    .setName("ada\u0000x")
                    .setFirstName("Ada")
                    .setLastName("Lovelace"))
            .build();

    assertThatThrownBy(() -> StudentCommandCodec.decode(nul.toByteArray()))
        .isInstanceOf(PoisonMessageException.class)
        .hasMessage(
            "undecodable student command: name: must not contain control characters (U+0000)");
  }
}
