package dev.nis.common.grpc;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.NotFoundException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A call to the peer service's reads, with its failures turned into what the core understands: the
 * peer could not answer now ({@link DependencyUnavailableException}: 503, retry later), the peer
 * found nothing ({@link NotFoundException}: 404), or any other status, which means the two services
 * disagree on the contract, a bug ({@link IllegalStateException}).
 */
public final class PeerCall {
  /** Statuses that mean the peer could not answer now, rather than answered wrongly. */
  static final Set<Status.Code> UNAVAILABLE_CODES =
      EnumSet.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED,
          Status.Code.CANCELLED);

  private PeerCall() {}

  /**
   * @param peer the peer service's name, {@code courses} or {@code students}
   * @param what what was asked, for the message of a contract failure (e.g. "the courses of student
   *     ...")
   */
  public static <T> T call(String peer, String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND) {
        throw new NotFoundException(
            "the %s service found nothing: %s".formatted(peer, e.getStatus().getDescription()));
      }
      if (UNAVAILABLE_CODES.contains(code)) {
        throw new DependencyUnavailableException(peer, e);
      }
      throw new IllegalStateException(peer + " answered " + code + " for " + what, e);
    }
  }
}
