package dev.nis.common.jetstream;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.Action;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import dev.nis.proto.v1.OperationOutcome;
import dev.nis.proto.v1.Problem;
import java.time.Instant;
import java.util.Optional;

/** Maps an {@link Operation} to and from its protobuf form in the operations bucket. */
final class OperationCodec {
  private OperationCodec() {}

  static byte[] encode(Operation operation) {
    OperationOutcome.Builder builder =
        OperationOutcome.newBuilder()
            .setOperationId(operation.id().toString())
            .setState(OperationOutcome.State.valueOf(operation.state().name()))
            .setEntityId(operation.entityId())
            .setAction(operation.action().wireName())
            .setUpdatedAtMillis(operation.updatedAt().toEpochMilli());
    operation
        .rejection()
        .ifPresent(
            r ->
                builder.setProblem(
                    Problem.newBuilder()
                        .setStatus(r.kind().status())
                        .setTitle(r.kind().title())
                        .setDetail(r.detail())));
    return builder.build().toByteArray();
  }

  static Operation decode(byte[] bytes) throws InvalidProtocolBufferException {
    OperationOutcome outcome = OperationOutcome.parseFrom(bytes);
    Optional<Rejection> rejection =
        outcome.hasProblem()
            ? Optional.of(
                new Rejection(
                    Rejection.Kind.ofStatus(outcome.getProblem().getStatus()),
                    outcome.getProblem().getDetail()))
            : Optional.empty();
    return new Operation(
        OperationId.parse(outcome.getOperationId()),
        Operation.State.valueOf(outcome.getState().name()),
        outcome.getEntityId(),
        Action.valueOf(outcome.getAction().toUpperCase(java.util.Locale.ROOT)),
        rejection,
        Instant.ofEpochMilli(outcome.getUpdatedAtMillis()));
  }
}
