package dev.nis.deploy.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file of an image as its layers leave it (later layers replace earlier ones, whiteouts delete),
 * with the content of files up to 1 MiB.
 */
record ImageFile(String path, int mode, boolean directory, long uid, byte[] content) {
  private static final long SMALL = 1 << 20;
  static final String WHITEOUT = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";

  String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  /** The permission bits, e.g. 0755. */
  int permissions() {
    return mode & 0777;
  }

  /** Every file and directory of the image by absolute path, e.g. {@code /etc/passwd}. */
  static Map<String, ImageFile> of(ImageTarball image) throws IOException {
    Map<String, ImageFile> files = new HashMap<>();
    image.visitLayers(
        (entry, in) -> {
          String path = "/" + trimSlash(ImageTarball.strip(entry.getName()));
          String name = path.substring(path.lastIndexOf('/') + 1);
          String parent = path.substring(0, path.lastIndexOf('/'));
          if (name.equals(OPAQUE)) {
            files.keySet().removeIf(p -> p.startsWith(parent + "/"));
          } else if (name.startsWith(WHITEOUT)) {
            String gone = parent + "/" + name.substring(WHITEOUT.length());
            files.keySet().removeIf(p -> p.equals(gone) || p.startsWith(gone + "/"));
          } else {
            byte[] content =
                entry.isFile() && entry.getSize() <= SMALL ? in.readAllBytes() : new byte[0];
            files.put(
                path,
                new ImageFile(
                    path, entry.getMode(), entry.isDirectory(), entry.getLongUserId(), content));
          }
        });
    return new TreeMap<>(files);
  }

  static String trimSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
