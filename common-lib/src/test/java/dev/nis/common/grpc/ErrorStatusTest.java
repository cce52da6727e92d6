package dev.nis.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.ValidationException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

class ErrorStatusTest {
  @Test
  void validationFailure_isInvalidArgumentNamingTheField() {
    Status status =
        ErrorStatus.of(new ValidationException("limit", "must be from 1 to 1000")).getStatus();

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).isEqualTo("limit: must be from 1 to 1000");
  }

  /** Stored data that breaks a rule is the server's fault: INTERNAL, naming the entity. */
  @Test
  void storedDataThatBreaksARule_isInternalNamingTheEntity_notInvalidArgument() {
    Status status =
        ErrorStatus.of(
                new dev.nis.common.domain.StoredDataException(
                    "course", "c1", new ValidationException("name", "must be 3 to 20")))
            .getStatus();

    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).contains("course c1", "name: must be 3 to 20");
  }

  @Test
  void dependencyDown_isUnavailableNamingOnlyTheDependency() {
    Status status =
        ErrorStatus.of(new DependencyUnavailableException("mongodb", "host db-7:27017 refused"))
            .getStatus();

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).contains("mongodb").doesNotContain("db-7");
  }

  @Test
  void peersNotFound_isNotFoundWithItsDescription() {
    Status status =
        ErrorStatus.of(new dev.nis.common.application.NotFoundException("no such course"))
            .getStatus();

    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getDescription()).isEqualTo("no such course");
  }

  @Test
  void statusException_isKept() {
    StatusRuntimeException notFound = Status.NOT_FOUND.withDescription("gone").asRuntimeException();

    assertThat(ErrorStatus.of(notFound)).isSameAs(notFound);
  }

  @Test
  void anythingElse_isInternalWithoutItsText() {
    Status status = ErrorStatus.of(new IllegalStateException("secret detail")).getStatus();

    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).isEqualTo("internal error");
  }
}
