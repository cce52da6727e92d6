package dev.nis.common.contract;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;

/**
 * The text inputs every text field of both services is tried with over HTTP (issue 11's bad inputs
 * first): those refused, each with a fragment of its problem's detail, and those accepted, each
 * with the form the command carries and the store keeps ({@code dev.nis.common.domain.NameText}). A
 * value is the field's raw JSON: a JSON string with its escapes as a client wrote them, or bytes
 * that are not UTF-8 at all.
 */
public final class TextInputCatalogue {
  private TextInputCatalogue() {}

  /** One input: its name, the field's value as raw JSON bytes, and its answer. */
  public record Case(String name, byte[] json, String refusal, String stored) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The inputs answered with a 400 naming the field, and the detail each must contain. */
  public static List<Case> refused() {
    return List.of(
        refused("NUL, as issue 11 sent it", "\"ada\\u0000x\"", "control characters (U+0000)"),
        refused("an unpaired surrogate, as issue 11 sent it", "\"ab\\uD800cd\"", "(U+D800)"),
        refused("three spaces", "\"   \"", "must not be blank"),
        refused("tab, line feed, carriage return", "\"\\t\\n\\r\"", "must not be blank"),
        refused("empty", "\"\"", "must not be blank"),
        refused("ideographic and no-break spaces", "\"\\u3000\\u00A0\\u2003\"", "blank"),
        refused("a line feed inside", "\"Ada\\nLovelace\"", "control characters (U+000A)"),
        refused("a tab inside", "\"Ada\\tLovelace\"", "control characters (U+0009)"),
        refused("an escape sequence", "\"ada\\u001B[2J\"", "control characters (U+001B)"),
        refused("DEL", "\"ada\\u007F\"", "control characters (U+007F)"),
        refused("a C1 control (NEL inside)", "\"ada\\u0085x\"", "control characters (U+0085)"),
        refused("a lone low surrogate", "\"ab\\uDC00cd\"", "unpaired surrogate (U+DC00)"),
        refused("a surrogate pair reversed", "\"ab\\uDE00\\uD83Dcd\"", "unpaired surrogate"),
        refused("a right-to-left override", "\"ada\\u202Etxt.exe\"", "(U+202E)"),
        refused("a zero width space", "\"ada\\u200Blace\"", "invisible or format characters"),
        refused("a byte order mark first", "\"\\uFEFFada\"", "(U+FEFF)"),
        refused("Hangul fillers that look blank", "\"\\u3164\\u3164\\u3164\"", "(U+3164)"),
        refused("a zero width joiner between Latin letters", "\"a\\u200Dda\"", "(U+200D)"),
        refused("a line separator", "\"ada\\u2028x\"", "line or paragraph separators"),
        refused("private use", "\"ada\\uE000\"", "private-use characters (U+E000)"),
        refused("a noncharacter", "\"ada\\uFFFE\"", "noncharacters (U+FFFE)"),
        refused("an unassigned code point", "\"ada\\u0378\"", "unassigned in Unicode"),
        refused("the replacement character", "\"ab\\uFFFDcd\"", "replacement character (U+FFFD)"),
        refused("a combining mark first", "\"\\u0301ada\"", "begin with a combining mark"),
        refused("two characters once trimmed", "\"  ab  \"", "characters long, got 2"),
        refused("raw overlong UTF-8 for 'a'", raw("\"ab", "C1A1", "cd\""), "(byte 0xC1"),
        refused("raw UTF-8 of a surrogate", raw("\"ab", "EDA080", "cd\""), "(byte 0xED"),
        refused("raw UTF-8 past U+10FFFF", raw("\"ab", "F4908080", "cd\""), "(byte 0xF4"),
        refused("a raw byte 0xFF", raw("\"ab", "FF", "cd\""), "not valid UTF-8 (byte 0xFF"),
        refused("a raw truncated sequence", raw("\"ab", "E282", "cd\""), "(byte 0xE2"),
        refused("a raw NUL byte", raw("\"ab", "00", "cd\""), "control characters"));
  }

  /** The inputs accepted (202), and the form their command carries. */
  public static List<Case> accepted() {
    return List.of(
        accepted("padded with spaces", "\"  Ada  \"", "Ada"),
        accepted("padded with a tab and a line feed", "\"\\tAda\\n\"", "Ada"),
        accepted("padded with no-break spaces", "\"\\u00A0Ada\\u3000\"", "Ada"),
        accepted("a decomposed accent, stored in NFC", "\"Jose\\u0301\"", "Jos\u00E9"),
        accepted("question marks", "\"ab?cd\"", "ab?cd"),
        accepted("an emoji as an escaped surrogate pair", "\"Ada \\uD83D\\uDE00\"", "Ada 😀"),
        accepted("an emoji as raw UTF-8", "\"Ada 😀\"", "Ada 😀"),
        accepted("an emoji ZWJ sequence", "\"👩‍💻 dev\"", "👩‍💻 dev"),
        accepted("Persian with a ZWNJ", "\"می\\u200Cخواهم\"", "می\u200Cخواهم"),
        accepted("Devanagari", "\"देवनागरी\"", "देवनागरी"),
        accepted("Japanese with an ideographic space", "\"山田\\u3000太郎\"", "山田\u3000太郎"));
  }

  private static Case refused(String name, String json, String detail) {
    return new Case(name, json.getBytes(UTF_8), detail, null);
  }

  private static Case refused(String name, byte[] json, String detail) {
    return new Case(name, json, detail, null);
  }

  private static Case accepted(String name, String json, String stored) {
    return new Case(name, json.getBytes(UTF_8), null, stored);
  }

  /** UTF-8 text, raw bytes given in hex, UTF-8 text. */
  private static byte[] raw(String before, String hex, String after) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(before.getBytes(UTF_8));
    bytes.writeBytes(HexFormat.of().parseHex(hex));
    bytes.writeBytes(after.getBytes(UTF_8));
    return bytes.toByteArray();
  }
}
