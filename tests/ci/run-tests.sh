#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run every test of the collection; the last line printed is "N passed, N failed".
#
#   tests/ci/run-tests.sh                       # everything, on both cores
#   STEPS=units tests/ci/run-tests.sh           # only the unit tests
#   MATRIX=2.21.5:3.13 STEPS="sanity checks" tests/ci/run-tests.sh
#
# Knobs (environment variables):
#   MATRIX        ansible-core:python[:steps] combos (default "2.16.19:3.11 2.21.5:3.13 2.19.14:3.12:units":
#                 the oldest and the newest supported core run everything, one in between the units;
#                 steps after the second colon, joined by "+", restrict a combo, e.g. "2.19.14:3.12:units")
#   STEPS         any of "sanity units integration checks" (default: all four)
#   JOBS          combos run in parallel (default: one per combo)
#   WORK          work directory for venvs, trees and logs (default: mktemp -d; kept)
#   EXTRA_UNITS   more target Pythons for the unit tests, as core-prefix:python
#                 (default "2.16:3.8": units also run on 3.8 in the 2.16 combo)
#   INTEGRATION_CORES  cores whose combo runs the integration tests (default: every core
#                 in MATRIX; e.g. "2.21.5" to save ~5 min of CPU when time is short)
#   STEP_TIMEOUT  seconds before a single ansible-test or tool run is killed (default 1800)
#   NEWER_CORE_PROFILES  emulator profiles the integration targets cover on every core but the
#                 oldest (default "current"; empty = all, i.e. "current 2024" as on the oldest)
#
# Per combo: a venv with ansible-core and tests/ci/requirements-tools.txt, a copy of
# the working tree (tracked + untracked-not-ignored files) in
# $WORK/<core>/ansible_collections/<ns>/<name>, then ansible-test sanity, units and
# integration there. The checks (changelog, docs, ansible-lint, build, install, AWX job, docsite, EE) run
# once, in the newest core's tree. Needs the Pythons named in MATRIX, a writable
# $HOME (ansible-test caches its get-pip script and venvs in ~/.ansible/test) and
# access to PyPI. No `set -e`: every step runs and is counted.

set -uo pipefail
shopt -s nullglob

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
MATRIX="${MATRIX:-2.16.19:3.11 2.21.5:3.13 2.19.14:3.12:units}"
STEPS="${STEPS:-sanity units integration checks}"
JOBS="${JOBS:-$(wc -w <<<"$MATRIX")}"
EXTRA_UNITS="${EXTRA_UNITS-2.16:3.8}"
STEP_TIMEOUT="${STEP_TIMEOUT:-1800}"
NEWER_CORE_PROFILES="${NEWER_CORE_PROFILES-current}"
WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/ci-work.XXXXXX")}"
if ! mkdir -p "$WORK/logs" || ! WORK="$(cd "$WORK" && pwd)"; then
  echo "FATAL: cannot create WORK=$WORK"; echo "0 passed, 1 failed"; exit 1
fi
LOGS="$WORK/logs"
START=$SECONDS
exec 3>&1  # the terminal, for progress lines of combos running in the background

galaxy_field() { sed -n "s/^$1: *['\"]\{0,1\}\([^'\" ]*\).*/\1/p" "$REPO/galaxy.yml" | head -n 1; }
NS="$(galaxy_field namespace)"
NAME="$(galaxy_field name)"

has_step() { case " $STEPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

for step in $STEPS; do
  case "$step" in
    sanity | units | integration | checks) ;;
    *) echo "FATAL: unknown step '$step' in STEPS (use: sanity units integration checks)"; echo "0 passed, 1 failed"; exit 2 ;;
  esac
done
if [ -z "$NS" ] || [ -z "$NAME" ]; then
  echo "FATAL: cannot read namespace/name from $REPO/galaxy.yml"; echo "0 passed, 1 failed"; exit 1
fi
case "$JOBS" in '' | *[!0-9]* | 0) JOBS=1 ;; esac

rm -f "$WORK"/counts.* "$WORK"/summary.* "$WORK"/combo.*.out

# ---------------------------------------------------------------------------
# helpers

