package dev.nis.common.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A process's output read as the log collectors read it (Fluent Bit's JSON parser, Loki): lines
 * split on {@code \n}, each of which must be one JSON object (README.md, "Configuration"). Each
 * line is parsed from its bytes, so invalid UTF-8 counts as not JSON, and anything after the object
 * (a second object, text) too.
 */
public final class JsonLogLines {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One line of the output: its number (from 1) and its text as far as UTF-8 decodes it. */
  public record Line(int number, String text) {
    @Override
    public String toString() {
      return "line " + number + ": " + text;
    }
  }

  private final List<byte[]> lines;

  private JsonLogLines(List<byte[]> lines) {
    this.lines = lines;
  }

  /** The lines of {@code output}; a last line without its {@code \n} counts too. */
  public static JsonLogLines of(byte[] output) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < output.length; i++) {
      if (output[i] == '\n') {
        lines.add(Arrays.copyOfRange(output, start, i));
        start = i + 1;
      }
    }
    if (start < output.length) {
      lines.add(Arrays.copyOfRange(output, start, output.length));
    }
    return new JsonLogLines(lines);
  }

  public int count() {
    return lines.size();
  }

  /** Every line that is not exactly one JSON object, blank lines included, in order. */
  public List<Line> notJsonObjects() {
    List<Line> bad = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      byte[] line = lines.get(i);
      if (!isJsonObject(line)) {
        bad.add(new Line(i + 1, new String(line, StandardCharsets.UTF_8)));
      }
    }
    return bad;
  }

  /** The lines that are JSON objects, parsed. */
  public List<JsonNode> objects() {
    List<JsonNode> objects = new ArrayList<>();
    for (byte[] line : lines) {
      if (isJsonObject(line)) {
        objects.add(parse(line));
      }
    }
    return objects;
  }

  private static boolean isJsonObject(byte[] line) {
    JsonNode node = parse(line);
    return node != null && node.isObject();
  }

  private static JsonNode parse(byte[] line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }
}
