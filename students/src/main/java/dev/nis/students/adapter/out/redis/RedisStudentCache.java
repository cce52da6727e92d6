package dev.nis.students.adapter.out.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.application.CacheRead;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.redis.RedisConnector;
import dev.nis.common.redis.RedisScript;
import dev.nis.students.application.port.StudentCache;
import dev.nis.students.domain.CourseId;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentId;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The student cache in Redis, guarded against the fill race by generations: a miss hands out the
 * generation of the entry as its fill token, a fill is stored only while that generation is
 * unchanged, and an invalidation increments the generations (and deletes the values) in one script.
 * So a reader that missed before a change was applied cannot store what it read then. Values live
 * {@code ttl}; generations live longer (and are refreshed on every increment), and one that expires
 * only makes fills with older tokens fail.
 */
public final class RedisStudentCache implements StudentCache {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  private static final Duration MIN_GENERATION_TTL = Duration.ofHours(1);
  private static final String NO_GENERATION = "0";
  private static final Logger LOG = LoggerFactory.getLogger(RedisStudentCache.class);

  /** KEYS: generation, value. ARGV: token, value, ttl ms. Returns 1 when stored. */
  private static final RedisScript FILL =
      new RedisScript(
          """
          if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
          redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
          return 1
          """);

  /** KEYS: list generation. ARGV: page key prefix, page key suffix. Returns {generation, page}. */
  private static final RedisScript READ_PAGE =
      new RedisScript(
          """
          local generation = redis.call('GET', KEYS[1]) or '0'
          return {generation, redis.call('GET', ARGV[1] .. generation .. ARGV[2])}
          """);

  /** KEYS: ARGV[2] generations, then values. ARGV: generation ttl ms, count of generations. */
  private static final RedisScript INVALIDATE =
      new RedisScript(
          """
          local generations = tonumber(ARGV[2])
          for i = 1, #KEYS do
            if i <= generations then
              redis.call('INCR', KEYS[i])
              redis.call('PEXPIRE', KEYS[i], ARGV[1])
            else
              redis.call('DEL', KEYS[i])
            end
          end
          return generations
          """);

  private final RedisConnector redis;
  private final CacheKeys keys;
  private final byte[] ttlMillis;
  private final byte[] generationTtlMillis;

  public RedisStudentCache(RedisConnector redis, String keyPrefix) {
    this(redis, keyPrefix, DEFAULT_TTL);
  }