# record FILE-SUFFIX LABEL PASSED FAILED SECONDS: count a step and print its result line.
record() {
  printf '%s %s\n' "$3" "$4" >>"$WORK/counts.$1"
  printf '%-28s %4s passed, %3s failed  (%s s)\n' "$2" "$3" "$4" "$5" >>"$WORK/summary.$1"
  say "==> $2: $3 passed, $4 failed ($5 s)"
}

# skipped FILE-SUFFIX LABEL REASON: a step that had nothing to run (counts nothing).
skipped() {
  printf '%-28s skipped: %s\n' "$2" "$3" >>"$WORK/summary.$1"
  say "==> $2: skipped, $3"
}

# say MESSAGE: print a progress line; background combos also print it to the terminal.
say() {
  printf '%s\n' "$*"
  if [ -n "${IN_BACKGROUND:-}" ]; then printf '%s\n' "$*" >&3; fi
}

# excerpt LOG: the lines of a failed ansible-test or pytest run that explain it: ERROR/FATAL lines,
# the ">>> Standard Error/Output" block after a failed command (long blocks: head and tail), pytest's
# FAILED and "E   " lines. The last FATAL line of a run only repeats the delegated command: left out.
excerpt() {
  local lines
  lines="$(sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    function flush(i) {
      if (n <= 24) { for (i = 1; i <= n; i++) print buf[i] }
      else { for (i = 1; i <= 6; i++) print buf[i]; print "  [... " n - 18 " lines ...]"; for (i = n - 11; i <= n; i++) print buf[i] }
      n = 0; inblock = 0
    }
    /^>>> Standard (Error|Output)/ { flush(); if (keep) { inblock = 1; print }; next }
    inblock && /^(Running |ERROR: |FATAL: |WARNING: |NOTICE: |Installing requirements|Using cached pip)/ { flush() }
    inblock { buf[++n] = $0; next }
    /^FATAL: Command "\/usr\/bin\/env ANSIBLE_TEST_CONTENT_ROOT=/ || /^ERROR: See documentation for help/ { keep = 0; next }
    /^(ERROR|FATAL|FAILED)|^E   |^[A-Za-z]*Error: / { print; keep = 1; next }
    { keep = 0 }
    END { flush() }
  ' | head -n 150)"
  if [ -n "$lines" ]; then
    printf '%s\n' "$lines" | sed 's/^/    /'
  else
    tail -n 40 "$1" | sed 's/^/    /'
  fi
  echo "    (full log: $1)"
}

# with_timeout CMD...: run CMD, killed (with its process group) after STEP_TIMEOUT s.
with_timeout() {
  timeout --kill-after=30 "$STEP_TIMEOUT" "$@"
  local rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo "FATAL: timed out after ${STEP_TIMEOUT} s: $*"; fi
  return "$rc"
}

# copy_tree DEST: copy the working tree (tracked + untracked, not ignored) to DEST.
copy_tree() {
  mkdir -p "$1" || return 1
  if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$REPO" ls-files -z --cached --others --exclude-standard |
      while IFS= read -r -d '' f; do
        # skip files deleted from the working tree but still in the index
        if [ -e "$REPO/$f" ] || [ -L "$REPO/$f" ]; then printf '%s\0' "$f"; fi
      done | tar -C "$REPO" --null -T - -cf - | tar -C "$1" -xf -
  else
    # not a git checkout (e.g. an unpacked copy): everything but generated files
    tar -C "$REPO" --exclude=./.git --exclude=./tests/output --exclude=./.ansible --exclude=./collections \
      --exclude=./tests/integration/inventory --exclude=./tests/integration/integration_config.yml \
      --exclude='__pycache__' --exclude='.pytest_cache' --exclude='*.pyc' --exclude='*.tar.gz' -cf - . |
      tar -C "$1" -xf -
  fi
}

# ---------------------------------------------------------------------------
# 1. real interpreters (pyenv shims only serve the global version) in $WORK/pybin

PYBIN="$WORK/pybin"
rm -rf "$PYBIN" && mkdir -p "$PYBIN"
pyenv_roots=("${PYENV_ROOT:-}")
if command -v pyenv >/dev/null 2>&1; then pyenv_roots+=("$(dirname "$(dirname "$(command -v pyenv)")")"); fi
IFS=: read -r -a path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
  case "$d" in */shims) pyenv_roots+=("$(dirname "$d")") ;; esac
