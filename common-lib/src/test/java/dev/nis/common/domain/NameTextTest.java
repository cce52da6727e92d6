package dev.nis.common.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NameTextTest {
  private static String require(String value) {
    return NameText.require("name", value, 1, 40);
  }

  static Stream<Arguments> namesInManyScripts() {
    return Stream.of(
        Arguments.of("Latin with diacritics", "Zoë Ðurić-Łukasiewicz"),
        Arguments.of("Greek", "Ἀριστοτέλης"),
        Arguments.of("Cyrillic", "Фёдор Достоевский"),
        Arguments.of("Armenian", "Մեսրոպ Մաշտոց"),
        Arguments.of("Hebrew", "שׁלום"),
        Arguments.of("Arabic", "محمد بن موسى الخوارزمي"),
        Arguments.of("Persian with a ZWNJ between joining letters", "می\u200Cخواهم"),
        Arguments.of("Devanagari", "देवनागरी"),
        Arguments.of("Hindi with a ZWJ after a virama", "क्\u200Dष"),
        Arguments.of("Malayalam with a ZWNJ after a virama", "ന്\u200Cമ"),
        Arguments.of("Tamil", "திருவள்ளுவர்"),
        Arguments.of("Thai", "สมชาย"),
        Arguments.of("Georgian", "შოთა რუსთაველი"),
        Arguments.of("Ethiopic", "ኃይለ ሥላሴ"),
        Arguments.of("Chinese", "孔子"),
        Arguments.of("Japanese with an ideographic space", "山田\u3000太郎"),
        Arguments.of("Japanese ideographic variation sequence", "葛\uDB40\uDD00城"),
        Arguments.of("Korean", "세종대왕"),
        Arguments.of("Mongolian with a free variation selector", "ᠭ᠋ᠠ"),
        Arguments.of("astral CJK extension B", "𠮷野家"),
        Arguments.of("Vietnamese stacked marks", "Nguyễn Thị Ánh"),
        Arguments.of("Yoruba with combining marks", "Ọ̀ṣun"),
        Arguments.of("apostrophe and hyphen", "O'Brien-Smith"),
        Arguments.of("digits and punctuation", "R2-D2 (v. 3.0)"),
        Arguments.of("an emoji", "Ada 😀"),
        Arguments.of("an emoji with a skin tone", "👍🏽 ok"),
        Arguments.of("an emoji presentation sequence", "I ❤️ NY"),
        Arguments.of("a keycap", "#️⃣ one"),
        Arguments.of("an emoji ZWJ sequence", "👩‍💻 coder"),
        Arguments.of("an emoji ZWJ sequence with a VS16", "🏳️‍🌈 flag"),
        Arguments.of(
            "an emoji tag sequence",
            "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F"),
        Arguments.of("a flag of regional indicators", "🇫🇷 Paris"),
        Arguments.of("a no-break space inside", "Ada\u00A0Lovelace"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namesInManyScripts")
  void aNameInAnyScript_isStoredAsSent(String script, String name) {
    assertThat(require(name)).isEqualTo(name);
  }

  @Test
  void leadingAndTrailingWhiteSpace_isRemoved_andInnerSpaceKept() {
    assertThat(require("  Ada  Lovelace\t\n")).isEqualTo("Ada  Lovelace");
    assertThat(require("\u00A0\u3000\u2003Ada\u0085\u2028")).isEqualTo("Ada");
  }

  @Test
  void decomposedText_isStoredInNfc_soBothSpellingsAreOneName() {
    String decomposed = "Zoe\u0308 Ama\u0301lie";

    String stored = require(decomposed);

    assertThat(stored).isEqualTo("Zoë Amálie").isNotEqualTo(decomposed);
    assertThat(stored).isEqualTo(require("Zoë Amálie"));
    assertThat(Normalizer.isNormalized(stored, Normalizer.Form.NFC)).isTrue();
  }

  @Test
  void compatibilityCharacters_areKept_notFolded() {
    assertThat(require("ﬁx²")).isEqualTo("ﬁx²");
  }

  @Test
  void theLength_countsCodePointsOfTheStoredForm() {
    assertThat(NameText.require("name", "😀😀😀", 3, 3)).isEqualTo("😀😀😀");
    assertThat(NameText.require("name", "  abc  ", 3, 3)).isEqualTo("abc");
    assertThat(NameText.require("name", "e\u0301e\u0301e\u0301", 3, 3)).isEqualTo("ééé");
    assertRefused(() -> NameText.require("name", "😀😀😀😀", 3, 3), "got 4");
    assertRefused(
        () -> NameText.require("name", "abcd", 3, 3), "must be 3 to 3 characters long, got 4");
    assertRefused(() -> NameText.require("name", "ab", 3, 3), "got 2");
    assertRefused(
        () -> NameText.require("name", " ab ", 3, 3), "must be 3 to 3 characters long, got 2");
  }

  static Stream<Arguments> refusedTexts() {
    return Stream.of(
        Arguments.of("absent", null, "is required"),
        Arguments.of("empty", "", "must not be blank"),
        Arguments.of("three spaces", "   ", "must not be blank"),
        Arguments.of("tab, line feed, carriage return", "\t\n\r", "must not be blank"),
        Arguments.of("no-break and ideographic spaces", "\u00A0\u3000\u2003", "must not be blank"),
        Arguments.of("NUL", "ada\u0000x", "control characters (U+0000)"),
        Arguments.of("a tab inside", "ada\tx", "control characters (U+0009)"),
        Arguments.of("a line feed inside", "ada\nx", "control characters (U+000A)"),
        Arguments.of("DEL", "ada\u007Fx", "control characters (U+007F)"),
        Arguments.of("a C1 control", "ada\u009Bx", "control characters (U+009B)"),
        Arguments.of("an escape sequence", "ada\u001B[31m", "control characters (U+001B)"),
        Arguments.of("a lone high surrogate", "ab\uD800cd", "unpaired surrogate (U+D800)"),
        Arguments.of("a lone low surrogate", "ab\uDC00cd", "unpaired surrogate (U+DC00)"),
        Arguments.of("a reversed pair", "ab\uDC00\uD800cd", "unpaired surrogate (U+DC00)"),
        Arguments.of("a trailing high surrogate", "abc\uD83D", "unpaired surrogate (U+D83D)"),
        Arguments.of("a line separator", "ada\u2028x", "line or paragraph separators (U+2028)"),
        Arguments.of("a paragraph separator", "ada\u2029x", "line or paragraph separators"),
        Arguments.of("private use", "ada\uE000x", "private-use characters (U+E000)"),
        Arguments.of("astral private use", "ada\uDB80\uDC00", "private-use characters (U+F0000)"),
        Arguments.of("noncharacter U+FFFE", "ada\uFFFE", "noncharacters (U+FFFE)"),
        Arguments.of("noncharacter U+FDD0", "ada\uFDD0", "noncharacters (U+FDD0)"),
        Arguments.of("astral noncharacter", "ada\uD83F\uDFFF", "noncharacters (U+1FFFF)"),
        Arguments.of("unassigned", "ada\u0378", "unassigned in Unicode"),
        Arguments.of("replacement character", "ab\uFFFDcd", "replacement character (U+FFFD)"),
        Arguments.of("object replacement", "ab\uFFFCcd", "replacement character (U+FFFC)"),
        Arguments.of("right-to-left override", "ada\u202Egpj.exe", "(U+202E)"),
        Arguments.of("left-to-right isolate", "ada\u2066x", "(U+2066)"),
        Arguments.of("right-to-left mark", "ada\u200Fx", "(U+200F)"),
        Arguments.of("Arabic letter mark", "ada\u061Cx", "(U+061C)"),
        Arguments.of("zero width space", "ada\u200Bx", "invisible or format characters (U+200B)"),
        Arguments.of("zero width space alone", "\u200B\u200B\u200B", "(U+200B)"),
        Arguments.of("word joiner", "ada\u2060x", "(U+2060)"),
        Arguments.of("byte order mark", "\uFEFFada", "(U+FEFF)"),
        Arguments.of("soft hyphen", "ada\u00ADx", "(U+00AD)"),
        Arguments.of("Hangul filler", "\u3164\u3164\u3164", "(U+3164)"),
        Arguments.of("combining grapheme joiner", "ada\u034Fx", "(U+034F)"),
        Arguments.of("ZWJ between Latin letters", "a\u200Dda", "(U+200D)"),
        Arguments.of("ZWNJ between Latin letters", "a\u200Cda", "(U+200C)"),
        Arguments.of("ZWJ at the end of an emoji", "ada 😀\u200D", "(U+200D)"),
        Arguments.of("VS16 after a letter", "ada\uFE0F", "(U+FE0F)"),
        Arguments.of("a variation selector after a letter", "ada\uFE00", "(U+FE00)"),
        Arguments.of(
            "an ideographic variation selector after a letter", "ad\uDB40\uDD00", "(U+E0100)"),
        Arguments.of("tags without their emoji", "ada\uDB40\uDC67\uDB40\uDC7F", "(U+E0067)"),
        Arguments.of(
            "a tag sequence without its cancel tag", "🏴\uDB40\uDC67\uDB40\uDC62", "(U+E0067)"),
        Arguments.of("a cancel tag alone", "🏴\uDB40\uDC7F", "(U+E007F)"),
        Arguments.of("a combining mark first", "\u0301ada", "begin with a combining mark (U+0301)"),
        Arguments.of("a combining mark after stripped space", " \u0301ada", "combining mark"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedTexts")
  void aTextThatIsNoName_isRefusedNamingTheFieldAndTheCodePoint(
      String kind, String value, String reason) {
    assertRefused(() -> require(value), reason);
  }

  @Test
  void aRefusal_neverQuotesTheText() {
    assertThatThrownBy(() -> require("ab\uD800\u0000\u202Ecd"))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(e.getMessage()).matches("[\\x20-\\x7E]+"));
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
    assertThatThrownBy(call)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("name"));
  }
}
