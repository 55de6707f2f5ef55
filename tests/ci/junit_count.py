# SPDX-License-Identifier: GPL-3.0-or-later
"""Count the test cases of JUnit XML files (used by tests/ci/run-tests.sh).

usage: python junit_count.py [--list-failed] FILE...

Prints ``PASSED FAILED``. A ``<testcase>`` with a ``<failure>`` or ``<error>``
child is failed, one with ``<skipped>`` counts as neither, any other is passed.
A file that cannot be parsed counts as one failure. With ``--list-failed``, the
failed test cases are printed instead, one a line, with the first line of
their message.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

FAILED_TAGS = ('failure', 'error')


def failure_line(case: ET.Element) -> str:
    """Return ``classname::name: message`` for a failed test case."""
    name = '::'.join(part for part in (case.get('classname'), case.get('name')) if part)
    for child in case:
        if child.tag in FAILED_TAGS:
            message = (child.get('message') or child.text or '').strip().splitlines()
            return '%s: %s' % (name, message[0] if message else child.tag)
    return name


def main(argv: list[str]) -> int:
    """Count or list the test cases of the given files."""
    list_failed = bool(argv) and argv[0] == '--list-failed'
    paths = argv[1:] if list_failed else argv
    passed = failed = 0

    for path in paths:
        try:
            cases = list(ET.parse(path).iter('testcase'))
        except (OSError, ET.ParseError) as ex:
            failed += 1
            if list_failed:
                print('%s: cannot read JUnit XML: %s' % (path, ex))
            continue

        for case in cases:
            tags = set(child.tag for child in case)
            if tags.intersection(FAILED_TAGS):
                failed += 1
                if list_failed:
                    print(failure_line(case))
            elif 'skipped' not in tags:
                passed += 1

    if not list_failed:
        print('%d %d' % (passed, failed))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
