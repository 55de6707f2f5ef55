# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Imports inside ``plugins/module_utils`` point down the stack only.

The layers are read from ``docs/development.md`` (the block after the ``layers:``
comment), so the document and this test cannot disagree: a file imports only
files of lower layers; a sideways or upward import, a cycle, or a file missing
from the list fails here.
"""

from __future__ import annotations

import ast
import os

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
MODULE_UTILS = os.path.join(ROOT, "plugins", "module_utils")
DOC = os.path.join(ROOT, "docs", "development.md")
PACKAGE = "ansible_collections.secretops.infisical.plugins.module_utils"


def read_layers(text):
    """``{file stem: layer number}`` (0 = bottom) from the ``layers:`` block of the document."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("<!-- layers:"))
    fence = start + 1
    if not lines[fence].startswith("```"):
        raise AssertionError("the layers comment must be followed by a fenced block")
    end = next(i for i in range(fence + 1, len(lines)) if lines[i].startswith("```"))
    rows = [[word for word in line.split() if word.startswith("_")] for line in lines[fence + 1:end]]
    rows = [row for row in rows if row]
    layers = {}
    for depth, row in enumerate(reversed(rows)):
        for name in row:
            if name in layers:
                raise AssertionError("%s is listed twice in the layers" % name)
            layers[name] = depth
    return layers


def imports_of(source):
    """Names of the module_utils files a Python source imports (anywhere in it, functions included)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == PACKAGE:
                found.update(alias.name for alias in node.names)
            elif node.module.startswith(PACKAGE + "."):
                found.add(node.module[len(PACKAGE) + 1:].split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE + "."):
                    found.add(alias.name[len(PACKAGE) + 1:].split(".")[0])
    return found


def graph_of(directory):
    graph = {}
    for entry in sorted(os.listdir(directory)):
        if entry.endswith(".py") and entry != "__init__.py":
            with open(os.path.join(directory, entry), encoding="utf-8") as handle:
                graph[entry[:-3]] = imports_of(handle.read())
    return graph


def find_cycle(graph):
    """One import cycle as a list of names (first name repeated at the end), or ``None``."""
    state = {}

    def visit(name, trail):
        state[name] = "open"
        for target in sorted(graph.get(name, ())):
            if state.get(target) == "open":
                return trail[trail.index(target):] + [target]
            if target not in state:
                cycle = visit(target, trail + [target])
                if cycle:
                    return cycle
        state[name] = "done"
        return None

    for name in sorted(graph):
        if name not in state:
            cycle = visit(name, [name])
            if cycle:
                return cycle
    return None


def violations(graph, layers):
    """Human-readable problems: unlisted files, imports that do not point down, cycles."""
    problems = ["%s.py is not in the layer list of docs/development.md" % name for name in sorted(graph) if name not in layers]
    for name in sorted(graph):
        for target in sorted(graph[name]):
            if name in layers and target in layers and layers[target] >= layers[name]:
                kind = "sideways" if layers[target] == layers[name] else "upward"
                problems.append("%s imports %s (%s: imports must point down the stack)" % (name, target, kind))
    cycle = find_cycle(graph)
    if cycle:
        problems.append("import cycle: %s" % " -> ".join(cycle))
    return problems


def test_module_utils_imports_point_down_the_documented_stack():
    with open(DOC, encoding="utf-8") as handle:
        layers = read_layers(handle.read())
    graph = graph_of(MODULE_UTILS)
    assert violations(graph, layers) == []
    assert sorted(set(layers) - set(graph)) == [], "the layer list names files that do not exist"


LAYERS = {"_errors": 0, "_client": 1, "_a": 2, "_b": 2, "_c": 3}


@pytest.mark.parametrize("graph, problem", [
    ({"_c": {"_a"}, "_a": {"_client"}, "_client": {"_errors"}}, None),
    ({"_client": {"_a"}}, "_client imports _a (upward: imports must point down the stack)"),
    ({"_a": {"_b"}}, "_a imports _b (sideways: imports must point down the stack)"),
    ({"_a": {"_b"}, "_b": {"_a"}}, "import cycle: _a -> _b -> _a"),
    ({"_new": set()}, "_new.py is not in the layer list of docs/development.md"),
])
def test_the_checker_finds_each_kind_of_violation(graph, problem):
    found = violations(graph, LAYERS)
    assert found == [] if problem is None else problem in found


def test_imports_are_found_in_every_form():
    source = ("from %s import _x, _y\nfrom %s._z import thing\nimport %s._w\n"
              "def late():\n    from %s._v import other\n" % (PACKAGE, PACKAGE, PACKAGE, PACKAGE))
    assert imports_of(source) == {"_x", "_y", "_z", "_w", "_v"}


def test_layers_are_read_bottom_up_from_the_block():
    text = "intro\n<!-- layers: x -->\n```text\n_top   uses both\n_mid _side   two peers\n_base\n```\n"
    assert read_layers(text) == {"_base": 0, "_mid": 1, "_side": 1, "_top": 2}
