package dev.nis.common.domain;

/**
 * A stored entity breaks a rule that input must keep, such as the text rule, which came after some
 * data was written (README.md, "Text input"): the server's data is at fault, not the request that
 * read it. The edges answer it as a server error naming the entity and the field (HTTP 500, gRPC
 * INTERNAL), never as the client's 400 or INVALID_ARGUMENT; the entity is corrected by a {@code
 * PUT} with valid fields, or removed by a {@code DELETE}, both of which work on it.
 */
public final class StoredDataException extends RuntimeException {
  /**
   * @param entity {@code course} or {@code student}
   * @param id the stored entity's id
   * @param broken the rule it breaks, naming the field
   */
  public StoredDataException(String entity, String id, ValidationException broken) {
    super(
        "%s %s as stored breaks a rule (%s); correct it with PUT or remove it with DELETE"
            .formatted(entity, id, broken.getMessage()),
        broken);
  }
}
