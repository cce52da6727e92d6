package dev.nis.common.domain;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;

/**
 * The rule for every free-text field of both services (a course's name, description, discipline and
 * teacher; a student's name, first_name and last_name): text that makes sense as a name, in the one
 * form that is stored, compared and served.
 *
 * <p>{@link #require} turns what a client sent into that form, or refuses it naming the field:
 *
 * <ol>
 *   <li><b>Unicode scalar values only</b>: a lone surrogate (a JSON {@code "\uD800"}, or one that a
 *       decoder let through) is refused, never replaced.
 *   <li><b>Leading and trailing white space is removed</b> (the Unicode White_Space property, tabs
 *       and line ends included), as the PRECIS Nickname profile does (RFC 8266 §2.2, rule 3); white
 *       space inside is kept as sent. Nothing else is removed or replaced.
 *   <li><b>Normalized to NFC</b> (Unicode Standard Annex #15): canonically equivalent spellings (an
 *       "é" precomposed, or "e" with a combining acute) become one string, so that what is stored
 *       and compared (a student's full name is unique) does not depend on how a keyboard spelled
 *       it. NFC, not the NFKC of RFC 8266: compatibility mappings change what a name looks like
 *       ("²" to "2", "ﬁ" to "fi").
 *   <li><b>Not blank</b>: nothing left after removing the white space is refused.
 *   <li><b>Every code point must make sense in a name</b>: the categories of the PRECIS
 *       FreeformClass (RFC 8264 §9.11–9.18: letters, marks, digits, punctuation, symbols, space
 *       separators) are accepted; refused are control characters (Cc, NUL and C1 included), line
 *       and paragraph separators, private-use characters, noncharacters (U+FFFE, U+FDD0…) and code
 *       points unassigned in the Unicode version of ICU4J (whose normalization could still change:
 *       TR #15's stability covers assigned characters only), the replacement characters U+FFFC and
 *       U+FFFD (the mark of text lost in decoding), a combining mark at the start, and the
 *       invisible ones: format characters (Cf: bidi overrides and isolates, zero-width space, word
 *       joiner, BOM, soft hyphen, …) and the other default-ignorable code points (Hangul fillers,
 *       the combining grapheme joiner). Invisible characters that a script or an emoji needs are
 *       accepted where they do their job ({@link NameCharacters}): the zero-width joiner and
 *       non-joiner under RFC 5892's CONTEXTJ rules and in emoji ZWJ sequences, the variation
 *       selectors of emoji and CJK ideographs, Mongolian's variation selectors, and emoji tag
 *       sequences (UTS #51).
 *   <li><b>Length</b>: between the field's bounds in code points of the stored form (an astral
 *       character such as an emoji counts once), the bounds of ARCHITECTURE.md's contract.
 * </ol>
 *
 * Refusals name the offending code point as {@code U+XXXX} and never quote the text itself, so a
 * detail can travel in a problem, a log line or a NATS header whatever the input held.
 */
public final class NameText {
  private NameText() {}

  /**
   * The stored form of {@code value}: stripped of leading and trailing white space, in NFC, and
   * {@code minLength} to {@code maxLength} code points long.
   *
   * @param field the field's name as clients write it (snake_case), named by a refusal
   * @throws ValidationException naming {@code field} when the value is absent or breaks the rule
   */
  public static String require(String field, String value, int minLength, int maxLength) {
    if (value == null) {
      throw new ValidationException(field, "is required");
    }
    if (isTrimmedPrintableAscii(value)) {
      // every read from a store or the cache builds its record through here: most names take
      // this path, which the rule below would accept unchanged, and ICU's data is loaded only
      // once a name needs it
      return requireLength(field, value, value.length(), minLength, maxLength);
    }
    refuseLoneSurrogates(field, value);
    String stored = Normalizer2.getNFCInstance().normalize(strip(value));
    if (stored.isEmpty()) {
      throw new ValidationException(field, "must not be blank");
    }
    NameCharacters.refusal(stored)
        .ifPresent(
            reason -> {
              throw new ValidationException(field, reason);
            });
    return requireLength(
        field, stored, stored.codePointCount(0, stored.length()), minLength, maxLength);
  }

  private static String requireLength(
      String field, String stored, int length, int minLength, int maxLength) {
    if (length < minLength || length > maxLength) {
      throw new ValidationException(
          field, "must be " + minLength + " to " + maxLength + " characters long, got " + length);
    }
    return stored;
  }

  /** Printable ASCII (U+0020–U+007E) with no space first or last: already in its stored form. */
  private static boolean isTrimmedPrintableAscii(String value) {
    int last = value.length() - 1;
    if (last < 0 || value.charAt(0) == ' ' || value.charAt(last) == ' ') {
      return false;
    }
    for (int i = 0; i <= last; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  private static void refuseLoneSurrogates(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new ValidationException(
            field, "must not contain an unpaired surrogate (" + NameCharacters.codePoint(c) + ")");
      }
    }
  }

  /**
   * Without leading and trailing White_Space (UAX #44; the JDK's strip() misses U+0085, U+00A0).
   */
  static String strip(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && UCharacter.isUWhiteSpace(value.codePointAt(start))) {
      start += Character.charCount(value.codePointAt(start));
    }
    while (end > start && UCharacter.isUWhiteSpace(value.codePointBefore(end))) {
      end -= Character.charCount(value.codePointBefore(end));
    }
    return value.substring(start, end);
  }
}
