#!/usr/bin/env python3
"""Runs the shell examples of the documents with cram (python3-cram) against
the built stretch, in a sandbox: a scratch HOME, a fixed zone and locale, no
bus, and the time of every stretch process run a hundred times faster by
libfaketime, so that a session that an example runs in real time takes
seconds, not minutes.

  run_examples.py STRETCH SOURCE_DIR WORK_DIR DOCUMENT...

A DOCUMENT (relative to SOURCE_DIR) is a Markdown file, a folder of them, or
a man page, whose EXAMPLES section is read as `man -l` renders it. The
examples are taken from the documents each time the test runs and written
to one cram file per document under WORK_DIR; CONTRIBUTING.md says how to
write them and how to mark one that cannot run here.
"""

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PRELUDE = Path(__file__).resolve().parent / "prelude.sh"
# The fake clock's start, and its rate for every process named stretch; a
# `during` example runs at the real rate, so that there is time to look.
FAKE_START = "@2026-11-24 10:28:00"
FAKE_FAST = FAKE_START + " x100"
KEYWORDS = {"skip", "background", "setup", "file", "during", "until", "shows"}
PLACEHOLDERS = {
    "<n>": r"[0-9]+(\.[0-9]+)?",
    "<time>": r"[0-9][-0-9T:+ ]*[0-9]",
    "<path>": r"\S+",
    "...": r".*",
}


class DocumentError(Exception):
    pass


@dataclass
class Directive:
    """What a `doc-test` comment says about the examples it applies to."""

    where: str
    kind: str = ""  # skip, background, setup, file, during
    prefixes: list = field(default_factory=list)
    until: str = ""
    shows: str = ""
    argument: str = ""  # setup's command, file's path, during's command
    reason: str = ""

    def applies_to(self, command):
        return not self.prefixes or any(command.startswith(p) for p in self.prefixes)


@dataclass
class Example:
    where: str
    kind: str  # sh (output not shown), console (output shown), script, tmux
    command: str
    output: list = field(default_factory=list)
    directives: list = field(default_factory=list)

    def directive(self, kind):
        return next((d for d in self.directives if d.kind == kind), None)


def parse_directive(text, where):
    # The reason is prose, apostrophes and all: only what comes before it is
    # split as the shell would.
    text, _, reason = text.partition(" because ")
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise DocumentError(f"{where}: doc-test: {error}") from None
    if not words or words[0] not in {"skip", "background", "setup", "file", "during"}:
        raise DocumentError(
            f"{where}: doc-test: expected skip, background, setup, file or during, got {text!r}"
        )
    directive = Directive(where, words[0], reason=reason.strip())
    i = 1
    if directive.kind in {"setup", "file", "during"}:
        if len(words) < 2:
            raise DocumentError(f"{where}: doc-test {directive.kind}: what?")
        directive.argument = words[1]
        i = 2
    while i < len(words) and words[i] not in KEYWORDS:
        directive.prefixes.append(words[i])
        i += 1
    while i < len(words):
        keyword = words[i]
        if keyword not in {"until", "shows"} or i + 1 >= len(words):
            raise DocumentError(f"{where}: doc-test: {keyword!r} out of place in {text!r}")
        setattr(directive, keyword, words[i + 1])
        i += 2
    if directive.kind == "skip" and not directive.reason:
        raise DocumentError(f"{where}: doc-test skip: say why, with `because`")
    if directive.kind in {"background", "during"} and not directive.until:
        raise DocumentError(f"{where}: doc-test {directive.kind}: `until` what is ready?")
    return directive


def shell_commands(lines, first_line, name):
    """The commands of a ```sh block: a line each, joined to the next while
    it ends with a backslash, a pipe or &&; comment lines are left out."""
    commands = []
    current, start = [], None
    for offset, line in enumerate(lines):
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if not current:
            start = first_line + offset
        current.append(line)
        stripped = line.rstrip()
        if not stripped.endswith(("\\", "|", "&&")):
            commands.append((f"{name}:{start}", "\n".join(current)))
            current = []
    if current:
        raise DocumentError(f"{name}:{start}: the command goes on past the end of its block")
    return commands


def console_examples(lines, first_line, name):
    """`$ command` lines (with `> ` continuations) and the output shown."""
    examples = []
    for offset, line in enumerate(lines):
        if line.startswith("$ "):
            examples.append(Example(f"{name}:{first_line + offset}", "console", line[2:]))
        elif line.startswith("> ") and examples and not examples[-1].output:
            examples[-1].command += "\n" + line[2:]
        elif examples:
            examples[-1].output.append(line)
        else:
            raise DocumentError(f"{name}:{first_line + offset}: output before any `$ ` command")
    return examples


