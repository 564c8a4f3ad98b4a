#!/usr/bin/env bash
# Boots the current guest image under TCG with its console on this terminal,
# for humans. Arguments are ma.* parameters (PROTOCOL.md), e.g.
#   guest/run-guest.sh ma.ws=128 ma.rate=20000
# Type `verify` + Enter to check every page. Ctrl-A x quits, Ctrl-A c toggles
# the QEMU monitor. MEM (MiB, default 512) sets the guest's RAM; KERNEL=vmlinuz
# boots the compressed image instead of the faster bare ELF.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
img=$("$here/build.sh" | tail -n1)
kernel=$img/${KERNEL:-vmlinux}
[ -f "$kernel" ] || kernel=$img/vmlinuz
exec qemu-system-x86_64 -accel tcg -m "${MEM:-512}" -smp 1 \
  -nodefaults -no-user-config -display none \
  -kernel "$kernel" -initrd "$img/initrd.img" \
  -append "console=ttyS0 quiet loglevel=1 $*" \
  -serial mon:stdio
