#!/usr/bin/env bash
# The base layer of Herald's images, made from the build's own JDK because no container registry is needed (or
# reachable) at build time: a jlink'd Java runtime in /opt/java, the glibc it links against, and a non-root user
# (65532). Jib puts the application on top (see the parent pom's jib-maven-plugin). Usage: runtime.sh OUTPUT_DIR JAVA_HOME
set -euo pipefail
out="$1"
java_home="${2:?usage: runtime.sh OUTPUT_DIR JAVA_HOME}"
stamp="$out/.built-from"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$java_home" ]; then
  exit 0 # already made by an earlier build of this module
fi
rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/lib64" "$out/lib/x86_64-linux-gnu"
"$java_home/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.jfr,jdk.zipfs,jdk.naming.dns,jdk.httpserver \
  --strip-debug --no-man-pages --no-header-files --output "$out/opt/java"
# the C library the runtime needs (what ldd lists for the launcher and the JVM), copied as files
for lib in $(ldd "$out/opt/java/bin/java" "$out/opt/java/lib/server/libjvm.so" "$out/opt/java/lib/libnet.so" "$out/opt/java/lib/libnio.so" \
             | awk '/=> \//{print $3}' | sort -u); do
  case "$lib" in "$out"/*) continue ;; esac
  cp -L "$lib" "$out/lib/x86_64-linux-gnu/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/"
printf 'root:x:0:0:root:/root:/sbin/nologin\nherald:x:65532:65532:herald:/nonexistent:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nherald:x:65532:\n' > "$out/etc/group"
chmod 1777 "$out/tmp"
echo "$java_home" > "$stamp"