done
pyenv_roots+=("${HOME:-/nonexistent}/.pyenv")
for minor in 8 9 10 11 12 13 14; do
  candidates=()
  for root in "${pyenv_roots[@]}"; do
    [ -n "$root" ] || continue
    for c in "$root"/versions/3."$minor".*/bin/python3."$minor"; do candidates=("$c" "${candidates[@]}"); done
  done
  for d in "${path_dirs[@]}" /usr/local/bin /usr/bin; do
    case "$d" in */shims | "$PYBIN" | '') continue ;; esac
    candidates+=("$d/python3.$minor")
  done
  for c in "${candidates[@]}"; do
    if [ -x "$c" ] && "$c" -c 'import ensurepip, venv' >/dev/null 2>&1; then
      ln -s "$(readlink -f "$c")" "$PYBIN/python3.$minor"
      break
    fi
  done
done
PATH="$PYBIN:$PATH"
echo "Pythons: $(cd "$PYBIN" && for p in $(printf '%s\n' python3.* | sort -V); do printf '%s -> %s; ' "$p" "$(readlink "$p")"; done)"
echo "Work directory: $WORK (matrix: $MATRIX; steps: $STEPS; jobs: $JOBS)"

# ---------------------------------------------------------------------------
# 2. one combo: venv, get-pip stand-in, tree copy, ansible-test steps

# count_junit FILE...: print "PASSED FAILED" of the JUnit files (venv python).
count_junit() { "$VENV/bin/python" "$HERE/junit_count.py" "$@"; }

run_sanity() {
  local label="$1 sanity" log="$LOGS/sanity-$CORE.log" t0=$SECONDS rc p f t missing="" junit
  say "--> $label (log: $log)"
  (cd "$TREE" && with_timeout env PATH="$VENV/bin:$PATH" "$VENV/bin/ansible-test" sanity --venv --python "$PY" --junit --color no) >"$log" 2>&1
  rc=$?
  read -r p f < <(count_junit "$TREE"/tests/output/junit/ansible-test-sanity-*.xml)
  if [ "$rc" != 0 ]; then
    # a test that crashes (FATAL) writes no JUnit file and stops the run: count what has no result
    missing=""
    for t in $(cd "$TREE" && env PATH="$VENV/bin:$PATH" "$VENV/bin/ansible-test" sanity --list-tests --python "$PY" --color no 2>/dev/null); do
      junit=("$TREE/tests/output/junit/ansible-test-sanity-$t"-python-*.xml)
      if [ ! -e "$TREE/tests/output/junit/ansible-test-sanity-$t.xml" ] && [ "${#junit[@]}" = 0 ]; then
        missing="$missing $t"
        f=$((f + 1))
      fi
    done
    if [ "$f" = 0 ]; then f=1; fi
  fi
  if [ "$f" != 0 ]; then
    echo "  sanity failed (rc $rc):"
    if [ -n "$missing" ]; then echo "    no result (crashed, or not run after a crash):$missing"; fi
    excerpt "$log"
  fi
  record "$IDX" "$label" "$p" "$f" $((SECONDS - t0))
}

# run_units PYTHON: ansible-test units on one target Python.
run_units() {
  local py="$1" label="$2 units py$1" log="$LOGS/units-$CORE-py$1.log" t0=$SECONDS rc p f files
  say "--> $label (log: $log)"
  (cd "$TREE" && with_timeout env PATH="$VENV/bin:$PATH" "$VENV/bin/ansible-test" units --venv --python "$py" --color no) >"$log" 2>&1
  rc=$?
  files=("$TREE"/tests/output/junit/python"$py"-*units.xml)
  if [ "$rc" = 0 ] && [ "${#files[@]}" = 0 ]; then
    skipped "$IDX" "$label" "no unit tests found"
    return 0
  fi
  read -r p f < <(count_junit "${files[@]}")
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  if [ "$f" != 0 ]; then
    echo "  units on Python $py failed (rc $rc):"
    if [ "${#files[@]}" != 0 ]; then count_junit --list-failed "${files[@]}" | head -n 40 | sed 's/^/    FAILED /'; fi
    excerpt "$log"
  fi
  record "$IDX" "$label" "$p" "$f" $((SECONDS - t0))
}

