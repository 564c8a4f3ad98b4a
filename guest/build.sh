#!/usr/bin/env bash
# Builds the guest image: Debian's kernel plus a busybox initramfs holding /init
# and /workload, into guest/build/<hash16>/ (vmlinuz, initrd.img, manifest.json),
# and points guest/build/current at it. The hash covers every input, so an
# existing complete directory is reused as is; the same inputs give byte-identical
# files. Progress goes to stderr; the last line of stdout is the output directory.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$here/build
cache=$build/cache
say() { printf '[guest] %s\n' "$*" >&2; }
die() { printf '[guest] error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$cache"

# The kernel is whatever linux-image-amd64 depends on in the distribution's own
# suites (never backports: the lab wants the stable kernel). Asking apt-cache
# takes about a second, so the answer is kept until apt's lists or sources change.
apt_state=$( { find /var/lib/apt/lists -maxdepth 1 -type f -printf '%f %s %T@\n'
               find /etc/apt -type f -printf '%p %s %T@\n'; } 2>/dev/null | sort | sha256sum | cut -c1-32)
kernel_lookup=$cache/kernel-lookup
kernel_pkg= kernel_ver=
if [ -f "$kernel_lookup" ]; then
  read -r state kernel_pkg kernel_ver <"$kernel_lookup" || true
  [ "${state:-}" = "$apt_state" ] || kernel_pkg= kernel_ver=
fi
if [ -z "$kernel_pkg" ]; then
  meta_ver=$(apt-cache madison linux-image-amd64 |
    awk -F' *[|] *' '$3 ~ / Packages$/ && $3 !~ /backports/ {print $2; exit}')
  [ -n "$meta_ver" ] || die "apt knows no linux-image-amd64 outside backports (run apt-get update?)"
  read -r kernel_pkg kernel_ver < <(apt-cache show "linux-image-amd64=$meta_ver" |
    sed -n 's/^Depends: \(linux-image-[^ ,]*\) (= \([^)]*\)).*/\1 \2/p' | head -n1)
  [ -n "$kernel_ver" ] || die "cannot resolve the kernel package of linux-image-amd64 $meta_ver"
  echo "$apt_state $kernel_pkg $kernel_ver" >"$kernel_lookup"
fi

pkg_ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || die "package $1 is not installed"; }
busybox_ver=$(pkg_ver busybox-static)
gcc_ver=$(gcc --version | head -n1)

hash=$( {
  for f in workload.c init build.sh; do echo "$f $(sha256sum <"$here/$f" | cut -d' ' -f1)"; done
  echo "kernel $kernel_pkg $kernel_ver"
  echo "busybox-static $busybox_ver"
  echo "gcc $gcc_ver"
  # Not in the manifest, but they shape the bytes of /workload and initrd.img too.
  echo "libc6-dev $(pkg_ver libc6-dev)"
  echo "ld $(ld --version | head -n1)"
  echo "cpio $(cpio --version | head -n1)"
  echo "gzip $(gzip --version | head -n1)"
} | sha256sum | cut -c1-16)
out=$build/$hash

point_current() {
  ln -sfn "$hash" "$build/.current.tmp"
  mv -T "$build/.current.tmp" "$build/current"
}

