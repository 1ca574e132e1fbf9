"""Fails unless ctest runs every test case that each Catch binary lists, once.

catch_discover_tests turns each test case into a ctest entry by name, and
CMake splits a name at ';' into two entries that match nothing: Catch then
runs no test case and, without --warn NoTests, reports success. This check
compares the names both ways, so no test case can hide.

    check_test_list.py BUILD_DIR PREFIX=BINARY...
"""

import collections
import json
import subprocess
import sys


def catch_names(binary):
    listed = subprocess.run([binary, "--list-test-names-only"], capture_output=True, text=True,
                            check=False)
    if listed.returncode < 0:
        sys.exit(f"{binary} --list-test-names-only died by signal {-listed.returncode}")
    return [line for line in listed.stdout.split("\n") if line]


def ctest_entries(build_dir):
    shown = subprocess.run(["ctest", "--test-dir", build_dir, "--show-only=json-v1"],
                           capture_output=True, text=True, check=True)
    return [test["name"] for test in json.loads(shown.stdout)["tests"]]


def main():
    build_dir, suites = sys.argv[1], sys.argv[2:]
    entries = ctest_entries(build_dir)
    failed = False
    for suite in suites:
        prefix, binary = suite.split("=", 1)
        listed = collections.Counter(catch_names(binary))
        run = collections.Counter(name[len(prefix):] for name in entries if name.startswith(prefix))
        print(f"{prefix!r}: Catch lists {sum(listed.values())} test cases, "
              f"ctest runs {sum(run.values())} entries")
        for name in sorted((listed - run).elements()):
            print(f"  listed by Catch but not run by ctest: {name!r}")
            failed = True
        for name in sorted((run - listed).elements()):
            print(f"  a ctest entry that is no test case: {prefix}{name!r}")
            failed = True
        if not listed:
            print(f"  {binary} lists no test cases")
            failed = True
    if failed:
        print("Rename each test case above; a ';' in a name is what CMake splits at.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