run_integration() {
  local label="$1 integration" log="$LOGS/integration-$CORE.log" t0=$SECONDS rc p f summary total failed_targets t
  local targets=("$TREE"/tests/integration/targets/*/)
  if [ "${#targets[@]}" = 0 ]; then
    skipped "$IDX" "$label" "no targets in tests/integration/targets"
    return 0
  fi
  say "--> $label (log: $log)"
  (cd "$TREE" && with_timeout env PATH="$VENV/bin:$PATH" "$VENV/bin/ansible-test" integration --venv --python "$PY" --continue-on-error --color no) >"$log" 2>&1
  rc=$?
  # passed targets: from ansible-test's result data (setup targets excluded), else the "Running" lines
  p="$("$VENV/bin/python" -c 'import json, sys; print(sum(len(json.load(open(f))["targets"]) for f in sys.argv[1:]))' \
    "$TREE"/tests/output/data/integration-*.json 2>/dev/null)" || p=""
  [ -n "$p" ] || p="$(grep -cE '^Running [^ ]+ integration test (role|script)' "$log")"
  f=0
  summary="$(grep -E '^FATAL: The [0-9]+ integration test\(s\) listed below \(out of [0-9]+\) failed' "$log" | tail -n 1)"
  if [ -n "$summary" ]; then
    f="$(sed -E 's/^FATAL: The ([0-9]+) .*/\1/' <<<"$summary")"
    total="$(sed -E 's/.*\(out of ([0-9]+)\).*/\1/' <<<"$summary")"
    p=$((total - f))
    # the failed target names follow the summary line, one a line
    failed_targets="$(sed -n "/^FATAL: The [0-9]* integration test(s) listed below/,\$p" "$log" | sed 1d | grep -E '^ *[A-Za-z0-9_.-]+ *$' | tr -d ' ')"
  elif [ "$rc" != 0 ]; then
    f=1
    p=$((p > 0 ? p - 1 : 0))
    failed_targets="$(grep -E '^Running [^ ]+ integration test (role|script)' "$log" | tail -n 1 | awk '{print $2}')"
  fi
  if [ "$f" != 0 ]; then
    echo "  integration failed (rc $rc):"
    grep -E '^(ERROR|FATAL):' "$log" | grep -v '^FATAL: Command "/usr/bin/env ANSIBLE_TEST_CONTENT_ROOT=' | head -n 30 | sed 's/^/    /'
    for t in $failed_targets; do
      echo "  --- last 40 lines of target $t:"
      awk -v t="$t" '/^Running [^ ]+ integration test (role|script)/ { on = ($2 == t) } on' "$log" |
        grep -vE '^FATAL: The [0-9]+ integration test' | tail -n 40 | sed 's/^/    /'
    done
    echo "    (full log: $log)"
  fi
  record "$IDX" "$label" "$p" "$f" $((SECONDS - t0))
}

# setup_combo: venv + tools, get-pip stand-in in ~/.ansible/test/cache, fresh tree copy.
setup_combo() {
  local log="$LOGS/setup-$CORE.log" t0=$SECONDS pybin reqs pin cache
  pybin="$PYBIN/python$PY"
  if [ ! -x "$pybin" ]; then
    echo "FATAL: no working Python $PY found (pyenv versions/3.X.*/bin/python3.X or python3.X on PATH, with venv/ensurepip)"
    return 1
  fi
  say "--> $LABEL setup: venv $VENV, ansible-core==$CORE + tests/ci/requirements-tools.txt (log: $log)"
  {
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c '' >/dev/null 2>&1; then
      rm -rf "$VENV" && "$(readlink -f "$pybin")" -m venv "$VENV"
    fi &&
      with_timeout "$VENV/bin/python" -m pip install --disable-pip-version-check -q "ansible-core==$CORE" -r "$REPO/tests/ci/requirements-tools.txt" &&
      # the checks run in the newest core's venv; the docsite build needs Sphinx there
      if [ "$CORE" = "$NEWEST" ] && has_step checks; then
        with_timeout "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REPO/tests/ci/requirements-docs.txt"
      fi
  } >"$log" 2>&1 || {
    echo "FATAL: could not create the venv or install ansible-core==$CORE and the tools:"
    grep -v 'is ignored: it is neither a file nor a directory' "$log" | tail -n 20 | sed 's/^/    /'
    return 1
  }

  # ansible-test downloads get-pip-<pin>.py from an unreachable host unless it is cached.
  reqs="$("$VENV/bin/python" -c 'import os, ansible_test; print(os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py"))')"
  pin="$(sed -n "s/^ *pip='\([0-9][0-9.]*\)'.*/\1/p" "$reqs" | head -n 1)"
  if [ -z "$pin" ]; then echo "FATAL: cannot read the pip pin (pip='X.Y') from $reqs"; return 1; fi
  if [ -z "${HOME:-}" ]; then echo "FATAL: HOME is not set; ansible-test needs a writable ~/.ansible/test"; return 1; fi
  cache="$HOME/.ansible/test/cache"
  if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
    echo "FATAL: $cache is not writable (HOME=$HOME); ansible-test needs a writable ~/.ansible/test"
    return 1
  fi
  if [ ! -e "$cache/get_pip_${pin//./_}.py" ]; then
    cp "$HERE/get_pip_standin.py" "$cache/get_pip_${pin//./_}.py" || { echo "FATAL: cannot write $cache/get_pip_${pin//./_}.py"; return 1; }
  fi

  rm -rf "${WORK:?}/$CORE"
  copy_tree "$TREE" || { echo "FATAL: cannot copy $REPO to $TREE"; return 1; }
  # Older self-hosted servers (emulator profile 2024) are covered on the oldest core; newer
  # cores run the targets against the current API only, which halves their integration time.
  if [ "$CORE" != "$OLDEST" ] && [ -n "$NEWER_CORE_PROFILES" ]; then
    printf '%s\n' "$NEWER_CORE_PROFILES" >"$TREE/tests/integration/emulator_profiles"
  fi
  say "==> $LABEL setup: done ($((SECONDS - t0)) s; pip pin $pin)"
}

