package dev.nis.common.http;

import io.helidon.http.Status;

/**
 * The status codes this API answers with, and their reason phrases (RFC 9110, section 15) for
 * problem titles and status lines.
 */
public final class HttpStatus {
  public static final int OK = 200;
  public static final int CREATED = 201;
  public static final int ACCEPTED = 202;
  public static final int NO_CONTENT = 204;
  public static final int BAD_REQUEST = 400;
  public static final int NOT_FOUND = 404;
  public static final int METHOD_NOT_ALLOWED = 405;
  public static final int CONFLICT = 409;
  public static final int CONTENT_TOO_LARGE = 413;
  public static final int UNSUPPORTED_MEDIA_TYPE = 415;
  public static final int UNPROCESSABLE_CONTENT = 422;
  public static final int INTERNAL_SERVER_ERROR = 500;
  public static final int SERVICE_UNAVAILABLE = 503;

  private HttpStatus() {}

  /**
   * The reason phrase of a status: RFC 9110's name for the codes this API sends, "Client Error" or
   * "Server Error" for another 4xx or 5xx (RFC 9110, section 15: a client treats an unknown code as
   * the x00 of its class).
   */
  public static String reasonPhrase(int status) {
    String known = knownPhrase(status);
    return known != null ? known : status < 500 ? "Client Error" : "Server Error";
  }

  /**
   * Helidon's status for a code, its status line carrying the same reason phrase as a problem's
   * title: Helidon has none for 431 (its status line read {@code 431 431}) and the names RFC 2616
   * gave 413 and 414 ("Request Entity Too Large", "Request-URI Too Long"), which RFC 9110 renamed.
   *
   * @param status 100 to 599
   */
  static Status helidon(int status) {
    return HELIDON[status - 100];
  }

  private static final Status[] HELIDON = new Status[500];

  static {
    for (int code = 100; code < 600; code++) {
      Status status = Status.create(code);
      String ours = knownPhrase(code);
      HELIDON[code - 100] =
          ours == null || ours.equals(status.reasonPhrase()) ? status : Status.create(code, ours);
    }
  }

  private static String knownPhrase(int status) {
    return switch (status) {
      case BAD_REQUEST -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case NOT_FOUND -> "Not Found";
      case METHOD_NOT_ALLOWED -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 408 -> "Request Timeout";
      case CONFLICT -> "Conflict";
      case 410 -> "Gone";
      case 412 -> "Precondition Failed";
      case CONTENT_TOO_LARGE -> "Content Too Large";
      case 414 -> "URI Too Long";
      case UNSUPPORTED_MEDIA_TYPE -> "Unsupported Media Type";
      case UNPROCESSABLE_CONTENT -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case INTERNAL_SERVER_ERROR -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case SERVICE_UNAVAILABLE -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> null;
    };
  }
}
