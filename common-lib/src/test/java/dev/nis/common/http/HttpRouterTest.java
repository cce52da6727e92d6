package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class HttpRouterTest {
  private final RouteHandler list = request -> Response.empty(200);
  private final RouteHandler one = request -> Response.empty(200);
  private final RouteHandler students = request -> Response.empty(200);
  private final RouteHandler operation = request -> Response.empty(200);
  private final RouteHandler health = request -> Response.empty(200);

  private final HttpRouter router =
      new HttpRouter()
          .get("/api/courses", list)
          .post("/api/courses", list)
          .get("/api/courses/{id}", one)
          .delete("/api/courses/{id}", one)
          .get("/api/courses/{id}/students", students)
          .get("/api/courses/operations/{op_id}", operation)
          .get("/api/courses/health", health);

  @Test
  void routes_areEveryRegisteredMethodAndTemplate_inOrder_withoutHeadOrOptions() {
    assertThat(router.routes())
        .containsExactly(
            new HttpRouter.Route("GET", "/api/courses"),
            new HttpRouter.Route("POST", "/api/courses"),
            new HttpRouter.Route("GET", "/api/courses/{id}"),
            new HttpRouter.Route("DELETE", "/api/courses/{id}"),
            new HttpRouter.Route("GET", "/api/courses/{id}/students"),
            new HttpRouter.Route("GET", "/api/courses/operations/{op_id}"),
            new HttpRouter.Route("GET", "/api/courses/health"));
  }

  @Test
  void pathParameters_areMatchedAndDecoded() {
    HttpRouter.RouteMatch match = router.match("GET", "/api/courses/a%20b/students");

    assertThat(match.handler()).isSameAs(students);
    assertThat(match.pathParams()).containsEntry("id", "a b");
  }

  @Test
  void anEncodedSlashOrAPlus_staysInItsSegment_andEveryParameterIsKept() {
    RouteHandler enrollment = request -> Response.empty(204);
    router.put("/api/courses/{id}/students/{student_id}", enrollment);

    HttpRouter.RouteMatch match = router.match("PUT", "/api/courses/a%2Fb/students/c+d/");

    assertThat(match.handler()).isSameAs(enrollment);
    assertThat(match.pathParams()).containsOnly(entry("id", "a/b"), entry("student_id", "c+d"));
    assertThat(router.match("GET", "/api/courses").pathParams()).isEmpty();
  }

  @Test
  void pathOf_takesTheSchemeAndAuthorityOffATargetInAbsoluteForm_only() {
    assertThat(HttpRouter.pathOf("/api/courses")).isEqualTo("/api/courses");
    assertThat(HttpRouter.pathOf("http://example.com:8081/api/courses")).isEqualTo("/api/courses");
    assertThat(HttpRouter.pathOf("HTTPS://example.com/a%2Fb")).isEqualTo("/a%2Fb");
    assertThat(HttpRouter.pathOf("http://example.com")).isEqualTo("/");
    assertThat(HttpRouter.pathOf("*")).isEqualTo("*");
    assertThat(HttpRouter.pathOf("ftp://example.com/api")).isEqualTo("ftp://example.com/api");
  }

  @Test
  void aTargetThatIsNoPath_isA400_andTheAsteriskIsForOptionsOnly() throws Exception {
    assertThatThrownBy(() -> router.match("GET", "ftp://example.com/api"))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(400));
    assertThatThrownBy(() -> router.match("GET", "*"))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(400));
    assertThat(router.match("OPTIONS", "*").handler().handle(null).headers())
        .containsEntry("Allow", "DELETE, GET, HEAD, OPTIONS, POST");
  }

  /**
   * RFC 9110, section 9.1: method names are case-sensitive. (Helidon itself reads a known method in
   * any case as the upper-case one before the router sees it.)
   */
  @Test
  void aMethodInLowerCase_isA501() {
    assertThatThrownBy(() -> router.match("get", "/api/courses"))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(501));
  }

  @Test
  void literalSegments_winOverParameters() {
    assertThat(router.match("GET", "/api/courses/health").handler()).isSameAs(health);
    HttpRouter.RouteMatch match = router.match("GET", "/api/courses/operations/42");
    assertThat(match.handler()).isSameAs(operation);
    assertThat(match.pathParams()).containsEntry("op_id", "42");
  }

  @Test
  void aReservedLiteral_isNeverTakenForAnId() {
    assertThatThrownBy(() -> router.match("GET", "/api/courses/operations"))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
  }

  @Test
  void unknownPath_isA404Problem() {
    assertThatThrownBy(() -> router.match("GET", "/api/nothing"))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
    assertThatThrownBy(() -> router.match("GET", "/api//courses"))
        .isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> router.match("GET", "/api/courses/x/students/y"))
        .isInstanceOf(ProblemException.class);
  }

  @Test
  void wrongMethod_isA405ListingTheAllowedOnes() {
    assertThatThrownBy(() -> router.match("PUT", "/api/courses"))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(405);
              assertThat(e.headers()).containsEntry("Allow", "GET, HEAD, OPTIONS, POST");
            });
  }

  @Test
  void head_isServedByTheGetRoute_andOptionsAnswersAllow() throws Exception {
    assertThat(router.match("HEAD", "/api/courses/abc").handler()).isSameAs(one);

    Response options = router.match("OPTIONS", "/api/courses/abc").handler().handle(null);
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.headers()).containsEntry("Allow", "DELETE, GET, HEAD, OPTIONS");
  }

  @Test
  void aTrailingSlash_isIgnored() {
    assertThat(router.match("GET", "/api/courses/").handler()).isSameAs(list);
  }

  @Test
  void aMalformedEscape_isA400() {
    assertThatThrownBy(() -> router.match("GET", "/api/courses/%zz"))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(400));
  }

  @Test
  void registeringTwice_orWithAnotherParameterName_fails() {
    assertThatThrownBy(() -> router.get("/api/courses/{id}", one))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> router.get("/api/courses/{course_id}/teachers", one))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
