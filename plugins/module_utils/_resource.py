# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The read -> plan -> apply -> re-read engine every resource module uses.

Internal module: may change in any release.

Subclasses declare what they manage and fill in small hooks; the base owns
``state``, check mode and ``--diff``, so **hooks never see check mode** and a
check-mode run takes exactly the path of a real run minus the writes:

* ``setup()``: validate options, resolve ids (reads only);
* ``find()``: the normalized object, or ``None``;
* ``desired()``: the normalized wanted object; ``None`` values are unmanaged;
* ``check(before, want)``: preconditions of the write (a create needs a value, tags
  must exist, sizes fit): it runs **before** the mode splits, so check mode fails
  exactly where the real run fails;
* ``plan(before, want)``: ``{field: (old, new)}`` (default: :func:`changed_fields`);
* ``create(want)``, ``update(before, changes)``, ``delete(before)``: the writes;
  ``create`` raises :class:`AlreadyExistsError` when another run created the
  object meanwhile: the engine re-reads and converges like an upsert;
* ``present(obj)``: what is returned to the user (secret fields removed).
"""

from __future__ import annotations

from ansible_collections.secretops.infisical.plugins.module_utils._diff import Fingerprinter, build_diff, changed_fields
from ansible_collections.secretops.infisical.plugins.module_utils._errors import InfisicalError


class AlreadyExistsError(InfisicalError):
    """Raised by ``create()`` when the object appeared between the read and the write (a race)."""

    def __init__(self, error):
        self.error = error
        super().__init__(error.message)

    def result_fields(self):
        return self.error.result_fields()


class InfisicalResource:
    RESULT_KEY = None  # e.g. "secret"
    SECRET_FIELDS = ()  # fields shown as fingerprints in diffs

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = module.client
        self.fingerprinter = Fingerprinter()

    # -- hooks

    def setup(self):
        """Validate and resolve before the first read; raise OptionError on bad input."""

    def find(self):
        raise NotImplementedError

    def desired(self):
        raise NotImplementedError

    def check(self, before, want):
        """Refuse what the write would refuse; reads only (runs in check mode too)."""

    def plan(self, before, want):
        return changed_fields(before, want)

    def create(self, want):
        raise NotImplementedError

    def update(self, before, changes):
        raise NotImplementedError

    def delete(self, before):
        raise NotImplementedError

    def present(self, obj):
        return obj or {}

    # -- engine

    def ensure(self):
        """Converge on ``state``; return the module result."""
        self.setup()
        check_mode = self.module.check_mode
        before = self.find()

        if self.params.get("state") == "absent":
            if before is None:
                return self._result("none", None, None)
            if not check_mode:
                self.delete(before)
            return self._result("delete", before, None)

        want = self.desired()
        self.check(before, want)
        if before is None:
            predicted = {k: v for k, v in want.items() if v is not None}
            if check_mode:
                return self._result("create", None, predicted)
            try:
                self.create(want)
            except AlreadyExistsError as exc:
                # Another host created it since our read: converge on what is there now.
                before = self.find()
                if before is None:
                    raise exc.error from None
                return self._converge(before, want, check_mode)
            return self._result("create", None, self.find() or predicted)
        return self._converge(before, want, check_mode)

    def _converge(self, before, want, check_mode):
        changes = self.plan(before, want)
        if not changes:
            return self._result("none", before, before)
        if check_mode:
            predicted = dict(before)
            predicted.update({field: new for field, (_old, new) in changes.items()})
            return self._result("update", before, predicted)
        self.update(before, changes)
        # Trust the server, not the request: the re-read is what the next run compares.
        return self._result("update", before, self.find())

    def _result(self, operation, before, after):
        result = {
            "changed": operation != "none",
            "operation": operation,
            self.RESULT_KEY: self.present(after),
            "diff": build_diff(self._diffable(before), self._diffable(after), self.SECRET_FIELDS,
                               self.fingerprinter, reveal=bool(self.params.get("reveal_values"))),
        }
        return result

    def _diffable(self, obj):
        """The object as shown in ``--diff``: what ``present()`` shows plus the secret fields."""
        if not obj:
            return None
        shown = dict(self.present(obj))
        for field in self.SECRET_FIELDS:
            if obj.get(field) is not None:
                shown[field] = obj[field]
        return shown
