package dev.nis.students.adapter.out.postgres;

/**
 * Where the students live in PostgreSQL.
 *
 * @param url a JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param schema the schema that holds the tables; the migrations create it when missing
 * @param poolSize the most connections the pool opens
 */
public record PostgresSettings(
    String url, String user, String password, String schema, int poolSize) {
  public PostgresSettings {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("a PostgreSQL JDBC URL is required, got " + url);
    }
    if (schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a plain schema name: " + schema);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("the pool needs at least one connection");
    }
    password = password == null ? "" : password;
  }

  @Override
  public String toString() {
    return "PostgresSettings[url="
        + url
        + ", user="
        + user
        + ", schema="
        + schema
        + ", poolSize="
        + poolSize
        + "]";
  }
}