def markdown_examples(path, name):
    examples = []
    pending = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        directive = re.fullmatch(r"\s*<!--\s*doc-test\s+(.*?)\s*-->\s*", line)
        if directive:
            pending.append(parse_directive(directive.group(1), f"{name}:{i + 1}"))
            i += 1
            continue
        fence = re.fullmatch(r"```(\w*)\s*", line)
        if not fence:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        body, first, language = lines[i + 1 : end], i + 2, fence.group(1)
        block = []
        if language == "sh" and body and body[0].startswith("#!"):
            block = [Example(f"{name}:{first}", "script", "\n".join(body))]
        elif language == "sh":
            commands = shell_commands(body, first, name)
            block = [Example(where, "sh", command) for where, command in commands]
        elif language == "console":
            block = console_examples(body, first, name)
        elif language == "tmux":
            block = [Example(f"{name}:{first}", "tmux", "\n".join(body))]
        elif pending:
            raise DocumentError(f"{pending[0].where}: doc-test before a block that is no example")
        for example in block:
            example.directives = [d for d in pending if d.applies_to(example.command)]
        examples += block
        pending = []
        i = end + 1
    if pending:
        raise DocumentError(f"{pending[0].where}: doc-test with no example after it")
    return examples


def man_examples(path, name, environment):
    """The man page's EXAMPLES as a user reads them: each line indented
    under a description is a command; `set -g` lines are tmux's. The
    directives are roff comments in the section, matched by prefix."""
    source = path.read_text(encoding="utf-8").splitlines()
    start = source.index(".SH EXAMPLES")
    directives = []
    for offset, line in enumerate(source[start:]):
        if offset and line.startswith(".SH"):
            break
        found = re.fullmatch(r'\.\\"\s*doc-test\s+(.*?)\s*', line)
        if found:
            directives.append(parse_directive(found.group(1), f"{name}:{start + offset + 1}"))
    rendered = subprocess.run(
        ["man", "-l", str(path)],
        env={**environment, "MANWIDTH": "1000", "MANPAGER": "cat", "PAGER": "cat"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    section = rendered[rendered.index("EXAMPLES") + 1 :]
    end = next((i for i, line in enumerate(section) if line and not line[0].isspace()), None)
    section = section[:end]
    text_indent = min(len(line) - len(line.lstrip()) for line in section if line.strip())
    examples = []
    for offset, line in enumerate(section):
        if line.strip() and len(line) - len(line.lstrip()) > text_indent:
            command = line.strip()
            kind = "tmux" if command.startswith("set -g ") else "sh"
            example = Example(f"{name} EXAMPLES:{offset + 1}", kind, command)
            example.directives = [d for d in directives if d.applies_to(command)]
            examples.append(example)
    for directive in directives:
        if directive.prefixes and not any(directive in e.directives for e in examples):
            raise DocumentError(f"{directive.where}: doc-test matches no example")
    return examples


def expected_line(line):
    """A line of shown output as cram compares it: literal, or a regular
    expression where it has placeholders."""
    pattern = "|".join(re.escape(p) for p in PLACEHOLDERS)
    pieces = re.split(f"({pattern})", line)
    if len(pieces) == 1:
        return "  " + line
    regex = "".join(PLACEHOLDERS.get(piece, re.escape(piece)) for piece in pieces)
    return f"  {regex} (re)"


def command_lines(command):
    lines = command.split("\n")
    return ["  $ " + lines[0]] + ["  > " + line for line in lines[1:]]


def background_lines(command, until):
    """Starts command in the background, after any that still runs, and
    waits until `until` succeeds."""
    return (
        ["  $ doc_stop_background"]
        + command_lines(
            "{ " + command + '\n} </dev/null >"$CRAMTMP/background.out" 2>&1 &'
            " doc_background_pid=$!"
        )
        + ["  $ doc_wait_until " + until]
    )


def cram_lines(example):
    """The cram text of one example that runs."""
    out = [f"{example.where}:"]
    for setup in (d for d in example.directives if d.kind == "setup"):
        out += command_lines("{ " + setup.argument + "\n} </dev/null >/dev/null")
    background = example.directive("background")
    file = example.directive("file")
    if example.kind == "script":
        if not file:
            raise DocumentError(f"{example.where}: a script needs `doc-test file PATH` or a skip")
        out += command_lines(
            f"mkdir -p \"$(dirname {file.argument})\" && cat > {file.argument} <<'DOC_TEST_EOF'\n"
            + example.command
            + f"\nDOC_TEST_EOF\nchmod +x {file.argument}"
        )
    elif background:
        out += background_lines(example.command, background.until)
    elif example.kind == "tmux":
        during = example.directive("during")
        if during:
            command = 'export FAKETIME="$DOC_TEST_REAL_TIME"; ' + during.argument
            out += background_lines(command, during.until)
        out += command_lines(
            "cat > \"$CRAMTMP/tmux.conf\" <<'DOC_TEST_EOF'\n" + example.command + "\nDOC_TEST_EOF"
        )
        if during and during.shows:
            out += ['  $ doc_tmux_status_right "$CRAMTMP/tmux.conf"', expected_line(during.shows)]
        else:
            out += ['  $ doc_tmux_status_right "$CRAMTMP/tmux.conf" >/dev/null']
        if during:
            out += ["  $ doc_stop_background"]
    elif example.kind == "console":
        out += command_lines("{ " + example.command + "\n} </dev/null")
        out += [expected_line(line) for line in example.output]
    else:
        out += command_lines("{ " + example.command + "\n} </dev/null >/dev/null")
    return out


def examples_of(source_dir, documents, environment):
    for document in documents:
        path = source_dir / document
        paths = sorted(path.glob("*.md")) if path.is_dir() else [path]
        for each in paths:
            name = str(each.relative_to(source_dir))
            if each.suffix == ".md":
                yield name, markdown_examples(each, name)
            else:
                yield name, man_examples(each, name, environment)


def sandbox(stretch, work):
    home = work / "home"
    shutil.rmtree(work, ignore_errors=True)
    (work / "bin").mkdir(parents=True)
    for folder in ("run", "tmux"):
        (home / folder).mkdir(parents=True, mode=0o700)
    (work / "bin" / "stretch").symlink_to(Path(stretch).resolve())
    faketime = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
    if not faketime:
        raise DocumentError("libfaketime is not installed (scripts/install-deps --test)")
    no_bus = f"unix:path={home}/no-bus"
    return {
        "HOME": str(home),
        "PATH": f"{work / 'bin'}:/usr/bin:/bin",
        "TZ": "UTC",
        "LC_ALL": "C.UTF-8",
        "TERM": "dumb",
        "XDG_RUNTIME_DIR": str(home / "run"),
        "TMUX_TMPDIR": str(home / "tmux"),
        "DBUS_SESSION_BUS_ADDRESS": no_bus,
        "DBUS_SYSTEM_BUS_ADDRESS": no_bus,
        "LD_PRELOAD": faketime[0],
        "FAKETIME_ONLY_CMDS": "stretch",
        "FAKETIME": FAKE_FAST,
        "DOC_TEST_REAL_TIME": FAKE_START,
        # A hook runs at the real rate while stretch times it on its fast
        # clock: its 10 s would be a tenth of a second on a loaded machine.
        "STRETCH_HOOK_TIMEOUT": "1h",
        "STRETCH_TEST_PATIENCE": os.environ.get("STRETCH_TEST_PATIENCE", "30"),
        "TMPDIR": str(work),
    }


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    stretch, source_dir, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    failed = False
    try:
        rendering = dict(os.environ, LC_ALL="C.UTF-8")
        for name, examples in examples_of(source_dir, sys.argv[4:], rendering):
            document_work = work / name.replace("/", "_")
            environment = sandbox(stretch, document_work)
            lines = [f"The shell examples of {name}, as a user runs them.", "", f"  $ . {PRELUDE}"]
            skipped = []
            for example in examples:
                skip = example.directive("skip")
                if skip:
                    skipped.append(f"{example.where}: {skip.reason}")
                    lines += ["", f"{example.where}: skipped, {skip.reason}"]
                else:
                    lines += [""] + cram_lines(example)
            lines += ["", "  $ doc_stop_background", ""]
            test = document_work / (name.replace("/", "_") + ".t")
            test.write_text("\n".join(lines), encoding="utf-8")
            ran = len(examples) - len(skipped)
            result = subprocess.run(
                ["cram3", "--preserve-env", "--shell=/bin/bash", str(test)],
                env=environment,
                cwd=environment["HOME"],
                check=False,
            )
            print(f"{name}: {ran} examples run, {len(skipped)} skipped")
            for line in skipped:
                print(f"  skipped {line}")
            failed = failed or result.returncode != 0
    except DocumentError as error:
        print(f"run_examples: {error}", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
