package dev.nis.courses.adapter.out.mongo;

/**
 * An embedded collection that counts the queries it answered by reading all of its documents
 * (rather than through the {@code _id} index): what tests read to prove a lookup goes by key.
 */
interface ScanCounting {
  long scans();
}
