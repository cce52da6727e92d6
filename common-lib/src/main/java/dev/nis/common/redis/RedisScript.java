package dev.nis.common.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA-1 (EVALSHA); when Redis does not know it yet (first use, restart,
 * SCRIPT FLUSH) it is sent once with EVAL, which also caches it there.
 */
public final class RedisScript {
  private final String source;
  private final String sha;

  public RedisScript(String source) {
    this.source = source;
    this.sha = sha1Hex(source);
  }

  public <T> T run(
      RedisCommands<String, byte[]> commands,
      ScriptOutputType type,
      String[] keys,
      byte[]... args) {
    try {
      return commands.evalsha(sha, type, keys, args);
    } catch (RedisNoScriptException e) {
      return commands.eval(source, type, keys, args);
    }
  }

  /** {@link #run} without waiting: the script's result when Redis answers. */
  public <T> CompletionStage<T> runAsync(
      RedisAsyncCommands<String, byte[]> commands,
      ScriptOutputType type,
      String[] keys,
      byte[]... args) {
    return commands
        .<T>evalsha(sha, type, keys, args)
        .exceptionallyCompose(
            failure ->
                unwrap(failure) instanceof RedisNoScriptException
                    ? commands.<T>eval(source, type, keys, args)
                    : CompletableFuture.failedStage(failure));
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException wrapped && wrapped.getCause() != null
        ? wrapped.getCause()
        : failure;
  }

  public String sha() {
    return sha;
  }

  private static String sha1Hex(String text) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }
}
