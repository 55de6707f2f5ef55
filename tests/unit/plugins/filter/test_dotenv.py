# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""from_dotenv / to_dotenv: parsing rules, quoting, round trips."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
import yaml

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
    if not export:  # export quotes for sh: line breaks stay raw inside '...'
        assert text.splitlines() == sorted(text.splitlines())
        assert len(text.splitlines()) == len(ROUND_TRIP)  # one line per key, even multiline values


def test_parse_then_render_is_stable():
    text = "# header\nexport B='x y' # c\nA=1\nC=\"m\\nl\"\n"
    once = to_dotenv(from_dotenv(text))
    assert to_dotenv(from_dotenv(once)) == once == "A=1\nB='x y'\nC=\"m\\nl\"\n"


def test_filter_module_registers_both():
    assert sorted(FilterModule().filters()) == ["from_dotenv", "to_dotenv"]


CANARY = "Zq7canaryVALUE"
# Every value would run `touch marker` or expand something if a consumer interpreted it.
HOSTILE = {
    "SQ": "it's",
    "DQ": 'say "hi"',
    "BOTH": "it's \"both\"",
    "SUBST": "$(touch marker)",
    "SUBST_Q": "it's $(touch marker)",
    "BACKTICK": "`touch marker`",
    "BACKTICK_Q": "'`touch marker`'",
    "VAR": "$HOME",
    "VAR_BRACE": "${HOME}",
    "VAR_Q": "it's $HOME ${HOME}",
    "BACKSLASH": "a\\b\\",
    "BACKSLASH_N": "a\\nb",
    "NEWLINE": "line1\nline2\n",
    "NEWLINE_Q": "it's\n$(touch marker)\n",
    "CR": "a\rb",
    "CRLF": "a\r\nb",
    "HASH": "a #b",
    "HASH_START": "#x",
    "EQ": "=a=b=",
    "SPACES": "  lead and trail  ",
    "SEMI": "x; touch marker",
    "UNICODE": "p\u00e4ss w\u00f6rd \u2713",
    "EMOJI": "\U0001f511\U0001f600",
    "EMPTY": "",
    "PEM": "-----BEGIN PRIVATE KEY-----\nMIIB' $(touch marker)\nQUJD\n-----END PRIVATE KEY-----\n",
    "TAB": "a\tb",
    "CANARY": CANARY,
}


@pytest.mark.parametrize("export", [False, True])
def test_hostile_from_dotenv_round_trip(export):
    assert from_dotenv(to_dotenv(HOSTILE, export=export)) == HOSTILE


@pytest.mark.parametrize("shell", ["sh", "bash"])
@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_hostile_export_round_trips_through_the_shell(tmp_path, shell, key):
    if not shutil.which(shell):
        pytest.skip("%s is not installed" % shell)
    (tmp_path / "file.env").write_bytes(to_dotenv(HOSTILE, export=True).encode("utf-8"))
    out = subprocess.run([shell, "-c", '. ./file.env; printf %%s "$%s"' % key], cwd=str(tmp_path),
                         capture_output=True, check=True, env={"HOME": "/home-should-not-expand", "PATH": os.environ["PATH"]})
    assert out.stdout == HOSTILE[key].encode("utf-8")
    assert out.stderr == b""
    assert not (tmp_path / "marker").exists()


def _docker_env_file(text):
    """Parse like docker's opts.ParseEnvFile: left-trimmed lines, '#' comments, the rest after '=' literally."""
    result = {}
    for line in text.split("\n"):
        line = line.lstrip()
        if line and not line.startswith("#"):
            name, _sep, value = line.partition("=")
            result[name] = value
    return result


def test_docker_flavor_is_literal():
    values = {k: v for k, v in HOSTILE.items() if "\n" not in v and "\r" not in v}
    text = to_dotenv(values, flavor="docker")
    assert _docker_env_file(text) == values


def test_docker_flavor_refuses_line_breaks_naming_the_key():
    with pytest.raises(AnsibleFilterError) as info:
        to_dotenv({"PEM": "a\n" + CANARY}, flavor="docker")
    assert "'PEM'" in str(info.value) and CANARY not in str(info.value)


def test_hostile_json_and_yaml(tmp_path):
    from ansible.plugins.filter.core import to_nice_json, to_nice_yaml
    assert json.loads(to_nice_json(HOSTILE, sort_keys=True)) == HOSTILE
    assert yaml.safe_load(to_nice_yaml(HOSTILE, sort_keys=True)) == HOSTILE


@pytest.mark.parametrize("text", [
    "%s\n" % CANARY,
    "A='x\n%s' y\n" % CANARY,
    "A=\"x\n%s=1\" junk %s\n" % (CANARY, CANARY),
    "A='open\n%s=x\n" % CANARY,
    "A=\"open %s\n" % CANARY,
    "%s-bad key=1\n" % CANARY,
    "1%s=1\n" % CANARY,
    "-----BEGIN KEY-----\n%s\n" % CANARY,
    "A='%s' %s\n" % (CANARY, CANARY),
    "A=1\n%s\ud800=1\n" % CANARY,
])
def test_from_dotenv_errors_never_contain_the_input(text):
    with pytest.raises(AnsibleFilterError) as info:
        from_dotenv(text)
    message = str(info.value)
    assert CANARY not in message and "\n" not in message
    assert message.startswith("from_dotenv: ")


@pytest.mark.parametrize("data, kwargs, message", [
    ("A=1", {}, "expects a dictionary"),
    (["A"], {}, "expects a dictionary"),
    (None, {}, "expects a dictionary"),
    (42, {}, "expects a dictionary"),
    ({1: "x"}, {}, "keys must be strings"),
    ({("A",): "x"}, {}, "keys must be strings"),
    ({"1A": "x"}, {}, "invalid key '1A'"),
    ({"A B": "x"}, {}, "invalid key 'A B'"),
    ({"": "x"}, {}, "invalid key"),
    ({"A\n" + CANARY: "x"}, {}, "invalid key \\("),
    ({"A": ["x"]}, {}, "the value of 'A' must be a string, number or boolean, got list"),
    ({"A": {"k": CANARY}}, {}, "the value of 'A' must be a string, number or boolean, got dict"),
    ({"A": b"bytes"}, {}, "got bytes"),
    ({"A": CANARY + "\udcff"}, {}, "the value of 'A' is not valid UTF-8"),
    ({"A": CANARY + "\ud800"}, {"export": True}, "the value of 'A' is not valid UTF-8"),
    ({"db.host": "x"}, {"export": True}, "key 'db.host' is not a shell variable name"),
    ({"A": "x"}, {"flavor": "compose"}, "flavor must be"),
    ({"A": "x"}, {"flavor": "docker", "export": True}, "cannot be combined"),
    ({"A": CANARY + "\r"}, {"flavor": "docker"}, "the value of 'A' contains a line break"),
])
def test_to_dotenv_bad_input(data, kwargs, message):
    with pytest.raises(AnsibleFilterError, match=message) as info:
        to_dotenv(data, **kwargs)
    text = str(info.value)
    assert CANARY not in text and "\n" not in text and text.startswith("to_dotenv: ")
