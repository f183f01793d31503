#!/usr/bin/env python3
"""Keep the plugin's Qt translation in step with its code: extract, merge, compile.

Every user-facing string goes through ``tr("...")`` (a module's own helper that calls
``QCoreApplication.translate("Context", text)``), ``self.tr("...")`` (context: the class)
or ``QCoreApplication.translate("Context", "...")``; algorithm titles and help texts
through ``self.tr(self.TITLE)`` and ``self.tr(self.HELP)``. This script finds them with
``ast`` (pylupdate5 does not know the helpers), writes ``resources/i18n/bouwstroom_nl.ts``
keeping the translations already there (new strings are marked unfinished), and
compiles it with ``lrelease`` (Debian: qttools5-dev-tools) to ``bouwstroom_nl.qm``.

    python3 scripts/translations.py          # update the .ts and compile the .qm
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "bouwstroom_qgis"
TS = ROOT / "resources" / "i18n" / "bouwstroom_nl.ts"
SKIP = ("core", "commands")  # the engine speaks to the command line, in English

Message = tuple[str, str]  # (context, source text)


def module_context(tree: ast.Module) -> str | None:
    """The context of a module's own ``def tr(text)``: its translate("Context", text)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "tr":
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and _is_translate(call) and _text(call.args[0]):
                    return _text(call.args[0])
    return None


def _is_translate(call: ast.Call) -> bool:
    return (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "translate"
        and len(call.args) == 2
    )


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def messages_of(path: Path) -> list[Message]:
    """The translatable strings of one module, in order of appearance."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = module_context(tree)
    constants = {
        t.id: _text(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name) and _text(node.value)
    }
    found: list[Message] = []
    for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
        attributes = {}
        for node in cls.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                value = _text(node.value)
                if value is None and isinstance(node.value, ast.Name):
                    value = constants.get(node.value.id)
                attributes[node.targets[0].id] = value
        for call in [n for n in ast.walk(cls) if isinstance(n, ast.Call)]:
            func = call.func
            if not call.args or not _text(call.args[0]):
                continue
            own = isinstance(func, ast.Attribute) and func.attr == "tr"
            own = own and isinstance(func.value, ast.Name) and func.value.id == "self"
            # ``tr = self.tr`` inside a method: a bare tr() in a module without its own helper
            alias = isinstance(func, ast.Name) and func.id == "tr" and module is None
            if own or alias:
                found.append((cls.name, _text(call.args[0])))
        if attributes.get("TITLE"):
            found += [(cls.name, attributes[k]) for k in ("TITLE", "HELP") if attributes.get(k)]
    for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
        if isinstance(call.func, ast.Name) and call.func.id == "tr" and call.args and module:
            if _text(call.args[0]):
                found.append((module, _text(call.args[0])))
        elif _is_translate(call) and _text(call.args[0]) and _text(call.args[1]):
            found.append((_text(call.args[0]), _text(call.args[1])))
    return found


def all_messages(package: Path = PACKAGE) -> list[Message]:
    """Every translatable string of the plugin, once, sorted by context and text."""
    found: set[Message] = set()
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] in SKIP:
            continue
        found.update(messages_of(path))
    return sorted(found)


def read_ts(path: Path = TS) -> dict[Message, str]:
    """The finished translations of a .ts file."""
    if not path.is_file():
        return {}
    done = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if (
                translation is not None
                and translation.text
                and translation.get("type") != "unfinished"
            ):
                done[(name, message.findtext("source"))] = translation.text
    return done


def write_ts(messages: list[Message], translations: dict[Message, str], path: Path = TS) -> int:
    """Write the .ts; returns how many strings still need a translation."""
    root = ET.Element("TS", version="2.1", language="nl_NL", sourcelanguage="en")
    contexts: dict[str, ET.Element] = {}
    missing = 0
    for context, source in messages:
        if context not in contexts:
            contexts[context] = ET.SubElement(root, "context")
            ET.SubElement(contexts[context], "name").text = context
        message = ET.SubElement(contexts[context], "message")
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        if (context, source) in translations:
            translation.text = translations[(context, source)]
        else:
            translation.set("type", "unfinished")
            missing += 1
    ET.indent(root)
    text = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(
        root, encoding="unicode"
    )
    path.write_text(text + "\n", encoding="utf-8")
    return missing


def compile_qm(path: Path = TS) -> None:
    lrelease = shutil.which("lrelease") or shutil.which("lrelease-qt5")
    if lrelease is None:
        sys.exit("lrelease not found: 'sudo apt-get install qttools5-dev-tools'")
    subprocess.run(
        [lrelease, "-silent", str(path), "-qm", str(path.with_suffix(".qm"))], check=True
    )


def main() -> int:
    missing = write_ts(all_messages(), read_ts())
    compile_qm()
    print(f"{TS.relative_to(ROOT)}: {missing} strings without a Dutch translation")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
