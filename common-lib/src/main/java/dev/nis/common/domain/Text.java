package dev.nis.common.domain;

/** Length rules for the text fields of both services' records. */
public final class Text {
  private Text() {}

  /** Returns the value when its length is within [min, max]; throws naming the field otherwise. */
  public static String requireLength(String field, String value, int min, int max) {
    if (value == null) {
      throw new ValidationException(field, "is required");
    }
    int length = value.codePointCount(0, value.length());
    if (length < min || length > max) {
      throw new ValidationException(
          field, "must be " + min + " to " + max + " characters long, got " + length);
    }
    return value;
  }
}
