package dev.nis.common.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes by method and path template ({@code /api/courses/{id}/students}). Register every route
 * before the server starts.
 *
 * <p>Matching goes segment by segment and a literal segment always wins over a parameter, without
 * backtracking: once {@code /api/courses/operations/{op_id}} is registered, {@code operations} is
 * never taken for the {@code {id}} of {@code /api/courses/{id}}, so {@code GET
 * /api/courses/operations} is a 404. An unknown path is a 404 problem, a known path with another
 * method a 405 with {@code Allow}, a method HTTP does not define a 501; HEAD is served by the GET
 * route and OPTIONS answers the Allow list ({@code OPTIONS *}, the whole server's). A single
 * trailing slash is ignored.
 *
 * <p>Why ours and not Helidon's {@code HttpRouting} with path templates (the server hands every
 * request to one Helidon route, {@link RouteDispatcher}, which asks this router): Helidon tries
 * routes in registration order and falls through to the next on a mismatch, so {@code GET
 * /api/courses/operations} would reach {@code /api/courses/{id}}; it has no 405 with {@code Allow},
 * no OPTIONS answer, and would send a GET route's body to HEAD; and it matches the decoded path, so
 * an encoded {@code /} ({@code %2F}) in an id would split it into two segments. Giving it these
 * semantics would take this tree anyway, beside it.
 */
public final class HttpRouter {
  /** The methods of RFC 9110 and PATCH (RFC 5789): any other is a 501, not a 405. */
  private static final Set<String> HTTP_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  /** The request target of a server-wide OPTIONS (RFC 9112, section 3.2.4). */
  static final String ASTERISK = "*";

  /** {@code scheme://authority} at the start of a target in absolute form (RFC 9112, 3.2.2). */
  private static final Pattern ABSOLUTE_FORM =
      Pattern.compile("^https?://[^/?#]*", Pattern.CASE_INSENSITIVE);

  private final Node root = new Node();
  private final List<Route> routes = new ArrayList<>();

  /** A registered route: its method (upper case) and path template as registered. */
  public record Route(String method, String template) {}

  /**
   * A matched route, the decoded values of its path parameters and its template as registered (e.g.
   * {@code /api/courses/{id}}: the span name's and {@code http.route}'s low-cardinality form).
   */
  public record RouteMatch(RouteHandler handler, Map<String, String> pathParams, String template) {
    public RouteMatch {
      pathParams = Map.copyOf(pathParams);
    }
  }

  public HttpRouter get(String template, RouteHandler handler) {
    return add("GET", template, handler);
  }

  public HttpRouter post(String template, RouteHandler handler) {
    return add("POST", template, handler);
  }

  public HttpRouter put(String template, RouteHandler handler) {
    return add("PUT", template, handler);
  }

  public HttpRouter delete(String template, RouteHandler handler) {
    return add("DELETE", template, handler);
  }

  public HttpRouter add(String method, String template, RouteHandler handler) {
    Node node = root;
    for (String segment : segments(template)) {
      node = node.child(segment, template);
    }
    String verb = method.toUpperCase(Locale.ROOT);
    node.template = template;
    if (node.handlers.putIfAbsent(verb, handler) != null) {
      throw new IllegalArgumentException(verb + " " + template + " is registered twice");
    }
    routes.add(new Route(verb, template));
    return this;
  }

  /**
   * Every route registered so far, in registration order (without the HEAD and OPTIONS answers the
   * router adds): what the service's OpenAPI document must describe, no more and no less.
   */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /**
   * Finds the route of a request.
   *
   * @param method the method: names are matched as given, case-sensitively (RFC 9110, section 9.1);
   *     Helidon hands every method over upper-cased, so at the edge {@code get} is {@code GET}
   * @param rawPath the path as sent, percent-encoded ({@link #pathOf}), or {@code *}
   * @throws ProblemException 404 for an unknown path, 405 for a method the path does not serve, 501
   *     for a method HTTP does not define, 400 for {@code *} with another method than OPTIONS
   */
  public RouteMatch match(String method, String rawPath) {
    requireAsciiTarget(rawPath);
    if (rawPath.equals(ASTERISK)) {
      return serverWide(method);
    }
    if (!rawPath.startsWith("/")) {
      throw ProtocolProblems.invalidTarget();
    }
    // Walked by index rather than split into an array and a map: this runs on every request, and
    // the segments, the decoder's buffer and the map showed as ~7 % of a cached read's allocation.
    int end =
        rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.length() - 1 : rawPath.length();
    String[] params = NO_PARAMS;
    int paramCount = 0;
    Node node = root;
    for (int start = 1; end > 1 && start <= end; ) {
      int slash = rawPath.indexOf('/', start);
      int stop = slash < 0 || slash > end ? end : slash;
      String segment = decode(rawPath.substring(start, stop));
      Node next = node.literals.get(segment);
      if (next == null && node.param != null && !segment.isEmpty()) {
        next = node.param;
        if (paramCount == params.length) {
          params = Arrays.copyOf(params, params.length + 4);
        }
        params[paramCount++] = node.paramName;
        params[paramCount++] = segment;
      }
      if (next == null) {
        throw notFound(rawPath);
      }
      node = next;
      start = stop + 1;
    }
    if (node.handlers.isEmpty()) {
      throw notFound(rawPath);
    }
    return node.find(method, pathParams(params, paramCount));
  }

