package dev.nis.bench;

/**
 * BENCHMARKS.md after a run of some groups (BENCH_CASES): the file the last full run wrote, with
 * one section of that selection's rows between two markers (replaced by the next run of the same
 * selection, dropped by the next full run), and the hand-written summary (bench/summary.md) and
 * "How to run" copied in again.
 */
final class GroupSection {
  private static final String AFTER_TABLE = "\n## Start-up and memory";
  private static final String SUMMARY = "\n## What limits";
  private static final String HOW_TO_RUN = "\n## How to run";

  private GroupSection() {}

  static String replace(
      String benchmarks, String cases, String section, String summary, String howToRun) {
    String begin = "<!-- BENCH_CASES=" + cases + ": written by bench/run.sh -->\n";
    String end = "<!-- end of BENCH_CASES=" + cases + " -->\n";
    String block = begin + section + end;
    String md;
    int from = benchmarks.indexOf(begin);
    int to = from < 0 ? -1 : benchmarks.indexOf(end, from);
    if (from >= 0 && to >= 0) {
      md = benchmarks.substring(0, from) + block + benchmarks.substring(to + end.length());
    } else {
      int at = benchmarks.indexOf(AFTER_TABLE);
      if (at < 0) {
        at = benchmarks.indexOf(HOW_TO_RUN);
      }
      md =
          at < 0
              ? benchmarks + "\n" + block
              : benchmarks.substring(0, at + 1) + block + "\n" + benchmarks.substring(at + 1);
    }
    md = summary == null ? md : withSummary(md, summary);
    int how = md.indexOf(HOW_TO_RUN);
    return how < 0 ? md : md.substring(0, how) + howToRun;
  }

  private static String withSummary(String md, String summary) {
    int from = md.indexOf(SUMMARY);
    int to = from < 0 ? -1 : md.indexOf(HOW_TO_RUN, from);
    if (from < 0 || to < 0) {
      return md;
    }
    return md.substring(0, from + 1) + summary + md.substring(to);
  }
}
