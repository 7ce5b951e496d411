#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu 22.04 base
# image). The autograder zip was unpacked into /autograder/source: your copy of the workbook,
# with this script and run_autograder beside Package.swift (make-autograder-zip.sh makes it).
#
# It installs Swift 6.3.1, the version the workbook was tested with, from swift.org's tarball
# (with the packages swift.org lists for Ubuntu 22.04), checks its signature, builds the
# grader, and grades the untouched workbook once (the warm-up): that proves the image can build
# and grade before any student submits. Each submission is still compiled in a folder of its
# own by run_autograder (a clean debug build: one to three minutes, depending on the CPUs you
# give the autograder).
set -euo pipefail

SWIFT_VERSION=6.3.1
SWIFT_PLATFORM=ubuntu22.04
SWIFT_HOME=/opt/swift
# Gradescope's folder; another one for a dry run (section 5 of the teacher kit's README).
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# Swift's dependencies on Ubuntu 22.04 (swift.org, "Installing Swift" from a tarball), and
# what this script uses to download and check it.
apt-get install -y -q --no-install-recommends \
  binutils git gnupg2 libc6-dev libcurl4-openssl-dev libedit2 libgcc-11-dev libpython3-dev \
  libsqlite3-0 libstdc++-11-dev libxml2-dev libz3-dev pkg-config python3-lldb-13 tzdata unzip \
  zlib1g-dev \
  ca-certificates curl

base="https://download.swift.org/swift-${SWIFT_VERSION}-release/${SWIFT_PLATFORM//[.]/}"
base+="/swift-${SWIFT_VERSION}-RELEASE/swift-${SWIFT_VERSION}-RELEASE-${SWIFT_PLATFORM}.tar.gz"
download=$(mktemp -d)
curl -fsSL --retry 3 -o "$download/swift.tar.gz" "$base"
curl -fsSL --retry 3 -o "$download/swift.tar.gz.sig" "$base.sig"
# The signature is checked against swift.org's published keys.
export GNUPGHOME="$download/gnupg"
mkdir -m 700 "$GNUPGHOME"
curl -fsSL --retry 3 https://www.swift.org/keys/all-keys.asc | gpg --batch --quiet --import
gpg --batch --verify "$download/swift.tar.gz.sig" "$download/swift.tar.gz"
mkdir -p "$SWIFT_HOME"
tar -xzf "$download/swift.tar.gz" -C "$SWIFT_HOME" --strip-components=1
rm -rf "$download"
unset GNUPGHOME
export PATH="$SWIFT_HOME/usr/bin:$PATH"
swift --version

# The grader, built from your copy: run_autograder uses $SOURCE/.build/debug/workbook.
cd "$SOURCE"
rm -rf .build .build-* .workbook
swift build --product workbook
# The warm-up: grade the untouched workbook (its stubs fail, which is expected). A failure to
# build or run here stops the image build, with the grader's message in Gradescope's log, long
# before a student sees it.
.build/debug/workbook grade --format github --no-color --output /tmp/warm-up.txt
tail -n 1 /tmp/warm-up.txt
# The warm-up's build folder and state are of no use to a submission (it is built where it is);
# the grader binary in .build stays.
rm -rf .workbook .build-workbook /tmp/warm-up.txt
chmod +x "$SOURCE/run_autograder"
