#!/usr/bin/env bash
# Assembles, from the build machine alone, the root filesystem of the local base of the nis
# images: a jlink'd Java runtime, the glibc shared libraries it loads, /etc/passwd and
# /etc/group with the user nonroot (65532:65532), /etc/nsswitch.conf and /tmp.
#
# Why by hand: the images are built where no image registry is reachable, so Jib cannot pull
# a JRE base. With -Dnis.image.base=eclipse-temurin:21-jre (or any JRE image) on a machine that
# reaches a registry, this script is not run and Jib builds on that image instead.
#
# Usage: assemble-rootfs.sh JAVA_HOME OUTPUT_DIR   (Linux only; JAVA_HOME must have bin/jlink)
set -euo pipefail

java_home=$1
out=$2
runtime=/opt/java/openjdk

# What the services and the initializer need at run time: jdeps --print-module-deps over their
# runtime classpaths, plus modules reached only by reflection or service loading
# (java.security.sasl: MongoDB's SCRAM; jdk.naming.dns: mongodb+srv; jdk.crypto.ec: EC TLS on 21).
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss
modules+=,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.jfr
modules+=,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported

if [ "$(uname -s)" != Linux ]; then
  echo "assemble-rootfs.sh: the local image base is assembled on Linux only" >&2
  exit 1
fi

# The code targets Java 21; a newer building JDK warns at start about the Unsafe memory access
# and native library loading of netty (JEP 471, 472). Such a runtime gets the options that keep
# today's behaviour without the warnings, as a Java 21 base has it.
options=()
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")
if [ "${major:-0}" -ge 23 ]; then
  options=("--add-options=--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow")
fi

rm -rf "$out"
mkdir -p "$out/opt/java" "$out/etc" "$out/tmp"
# --generate-cds-archive: the runtime's default class-data sharing archive (lib/server/classes.jsa,
# as a JDK has it), which maps the JDK's own classes at start instead of loading them, and which
# the services' application archives (-XX:+AutoCreateSharedArchive) are built on.
"$java_home/bin/jlink" --add-modules "$modules" "${options[@]}" --strip-debug --no-man-pages \
  --no-header-files --generate-cds-archive --output "$out$runtime"

# The shared libraries of every binary and library of the runtime, as ldd resolves them here,
# plus what glibc loads by name: NSS for /etc/passwd and DNS lookups, and libgcc_s for unwinding.
elfs=$(find "$out$runtime" -type f \( -path '*/bin/*' -o -name '*.so' -o -name jspawnhelper \))
libc=$(ldd "$out$runtime/bin/java" | sed -n 's|.*=> \(/[^ ]*/libc\.so\.[0-9]*\) .*|\1|p')
libdir=$(dirname "$libc")
dlopened="$libdir/libnss_files.so.2 $libdir/libnss_dns.so.2 $libdir/libresolv.so.2 $libdir/libgcc_s.so.1"
needed=$(for elf in $elfs $dlopened; do ldd "$elf" || true; done |
  sed -n -e 's|.*=> \(/[^ ]*\) (.*|\1|p' -e 's|^[[:space:]]*\(/[^ ]*\) (.*|\1|p' |
  grep -v "^$out" | sort -u)
for lib in $needed $dlopened; do
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
cat > "$out/etc/nsswitch.conf" <<'NSS'
passwd: files
group: files
hosts: files dns
NSS

# the archive for heaps above 32 GiB (no compressed oops): never used with the services' heap
rm -f "$out$runtime/lib/server/classes_nocoops.jsa"

echo "assemble-rootfs.sh: $(du -sh "$out" | cut -f1) in $out, runtime modules: $modules"
