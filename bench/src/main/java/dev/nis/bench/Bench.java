package dev.nis.bench;

import java.nio.file.Path;

/** What every group of cases works with: the running system, its data, and where results go. */
record Bench(Stack stack, Data data, Rounds rounds, Results results, Path script) {}
