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
#
# Real-server mode: when tests/integration/integration_config.yml has an 'infisical_real'
# mapping (see docs/testing_real_server.md), no emulator is started: start_emulator creates a
# scratch project on that server and writes the same connection facts (with "control": false),
# stop_emulator deletes the project, and run_in_each_profile runs once, against that server.
# Steps that need the emulator's control API check the fact emulator_control (setup_emulator).

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

# ansible-test copies the config beside the targets (tests/integration/; the working directory is
# the target's own) but passes it to role targets only: for these scripts, real_server.py turns
# its infisical_real mapping into the 'emulator' facts.
INTEGRATION_CONFIG="$(cd ../.. && pwd)/integration_config.yml"
REAL_SERVER_PY="$(cd ../setup_emulator && pwd)/real_server.py"
REAL_SERVER=""
if python "$REAL_SERVER_PY" check "$INTEGRATION_CONFIG"; then
    REAL_SERVER=1
    # The server has one API generation: the targets run once.
    EMULATOR_PROFILES=(real)
elif [ $? -ne 1 ]; then
    exit 1  # a config that cannot be used: the message is on stderr
fi

# Skip the rest of the target in real-server mode, saying why (for targets that only test
# what needs the emulator's control API: fault injection, rate limits, request counts).
skip_on_real_server() {
    if [ -n "$REAL_SERVER" ]; then
        echo "SKIPPED in real-server mode: $*"
        exit 0
    fi
}

stop_emulator() {
    if [ -n "$REAL_SERVER" ] && [ -s "$EMULATOR_INFO" ]; then
        python "$REAL_SERVER_PY" stop "$EMULATOR_INFO" || echo "WARNING: the scratch project in $EMULATOR_INFO was not deleted" >&2
    fi
    if [ -n "$EMULATOR_PID" ]; then
        kill "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
        EMULATOR_PID=""
    fi
    rm -f "$EMULATOR_INFO"
}

start_emulator() {
    stop_emulator
    if [ -n "$REAL_SERVER" ]; then
        start_real_server "$@"
        return
    fi
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

# Real-server mode of start_emulator: a scratch project on the configured server. Only
# --profile is accepted (and ignored: the server has the generation it has); other emulator
# options (--tls, rate limits) cannot apply, so a target must not ask for them there.
start_real_server() {
    while [ $# -gt 0 ]; do
        case "$1" in
            --profile) shift 2 ;;
            *) echo "start_emulator $1: needs the bundled emulator (real-server mode)" >&2; exit 1 ;;
        esac
    done
    trap 'stop_emulator; rm -rf "$EMULATOR_DIR"' EXIT
    python "$REAL_SERVER_PY" start "$INTEGRATION_CONFIG" "$EMULATOR_INFO" "$(basename "$PWD")"
    # For ansible.builtin.uri (SSL_CERT_FILE) and requests (REQUESTS_CA_BUNDLE) alike.
    local ca_file
    ca_file="$(python -c 'import json,sys; print(json.load(open(sys.argv[1]))["ca_file"] or "")' "$EMULATOR_INFO")"
    if [ -n "$ca_file" ]; then
        export SSL_CERT_FILE="$ca_file" REQUESTS_CA_BUNDLE="$ca_file"
    fi
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
