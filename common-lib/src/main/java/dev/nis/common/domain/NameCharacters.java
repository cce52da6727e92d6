package dev.nis.common.domain;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import java.util.Locale;
import java.util.Optional;

/**
 * Which code points {@link NameText} accepts, one at a time and in their context. Unicode data
 * (general category, joining type, combining class, emoji properties) comes from ICU4J: the JDK has
 * neither the joining type nor the combining class that RFC 5892's rules need.
 */
final class NameCharacters {
  private static final int ZWNJ = 0x200C;
  private static final int ZWJ = 0x200D;
  private static final int VS15 = 0xFE0E;
  private static final int VS16 = 0xFE0F;
  private static final int CANCEL_TAG = 0xE007F;
  private static final int VIRAMA = 9;

  private NameCharacters() {}

  /** Why {@code text} (well-formed, in NFC) is no name, or empty when every code point fits. */
  static Optional<String> refusal(String text) {
    int first = text.codePointAt(0);
    if (isMark(first)) {
      return Optional.of("must not begin with a combining mark (" + codePoint(first) + ")");
    }
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (isTag(cp)) {
        int end = tagSequenceEnd(text, i);
        if (end < 0) {
          return Optional.of(invisible(cp));
        }
        i = end;
        continue;
      }
      Optional<String> refusal = refusal(text, i, cp);
      if (refusal.isPresent()) {
        return refusal;
      }
      i += Character.charCount(cp);
    }
    return Optional.empty();
  }

  private static Optional<String> refusal(String text, int at, int cp) {
    return switch (UCharacter.getType(cp)) {
      case UCharacterCategory.CONTROL ->
          Optional.of("must not contain control characters (" + codePoint(cp) + ")");
      case UCharacterCategory.LINE_SEPARATOR, UCharacterCategory.PARAGRAPH_SEPARATOR ->
          Optional.of("must not contain line or paragraph separators (" + codePoint(cp) + ")");
      case UCharacterCategory.PRIVATE_USE ->
          Optional.of("must not contain private-use characters (" + codePoint(cp) + ")");
      case UCharacterCategory.SURROGATE ->
          Optional.of("must not contain an unpaired surrogate (" + codePoint(cp) + ")");
      case UCharacterCategory.UNASSIGNED -> Optional.of(unassigned(cp));
      default -> {
        if (cp == 0xFFFC || cp == 0xFFFD) {
          yield Optional.of(
              "must not contain a replacement character ("
                  + codePoint(cp)
                  + "), the mark of text lost in decoding");
        }
        boolean hidden =
            UCharacter.getType(cp) == UCharacterCategory.FORMAT
                || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
        yield hidden && !doesItsJob(text, at, cp) ? Optional.of(invisible(cp)) : Optional.empty();
      }
    };
  }

  private static String unassigned(int cp) {
    if (UCharacter.hasBinaryProperty(cp, UProperty.NONCHARACTER_CODE_POINT)) {
      return "must not contain noncharacters (" + codePoint(cp) + ")";
    }
    return "must not contain code points unassigned in Unicode "
        + UCharacter.getUnicodeVersion().getMajor()
        + "."
        + UCharacter.getUnicodeVersion().getMinor()
        + " ("
        + codePoint(cp)
        + ")";
  }

  private static String invisible(int cp) {
    return "must not contain invisible or format characters ("
        + codePoint(cp)
        + ") outside the sequences that need them";
  }

  /**
   * Whether an invisible code point at {@code at} is one that the characters around it need: the
   * joiners under RFC 5892 Appendix A.1/A.2 (after a virama; ZWNJ between Arabic-style joining
   * letters) or inside an emoji ZWJ sequence (UTS #51 ED-16); a variation selector after a
   * character it has variants for (emoji: VS15/VS16, UTS #51 ED-8/ED-9; a CJK unified ideograph:
   * the standardized and the ideographic variation sequences); Mongolian's free variation selectors
   * and vowel separator after a Mongolian letter.
   */
  private static boolean doesItsJob(String text, int at, int cp) {
    int before = at > 0 ? text.codePointBefore(at) : -1;
    int after =
        at + Character.charCount(cp) < text.length()
            ? text.codePointAt(at + Character.charCount(cp))
            : -1;
    if (cp == ZWNJ || cp == ZWJ) {
      return afterVirama(before)
          || (cp == ZWNJ && inJoiningContext(text, at))
          || (cp == ZWJ && inEmojiZwjSequence(before, after));
    }
    if (cp == VS15 || cp == VS16) {
      return before >= 0 && UCharacter.hasBinaryProperty(before, UProperty.EMOJI);
    }
    if (UCharacter.hasBinaryProperty(cp, UProperty.VARIATION_SELECTOR)
        && UScript.getScript(cp) != UScript.MONGOLIAN) {
      return before >= 0 && UCharacter.hasBinaryProperty(before, UProperty.UNIFIED_IDEOGRAPH);
    }
    if (UScript.getScript(cp) == UScript.MONGOLIAN) {
      return before >= 0
          && UScript.getScript(before) == UScript.MONGOLIAN
          && UCharacter.isLetter(before);
    }
    return false;
  }

  private static boolean afterVirama(int before) {
    return before >= 0 && UCharacter.getCombiningClass(before) == VIRAMA;
  }

  /**
   * RFC 5892 A.1: (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D}).
   */
  private static boolean inJoiningContext(String text, int at) {
    int i = at;
    int left = -1;
    while (i > 0) {
      int cp = text.codePointBefore(i);
      i -= Character.charCount(cp);
      if (joiningType(cp) != UCharacter.JoiningType.TRANSPARENT) {
        left = cp;
        break;
      }
    }
    int j = at + 1;
    int right = -1;
    while (j < text.length()) {
      int cp = text.codePointAt(j);
      j += Character.charCount(cp);
      if (joiningType(cp) != UCharacter.JoiningType.TRANSPARENT) {
        right = cp;
        break;
      }
    }
    return left >= 0
        && right >= 0
        && (joiningType(left) == UCharacter.JoiningType.LEFT_JOINING
            || joiningType(left) == UCharacter.JoiningType.DUAL_JOINING)
        && (joiningType(right) == UCharacter.JoiningType.RIGHT_JOINING
            || joiningType(right) == UCharacter.JoiningType.DUAL_JOINING);
  }

  private static int joiningType(int cp) {
    return UCharacter.getIntPropertyValue(cp, UProperty.JOINING_TYPE);
  }

  /** An emoji (or its modifier, or its VS16) before, a pictograph after. */
  private static boolean inEmojiZwjSequence(int before, int after) {
    return before >= 0
        && after >= 0
        && (UCharacter.hasBinaryProperty(before, UProperty.EXTENDED_PICTOGRAPHIC)
            || UCharacter.hasBinaryProperty(before, UProperty.EMOJI_MODIFIER)
            || before == VS16)
        && UCharacter.hasBinaryProperty(after, UProperty.EXTENDED_PICTOGRAPHIC);
  }

  private static boolean isTag(int cp) {
    return cp >= 0xE0020 && cp <= CANCEL_TAG;
  }

  /**
   * Where the emoji tag sequence (UTS #51 ED-14a: an emoji, tag characters U+E0020–U+E007E, the
   * cancel tag U+E007F; the flags of England, Scotland, Wales) whose tags start at {@code at} ends,
   * or -1 when the tags at {@code at} are no such sequence.
   */
  private static int tagSequenceEnd(String text, int at) {
    if (at == 0 || !UCharacter.hasBinaryProperty(text.codePointBefore(at), UProperty.EMOJI)) {
      return -1;
    }
    int i = at;
    int specs = 0;
    while (i < text.length() && text.codePointAt(i) >= 0xE0020 && text.codePointAt(i) <= 0xE007E) {
      specs++;
      i += 2;
    }
    if (specs == 0 || i >= text.length() || text.codePointAt(i) != CANCEL_TAG) {
      return -1;
    }
    return i + 2;
  }

  private static boolean isMark(int cp) {
    int type = UCharacter.getType(cp);
    return type == UCharacterCategory.NON_SPACING_MARK
        || type == UCharacterCategory.COMBINING_SPACING_MARK
        || type == UCharacterCategory.ENCLOSING_MARK;
  }

  /** {@code U+00E9}: how refusals name a code point, without putting it in the text. */
  static String codePoint(int cp) {
    return String.format(Locale.ROOT, "U+%04X", cp);
  }
}
