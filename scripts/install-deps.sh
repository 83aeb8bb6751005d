#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages Xenolith builds and tests with, if any is missing.
# Run as root (or with sudo available) on Debian 12.
set -euo pipefail

pkgs=(
	build-essential clang lld libclang-rt-14-dev
	qemu-system-x86
	bochs bochs-term bochsbios vgabios
	grub-pc-bin grub-common xorriso mtools
	libxen-dev xenstore-utils python3-pyxs
	python3-os-xenapi wrk chromium nodejs libxml2-utils
	libcunit1-dev libevent-dev libssl-dev libxml2-dev libjansson-dev
	zlib1g-dev liblzma-dev libzstd-dev
	util-linux procps curl valgrind
	acpica-tools cpio xz-utils file kmod e2fsprogs
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
