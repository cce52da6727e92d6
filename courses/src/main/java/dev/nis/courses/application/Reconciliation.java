package dev.nis.courses.application;

import java.time.Duration;

/**
 * What one run of the {@link RelationReconciler} found.
 *
 * @param disagreeingPairs pairs one side holds and the other, live, does not (repaired)
 * @param danglingIds ids one side holds of an entity that is not live on the other (repaired)
 * @param unsettled one-sided pairs left to the next run: their log partition still had entries to
 *     apply, or moved on before the repair could be appended
 * @param courses live courses compared
 * @param students live students compared
 * @param yielded how long the run waited for the service's appliers to catch up before its reads
 *     (besides its duty cycle's rests)
 */
public record Reconciliation(
    int disagreeingPairs,
    int danglingIds,
    int unsettled,
    int courses,
    int students,
    Duration yielded) {}
