package dev.nis.deploy.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * An image's layers unpacked into a directory, lowest first, as a container runtime lays out its
 * root file system: modes and owners kept, whiteouts applied.
 */
final class ExtractedImage {
  private ExtractedImage() {}

  static Path extract(ImageTarball image, Path root) throws IOException {
    Files.createDirectories(root);
    image.visitLayers(
        (entry, in) -> {
          Path target = inside(root, ImageFile.trimSlash(ImageTarball.strip(entry.getName())));
          String name = target.getFileName() == null ? "" : target.getFileName().toString();
          if (name.equals(ImageFile.OPAQUE)) {
            try (Stream<Path> children = Files.list(target.getParent())) {
              for (Path child : children.toList()) {
                deleteTree(child);
              }
            }
            return;
          }
          if (name.startsWith(ImageFile.WHITEOUT)) {
            deleteTree(target.resolveSibling(name.substring(ImageFile.WHITEOUT.length())));
            return;
          }
          Files.createDirectories(target.getParent());
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else if (entry.isSymbolicLink()) {
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            return; // a link's own mode and owner do not matter
          } else if (entry.isLink()) {
            Files.deleteIfExists(target);
            Files.createLink(target, inside(root, ImageTarball.strip(entry.getLinkName())));
          } else if (entry.isFile()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          } else {
            return; // devices and fifos: the runtime provides /dev
          }
          applyModeAndOwner(entry, target);
        });
    return root;
  }

  private static void applyModeAndOwner(TarArchiveEntry entry, Path target) throws IOException {
    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
    Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
  }

  /** The rwx bits of a tar mode (set-id and sticky bits are not kept). */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < 9; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  private static Path inside(Path root, String relative) throws IOException {
    Path target = root.resolve(relative).normalize();
    if (!target.startsWith(root)) {
      throw new IOException("layer entry outside the root: " + relative);
    }
    return target;
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(path)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
