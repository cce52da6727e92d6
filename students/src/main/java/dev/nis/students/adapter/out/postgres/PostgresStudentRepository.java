package dev.nis.students.adapter.out.postgres;

import static dev.nis.students.adapter.out.postgres.SqlFailures.guarded;
import static dev.nis.students.adapter.out.postgres.jooq.Tables.STUDENTS;

import dev.nis.common.application.port.out.EnrollmentStatus;
import dev.nis.common.application.port.out.WriteStatus;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.store.GroupCommit;
import dev.nis.common.store.StoreMetrics;
import dev.nis.students.adapter.out.postgres.jooq.tables.records.StudentsRecord;
import dev.nis.students.application.port.out.StudentRepository;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Row3;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Students in the PostgreSQL table "students", every query through jOOQ. Every row remembers the
 * command stream sequence that last wrote it ({@code applied_seq}); writes only pass when their
 * sequence is newer, and a delete leaves a tombstone ({@code deleted = true}, names cleared) that
 * keeps the sequence, so a redelivered command is recognised as already applied. Reads never see
 * tombstones. The partial unique index {@value #FULL_NAME_INDEX} keeps full names unique among live
 * students; a write it refuses is {@link WriteStatus#DUPLICATE}.
 */
public final class PostgresStudentRepository implements StudentRepository {
  static final String FULL_NAME_INDEX = "students_full_name_live";
  private static final Condition LIVE = STUDENTS.DELETED.isFalse();

  /** The most rows in one insert: more than a replica's partitions ever hold. */
  private static final int MAX_INSERT_BATCH = 64;

  /** The most full names in one name check. */
  private static final int MAX_NAME_CHECK_BATCH = 64;

  private final DSLContext sql;

  /*
   * The statements of the create path (the name check on every accept and the insert on every
   * apply, each once per number of rows) and the lookup by id, rendered once by jOOQ with bind
   * placeholders and bound per call. jOOQ renders a query's SQL again on every execution: under
   * the create load that rendering was half of the name check's CPU and a fifth of the students
   * service's (bench/analysis.md); jOOQ's manual ("Performance considerations") suggests caching
   * the SQL it generates for such hot statements. They are still built with the generated schema's
   * types, so they stay checked.
   */
  private final String selectLiveById;
  private final Map<Integer, String> selectLiveByFullNames = new ConcurrentHashMap<>();
  private final Map<Integer, String> insertRows = new ConcurrentHashMap<>();

  private final GroupCommit<StudentsRecord, WriteStatus> inserts;

  /**
   * The name checks of the accepts made at the same moment, asked in one query: every create and
   * every update asks PostgreSQL whether its full name is taken (as the original does), and under
   * the sustained creates those one-row selects were 7.6 % of the service's CPU, half of it the
   * round trip's system calls. Asked together, PostgreSQL's CPU per create fell from 0.18 to
   * 0.13–0.15 ms in runs in turns; the service's own CPU and the applied rate did not move beyond
   * the runs' spread (bench/analysis.md, "The bucket's watch only while requests wait, ...").
   */
  private final GroupCommit<StudentFields, Optional<Student>> nameChecks;

  /** A repository whose insert batches are not measured (tests, tools). */
  public PostgresStudentRepository(DSLContext sql) {
    this(sql, size -> {}, size -> {});
  }

  /**
   * A repository that records the size of each insert batch and of each batch of name checks in
   * {@code nis_store_batch_size} ({@code operation} {@code insert} and {@code find_by_full_name}).
   */
  public PostgresStudentRepository(DSLContext sql, MeterRegistry registry) {
    this(
        sql,
        StoreMetrics.batchSizes(registry, "postgresql", "insert"),
        StoreMetrics.batchSizes(registry, "postgresql", "find_by_full_name"));
  }

  private PostgresStudentRepository(
      DSLContext sql, IntConsumer insertBatchSizes, IntConsumer nameCheckBatchSizes) {
    this.sql = sql;
    this.inserts = new GroupCommit<>(MAX_INSERT_BATCH, this::insertAll, insertBatchSizes);
    this.nameChecks =
        new GroupCommit<>(MAX_NAME_CHECK_BATCH, this::findAllByFullName, nameCheckBatchSizes);
    this.selectLiveById =
        sql.render(
            sql.selectFrom(STUDENTS).where(STUDENTS.ID.eq(DSL.param("id", UUID.class)), LIVE));
  }

  @Override
  public Optional<Student> findById(StudentId id) {
    return guarded(
        () ->
            sql.resultQuery(selectLiveById, DSL.val(id.value(), STUDENTS.ID))
                .coerce(STUDENTS)
                .fetchOptional(StudentRecordMapper::toStudent));
  }

  /**
   * Asked together with the name checks of other accepts at the same moment ({@link #nameChecks}).
   */
  @Override
  public Optional<Student> findByFullName(StudentFields fields) {
    return nameChecks.submit(fields);
  }

  /**
   * One query for a batch of name checks: the live students holding any of the full names (the
   * partial unique index answers each), each check then given the one holding its own.
   */
  private void findAllByFullName(List<GroupCommit.Entry<StudentFields, Optional<Student>>> batch) {
    List<Object> values = new ArrayList<>(batch.size() * 3);
    for (GroupCommit.Entry<StudentFields, Optional<Student>> entry : batch) {
      values.add(DSL.val(entry.item().name(), STUDENTS.NAME));
      values.add(DSL.val(entry.item().firstName(), STUDENTS.FIRST_NAME));
      values.add(DSL.val(entry.item().lastName(), STUDENTS.LAST_NAME));
    }
    List<Student> holders =
        guarded(
            () ->
                sql.resultQuery(selectLiveByFullNames(batch.size()), values.toArray())
                    .coerce(STUDENTS)
                    .fetch(StudentRecordMapper::toStudent));
    for (GroupCommit.Entry<StudentFields, Optional<Student>> entry : batch) {
      StudentFields asked = entry.item();
      entry.complete(
          holders.stream()
              .filter(
                  holder ->
                      holder.fields().name().equals(asked.name())
                          && holder.fields().firstName().equals(asked.firstName())
                          && holder.fields().lastName().equals(asked.lastName()))
              .findFirst());
    }
  }

  private String selectLiveByFullNames(int names) {
    return selectLiveByFullNames.computeIfAbsent(
        names,
        n -> {
          List<Row3<String, String, String>> asked = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            asked.add(
                DSL.row(
                    DSL.param("name", String.class),
                    DSL.param("first_name", String.class),
                    DSL.param("last_name", String.class)));
          }
          return sql.render(
              sql.selectFrom(STUDENTS)
                  .where(
                      DSL.row(STUDENTS.NAME, STUDENTS.FIRST_NAME, STUDENTS.LAST_NAME).in(asked),
                      LIVE));
        });
  }

  @Override
  public List<Student> findPage(PageRequest page) {
    Condition after =
        page.afterId().map(id -> STUDENTS.ID.gt(cursorId(id))).orElse(DSL.noCondition());
    return guarded(
        () ->
            sql.selectFrom(STUDENTS)
                .where(LIVE, after)
                .orderBy(STUDENTS.ID)
                .limit(page.limit() + 1)
                .fetch(StudentRecordMapper::toStudent));
  }

  /** Served by the GIN index on course_ids: {@code course_ids @> ARRAY[course_id]}. */
  @Override
  public List<Student> findHolding(CourseId courseId) {
    return guarded(
        () ->
            sql.selectFrom(STUDENTS)
                .where(LIVE, holdsCourse(courseId))
                .orderBy(STUDENTS.ID)
                .fetch(StudentRecordMapper::toStudent));
  }

  /**
   * Student ids are fresh, so a row already holding the id was inserted by this command: {@link
   * WriteStatus#ALREADY_APPLIED}; a live student with the same full name makes it {@link
   * WriteStatus#DUPLICATE}. Batched with the inserts of other partitions made at the same moment
   * ({@link GroupCommit}).
   */
  @Override
  public WriteStatus insert(Student student, List<CourseId> requested, long sequence) {
    return inserts.submit(
        StudentRecordMapper.toRecord(student, sequence)
            .setRequestedCourseIds(StudentRecordMapper.courseIds(requested))
            .setRequestedSeq(sequence));
  }

  /**
   * One multi-row {@code INSERT ... ON CONFLICT DO NOTHING RETURNING id}: one statement, one
   * commit. A row it skipped conflicted on its id or on the live full-name index (the rows of the
   * batch included, in their order); a lookup of the skipped ids tells which.
   */
  private void insertAll(List<GroupCommit.Entry<StudentsRecord, WriteStatus>> batch) {
    List<StudentsRecord> rows = batch.stream().map(GroupCommit.Entry::item).toList();
    Set<UUID> inserted =
        guarded(
            () ->
                new HashSet<>(
                    sql.resultQuery(insertSql(rows.size()), bindings(rows)).fetch(0, UUID.class)));
    List<UUID> skipped =
        rows.stream().map(StudentsRecord::getId).filter(id -> !inserted.contains(id)).toList();
    Set<UUID> present =
        skipped.isEmpty()
            ? Set.of()
            : guarded(
                () ->
                    new HashSet<>(
                        sql.select(STUDENTS.ID)
                            .from(STUDENTS)
                            .where(STUDENTS.ID.in(skipped))
                            .fetch(STUDENTS.ID)));
    for (GroupCommit.Entry<StudentsRecord, WriteStatus> entry : batch) {
      UUID id = entry.item().getId();
      entry.complete(
          inserted.contains(id)
              ? WriteStatus.WRITTEN
              : present.contains(id) ? WriteStatus.ALREADY_APPLIED : WriteStatus.DUPLICATE);
    }
  }

  private String insertSql(int rows) {
    return insertRows.computeIfAbsent(
        rows,
        n -> {
          var insert =
              sql.insertInto(
                  STUDENTS,
                  STUDENTS.ID,
                  STUDENTS.NAME,
                  STUDENTS.FIRST_NAME,
                  STUDENTS.LAST_NAME,
                  STUDENTS.COURSE_IDS,
                  STUDENTS.REQUESTED_COURSE_IDS,
                  STUDENTS.REQUESTED_SEQ,
                  STUDENTS.APPLIED_SEQ,
                  STUDENTS.DELETED);
          for (int i = 0; i < n; i++) {
            insert =
                insert.values(
                    DSL.param("id", UUID.class),
                    DSL.param("name", String.class),
                    DSL.param("first_name", String.class),
                    DSL.param("last_name", String.class),
                    DSL.param("course_ids", String[].class),
                    DSL.param("requested_course_ids", String[].class),
                    DSL.param("requested_seq", Long.class),
                    DSL.param("applied_seq", Long.class),
                    DSL.param("deleted", Boolean.class));
          }
          return sql.render(insert.onConflictDoNothing().returning(STUDENTS.ID));
        });
  }

  private static Object[] bindings(List<StudentsRecord> rows) {
    List<Object> values = new ArrayList<>(rows.size() * 9);
    for (StudentsRecord row : rows) {
      values.add(DSL.val(row.getId(), STUDENTS.ID));
      values.add(DSL.val(row.getName(), STUDENTS.NAME));
      values.add(DSL.val(row.getFirstName(), STUDENTS.FIRST_NAME));
      values.add(DSL.val(row.getLastName(), STUDENTS.LAST_NAME));
      values.add(DSL.val(row.getCourseIds(), STUDENTS.COURSE_IDS));
      values.add(DSL.val(row.getRequestedCourseIds(), STUDENTS.REQUESTED_COURSE_IDS));
      values.add(DSL.val(row.getRequestedSeq(), STUDENTS.REQUESTED_SEQ));
      values.add(DSL.val(row.getAppliedSeq(), STUDENTS.APPLIED_SEQ));
      values.add(DSL.val(row.getDeleted(), STUDENTS.DELETED));
    }
    return values.toArray();
  }

  @Override
  public WriteStatus replace(Student student, List<CourseId> requested, long sequence) {
    return guarded(
        () -> {
          int updated;
          try {
            updated =
                sql.update(STUDENTS)
                    .set(StudentRecordMapper.fieldUpdate(student.fields(), requested, sequence))
                    .where(writable(student.id(), sequence))
                    .execute();
          } catch (DataAccessException e) {
            return duplicateOrRethrow(e);
          }
          if (updated == 1) {
            return WriteStatus.WRITTEN;
          }
          return current(student.id())
              .filter(row -> row.getAppliedSeq() >= sequence)
              .map(
                  row ->
                      row.getAppliedSeq() == sequence
                          ? WriteStatus.ALREADY_APPLIED
                          : WriteStatus.SUPERSEDED)
              .orElse(WriteStatus.MISSING);
        });
  }

  @Override
  public WriteStatus delete(StudentId id, long sequence) {
    return guarded(
        () -> {
          int updated =
              sql.update(STUDENTS)
                  .set(StudentRecordMapper.tombstone(sequence))
                  .where(writable(id, sequence))
                  .execute();
          if (updated == 1) {
            return WriteStatus.WRITTEN;
          }
          return current(id)
              .filter(row -> row.getDeleted() && row.getAppliedSeq() == sequence)
              .map(row -> WriteStatus.ALREADY_APPLIED)
              .orElse(WriteStatus.MISSING);
        });
  }

  @Override
  public EnrollmentStatus add(StudentId id, CourseId courseId, int cap) {
    return guarded(
        () -> {
          int updated =
              sql.update(STUDENTS)
                  .set(STUDENTS.COURSE_IDS, DSL.arrayAppend(STUDENTS.COURSE_IDS, courseId.value()))
                  .where(live(id))
                  .and(DSL.not(holdsCourse(courseId)))
                  .and(DSL.cardinality(STUDENTS.COURSE_IDS).lt(cap))
                  .execute();
          if (updated == 1) {
            return EnrollmentStatus.CHANGED;
          }
          Optional<StudentsRecord> row = current(id).filter(r -> !r.getDeleted());
          if (row.isEmpty()) {
            return EnrollmentStatus.MISSING;
          }
          return Arrays.asList(row.get().getCourseIds()).contains(courseId.value())
              ? EnrollmentStatus.UNCHANGED
              : EnrollmentStatus.FULL;
        });
  }

  @Override
  public EnrollmentStatus remove(StudentId id, CourseId courseId) {
    return guarded(
        () ->
            sql.update(STUDENTS)
                        .set(
                            STUDENTS.COURSE_IDS,
                            DSL.arrayRemove(STUDENTS.COURSE_IDS, courseId.value()))
                        .where(live(id))
                        .and(holdsCourse(courseId))
                        .execute()
                    == 1
                ? EnrollmentStatus.CHANGED
                : EnrollmentStatus.UNCHANGED);
  }

  /** One statement: the course is appended unless the array holds it already. */
  @Override
  public boolean request(StudentId id, CourseId courseId, long sequence) {
    String[] course = {courseId.value()};
    return changeRequested(
        id,
        sequence,
        DSL.when(STUDENTS.REQUESTED_COURSE_IDS.contains(course), STUDENTS.REQUESTED_COURSE_IDS)
            .otherwise(DSL.arrayAppend(STUDENTS.REQUESTED_COURSE_IDS, courseId.value())));
  }

  @Override
  public boolean withdraw(StudentId id, CourseId courseId, long sequence) {
    return changeRequested(
        id, sequence, DSL.arrayRemove(STUDENTS.REQUESTED_COURSE_IDS, courseId.value()));
  }

  /**
   * One update when the command is newer than the last that set the requested courses; a read only
   * when it matched nothing.
   */
  private boolean changeRequested(StudentId id, long sequence, Field<String[]> requested) {
    return guarded(
        () ->
            sql.update(STUDENTS)
                        .set(STUDENTS.REQUESTED_COURSE_IDS, requested)
                        .set(STUDENTS.REQUESTED_SEQ, sequence)
                        .where(live(id).and(STUDENTS.REQUESTED_SEQ.lt(sequence)))
                        .execute()
                    == 1
                || sql.fetchExists(STUDENTS, live(id)));
  }

  @Override
  public Optional<List<CourseId>> findRelated(StudentId id) {
    return guarded(
        () ->
            sql.select(STUDENTS.COURSE_IDS)
                .from(STUDENTS)
                .where(live(id))
                .fetchOptional()
                .map(
                    row ->
                        Arrays.stream(row.value1())
                            .map(c -> CourseId.parse("course_ids", c))
                            .toList()));
  }

  @Override
  public List<CourseId> relatedOrRequested(StudentId id) {
    return guarded(
        () ->
            sql.select(STUDENTS.COURSE_IDS, STUDENTS.REQUESTED_COURSE_IDS)
                .from(STUDENTS)
                .where(live(id))
                .fetchOptional()
                .map(
                    row -> {
                      Set<String> both = new LinkedHashSet<>(Arrays.asList(row.value1()));
                      both.addAll(Arrays.asList(row.value2()));
                      return both.stream().map(c -> CourseId.parse("course_ids", c)).toList();
                    })
                .orElse(List.of()));
  }

  @Override
  public List<CourseId> relatedOfDeleted(StudentId id) {
    return guarded(
        () ->
            current(id)
                .filter(StudentsRecord::getDeleted)
                .map(
                    row ->
                        Arrays.stream(row.getCourseIds())
                            .map(c -> CourseId.parse("course_ids", c))
                            .toList())
                .orElse(List.of()));
  }

  private static Condition live(StudentId id) {
    return STUDENTS.ID.eq(id.value()).and(LIVE);
  }

  /** {@code course_ids @> ARRAY[course_id]}: the operator the GIN index serves. */
  static Condition holdsCourse(CourseId courseId) {
    return STUDENTS.COURSE_IDS.contains(new String[] {courseId.value()});
  }

  /** A live student that no command at or after this sequence has written yet. */
  private static Condition writable(StudentId id, long sequence) {
    return STUDENTS.ID.eq(id.value()).and(LIVE).and(STUDENTS.APPLIED_SEQ.lt(sequence));
  }

  /** The row of the id, tombstone or not. */
  private Optional<StudentsRecord> current(StudentId id) {
    return sql.selectFrom(STUDENTS).where(STUDENTS.ID.eq(id.value())).fetchOptional();
  }

  private static WriteStatus duplicateOrRethrow(DataAccessException e) {
    if (SqlFailures.isUniqueViolationOf(e, FULL_NAME_INDEX)) {
      return WriteStatus.DUPLICATE;
    }
    throw e;
  }

  private static UUID cursorId(String afterId) {
    try {
      return StudentId.parse("cursor", afterId).value();
    } catch (ValidationException e) {
      throw new ValidationException("cursor", "is not a cursor this service issued");
    }
  }
}
