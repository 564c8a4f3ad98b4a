#!/usr/bin/env bash
# Installs the host packages the lab needs, idempotently and quickly when all is present.
# QEMU comes from bookworm-backports on Debian 12: its own QEMU 7.2 corrupts guest memory
# when migrating under TCG (docs/machine-facts.md); the fix landed in QEMU 9.0.
#   scripts/prereqs.sh        what the lab needs to run
#   scripts/prereqs.sh test   and what its tests need: Debian's Chromium for the browser tests
set -euo pipefail

packages=(redis-server rabbitmq-server busybox-static cpio gcc libc6-dev xz-utils zstd)
# The end-to-end tests drive this Chromium (/usr/bin/chromium); no test tool downloads a browser of its own.
if [ "${1:-}" = test ]; then packages+=(chromium); fi
qemu_packages=(qemu-system-x86 qemu-utils)

say() { printf '[prereqs] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

qemu_major() {
  local v
  v=$(qemu-system-x86_64 --version 2>/dev/null | sed -n 's/.*version \([0-9]*\)\..*/\1/p' | head -n1)
  echo "${v:-0}"
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
need_qemu=0
[ "$(qemu_major)" -ge 9 ] || need_qemu=1

if [ ${#missing[@]} -eq 0 ] && [ $need_qemu -eq 0 ]; then
  exit 0
fi

# shellcheck disable=SC1091
. /etc/os-release
codename=${VERSION_CODENAME:-}

# Add <codename>-backports from the mirror this machine's apt sources already name.
add_backports() {
  local list=/etc/apt/sources.list.d/migrationaspire-backports.list
  [ -f "$list" ] && return 0
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $3 ~ /^'"$codename"'$/ {print $2; exit}' /etc/apt/sources.list)
  fi
  if [ -z "$uri" ]; then
    echo "prereqs: cannot find a Debian mirror in apt's sources to add ${codename}-backports" >&2
    exit 1
  fi
  say "adding ${codename}-backports from $uri"
  echo "deb $uri ${codename}-backports main" | as_root tee "$list" >/dev/null
}

export DEBIAN_FRONTEND=noninteractive
if [ $need_qemu -eq 1 ] && [ "$codename" = bookworm ]; then
  add_backports
fi
say "apt-get update"
as_root apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  # Debian's maintainer scripts would try to start the services; the lab runs its own instances.
  as_root env RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ $need_qemu -eq 1 ]; then
  if [ "$codename" = bookworm ]; then
    say "installing QEMU from bookworm-backports"
    as_root apt-get install -y -qq --no-install-recommends -t bookworm-backports "${qemu_packages[@]}" >/dev/null
  else
    as_root apt-get install -y -qq --no-install-recommends "${qemu_packages[@]}" >/dev/null
  fi
  if [ "$(qemu_major)" -lt 9 ]; then
    echo "prereqs: QEMU $(qemu_major).x installed; live migration under TCG needs QEMU >= 9.0 (see README)" >&2
    exit 1
  fi
fi
say "done: $(qemu-system-x86_64 --version | head -n1)"
