package dev.nis.common.redis;

import dev.nis.common.application.WireFormat;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One cached answer in both wire formats as one Redis value, so that one read (the MGET with its
 * generation) gets either, one guarded SET fills both and one DEL drops both. The layout:
 *
 * <ul>
 *   <li>byte 0: {@code 0x00}. No protobuf message starts with it (field number 0 is invalid), so a
 *       reader that expects a bare message, as the versions before this frame stored, finds the
 *       value undecodable and reads a miss; and a bare message (which never starts with 0x00, or is
 *       empty) is no frame here, so it reads as a miss too. Either version then fills its own.
 *   <li>bytes 1–4: the length of the protobuf part, a big-endian unsigned int.
 *   <li>the protobuf part, then the JSON part to the end of the value.
 * </ul>
 *
 * <p>Why not a protobuf message with two bytes fields: reading a hit would then decode protobuf,
 * which the frame exists to avoid; slicing it is one bounds check and one copy.
 */
final class AnswerFrame {
  private static final byte MARKER = 0x00;
  private static final int HEADER = 1 + Integer.BYTES;

  private AnswerFrame() {}

  static byte[] of(byte[] protobuf, byte[] json) {
    return ByteBuffer.allocate(HEADER + protobuf.length + json.length)
        .put(MARKER)
        .putInt(protobuf.length)
        .put(protobuf)
        .put(json)
        .array();
  }

  /**
   * The part of {@code format}, copied out of the frame.
   *
   * @throws IllegalArgumentException when the value is not a frame
   */
  static byte[] part(byte[] frame, WireFormat format) {
    if (frame.length < HEADER || frame[0] != MARKER) {
      throw new IllegalArgumentException("not an answer frame");
    }
    int protobufLength = ByteBuffer.wrap(frame, 1, Integer.BYTES).getInt();
    if (protobufLength < 0 || protobufLength > frame.length - HEADER) {
      throw new IllegalArgumentException("an answer frame with a bad length");
    }
    int jsonStart = HEADER + protobufLength;
    return switch (format) {
      case PROTOBUF -> Arrays.copyOfRange(frame, HEADER, jsonStart);
      case JSON -> Arrays.copyOfRange(frame, jsonStart, frame.length);
    };
  }
}
