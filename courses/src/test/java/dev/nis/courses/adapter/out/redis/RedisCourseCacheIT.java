package dev.nis.courses.adapter.out.redis;

import static dev.nis.courses.testing.CourseFixtures.aCourse;
import static dev.nis.courses.testing.CourseFixtures.aStudent;
import static dev.nis.courses.testing.CourseFixtures.algebra;
import static dev.nis.courses.testing.CourseFixtures.history;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.redis.RedisConnector;
import dev.nis.courses.domain.Course;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisCourseCacheIT {
  static final String REDIS_URL =
      Optional.ofNullable(System.getenv("REDIS_URL")).orElse("redis://127.0.0.1:6379");
  private static final Duration TTL = Duration.ofMinutes(5);

  private final String prefix = "nis-test:" + UUID.randomUUID() + ":";
  private RedisConnector connector;
  private ReadCache<Course, CourseId, StudentId> cache;

  @BeforeEach
  void connect() {
    connector = RedisConnector.create(REDIS_URL);
    cache = RedisCourseCache.create(connector, prefix, TTL);
  }

  @AfterEach
  void removeKeysAndDisconnect() {
    RedisCommands<String, byte[]> redis = connector.commands();
    List<String> keys = redis.keys(prefix + "*");
    if (!keys.isEmpty()) {
      redis.del(keys.toArray(String[]::new));
    }
    connector.close();
  }

  @Test
  void aFilledCourse_isAHit() {
    Course course = aCourse().withStudents(aStudent()).build();
    CacheRead<Course> miss = cache.get(course.id());

    cache.put(course.id(), course, miss.fillToken().orElseThrow());

    assertThat(cache.get(course.id()).value()).contains(course);
  }

  @Test
  void aMiss_handsOutTheCurrentGeneration_asFillToken() {
    CourseId id = CourseId.next();
    assertThat(cache.get(id).fillToken()).contains("0");

    cache.invalidate(id, Set.of());
    assertThat(cache.get(id).fillToken()).contains("1");

    cache.invalidate(id, Set.of());
    assertThat(cache.get(id)).isEqualTo(CacheRead.miss("2"));
  }

  @Test
  void aFillThatStartedBeforeAnInvalidation_isDropped() {
    Course before = algebra();
    String staleToken = cache.get(before.id()).fillToken().orElseThrow();

    cache.invalidate(before.id(), Set.of());
    cache.put(before.id(), before, staleToken);

    CacheRead<Course> read = cache.get(before.id());
    assertThat(read.value()).isEmpty();
    Course after = aCourse().withId(before.id()).named("Changed").build();
    cache.put(after.id(), after, read.fillToken().orElseThrow());
    assertThat(cache.get(before.id()).value()).contains(after);
  }

  @Test
  void invalidate_dropsTheCachedCourse() {
    Course course = algebra();
    cache.put(course.id(), course, cache.get(course.id()).fillToken().orElseThrow());

    cache.invalidate(course.id(), Set.of());

    assertThat(cache.get(course.id()).value()).isEmpty();
  }

  @Test
  void pages_areCachedPerRequest_andAllDroppedByAnyInvalidation() {
    PageRequest first = PageRequest.first(2);
    PageRequest second = PageRequest.of(2, PageRequest.encodeCursor(CourseId.next().value()));
    Page<Course> firstPage =
        new Page<>(List.of(algebra(), history()), Optional.of(PageRequest.encodeCursor("x")));
    Page<Course> secondPage = new Page<>(List.of(algebra()), Optional.empty());
    cache.putPage(first, firstPage, cache.getPage(first).fillToken().orElseThrow());
    cache.putPage(second, secondPage, cache.getPage(second).fillToken().orElseThrow());

    assertThat(cache.getPage(first).value()).contains(firstPage);
    assertThat(cache.getPage(second).value()).contains(secondPage);

    cache.invalidate(CourseId.next(), Set.of());

    assertThat(cache.getPage(first)).isEqualTo(CacheRead.miss("1"));
    assertThat(cache.getPage(second)).isEqualTo(CacheRead.miss("1"));
  }

  @Test
  void aPageFillThatStartedBeforeAnInvalidation_isDropped() {
    PageRequest request = PageRequest.first(10);
    String staleToken = cache.getPage(request).fillToken().orElseThrow();

    cache.invalidate(CourseId.next(), Set.of());
    cache.putPage(request, new Page<>(List.of(algebra()), Optional.empty()), staleToken);

    assertThat(cache.getPage(request).value()).isEmpty();
  }

  @Test
  void coursesOfStudent_areDroppedForTouchedStudentsOnly() {
    StudentId touched = aStudent();
    StudentId untouched = aStudent();
    Course course = aCourse().withStudents(touched, untouched).build();
    for (StudentId student : List.of(touched, untouched)) {
      String token = cache.getRelated(student).fillToken().orElseThrow();
      cache.putRelated(student, List.of(course), token);
    }
    assertThat(cache.getRelated(touched).value()).contains(List.of(course));

    cache.invalidate(course.id(), Set.of(touched));

    assertThat(cache.getRelated(touched)).isEqualTo(CacheRead.miss("1"));
    assertThat(cache.getRelated(untouched).value()).contains(List.of(course));
  }

  @Test
  void aStaleFillOfCoursesOfStudent_isDropped() {
    StudentId student = aStudent();
    String staleToken = cache.getRelated(student).fillToken().orElseThrow();

    cache.invalidate(CourseId.next(), Set.of(student));
    cache.putRelated(student, List.of(algebra()), staleToken);

    assertThat(cache.getRelated(student).value()).isEmpty();
  }

  @Test
  void values_expireAfterTheTtl_andGenerationsLater() {
    Course course = algebra();
    cache.put(course.id(), course, cache.get(course.id()).fillToken().orElseThrow());
    cache.invalidate(CourseId.next(), Set.of(aStudent()));

    RedisCommands<String, byte[]> redis = connector.commands();
    assertThat(redis.pttl(prefix + "course:" + course.id())).isBetween(1L, TTL.toMillis());
    for (String generation : redis.keys(prefix + "gen:*")) {
      assertThat(redis.pttl(generation))
          .isBetween(TTL.toMillis() + 1, Duration.ofHours(1).toMillis());
    }
  }

  @Test
  void aValueThatDoesNotDecode_isAMiss_andIsOverwrittenByTheNextFill() {
    Course course = algebra();
    connector.commands().set(prefix + "course:" + course.id(), "garbage".getBytes(UTF_8));

    CacheRead<Course> read = cache.get(course.id());
    assertThat(read).isEqualTo(CacheRead.miss("0"));

    cache.put(course.id(), course, read.fillToken().orElseThrow());
    assertThat(cache.get(course.id()).value()).contains(course);
  }

  @Test
  void anUnreachableRedis_readsAsUnavailableFast_andFailsInvalidation() {
    try (RedisConnector down = RedisConnector.create("redis://127.0.0.1:1")) {
      ReadCache<Course, CourseId, StudentId> unreachable =
          RedisCourseCache.create(down, prefix, TTL);
      long start = System.nanoTime();

      assertThat(unreachable.get(CourseId.next())).isEqualTo(CacheRead.unavailable());
      assertThat(unreachable.getPage(PageRequest.first(5))).isEqualTo(CacheRead.unavailable());
      assertThat(unreachable.getRelated(aStudent())).isEqualTo(CacheRead.unavailable());
      unreachable.put(algebra().id(), algebra(), "0");

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThatThrownBy(() -> unreachable.invalidate(CourseId.next(), Set.of(aStudent())))
          .isInstanceOfSatisfying(
              DependencyUnavailableException.class,
              e -> assertThat(e.dependency()).isEqualTo("redis"));
    }
  }
}
