#!/bin/sh
# Packs the distribution the build left in TARGET (faas, faas-cli.jar, lib/) as
# TARGET/faas-cli-VERSION.tar.gz: faas-cli-VERSION/bin/faas, faas-cli-VERSION/faas-cli.jar and
# faas-cli-VERSION/lib/. Run by the package phase: sh distribution.sh TARGET VERSION
set -eu
target=$1
top=faas-cli-$2
cd "$target"
rm -rf distribution "$top.tar.gz"
mkdir -p "distribution/$top/bin" "distribution/$top/lib"
cp faas "distribution/$top/bin/faas"
chmod 755 "distribution/$top/bin/faas"
# Hard links where the file system allows them: the jars are 150 MB, and tar stores each once.
for f in faas-cli.jar lib/*.jar; do
  ln "$f" "distribution/$top/$f" 2>/dev/null || cp "$f" "distribution/$top/$f"
done
# The jars are compressed already: the fastest gzip level costs little in size.
tar -cf - -C distribution "$top" | gzip -1 > "$top.tar.gz"
rm -rf distribution