# combo_has_step STEP: STEP is asked for (STEPS) and not excluded by the combo's own step list.
combo_has_step() {
  has_step "$1" || return 1
  [ -z "$ONLY" ] && return 0
  case "+$ONLY+" in *"+$1+"*) return 0 ;; *) return 1 ;; esac
}

# run_combo INDEX CORE PYTHON [STEPS]  (STEPS: "+"-separated subset, empty = all)
run_combo() {
  IDX="$1" CORE="$2" PY="$3" ONLY="${4:-}"
  LABEL="$CORE/py$PY"
  VENV="$WORK/venv-$CORE"
  TREE="$WORK/$CORE/ansible_collections/$NS/$NAME"
  local t0=$SECONDS extra
  if ! setup_combo; then
    record "$IDX" "$LABEL setup" 0 1 $((SECONDS - t0))
    return 1
  fi
  # Combos in parallel: every second one runs integration first, so that its CPU-bound
  # playbooks overlap the other combo's cold sanity run (mostly venv builds and pip).
  local order="sanity units integration" step
  if [ -n "${IN_BACKGROUND:-}" ] && [ $((IDX % 2)) = 0 ]; then order="integration units sanity"; fi
  for step in $order; do
    combo_has_step "$step" || continue
    case "$step" in
      sanity) run_sanity "$LABEL" ;;
      integration)
        case " ${INTEGRATION_CORES:-$CORE} " in
          *" $CORE "*) run_integration "$LABEL" ;;
          *) skipped "$IDX" "$LABEL integration" "core not in INTEGRATION_CORES=$INTEGRATION_CORES" ;;
        esac
        ;;
      units)
        run_units "$PY" "$LABEL"
        for extra in $EXTRA_UNITS; do
          case "$CORE" in
            "${extra%%:*}" | "${extra%%:*}".*)
              if [ -x "$PYBIN/python${extra#*:}" ]; then
                run_units "${extra#*:}" "$LABEL"
              else
                skipped "$IDX" "$LABEL units py${extra#*:}" "WARNING: Python ${extra#*:} not found"
              fi
              ;;
          esac
        done
        ;;
    esac
  done
  return 0
}

