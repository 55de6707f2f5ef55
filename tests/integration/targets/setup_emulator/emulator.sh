# shellcheck shell=bash
# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by the runme.sh of every target that talks to the bundled emulator:
#   source ../setup_emulator/emulator.sh
#   start_emulator [--profile 2024] [other emulator options]
#   run_playbook playbook.yml "$@"
# The emulator binds a free port on 127.0.0.1 and is stopped when the script exits.

# ansible-test runs targets from a copy of tests/integration; the collection itself
# (and with it the emulator) is found through ANSIBLE_COLLECTIONS_PATH.
COLLECTION_ROOT="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/secretops/infisical"
EMULATOR_SERVER="$COLLECTION_ROOT/tests/emulator/server.py"
EMULATOR_DIR="$(mktemp -d)"
EMULATOR_INFO="$EMULATOR_DIR/info.json"
EMULATOR_PID=""
export ANSIBLE_ROLES_PATH=..
# API generations the targets cover: "current 2024" by default. ansible-test passes no
# environment of its own choosing to targets, so a runner narrows it with a file
# (tests/ci/run-tests.sh writes "current" there for its second ansible-core version).
PROFILES_FILE="$COLLECTION_ROOT/tests/integration/emulator_profiles"
profiles=""
[ -s "$PROFILES_FILE" ] && profiles="$(cat "$PROFILES_FILE")"
# shellcheck disable=SC2034  # read by the runme.sh scripts that source this file
read -r -a EMULATOR_PROFILES <<<"${profiles:-current 2024}"

stop_emulator() {
    if [ -n "$EMULATOR_PID" ]; then
        kill "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
        EMULATOR_PID=""
    fi
    rm -f "$EMULATOR_INFO"
}

start_emulator() {
    stop_emulator
    python "$EMULATOR_SERVER" --port 0 --info-file "$EMULATOR_INFO" --quiet "$@" >"$EMULATOR_DIR/stdout" 2>"$EMULATOR_DIR/stderr" &
    EMULATOR_PID=$!
    trap 'stop_emulator; rm -rf "$EMULATOR_DIR"' EXIT
    for _ in $(seq 100); do
        [ -s "$EMULATOR_INFO" ] && return 0
        sleep 0.1
    done
    echo "The emulator did not start:" >&2
    cat "$EMULATOR_DIR/stderr" >&2
    exit 1
}

# ansible-playbook with the emulator's connection facts as the variable 'emulator'
# (passed in a file: -vvvv prints extra vars given on the command line).
run_playbook() {
    printf '{"emulator": %s}\n' "$(cat "$EMULATOR_INFO")" >"$EMULATOR_DIR/vars.json"
    ansible-playbook -i "${INVENTORY_PATH:-../../inventory}" -e "@$EMULATOR_DIR/vars.json" "$@"
}

# run_in_each_profile PLAYBOOK ARGS...: the playbook against a fresh emulator of each profile
# in EMULATOR_PROFILES. The values of all CANARY_* variables (secret values the playbook
# writes, exported by the target) must not appear in any run's output.
run_in_each_profile() {
    local profile log name
    local canaries=()
    for name in $(compgen -v CANARY_); do canaries+=("${!name}"); done
    for profile in "${EMULATOR_PROFILES[@]}"; do
        start_emulator --profile "$profile"
        log="$EMULATOR_DIR/playbook-$profile.log"
        run_playbook "$@" | tee "$log"
        if [ "${#canaries[@]}" -gt 0 ]; then
            assert_not_in_log "$log" "${canaries[@]}"
        fi
    done
}

# Fail if any of the given strings appears in the file (secret canaries in -vvvv output).
assert_not_in_log() {
    local log="$1"
    shift
    local needle
    for needle in "$@"; do
        if grep -qF -- "$needle" "$log"; then
            echo "LEAK: a secret canary appears in $log" >&2
            grep -nF -- "$needle" "$log" | cut -c1-200 >&2
            exit 1
        fi
    done
}