  public RedisStudentCache(RedisConnector redis, String keyPrefix, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the cache TTL must be positive, got " + ttl);
    }
    Duration generationTtl = ttl.multipliedBy(2);
    if (generationTtl.compareTo(MIN_GENERATION_TTL) < 0) {
      generationTtl = MIN_GENERATION_TTL;
    }
    this.redis = redis;
    this.keys = new CacheKeys(keyPrefix);
    this.ttlMillis = bytes(ttl.toMillis());
    this.generationTtlMillis = bytes(generationTtl.toMillis());
  }

  @Override
  public CacheRead<Student> getStudent(StudentId id) {
    return read(keys.student(id), keys.studentGeneration(id), StudentProtoMapper::student);
  }

  @Override
  public void putStudent(Student student, String fillToken) {
    StudentId id = student.id();
    fill(
        keys.studentGeneration(id),
        keys.student(id),
        fillToken,
        StudentProtoMapper.studentBytes(student));
  }

  @Override
  public CacheRead<Page<Student>> getPage(PageRequest page) {
    List<Object> generationAndPage;
    try {
      generationAndPage =
          READ_PAGE.run(
              redis.commands(),
              ScriptOutputType.MULTI,
              new String[] {keys.listGeneration()},
              keys.pagePrefix().getBytes(UTF_8),
              keys.pageSuffix(page).getBytes(UTF_8));
    } catch (RuntimeException e) {
      return unavailable("read a page", e);
    }
    String generation = new String((byte[]) generationAndPage.get(0), UTF_8);
    byte[] value = generationAndPage.size() > 1 ? (byte[]) generationAndPage.get(1) : null;
    return decode(value, generation, StudentProtoMapper::page);
  }

  @Override
  public void putPage(PageRequest request, Page<Student> page, String fillToken) {
    fill(
        keys.listGeneration(),
        keys.page(fillToken, request),
        fillToken,
        StudentProtoMapper.pageBytes(page));
  }

  @Override
  public CacheRead<List<Student>> getStudentsOfCourse(CourseId courseId) {
    return read(
        keys.studentsOfCourse(courseId),
        keys.studentsOfCourseGeneration(courseId),
        StudentProtoMapper::students);
  }

  @Override
  public void putStudentsOfCourse(CourseId courseId, List<Student> students, String fillToken) {
    fill(
        keys.studentsOfCourseGeneration(courseId),
        keys.studentsOfCourse(courseId),
        fillToken,
        StudentProtoMapper.studentsBytes(students));
  }

  @Override
  public void invalidate(StudentId id, Set<CourseId> touchedCourses) {
    List<String> generations = new ArrayList<>();
    List<String> values = new ArrayList<>();
    generations.add(keys.studentGeneration(id));
    values.add(keys.student(id));
    generations.add(keys.listGeneration());
    for (CourseId course : touchedCourses) {
      generations.add(keys.studentsOfCourseGeneration(course));
      values.add(keys.studentsOfCourse(course));
    }
    List<String> scriptKeys = new ArrayList<>(generations);
    scriptKeys.addAll(values);
    try {
      INVALIDATE.run(
          redis.commands(),
          ScriptOutputType.INTEGER,
          scriptKeys.toArray(String[]::new),
          generationTtlMillis,
          bytes(generations.size()));
    } catch (RuntimeException e) {
      throw new DependencyUnavailableException("redis", e);
    }
  }

  private <T> CacheRead<T> read(String valueKey, String generationKey, Decoder<T> decoder) {
    List<KeyValue<String, byte[]>> valueAndGeneration;
    try {
      valueAndGeneration = redis.commands().mget(valueKey, generationKey);
    } catch (RuntimeException e) {
      return unavailable("read " + valueKey, e);
    }
    KeyValue<String, byte[]> generation = valueAndGeneration.get(1);
    String token = generation.hasValue() ? new String(generation.getValue(), UTF_8) : NO_GENERATION;
    KeyValue<String, byte[]> value = valueAndGeneration.get(0);
    return decode(value.hasValue() ? value.getValue() : null, token, decoder);
  }

  /** A value that no longer decodes (e.g. written by another version) counts as a miss. */
  private static <T> CacheRead<T> decode(byte[] value, String token, Decoder<T> decoder) {
    if (value == null) {
      return CacheRead.miss(token);
    }
    try {
      return CacheRead.hit(decoder.decode(value));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      LOG.debug("dropping an undecodable cache value: {}", e.toString());
      return CacheRead.miss(token);
    }
  }

  private void fill(String generationKey, String valueKey, String token, byte[] value) {
    try {
      FILL.run(
          redis.commands(),
          ScriptOutputType.INTEGER,
          new String[] {generationKey, valueKey},
          token.getBytes(UTF_8),
          value,
          ttlMillis);
    } catch (RuntimeException e) {
      LOG.debug("cache fill of {} skipped: {}", valueKey, e.toString());
    }
  }

  private static <T> CacheRead<T> unavailable(String what, RuntimeException e) {
    LOG.debug("cache unavailable to {}: {}", what, e.toString());
    return CacheRead.unavailable();
  }

  private static byte[] bytes(long number) {
    return Long.toString(number).getBytes(UTF_8);
  }

  @FunctionalInterface
  private interface Decoder<T> {
    T decode(byte[] bytes) throws InvalidProtocolBufferException;
  }
}
