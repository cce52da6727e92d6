package dev.nis.students.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.redis.CacheKeys;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
  private final CacheKeys keys = RedisStudentCache.keys("nis:students:");

  @Test
  void everyKey_isUnderThePrefix_andValuesAndGenerationsDiffer() {
    StudentId student = StudentId.parse("00000000-0000-0000-0000-000000000001");
    CourseId course = new CourseId("0123456789abcdef01234567");

    assertThat(keys.value(student))
        .isEqualTo("nis:students:student:00000000-0000-0000-0000-000000000001");
    assertThat(keys.generation(student))
        .isEqualTo("nis:students:gen:student:00000000-0000-0000-0000-000000000001");
    assertThat(keys.related(course))
        .isEqualTo("nis:students:course-students:0123456789abcdef01234567");
    assertThat(keys.relatedGeneration(course))
        .isEqualTo("nis:students:gen:course-students:0123456789abcdef01234567");
    assertThat(keys.listGeneration()).isEqualTo("nis:students:gen:list");
  }

  @Test
  void aPageKey_holdsTheListGeneration_andTheRequest() {
    PageRequest first = PageRequest.first(10);

    assertThat(keys.page("3", first)).isEqualTo("nis:students:list:3:10:");
    assertThat(keys.pagePrefix() + "3" + keys.pageSuffix(first)).isEqualTo(keys.page("3", first));
    assertThat(keys.page("4", first)).isNotEqualTo(keys.page("3", first));
    assertThat(keys.page("3", PageRequest.first(20))).isNotEqualTo(keys.page("3", first));
  }
}
