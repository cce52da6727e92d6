package dev.nis.common.http;

import dev.nis.common.domain.IdempotencyKey;
import dev.nis.common.domain.IdempotentRequest;
import dev.nis.common.domain.RequestFingerprint;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code Idempotency-Key} header of a mutation (IETF draft-ietf-httpapi-idempotency-key-
 * header): a structured-field string, {@code Idempotency-Key: "8e03978e-40d5-43e8-bc93-
 * 6894a57f9324"}, or the same without the quotes, as many clients send it (then only token
 * characters, {@code :} and {@code /}). The key is 1 to 255 printable ASCII characters; anything
 * else, a repeated header or parameters after the string included, is a 400 that names the header.
 *
 * <p>The key is scoped to the API consumer Kong authenticated ({@code X-Consumer-ID}, which Kong's
 * key-auth sets on every request it lets through, replacing what the client sent), so that two
 * consumers never share a key; without it (a call that did not come through Kong) the scope is
 * empty. The request's fingerprint is taken from its method, path and the body the route read.
 */
public final class IdempotencyKeyHeader {
  public static final String HEADER = "Idempotency-Key";
  public static final String CONSUMER_HEADER = "X-Consumer-ID";

  private IdempotencyKeyHeader() {}

  /** The request's key and fingerprint, if it has a key; read after the route read the body. */
  public static Optional<IdempotentRequest> read(Request request) {
    List<String> fields = request.headers(HEADER);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    if (fields.size() > 1) {
      throw malformed("is sent more than once");
    }
    IdempotencyKey key =
        new IdempotencyKey(request.header(CONSUMER_HEADER).orElse(""), parse(fields.get(0)));
    return Optional.of(
        new IdempotentRequest(
            key, RequestFingerprint.of(request.method(), request.path(), request.body())));
  }

  /** The key a header value holds; a ProblemException (400) when it is malformed. */
  static String parse(String field) {
    String text = field.strip();
    if (text.isEmpty()) {
      throw malformed("is empty");
    }
    String key = text.charAt(0) == '"' ? quoted(text) : bare(text);
    if (key.isEmpty()) {
      throw malformed("is empty");
    }
    if (key.length() > IdempotencyKey.MAX_LENGTH) {
      throw malformed("is longer than " + IdempotencyKey.MAX_LENGTH + " characters");
    }
    return key;
  }

  /** An sf-string (RFC 8941 §3.3.3): {@code \"} and {@code \\} are the only escapes. */
  private static String quoted(String text) {
    StringBuilder key = new StringBuilder();
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (i != text.length() - 1) {
          throw malformed("has something after its closing quote (parameters are not accepted)");
        }
        return key.toString();
      }
      if (c == '\\') {
        char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
        if (next != '"' && next != '\\') {
          throw malformed("has a backslash that escapes neither a quote nor a backslash");
        }
        c = next;
        i++;
      } else if (c < 0x20 || c > 0x7e) {
        throw malformed("holds a character that is not printable ASCII");
      }
      key.append(c);
    }
    throw malformed("has no closing quote");
  }

  private static String bare(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!isTokenChar(text.charAt(i))) {
        throw malformed(
            "is neither a quoted string nor a token; quote it: " + HEADER + ": \"your-key\"");
      }
    }
    return text;
  }

  /** RFC 9110's tchar, and {@code :} and {@code /} as RFC 8941's sf-token allows. */
  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
  }

  private static ProblemException malformed(String reason) {
    return new ProblemException(
        Problem.badRequest(
                "the "
                    + HEADER
                    + " header "
                    + reason
                    + "; send one key of 1 to "
                    + IdempotencyKey.MAX_LENGTH
                    + " printable ASCII characters, e.g. "
                    + HEADER
                    + ": \"8e03978e-40d5-43e8-bc93-6894a57f9324\"")
            .withExtension("header", HEADER));
  }
}
