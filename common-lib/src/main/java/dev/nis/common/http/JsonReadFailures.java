package dev.nis.common.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.nis.common.domain.ValidationException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Turns Jackson's reading failures into 400 problems that name the field, without internals. */
final class JsonReadFailures {
  /** The longest field name a problem quotes whole, in code points. */
  static final int MAX_NAME_CODE_POINTS = 64;

  private static final String DUPLICATE = "Duplicate field ";

  private JsonReadFailures() {}

  static Problem toProblem(JsonProcessingException e) {
    if (e instanceof InvalidDefinitionException) {
      throw new IllegalStateException("a request type cannot be read as JSON", e);
    }
    if (e.getCause() instanceof ValidationException invalid) {
      return Problem.invalidField(invalid.field(), invalid.getMessage());
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = fieldPath(mapping.getPath());
      return Problem.invalidField(field, field + ": " + fieldMessage(mapping));
    }
    if (e instanceof JsonParseException && e.getOriginalMessage().startsWith(DUPLICATE)) {
      // Jackson's words are "Duplicate field 'name'"
      String quoted = e.getOriginalMessage().substring(DUPLICATE.length());
      String name =
          quoted.length() >= 2 && quoted.startsWith("'") && quoted.endsWith("'")
              ? quoted.substring(1, quoted.length() - 1)
              : quoted;
      String field = printable(name);
      // named in the member "field" too, as every other field's 400 is
      return Problem.invalidField(field, "duplicate field '" + field + "'");
    }
    if (e instanceof JsonParseException) {
      return Problem.badRequest("malformed JSON" + at(e.getLocation()));
    }
    if (e instanceof MismatchedInputException) {
      return Problem.badRequest("the request body must be one JSON object");
    }
    return Problem.badRequest("the request body is not acceptable JSON" + at(e.getLocation()));
  }

  /**
   * A 400 for a body whose bytes stop being UTF-8 at {@code offset}: naming the field whose string
   * value holds the bad bytes, found by reading the well-formed text before them.
   */
  static Problem notUtf8(ObjectMapper mapper, String textBefore, int offset, byte bad) {
    String where =
        String.format(Locale.ROOT, "is not valid UTF-8 (byte 0x%02X at offset %d)", bad, offset);
    return stringValueAtEnd(mapper, textBefore)
        .map(field -> Problem.invalidField(field, field + ": " + where))
        .orElseGet(() -> Problem.badRequest("the request body " + where));
  }

  /** The path of the string value that {@code text} ends inside of, if it ends inside one. */
  private static Optional<String> stringValueAtEnd(ObjectMapper mapper, String text) {
    try (JsonParser parser = mapper.createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.VALUE_STRING) {
          try {
            parser.getText();
          } catch (JsonEOFException unterminated) {
            return Optional.of(contextPath(parser.getParsingContext()));
          }
        }
      }
    } catch (IOException notAStringValue) {
      // the bad bytes are in a field name or between tokens
    }
    return Optional.empty();
  }

  private static String contextPath(JsonStreamContext context) {
    Deque<JsonStreamContext> chain = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.push(c);
    }
    StringBuilder field = new StringBuilder();
    for (JsonStreamContext c : chain) {
      if (c.inObject()) {
        field.append(field.isEmpty() ? "" : ".").append(printable(c.getCurrentName()));
      } else {
        field.append('[').append(c.getCurrentIndex()).append(']');
      }
    }
    return field.toString();
  }

  private static String fieldMessage(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "is not a known field";
    }
    if (e instanceof InvalidNullException) {
      return "must not be null";
    }
    if (e.getCause() instanceof InputCoercionException) {
      return "is out of range";
    }
    if (e.getCause() instanceof JsonParseException unreadable) {
      // Jackson's own words may quote the input; these do not
      return unreadable.getOriginalMessage().startsWith("Illegal unquoted character")
          ? "must not contain control characters (raw ones are not even JSON, RFC 8259 §7)"
          : "is not a valid JSON string";
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "must be " + describe(mismatch.getTargetType());
    }
    return "has an unacceptable value";
  }

  private static String describe(Class<?> type) {
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "of another type";
  }

  /**
   * A field name as a problem can quote it: a name is the client's text, so a control character, a
   * format character or a lone surrogate (which no JSON reader downstream accepts, RFC 7493 section
   * 2.1) is written as {@code U+XXXX}, and a long name is cut after {@value #MAX_NAME_CODE_POINTS}
   * code points, marked with an ellipsis.
   */
  static String printable(String name) {
    if (name == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int count = 0;
    for (int i = 0; i < name.length(); ) {
      if (count == MAX_NAME_CODE_POINTS) {
        return out.append('\u2026').toString();
      }
      int cp = name.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.SURROGATE
          || type == Character.UNASSIGNED
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format(Locale.ROOT, "U+%04X", cp));
      } else {
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
      count++;
    }
    return out.toString();
  }

  /** {@code student_ids[2]}, {@code page.limit}: the path as a client would write it. */
  static String fieldPath(List<JsonMappingException.Reference> path) {
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference reference : path) {
      if (reference.getFieldName() != null) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(printable(reference.getFieldName()));
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.toString();
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
