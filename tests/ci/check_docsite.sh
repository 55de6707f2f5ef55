#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check_docsite.sh COLLECTIONS_PATH WORKDIR: build the collection's HTML documentation site the way
# antsibull-docs sets it up (plugin pages + docs/docsite guides), with Sphinx warnings as errors,
# then open the index and one module page in headless Chromium and find their titles.
# COLLECTIONS_PATH holds the installed collection. The build runs offline: intersphinx inventories
# (docs.python.org, docs.ansible.com) cannot be fetched here, so the build uses a local inventory
# holding the few labels of the Ansible documentation that the plugin pages refer to, with their
# real docs.ansible.com addresses (a published build would fetch the full inventory instead).
set -euo pipefail
coll="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fail() { echo "docsite check: $*"; exit 1; }

python -c 'import sphinx, sphinx_ansible_theme' 2>/dev/null ||
  python -m pip install --disable-pip-version-check -q -r "$here/tests/ci/requirements-docs.txt"
rm -rf "$work" && mkdir -p "$work" && chmod 700 "$work"  # antsibull-docs wants it private
export ANSIBLE_COLLECTIONS_PATH="$coll"
antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error --dest-dir "$work" \
  --project secretops.infisical --title "secretops.infisical" --html-short-title "secretops.infisical" \
  secretops.infisical
python - "$work/ansible_devel.inv" <<'PY'
import sys, zlib
labels = [  # label, page and anchor in https://docs.ansible.com/ansible/devel/, title
    ("action_plugins", "plugins/action.html#action-plugins", "Action plugins"),
    ("ansible_configuration_settings", "reference_appendices/config.html#ansible-configuration-settings", "Ansible Configuration Settings"),
    ("common_return_values", "reference_appendices/common_return_values.html#common-return-values", "Return Values"),
]
body = "".join("%s std:label -1 %s %s\n" % label for label in labels)
with open(sys.argv[1], "wb") as handle:
    handle.write(b"# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
                 b"# The remainder of this file is compressed using zlib.\n" + zlib.compress(body.encode()))
PY
printf '\n# Offline build (tests/ci/check_docsite.sh): a local inventory only\nintersphinx_mapping = {"ansible_devel": ("https://docs.ansible.com/ansible/devel/", "../ansible_devel.inv")}\n' >>"$work/conf.py"
(cd "$work" && ./build.sh) || fail "the site did not build (Sphinx warnings are errors); see above"

html="$work/build/html"
for page in index.html infisical_secret_module.html docsite/guide_quickstart.html docsite/guide_migrating_from_infisical_vault.html; do
  [ -s "$html/$page" ] || fail "$page was not built"
done

# .ci/run installs Debian's chromium in the background while the tests run; wait for it to finish.
if [ -n "${BROWSER_INSTALL_DONE:-}" ]; then
  for _ in $(seq 900); do [ -e "$BROWSER_INSTALL_DONE" ] && break; sleep 1; done
fi
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  # .ci/run installs Debian's chromium; elsewhere the build alone is checked, and this says so.
  echo "docsite built; browser check SKIPPED: no chromium on PATH (apt-get install chromium)"
  exit 0
fi
title() {  # the <title> of a page as the browser has it after loading it
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chromium" \
    --dump-dom "file://$html/$1" 2>/dev/null | sed -n 's:.*<title>\(.*\)</title>.*:\1:p' | head -n 1
}
t="$(title index.html)"
case "$t" in *[Ii]nfisical*) ;; *) fail "index.html: title '$t' does not name the collection" ;; esac
t="$(title infisical_secret_module.html)"
case "$t" in *"secretops.infisical.infisical_secret module"*) ;; *) fail "infisical_secret_module.html: unexpected title '$t'" ;; esac
echo "docsite OK: $(find "$html" -name '*.html' | wc -l) pages; $browser found the titles of index.html and infisical_secret_module.html"