# only the checks: one combo (the newest core) is enough
NEWEST="$(for c in $MATRIX; do echo "${c%%:*}"; done | sort -V | tail -n 1)"
OLDEST="$(for c in $MATRIX; do echo "${c%%:*}"; done | sort -V | head -n 1)"
if ! has_step sanity && ! has_step units && ! has_step integration; then
  for c in $MATRIX; do case "$c" in "$NEWEST":*) MATRIX="$c" ;; esac; done
fi

i=0
for combo in $MATRIX; do
  i=$((i + 1))
  case "$combo" in
    *:*) ;;
    *) echo "FATAL: MATRIX entry '$combo' is not ansible-core:python[:steps]"; record "$i" "$combo" 0 1 0; continue ;;
  esac
  rest="${combo#*:}"
  combo_py="${rest%%:*}"
  combo_steps=""
  case "$rest" in *:*) combo_steps="${rest#*:}" ;; esac
  if [ "$JOBS" -gt 1 ]; then
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    IN_BACKGROUND=1 run_combo "$i" "${combo%%:*}" "$combo_py" "$combo_steps" >"$WORK/combo.$i.out" 2>&1 &
  else
    run_combo "$i" "${combo%%:*}" "$combo_py" "$combo_steps"
  fi
done
wait
if [ "$JOBS" -gt 1 ]; then
  for f in "$WORK"/combo.*.out; do
    echo "======== $(basename "$f")"
    cat "$f"
  done
fi

# ---------------------------------------------------------------------------
# 3. collection checks, once, in the newest core's tree

# check NAME CMD...: run CMD in the tree (tools venv first on PATH); counts 1.
check() {
  local name="$1" log="$LOGS/check-$1.log" t0=$SECONDS rc
  shift
  # ANSIBLE_ROLES_PATH: integration playbooks use roles from other targets (setup_*), as under ansible-test
  (cd "$CTREE" && with_timeout env PATH="$CVENV/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$WORK/$NEWEST" \
    ANSIBLE_ROLES_PATH="$CTREE/tests/integration/targets" "$@") >"$log" 2>&1
  rc=$?
  if [ "$rc" = 0 ]; then
    record checks "checks $name" 1 0 $((SECONDS - t0))
  else
    echo "  check $name failed (rc $rc): $*"
    grep -v 'is ignored: it is neither a file nor a directory' "$log" |
      awk '{ line[NR] = $0 } END { for (i = 1; i <= NR; i++) if (NR <= 70 || i <= 50 || i > NR - 15) print line[i]; else if (i == 51) print "[... " NR - 65 " lines ...]" }' |
      sed 's/^/    /'
    echo "    (full log: $log)"
    record checks "checks $name" 0 1 $((SECONDS - t0))
  fi
}

# build_and_inspect: build the tarball, then check what it contains.
build_and_inspect() {
  local out="$WORK/build" tgz listing bad missing m
  shopt -s nullglob  # runs in "bash -c": shell options are not inherited
  rm -rf "$out" && mkdir -p "$out" || return 1
  ansible-galaxy collection build --force --output-path "$out" . || return 1
  tgz=("$out/$NS-$NAME"-*.tar.gz)
  [ "${#tgz[@]}" = 1 ] || { echo "expected one tarball in $out, found ${#tgz[@]}"; return 1; }
  listing="$(tar -tzf "${tgz[0]}" | sed 's|^\./||')" || return 1
  bad="$(grep -E '^(tests/output|tests/integration/inventory|tests/integration/integration_config\.yml|\.ci|\.venv|\.ansible|\.git|collections)(/|$)|(^|/)(__pycache__|\.pytest_cache)(/|$)|\.(pyc|tar\.gz)$|^\.ansible-lint$|^\.gitignore$' <<<"$listing")"
  missing=""
  for m in MANIFEST.json FILES.json README.md LICENSE meta/runtime.yml plugins/modules/*.py plugins/*/*.py; do
    grep -qxF "$m" <<<"$listing" || missing="$missing $m"
  done
  if [ -n "$bad" ] || [ -n "$missing" ]; then
    [ -z "$bad" ] || { echo "files that must not be in ${tgz[0]} (add them to build_ignore):"; printf '%s\n' "$bad" | head -n 40; }
    [ -z "$missing" ] || echo "files missing from ${tgz[0]}:$missing"
    return 1
  fi
  echo "tarball OK: ${tgz[0]} ($(wc -l <<<"$listing") entries)"
}

