# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""from_dotenv / to_dotenv: parsing rules, quoting, round trips."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.secretops.infisical.plugins.filter.dotenv import FilterModule, from_dotenv, to_dotenv


@pytest.mark.parametrize("text, expected", [
    ("", {}),
    ("\n\n   \n", {}),
    ("# only a comment\n  # indented comment\n", {}),
    ("A=1", {"A": "1"}),
    ("A=1\r\nB=2\r\n", {"A": "1", "B": "2"}),
    ("export A=1\n", {"A": "1"}),
    ("  export   A = spaced value  \n", {"A": "spaced value"}),
    ("A=value # inline comment\n", {"A": "value"}),
    ("A=value\t# tab comment\n", {"A": "value"}),
    ("A=a#b\n", {"A": "a#b"}),
    ("A=#all comment\n", {"A": ""}),
    ("A=\nB=\n", {"A": "", "B": ""}),
    ("A=x=y=z\n", {"A": "x=y=z"}),
    ("A='single #not comment' # comment\n", {"A": "single #not comment"}),
    ("A='lit\\n $HOME \"q\"'\n", {"A": "lit\\n $HOME \"q\""}),
    ('A="esc\\n\\t\\"q\\" \\\\ \\x"\n', {"A": 'esc\n\t"q" \\ \\x'}),
    ('A="line one\nline two"\nB=after\n', {"A": "line one\nline two", "B": "after"}),
    ("A='multi\nline'\n", {"A": "multi\nline"}),
    ('A="# not a comment"\n', {"A": "# not a comment"}),
    ("A=1\nA=2\n", {"A": "2"}),
    ("db.host-name=x\n_U=1\n", {"db.host-name": "x", "_U": "1"}),
    ("A=${OTHER}\n", {"A": "${OTHER}"}),
    ('A=""\n', {"A": ""}),
])
def test_from_dotenv(text, expected):
    assert from_dotenv(text) == expected


@pytest.mark.parametrize("text, message", [
    ("JUSTAKEY\n", "line 1: expected KEY=VALUE"),
    ("A=1\n1BAD=2\n", "line 2: invalid key"),
    ("A='open\n", "line 1: single quote is not closed"),
    ('A=1\nB="open\nmore\n', "line 2: double quote is not closed"),
    ("A='x' trailing\n", "unexpected text after the closing quote"),
    ('A="a\nb" junk\n', "line 2: unexpected text"),
])
def test_from_dotenv_errors_name_the_line_not_the_value(text, message):
    with pytest.raises(AnsibleFilterError) as info:
        from_dotenv(text)
    assert message in str(info.value)
    assert "open" not in str(info.value) and "junk" not in str(info.value)


def test_from_dotenv_rejects_non_strings():
    with pytest.raises(AnsibleFilterError, match="expects a string"):
        from_dotenv(["A=1"])
    assert from_dotenv(None) == {}


@pytest.mark.parametrize("data, expected", [
    ({}, ""),
    ({"B": "2", "A": "1"}, "A=1\nB=2\n"),
    ({"A": ""}, "A=\n"),
    ({"A": None, "B": True, "C": 3, "D": 1.5}, "A=\nB=true\nC=3\nD=1.5\n"),
    ({"URL": "https://x.example/a?b=c"}, "URL='https://x.example/a?b=c'\n"),
    ({"P": "a/b:c,d@e%f+g=h.i-j_k"}, "P=a/b:c,d@e%f+g=h.i-j_k\n"),
    ({"A": "two words"}, "A='two words'\n"),
    ({"A": "has # hash"}, "A='has # hash'\n"),
    ({"A": "it's"}, "A=\"it's\"\n"),
    ({"A": "l1\nl2\n"}, 'A="l1\\nl2\\n"\n'),
    ({"A": 'q"\\'}, "A='q\"\\'\n"),
    ({"A": "it's \"q\" \\"}, 'A="it\'s \\"q\\" \\\\"\n'),
])
def test_to_dotenv(data, expected):
    assert to_dotenv(data) == expected


def test_to_dotenv_export():
    assert to_dotenv({"B": "x y", "A": "1"}, export=True) == "export A=1\nexport B='x y'\n"


@pytest.mark.parametrize("data, message", [
    ("A=1", "expects a dictionary"),
    ({"1A": "x"}, "invalid key '1A'"),
    ({"A B": "x"}, "invalid key"),
    ({"A": ["x"]}, "the value of 'A' must be"),
])
def test_to_dotenv_errors(data, message):
    with pytest.raises(AnsibleFilterError, match=message):
        to_dotenv(data)


ROUND_TRIP = {
    "PLAIN": "abc123",
    "EMPTY": "",
    "SPACES": "a b  c",
    "HASH": "x #y",
    "SINGLE": "it's",
    "DOUBLE": 'say "hi"',
    "BACKSLASH": "C:\\path\\n",
    "MULTI": "-----BEGIN KEY-----\nAAAA\nBBBB\n-----END KEY-----\n",
    "DOLLAR": "${NOT_EXPANDED} $x",
    "MIXED": "it's \"all\"\n\\n here",
    "UNICODE": "päss wörd ✓",
    "TABS": "a\tb",
}


@pytest.mark.parametrize("export", [False, True])
def test_round_trip(export):
    text = to_dotenv(ROUND_TRIP, export=export)
    assert from_dotenv(text) == ROUND_TRIP
    assert text.splitlines() == sorted(text.splitlines())
    assert len(text.splitlines()) == len(ROUND_TRIP)  # one line per key, even multiline values


def test_parse_then_render_is_stable():
    text = "# header\nexport B='x y' # c\nA=1\nC=\"m\\nl\"\n"
    once = to_dotenv(from_dotenv(text))
    assert to_dotenv(from_dotenv(once)) == once == "A=1\nB='x y'\nC=\"m\\nl\"\n"


def test_filter_module_registers_both():
    assert sorted(FilterModule().filters()) == ["from_dotenv", "to_dotenv"]
