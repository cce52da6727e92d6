package dev.nis.students.adapter.out.redis;

import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.aStudent;
import static dev.nis.students.testing.StudentFixtures.ada;
import static dev.nis.students.testing.StudentFixtures.student;
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
import dev.nis.students.domain.Student;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisStudentCacheIT {
  static final String REDIS_URL =
      Optional.ofNullable(System.getenv("REDIS_URL")).orElse("redis://127.0.0.1:6379");
  private static final Duration TTL = Duration.ofMinutes(5);

  private final String prefix = "nis-test:students:" + UUID.randomUUID() + ":";
  private RedisConnector connector;
  private ReadCache<Student, StudentId, CourseId> cache;

  @BeforeEach
  void connect() {
    connector = RedisConnector.create(REDIS_URL);
    cache = RedisStudentCache.create(connector, prefix, TTL);
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
  void aFilledStudent_isAHit() {
    Student student = aStudent().inCourses(aCourse()).build();
    CacheRead<Student> miss = cache.get(student.id());

    cache.put(student.id(), student, miss.fillToken().orElseThrow());

    assertThat(cache.get(student.id()).value()).contains(student);
  }

  @Test
  void aMiss_handsOutTheCurrentGeneration_asFillToken() {
    StudentId id = StudentId.next();
    assertThat(cache.get(id).fillToken()).contains("0");

    cache.invalidate(id, Set.of());
    assertThat(cache.get(id).fillToken()).contains("1");

    cache.invalidate(id, Set.of());
    assertThat(cache.get(id)).isEqualTo(CacheRead.miss("2"));
  }

  @Test
  void aFillThatStartedBeforeAnInvalidation_isDropped() {
    Student before = ada();
    String staleToken = cache.get(before.id()).fillToken().orElseThrow();

    cache.invalidate(before.id(), Set.of());
    cache.put(before.id(), before, staleToken);

    CacheRead<Student> read = cache.get(before.id());
    assertThat(read.value()).isEmpty();
    Student after = aStudent().withId(before.id()).named("changed").build();
    cache.put(after.id(), after, read.fillToken().orElseThrow());
    assertThat(cache.get(before.id()).value()).contains(after);
  }

  @Test
  void invalidate_dropsTheCachedStudent() {
    Student student = ada();
    cache.put(student.id(), student, cache.get(student.id()).fillToken().orElseThrow());

    cache.invalidate(student.id(), Set.of());

    assertThat(cache.get(student.id()).value()).isEmpty();
  }

  @Test
  void pages_areCachedPerRequest_andAllDroppedByAnyInvalidation() {
    PageRequest first = PageRequest.first(2);
    PageRequest second = PageRequest.of(2, PageRequest.encodeCursor(StudentId.next().toString()));
    Page<Student> firstPage =
        new Page<>(List.of(ada(), student("ghopper")), Optional.of(PageRequest.encodeCursor("x")));
    Page<Student> secondPage = new Page<>(List.of(ada()), Optional.empty());
    cache.putPage(first, firstPage, cache.getPage(first).fillToken().orElseThrow());
    cache.putPage(second, secondPage, cache.getPage(second).fillToken().orElseThrow());

    assertThat(cache.getPage(first).value()).contains(firstPage);
    assertThat(cache.getPage(second).value()).contains(secondPage);

    cache.invalidate(StudentId.next(), Set.of());

    assertThat(cache.getPage(first)).isEqualTo(CacheRead.miss("1"));
    assertThat(cache.getPage(second)).isEqualTo(CacheRead.miss("1"));
  }

  @Test
  void aPageFillThatStartedBeforeAnInvalidation_isDropped() {
    PageRequest request = PageRequest.first(10);
    String staleToken = cache.getPage(request).fillToken().orElseThrow();

    cache.invalidate(StudentId.next(), Set.of());
    cache.putPage(request, new Page<>(List.of(ada()), Optional.empty()), staleToken);

    assertThat(cache.getPage(request).value()).isEmpty();
  }

  @Test
  void studentsOfCourse_areDroppedForTouchedCoursesOnly() {
    CourseId touched = aCourse();
    CourseId untouched = aCourse();
    Student student = aStudent().inCourses(touched, untouched).build();
    for (CourseId course : List.of(touched, untouched)) {
      String token = cache.getRelated(course).fillToken().orElseThrow();
      cache.putRelated(course, List.of(student), token);
    }
    assertThat(cache.getRelated(touched).value()).contains(List.of(student));

    cache.invalidate(student.id(), Set.of(touched));

    assertThat(cache.getRelated(touched)).isEqualTo(CacheRead.miss("1"));
    assertThat(cache.getRelated(untouched).value()).contains(List.of(student));
  }

  @Test
  void aStaleFillOfStudentsOfCourse_isDropped() {
    CourseId course = aCourse();
    String staleToken = cache.getRelated(course).fillToken().orElseThrow();

    cache.invalidate(StudentId.next(), Set.of(course));
    cache.putRelated(course, List.of(ada()), staleToken);

    assertThat(cache.getRelated(course).value()).isEmpty();
  }

  @Test
  void values_expireAfterTheTtl_andGenerationsLater() {
    Student student = ada();
    cache.put(student.id(), student, cache.get(student.id()).fillToken().orElseThrow());
    cache.invalidate(StudentId.next(), Set.of(aCourse()));

    RedisCommands<String, byte[]> redis = connector.commands();
    assertThat(redis.pttl(prefix + "student:" + student.id())).isBetween(1L, TTL.toMillis());
    for (String generation : redis.keys(prefix + "gen:*")) {
      assertThat(redis.pttl(generation))
          .isBetween(TTL.toMillis() + 1, Duration.ofHours(1).toMillis());
    }
  }

  @Test
  void aValueThatDoesNotDecode_isAMiss_andIsOverwrittenByTheNextFill() {
    Student student = ada();
    connector.commands().set(prefix + "student:" + student.id(), "garbage".getBytes(UTF_8));

    CacheRead<Student> read = cache.get(student.id());
    assertThat(read).isEqualTo(CacheRead.miss("0"));

    cache.put(student.id(), student, read.fillToken().orElseThrow());
    assertThat(cache.get(student.id()).value()).contains(student);
  }

  @Test
  void anUnreachableRedis_readsAsUnavailableFast_andFailsInvalidation() {
    try (RedisConnector down = RedisConnector.create("redis://127.0.0.1:1")) {
      ReadCache<Student, StudentId, CourseId> unreachable =
          RedisStudentCache.create(down, prefix, TTL);
      long start = System.nanoTime();

      assertThat(unreachable.get(StudentId.next())).isEqualTo(CacheRead.unavailable());
      assertThat(unreachable.getPage(PageRequest.first(5))).isEqualTo(CacheRead.unavailable());
      assertThat(unreachable.getRelated(aCourse())).isEqualTo(CacheRead.unavailable());
      unreachable.put(ada().id(), ada(), "0");

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThatThrownBy(() -> unreachable.invalidate(StudentId.next(), Set.of(aCourse())))
          .isInstanceOfSatisfying(
              DependencyUnavailableException.class,
              e -> assertThat(e.dependency()).isEqualTo("redis"));
    }
  }
}
