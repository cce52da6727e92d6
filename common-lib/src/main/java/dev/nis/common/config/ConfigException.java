package dev.nis.common.config;

/** A configuration value that cannot be used; the message names the variable. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String variable, String problem, String value) {
    super(variable + ": " + problem + ", got '" + value + "'");
  }

  /** A problem whose message already quotes the value (e.g. one of a library's own settings). */
  public ConfigException(String variable, String problem) {
    super(variable + ": " + problem);
  }
}
