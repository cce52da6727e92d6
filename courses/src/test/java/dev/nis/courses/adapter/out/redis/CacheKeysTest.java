package dev.nis.courses.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.redis.CacheKeys;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
  private final CacheKeys keys = RedisCourseCache.keys("nis:courses:");

  @Test
  void everyKey_isUnderThePrefix_andValuesAndGenerationsDiffer() {
    CourseId course = new CourseId("0123456789abcdef01234567");
    StudentId student = new StudentId(UUID.fromString("00000000-0000-0000-0000-000000000001"));

    assertThat(keys.value(course)).isEqualTo("nis:courses:course:0123456789abcdef01234567");
    assertThat(keys.generation(course))
        .isEqualTo("nis:courses:gen:course:0123456789abcdef01234567");
    assertThat(keys.related(student))
        .isEqualTo("nis:courses:student-courses:00000000-0000-0000-0000-000000000001");
    assertThat(keys.relatedGeneration(student))
        .isEqualTo("nis:courses:gen:student-courses:00000000-0000-0000-0000-000000000001");
    assertThat(keys.listGeneration()).isEqualTo("nis:courses:gen:list");
  }

  @Test
  void aPageKey_holdsTheListGeneration_andTheRequest() {
    PageRequest first = PageRequest.first(10);

    assertThat(keys.page("3", first)).isEqualTo("nis:courses:list:3:10:");
    assertThat(keys.pagePrefix() + "3" + keys.pageSuffix(first)).isEqualTo(keys.page("3", first));
    assertThat(keys.page("4", first)).isNotEqualTo(keys.page("3", first));
    assertThat(keys.page("3", PageRequest.first(20))).isNotEqualTo(keys.page("3", first));
  }
}