if [ -f "$out/manifest.json" ] && [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.img" ]; then
  point_current
  echo "$out"
  exit 0
fi
# Only a finished build is ever renamed into place, so a partial one was tampered with.
rm -rf "$out"

# Same search as the kernel's scripts/extract-vmlinux: the first xz stream that
# unpacks to an ELF file is the kernel proper.
extract_vmlinux() {
  local off
  for off in $(grep -abo $'\xfd7zXZ' "$1" | cut -d: -f1); do
    # Not a pipe: xz stops at the stream's end, and tail's SIGPIPE would fail it.
    xz -dc --single-stream < <(tail -c +$((off + 1)) "$1") >"$2" 2>/dev/null || continue
    if [ "$(head -c4 "$2")" = $'\x7fELF' ]; then
      # QEMU boots a bare ELF only through the PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY).
      # (grep -q would close the pipe early, and pipefail would count readelf's SIGPIPE.)
      readelf -n "$2" | grep -E 'PHYS32_ENTRY|note type: \(0x00000012\)' >/dev/null && return 0
      break
    fi
  done
  rm -f "$2"
  return 1
}

# Kernel: fetched, never installed; only the images are kept.
kdir=$cache/kernel/${kernel_pkg}_$kernel_ver
if [ ! -d "$kdir" ]; then
  say "fetching $kernel_pkg $kernel_ver"
  dl=$(mktemp -d "$cache/dl.XXXXXX")
  trap 'rm -rf "$dl"' EXIT
  sandbox=()
  # apt's download sandbox user cannot write into root's directories.
  [ "$(id -u)" -ne 0 ] || sandbox=(-o APT::Sandbox::User=root)
  (cd "$dl" && apt-get -q "${sandbox[@]}" download "$kernel_pkg=$kernel_ver" >&2) ||
    die "apt-get download $kernel_pkg=$kernel_ver failed (stale lists? run apt-get update)"
  dpkg-deb --fsys-tarfile "$dl"/*.deb | tar -x -C "$dl" --wildcards './boot/vmlinuz-*'
  vmlinuz_dl=$(echo "$dl"/boot/vmlinuz-*)
  # The bzImage spends ~3 s of a TCG boot unpacking itself (xz). Debian's kernel
  # has a PVH entry point, so QEMU can also boot the bare ELF inside it directly.
  extract_vmlinux "$vmlinuz_dl" "$dl/vmlinux" ||
    say "warning: no PVH-bootable vmlinux inside $kernel_pkg; only vmlinuz is built"
  rm -rf "$kdir.tmp"
  mkdir -p "$kdir.tmp"
  mv "$vmlinuz_dl" "$kdir.tmp/vmlinuz"
  [ ! -f "$dl/vmlinux" ] || mv "$dl/vmlinux" "$kdir.tmp/vmlinux"
  mv -T "$kdir.tmp" "$kdir"
  rm -rf "$dl"
  trap - EXIT
fi

say "building $out"
tmp=$(mktemp -d "$build/.tmp-$hash.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys"

busybox=$(dpkg -L busybox-static | grep -m1 '/bin/busybox$')
cp "$busybox" "$root/bin/busybox"
for applet in sh mount poweroff cat ls dmesg stty; do
  ln -s busybox "$root/bin/$applet"
done
cp "$here/init" "$root/init"
# Relative source path and no symbols: nothing of this machine's paths ends up
# in the binary.
(cd "$here" && gcc -static -O2 -s -o "$root/workload" workload.c)

# Fixed modes, owners and times make the archive depend on content only.
find "$root" -type d -exec chmod 0755 {} +
chmod 0755 "$root/bin/busybox" "$root/init" "$root/workload"
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . -mindepth 1 | sort |
  cpio --quiet --reproducible -o -H newc -R 0:0) | gzip -n -9 >"$tmp/initrd.img"
cp "$kdir/vmlinuz" "$tmp/vmlinuz"
[ ! -f "$kdir/vmlinux" ] || cp "$kdir/vmlinux" "$tmp/vmlinux"
rm -rf "$root"

chmod 0644 "$tmp"/vmlinu[zx] "$tmp/initrd.img"
sum() { sha256sum <"$1" | cut -d' ' -f1; }
cat >"$tmp/manifest.json" <<EOF
{
  "hash": "$hash",
  "kernel": { "package": "$kernel_pkg", "version": "$kernel_ver" },
  "busybox": "$busybox_ver",
  "gcc": "$gcc_ver",
  "sha256": {
    "vmlinuz": "$(sum "$tmp/vmlinuz")",
    "vmlinux": $([ -f "$tmp/vmlinux" ] && echo "\"$(sum "$tmp/vmlinux")\"" || echo null),
    "initrd.img": "$(sum "$tmp/initrd.img")"
  }
}
EOF
chmod 0644 "$tmp/manifest.json"
chmod 0755 "$tmp"
# Another build of the same hash may have finished first: then keep its result.
mv -T "$tmp" "$out" 2>/dev/null || rm -rf "$tmp"
trap - EXIT
point_current
say "done"
echo "$out"
