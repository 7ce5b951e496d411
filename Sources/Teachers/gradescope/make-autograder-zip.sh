#!/usr/bin/env bash
# Makes autograder.zip for Gradescope's "Configure Autograder" page: setup.sh and
# run_autograder at the top of the zip (where Gradescope looks for them), beside your copy of
# the workbook (Package.swift, README.md, Sources/, Tests/, Chapters/), which becomes
# /autograder/source, the pristine copy every submission is graded against.
#
# Usage: Sources/Teachers/gradescope/make-autograder-zip.sh [--with-solutions] [-o FILE]
#
#   --with-solutions  also pack Solutions/ (left out by default; see the teachers' README)
#   -o FILE           where to write the zip (default: autograder.zip in the current folder)
#
# Build folders (.build*), .git and the grader's state (.workbook) are never packed. Edit the
# points in each Chapters/NN-Name/chapter.json before you run it: the zip carries them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
output="$PWD/autograder.zip"
with_solutions=false

while [ $# -gt 0 ]; do
  case "$1" in
    --with-solutions) with_solutions=true ;;
    -o)
      [ $# -ge 2 ] || { echo "make-autograder-zip: -o needs a file name" >&2; exit 2; }
      output="$2"
      shift
      ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
      exit 0
      ;;
    *)
      echo "make-autograder-zip: unknown argument $1 (see --help)" >&2
      exit 2
      ;;
  esac
  shift
done
case "$output" in /*) ;; *) output="$PWD/$output" ;; esac

if [ ! -f "$root/Package.swift" ] || [ ! -d "$root/Chapters" ]; then
  echo "make-autograder-zip: $root is not the workbook (no Package.swift and Chapters/)" >&2
  exit 1
fi
if ! command -v zip > /dev/null; then
  echo "make-autograder-zip: needs the zip command (Debian/Ubuntu: apt-get install zip)" >&2
  exit 1
fi

items=(Package.swift README.md Sources Tests Chapters)
if $with_solutions; then
  if [ ! -d "$root/Solutions" ]; then
    echo "make-autograder-zip: --with-solutions, but this copy has no Solutions/ folder" >&2
    exit 1
  fi
  items+=(Solutions)
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# tar copies the files with their permissions, leaving out what is never part of the workbook.
tar -C "$root" \
  --exclude='.build*' --exclude='.git' --exclude='.workbook' --exclude='.swiftpm' \
  --exclude='.DS_Store' --exclude='xcuserdata' \
  -cf - "${items[@]}" | tar -C "$stage" -xf -
cp "$here/setup.sh" "$here/run_autograder" "$stage/"
chmod +x "$stage/setup.sh" "$stage/run_autograder"

rm -f "$output"
(cd "$stage" && zip -q -r -X "$output" .)
echo "wrote $output ($(du -h "$output" | cut -f1)); upload it on Gradescope's"
echo "\"Configure Autograder\" page, with the Ubuntu 22.04 base image."
if ! $with_solutions && [ -d "$root/Solutions" ]; then
  echo "Solutions/ was left out (add --with-solutions to pack it)."
fi
