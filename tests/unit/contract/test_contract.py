# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Contract test: every recorded exchange of a real server, replayed on the emulator."""
from __future__ import annotations

import pytest

from .replay import FILES, KNOWN_DIFFERENCES, PROFILES, Replayer

CASES = [(server, name) for server in sorted(PROFILES) for name in FILES]


def table(server, name, rows):
    bad = [row for row in rows if row[4] and (name, row[0]) not in KNOWN_DIFFERENCES]
    lines = ["%s/%s: exchanges %d, matched %d, mismatched %d" % (server, name, len(rows), len(rows) - len(bad), len(bad))]
    lines += ["  seq %s [%s] %s %s: %s" % (row[0], row[1], row[2], row[3], "; ".join(row[4])[:300]) for row in bad]
    return bad, "\n".join(lines)


# Issue 11 is not finished: the emulator does not yet follow every recording. Until it does, this
# is a ratchet, not a pass mark: the number of mismatched exchanges per file may only go down.
# Lower a number when an emulator fix lands; the goal is 0 everywhere (then drop the table).
MISMATCH_CEILING = {
    ("infisical-2024-10", "api.jsonl"): 0,
    ("infisical-2024-10", "collection.jsonl"): 0,
    ("infisical-2026-07", "api.jsonl"): 1,
    ("infisical-2026-07", "collection.jsonl"): 0,
}


@pytest.mark.parametrize("server,name", CASES, ids=["%s/%s" % case for case in CASES])
def test_recording_replays_on_emulator(server, name):
    rows = Replayer(server, name).run()
    bad, text = table(server, name, rows)
    print(text)
    ceiling = MISMATCH_CEILING.get((server, name), 0)
    assert len(bad) <= ceiling, "%d mismatches, more than the ceiling of %d:\n%s" % (len(bad), ceiling, text)


def test_changed_message_is_reported(monkeypatch):
    """The comparison can fail: change one emulator message and the replay reports it."""
    from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator import app as app_module

    before = sum(1 for row in Replayer("infisical-2026-07", "api.jsonl").run() if row[4])
    monkeypatch.setattr(app_module.Application, "not_found_route",
                        lambda self, method, raw_url: self.error_response(app_module.ApiError(404, "changed", "Not Found")))
    after = sum(1 for row in Replayer("infisical-2026-07", "api.jsonl").run() if row[4])
    assert after > before


def test_changed_secret_value_is_reported(monkeypatch):
    """Secret answers are compared by value: stop trimming values and the replay reports it."""
    from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator import secret_ops

    def mismatched():
        return [row for row in Replayer("infisical-2026-07", "api.jsonl").run() if row[4]]

    before = len(mismatched())
    monkeypatch.setattr(secret_ops, "normalize_value", lambda value: value)
    after = mismatched()
    assert len(after) > before
    assert any("secretValue differs" in problem for row in after for problem in row[4])
