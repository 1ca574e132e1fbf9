#!/usr/bin/env python3
"""Holds the sources to their layers: each part includes only itself and
the parts below it, public headers by their `stretch/<part>/` path and a
part's private headers from its own folder, never through `../`.

Usage: check_layers.py SOURCE_DIR (the repository's root). Prints one line
per include that breaks a rule, naming the file, the line and the rule, and
exits 1 when there is any.
"""

import pathlib
import re
import sys

# Bottom to top. A part may include the parts before it in this list.
LAYERS = ["platform", "routine", "session", "sinks", "remind", "busy", "commands", "cli"]
ORDER = " < ".join(LAYERS) + " < main.cpp"

# Headers written into the build tree, and the part each belongs to.
GENERATED = {"version.hpp": "cli"}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def part_of(path: pathlib.Path, root: pathlib.Path) -> str:
    relative = path.relative_to(root).parts
    if relative[0] == "include":
        return relative[2]
    if len(relative) == 2:
        return "main"  # src/main.cpp, above every part
    return relative[1]


def rank(part: str) -> int:
    return len(LAYERS) if part == "main" else LAYERS.index(part)


def check(root: pathlib.Path) -> list[str]:
    problems = []
    sources = sorted(
        path
        for folder in ("src", "include")
        for path in (root / folder).rglob("*")
        if path.suffix in (".cpp", ".hpp")
    )
    for path in sources:
        part = part_of(path, root)
        shown = path.relative_to(root)
        if part != "main" and part not in LAYERS:
            problems.append(f"{shown}: {part}/ is no layer; give it a place in {ORDER}")
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            name = match.group(1)
            where = f"{shown}:{number}: #include \"{name}\""
            if ".." in pathlib.PurePosixPath(name).parts:
                problems.append(
                    f"{where}: no ../ includes; a header other parts need is public, "
                    f"under include/stretch/<part>/"
                )
                continue
            if name.startswith("stretch/"):
                included = name.split("/")[1]
                if included not in LAYERS:
                    problems.append(f"{where}: stretch/{included}/ is no layer ({ORDER})")
                    continue
                if not (root / "include" / name).is_file():
                    problems.append(f"{where}: no such public header")
                    continue
            elif (path.parent / name).is_file():
                continue  # the part's own private header
            elif name in GENERATED:
                included = GENERATED[name]
            else:
                problems.append(
                    f"{where}: a private header of another folder; include a public "
                    f"stretch/<part>/ header, or one beside this file"
                )
                continue
            if rank(included) > rank(part):
                problems.append(
                    f"{where}: {part} includes {included}, a part above it "
                    f"(parts include only downward: {ORDER})"
                )
    return problems


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    problems = check(pathlib.Path(sys.argv[1]))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
