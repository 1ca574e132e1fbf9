#!/usr/bin/env python3
"""The layer checker on a made-up tree: it passes one that keeps the rules,
and names the file, the line and the rule for each include that breaks one."""

import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import check_layers  # noqa: E402


def write(root: pathlib.Path, path: str, text: str) -> None:
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


def main() -> int:
    failures = []

    def expect(condition: bool, what: str) -> None:
        if not condition:
            failures.append(what)

    with tempfile.TemporaryDirectory() as scratch:
        root = pathlib.Path(scratch)
        write(root, "include/stretch/platform/time.hpp", "#pragma once\n")
        write(root, "include/stretch/session/clock.hpp", '#include "stretch/platform/time.hpp"\n')
        write(root, "src/session/private.hpp", "#pragma once\n")
        write(root, "src/session/clock.cpp",
              '#include "stretch/session/clock.hpp"\n#include "private.hpp"\n')
        write(root, "src/main.cpp", '#include "stretch/session/clock.hpp"\n')
        expect(check_layers.check(root) == [], "a tree that keeps the rules passes")

        write(root, "include/stretch/platform/config.hpp",
              '#pragma once\n#include "stretch/session/clock.hpp"\n')
        write(root, "src/platform/config.cpp", '#include "../session/private.hpp"\n')
        write(root, "src/sinks/view.cpp", '#include "private.hpp"\n')
        write(root, "src/gui/window.cpp", "\n")
        problems = check_layers.check(root)
        print("\n".join(problems))
        expect(len(problems) == 4, f"four problems, not {len(problems)}")
        expect(any(p.startswith("include/stretch/platform/config.hpp:2: ")
                   and "platform includes session, a part above it" in p for p in problems),
               "the upward include is named with its file, line and the two parts")
        expect(any(p.startswith("src/platform/config.cpp:1: ") and "no ../ includes" in p
                   for p in problems), "the ../ include is named")
        expect(any(p.startswith("src/sinks/view.cpp:1: ") and "private header of another" in p
                   for p in problems), "another folder's private header is named")
        expect(any(p.startswith("src/gui/window.cpp: gui/ is no layer") for p in problems),
               "a folder with no place among the layers is named")

    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