  /**
   * The path of a request target: a target in origin form ({@code /api/courses}) as it is, one in
   * absolute form ({@code http://host/api/courses}) without its scheme and authority, since "a
   * server MUST accept the absolute-form in requests" (RFC 9112, section 3.2.2; this service
   * answers for any authority, as it does for any {@code Host}), and {@code *} as it is. Anything
   * else is left for {@link #match} to refuse.
   *
   * @param rawTarget the request target's path as sent (without its query), percent-encoded
   * @return an absolute path ({@code /} when the absolute form has none), or the target unchanged
   */
  static String pathOf(String rawTarget) {
    if (rawTarget.startsWith("/")) {
      return rawTarget;
    }
    Matcher absolute = ABSOLUTE_FORM.matcher(rawTarget);
    if (absolute.lookingAt()) {
      String path = rawTarget.substring(absolute.end());
      return path.isEmpty() ? "/" : path;
    }
    return rawTarget;
  }

  /**
   * {@code OPTIONS *} asks what the server as a whole supports: 204 with every method some route
   * serves in {@code Allow}. The asterisk form is for OPTIONS only (RFC 9112, section 3.2.4).
   */
  private RouteMatch serverWide(String method) {
    if (!method.equals("OPTIONS")) {
      throw new ProblemException(
          Problem.badRequest(
              "the request target * is for OPTIONS only (RFC 9112, section 3.2.4); send a path"));
    }
    String allow = allow(routes.stream().map(Route::method).toList());
    return new RouteMatch(
        request -> Response.empty(HttpStatus.NO_CONTENT).withHeader("Allow", allow),
        Map.of(),
        ASTERISK);
  }

  /**
   * The {@code Allow} header for the methods registered: HEAD wherever GET is (its GET route
   * answers it), and OPTIONS always (the router answers it), sorted.
   */
  private static String allow(Collection<String> registered) {
    Set<String> methods = new TreeSet<>(registered);
    if (methods.contains("GET")) {
      methods.add("HEAD");
    }
    methods.add("OPTIONS");
    return String.join(", ", methods);
  }

  private static final String[] NO_PARAMS = new String[0];

  /** Names and values in turn, as read; a name repeats only in a template the router refuses. */
  private static Map<String, String> pathParams(String[] namesAndValues, int count) {
    return switch (count) {
      case 0 -> Map.of();
      case 2 -> Map.of(namesAndValues[0], namesAndValues[1]);
      default -> {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < count; i += 2) {
          params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        yield params;
      }
    };
  }

  /**
   * A request target is visible ASCII (RFC 9112, section 3.2); the server reads other bytes as
   * replacement characters, which must not reach a route as if they were part of an id.
   */
  private static void requireAsciiTarget(String rawPath) {
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw ProtocolProblems.invalidTarget();
      }
    }
  }

  private static String[] segments(String path) {
    String trimmed =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (!trimmed.startsWith("/")) {
      throw new IllegalArgumentException("a path starts with /: " + path);
    }
    return trimmed.length() == 1 ? new String[0] : trimmed.substring(1).split("/", -1);
  }

  private static String decode(String segment) {
    // Without an escape URLDecoder would answer the segment itself (a '+' stays a '+' in a path),
    // after allocating its buffer.
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(Problem.badRequest("malformed path"));
    }
  }

  private static ProblemException notFound(String rawPath) {
    return new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "there is nothing at " + rawPath));
  }

  private static final class Node {
    private final Map<String, Node> literals = new HashMap<>();
    private final Map<String, RouteHandler> handlers = new TreeMap<>();
    private Node param;
    private String paramName;
    private String template;

    Node child(String segment, String template) {
      if (!(segment.startsWith("{") && segment.endsWith("}"))) {
        return literals.computeIfAbsent(segment, s -> new Node());
      }
      String name = segment.substring(1, segment.length() - 1);
      if (param == null) {
        param = new Node();
        paramName = name;
      } else if (!paramName.equals(name)) {
        throw new IllegalArgumentException(
            template + " names {" + name + "} where another route has {" + paramName + "}");
      }
      return param;
    }

    RouteMatch find(String method, Map<String, String> params) {
      RouteHandler handler = handlers.get(method);
      if (handler == null && method.equals("HEAD")) {
        handler = handlers.get("GET");
      }
      if (handler != null) {
        return new RouteMatch(handler, params, template);
      }
      String allow = allow(handlers.keySet());
      if (!HTTP_METHODS.contains(method)) {
        throw new ProblemException(
            Problem.of(501, method + " is not a method this server implements; use " + allow),
            Map.of("Allow", allow));
      }
      if (method.equals("OPTIONS")) {
        return new RouteMatch(
            request -> Response.empty(HttpStatus.NO_CONTENT).withHeader("Allow", allow),
            params,
            template);
      }
      throw new ProblemException(
          Problem.of(HttpStatus.METHOD_NOT_ALLOWED, method + " is not allowed here; use " + allow),
          Map.of("Allow", allow));
    }
  }
}
