package dev.nis.common.domain;

/**
 * Why an operation could not be applied: an expected business outcome, not an error. Mapped to an
 * HTTP problem or a gRPC status at the edge.
 */
public record Rejection(Kind kind, String detail) {
  public enum Kind {
    NOT_FOUND(404, "Not Found"),
    CONFLICT(409, "Conflict"),
    UNPROCESSABLE(422, "Unprocessable Content");

    private final int status;
    private final String title;

    Kind(int status, String title) {
      this.status = status;
      this.title = title;
    }

    public int status() {
      return status;
    }

    public String title() {
      return title;
    }

    public static Kind ofStatus(int status) {
      for (Kind kind : values()) {
        if (kind.status == status) {
          return kind;
        }
      }
      throw new IllegalArgumentException("no rejection has status " + status);
    }
  }

  public static Rejection notFound(String detail) {
    return new Rejection(Kind.NOT_FOUND, detail);
  }

  public static Rejection conflict(String detail) {
    return new Rejection(Kind.CONFLICT, detail);
  }

  public static Rejection unprocessable(String detail) {
    return new Rejection(Kind.UNPROCESSABLE, detail);
  }
}
