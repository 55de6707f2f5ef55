#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check_ee.sh TARBALL WORKDIR: the execution environment definition in extensions/ee builds a valid
# context with ansible-builder, and the builder's introspection of the installed collection finds the
# collection's Python requirements (so the image installs them). No container runtime needed.
set -euo pipefail
tgz="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rm -rf "$work" && mkdir -p "$work/def" "$work/collections"
cp "$here/extensions/ee/execution-environment.yml" "$work/def/"
cp "$tgz" "$work/def/secretops-infisical.tar.gz"

ansible-builder create --file "$work/def/execution-environment.yml" --context "$work/context" --output-filename Containerfile
cf="$work/context/Containerfile"
fail() { echo "EE check: $*"; exit 1; }
[ -s "$work/context/_build/collections/secretops-infisical.tar.gz" ] || fail "the collection tarball is not in the build context"
grep -q 'ansible-galaxy collection install .*-r requirements.yml' "$cf" || fail "the Containerfile does not install the collections"
grep -q 'introspect.py introspect .*--write-pip=' "$cf" || fail "the Containerfile does not introspect Python requirements"
grep -q '/output/scripts/assemble' "$cf" || fail "the Containerfile does not install the introspected requirements"
grep -q 'type: file' "$work/context/_build/requirements.yml" || fail "requirements.yml does not name the tarball"

# What the builder stage does inside the image, here: install the collection, then introspect it.
ansible-galaxy collection install --offline --force -p "$work/collections" "$tgz" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "cannot install $tgz"; }
python3 "$work/context/_build/scripts/introspect.py" introspect "$work/collections" --write-pip "$work/requirements.txt" >/dev/null
want="$(grep -vE '^\s*(#|$)' "$here/requirements.txt" | sed 's/[<>=!~;[ ].*//' | sort -u)"
for name in $want; do
  grep -qiE "^${name}([<>=!~;[ ]|$)" "$work/requirements.txt" || fail "introspection did not find '$name' (from requirements.txt); got: $(tr '\n' ' ' <"$work/requirements.txt")"
done
echo "EE context OK: $cf; introspected Python requirements: $(grep -vE '^\s*(#|$)' "$work/requirements.txt" | tr '\n' ' ')"
