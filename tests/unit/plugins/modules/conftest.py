# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``run_module``, and the check-mode parity check every real module run of the unit tests goes through.

Parity (issue 12): the same inputs in check mode and in a real run give the same
``changed``, the same operation and plan, and fail together with the same message.
Every ``run_module(..., check_mode=False)`` first runs the same module in check mode
on a copy of the fake server (or on the emulator itself: check mode must not write)
and compares the two results with :func:`assert_parity`.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as ansible_warnings
from ansible.module_utils.common.text.converters import to_bytes

try:  # ansible-core 2.19 and later
    from ansible.module_utils import _internal as ansible_internal
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core 2.16 to 2.18: modules read their arguments from basic._ANSIBLE_ARGS
    ansible_internal = None

    @contextlib.contextmanager
    def patch_module_args(args):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

from ansible_collections.secretops.infisical.plugins.module_utils import _client
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_projects import RecordingSession

# What a real run learns only from the server's answer to its writes: a new object's
# id, version and timestamps, a Universal Auth client id, the client secret itself.
SERVER_ASSIGNED = ("id", "version", "created_at", "updated_at", "client_id", "client_secret_prefix", "num_uses")
# Results that compare as plans (bulk module) rather than as one object.
PLAN_KEYS = ("changed", "operation", "created", "updated", "deleted", "unchanged", "counts", "batches", "revoked")
WRITES = ("POST", "PATCH", "PUT", "DELETE")
_MARKER = re.compile(r"<secret #[0-9a-f]+>")
_REQ_ID = re.compile(r"(reqId |request id )[A-Za-z0-9_-]+")


def shadow_session(session):
    """A session for the check-mode twin of a real run, or ``None`` when the fake cannot be copied safely.

    Emulator sessions are replaced by a fresh recording session on the same server
    (check mode reads only, which the twin asserts). Fakes are deep-copied, except
    those whose behaviour lives in closures (a patched ``request``, callable answers),
    which could act on the original's state.
    """
    if isinstance(session, RecordingSession):
        return RecordingSession()
    if "request" in vars(session):
        return None
    queues = getattr(session, "queues", {})
    if any(callable(item) for queue in queues.values() for item in queue):
        return None
    return copy.deepcopy(session)


def _masked_ids(text):
    # Each answer carries its own request id; the rest of the message must be equal.
    return _REQ_ID.sub(r"\1<id>", text or "")


def _comparable(obj):
    """An object or diff side without what only the server assigns; lists as sets (a diff sorts them by text)."""
    if isinstance(obj, dict):
        return {k: _comparable(v) for k, v in obj.items() if k not in SERVER_ASSIGNED}
    if isinstance(obj, list):
        return sorted((_comparable(v) for v in obj), key=lambda v: json.dumps(v, sort_keys=True))
    return obj


def _numbered_markers(diff):
    """The diff with each value marker replaced by its order of appearance.

    Markers are keyed per run, so two runs never share them; what must agree is
    which values are equal (before and after, one secret and another).
    """
    text = json.dumps(diff, sort_keys=True)
    order = {}
    for marker in _MARKER.findall(text):
        order.setdefault(marker, "<secret %d>" % (len(order) + 1))
    return json.loads(_MARKER.sub(lambda m: order[m.group(0)], text))


def _predicted_subset(predicted, actual):
    """``actual`` restricted to what check mode predicted (check mode may know less, never something else)."""
    if isinstance(predicted, dict) and isinstance(actual, dict):
        return {k: _predicted_subset(v, actual.get(k)) for k, v in predicted.items() if k in actual}
    return actual


def assert_parity(planned, applied):
    """The check-mode result ``planned`` and the real result ``applied`` of the same inputs agree."""
    assert bool(planned.get("failed")) == bool(applied.get("failed")), (
        "check mode and the real run disagree on failing: check mode %s, real run %s"
        % (planned.get("msg") or "succeeded (changed=%s)" % planned.get("changed"), applied.get("msg") or "succeeded"))
    if applied.get("failed"):
        assert _masked_ids(planned["msg"]) == _masked_ids(applied["msg"])
        return
    for key in PLAN_KEYS:
        assert planned.get(key) == applied.get(key), "%s differs: check mode %r, real run %r" % (key, planned.get(key), applied.get(key))
    if "diff" in applied:
        planned_diff, applied_diff = _numbered_markers(planned["diff"]), _numbered_markers(applied["diff"])
        before, after = (_comparable(applied_diff.get(side)) for side in ("before", "after"))
        assert _comparable(planned_diff.get("before")) == before
        predicted = _comparable(planned_diff.get("after"))
        assert predicted == _predicted_subset(predicted, after), "the predicted diff differs from the applied one"


@pytest.fixture(name="run_module")
def run_module_fixture(capsys, monkeypatch):
    """Run a module's ``main()`` against a fake session; return its parsed JSON result (see :func:`module_runner`)."""
    return module_runner(capsys, monkeypatch)


def module_runner(capsys, monkeypatch):
    """A ``run_module`` function: run a module's ``main()`` against a fake session; return its parsed JSON result.

    A real run (``check_mode=False``) is preceded by its check-mode twin, and both
    must agree (:func:`assert_parity`); ``parity=False`` skips that for a test that
    counts the requests of one run on a shared server.
    """

    def once(module, args, session, check_mode, diff):
        monkeypatch.setattr(_client.requests, "Session", lambda: session)
        # Once controller code is imported in the test process (lookup tests, pytest-ansible),
        # core routes module warnings to the display instead of the result: keep module behaviour.
        if ansible_internal is not None:
            monkeypatch.setattr(ansible_internal, "is_controller", False, raising=False)
        _client._GENERATION_BY_URL.clear()
        # Core keeps warnings in process-wide stores (a module normally exits after one
        # run); without clearing, a warning seen by an earlier test would be missing here.
        for store in ("_global_warnings", "_global_deprecations"):
            if hasattr(getattr(ansible_warnings, store, None), "clear"):
                getattr(ansible_warnings, store).clear()
        # No syslog: where the test process has one (ansible-test's controller units), core logs the
        # invocation there first and fails on a NUL in an argument before the module sees it.
        monkeypatch.setattr(basic.AnsibleModule, "log", lambda self, msg, log_args=None: None)
        run_args = dict(copy.deepcopy(args), _ansible_check_mode=check_mode, _ansible_diff=diff)
        with patch_module_args(run_args):
            with pytest.raises(SystemExit):
                module.main()
        out = capsys.readouterr().out
        result = json.loads(out)
        result["_raw_output"] = out
        return result

    def run(module, args, session, check_mode=False, diff=False, parity=True):
        planned = None
        if not check_mode and parity:
            shadow = shadow_session(session)
            if shadow is not None:
                planned = once(module, args, shadow, True, diff)
                if isinstance(shadow, RecordingSession):
                    assert shadow.writes() == [], "check mode wrote to the server"
        result = once(module, args, session, check_mode, diff)
        if planned is not None:
            # A write the server refused (an injected fault, a race) is nothing check mode can foresee.
            if not (result.get("failed") and result.get("method") in WRITES):
                assert_parity(planned, result)
        return result

    return run
