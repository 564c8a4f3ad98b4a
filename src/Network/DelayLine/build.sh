#!/usr/bin/env bash
# Builds the delay line (delay-line.c) into src/Network/DelayLine/build/<hash16>/delay-line and points
# build/current at it. The hash covers the source, this script and the compiler, so an existing build is
# reused as is. The last line of stdout is the binary's path.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$here/build
flags=(-O2 -std=gnu11 -Wall -Wextra -Werror)

hash=$( {
  for f in delay-line.c build.sh; do echo "$f $(sha256sum <"$here/$f" | cut -d' ' -f1)"; done
  echo "gcc $(gcc --version | head -n1)"
  echo "flags ${flags[*]}"
} | sha256sum | cut -c1-16)
out=$build/$hash

if [ ! -x "$out/delay-line" ]; then
  mkdir -p "$build"
  tmp=$(mktemp -d "$build/.tmp.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  gcc "${flags[@]}" -o "$tmp/delay-line" "$here/delay-line.c"
  rm -rf "$out"
  # Only a finished build is renamed into place.
  mv -T "$tmp" "$out"
  trap - EXIT
fi
ln -sfn "$hash" "$build/.current.tmp"
mv -T "$build/.current.tmp" "$build/current"
echo "$out/delay-line"