# install_and_list: install the tarball elsewhere; every module and lookup must be listed by ansible-doc.
install_and_list() {
  shopt -s nullglob  # runs in "bash -c": shell options are not inherited
  local dest="$WORK/installed" tgz=("$WORK/build/$NS-$NAME"-*.tar.gz) kind dir f plugin listed missing=""
  [ "${#tgz[@]}" = 1 ] || { echo "no tarball in $WORK/build (did the build check fail?)"; return 1; }
  rm -rf "$dest" && mkdir -p "$dest" || return 1
  ansible-galaxy collection install --offline --force -p "$dest" "${tgz[0]}" || return 1
  for kind in module lookup filter test inventory callback connection become cache vars; do
    dir="plugins/${kind}"
    [ "$kind" = module ] && dir="plugins/modules"
    set -- "$dir"/*.py
    [ "$#" -gt 0 ] || continue
    listed="$(cd "$dest" && env ANSIBLE_COLLECTIONS_PATH="$dest" ansible-doc -t "$kind" -l "$NS.$NAME" 2>&1)" || { printf '%s\n' "$listed"; return 1; }
    printf '%s\n' "$listed"
    [ "$kind" = module ] || [ "$kind" = lookup ] || continue  # filter/test files may hold several plugins
    for f in "$@"; do
      plugin="$(basename "$f" .py)"
      [ "$plugin" = __init__ ] && continue
      grep -qE "^$NS\.$NAME\.$plugin( |$)" <<<"$listed" || missing="$missing $kind:$plugin"
    done
  done
  if [ -n "$missing" ]; then echo "not listed by ansible-doc -l after install:$missing"; return 1; fi
}

# ee_context: the EE definition builds a context around the tarball (tests/ci/check_ee.sh).
ee_context() {
  shopt -s nullglob
  local tgz=("$WORK/build/$NS-$NAME"-*.tar.gz)
  [ "${#tgz[@]}" = 1 ] || { echo "no tarball in $WORK/build (did the build check fail?)"; return 1; }
  tests/ci/check_ee.sh "${tgz[0]}" "$WORK/ee"
}

if has_step checks; then
  CVENV="$WORK/venv-$NEWEST"
  CTREE="$WORK/$NEWEST/ansible_collections/$NS/$NAME"
  if [ ! -x "$CVENV/bin/ansible-test" ] || [ ! -d "$CTREE" ]; then
    echo "FATAL: checks need the venv and tree of ansible-core $NEWEST, whose setup failed"
    record checks "checks" 0 1 0
  else
    say "--> checks in $CTREE (ansible-core $NEWEST)"
    check changelog antsibull-changelog lint
    check docs antsibull-docs lint-collection-docs --plugin-docs .
    check ansible-lint ansible-lint --offline --nocolor -f pep8
    export -f build_and_inspect install_and_list ee_context
    export NS NAME WORK
    check build bash -c build_and_inspect
    check install bash -c install_and_list
    # independent of each other and mostly waiting (venvs, a browser): side by side
    check awx-job python tests/ci/check_awx.py "$WORK/installed" "$WORK/awx" &
    check docsite tests/ci/check_docsite.sh "$WORK/installed" "$WORK/docsite" &
    check execution-environment bash -c ee_context &
    wait
  fi
fi

# ---------------------------------------------------------------------------
# 4. summary; the last line is "N passed, N failed"

echo
echo "Summary ($((SECONDS - START)) s; logs in $LOGS):"
for f in "$WORK"/summary.*; do sed 's/^/  /' "$f"; done
read -r PASSED FAILED < <(cat "$WORK"/counts.* 2>/dev/null | awk '{p += $1; f += $2} END {print p + 0, f + 0}')
echo "${PASSED} passed, ${FAILED} failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
