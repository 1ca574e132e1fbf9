"""Checks data/routine.schema.json against the routines stretch accepts and
rejects: every built-in routine and good fixture must satisfy the schema,
and every bad fixture must fail it, except the few whose fault no JSON
Schema can express (listed below with the reason).

Usage: check_schema.py SCHEMA ROUTINES_DIR FIXTURES_DIR
"""
import json
import pathlib
import sys

import jsonschema

BEYOND_A_SCHEMA = {
    "duplicate-key.json": "a JSON parser keeps one of the two keys; stretch refuses both",
    "duplicate-ids.json": "uniqueness of a field across array items",
}


def load(path):
    """The parsed document, or None when it is not JSON at all."""
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None


def main():
    schema_path, routines, fixtures = map(pathlib.Path, sys.argv[1:4])
    schema = json.loads(schema_path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []
    checked = 0

    good = sorted(routines.glob("*.json")) + sorted((fixtures / "good").glob("*.json"))
    for path in good:
        checked += 1
        errors = list(validator.iter_errors(load(path)))
        for error in errors:
            failures.append(f"{path}: should be valid: {error.json_path}: {error.message}")

    for path in sorted((fixtures / "bad").glob("*.json")):
        if path.name in BEYOND_A_SCHEMA:
            continue
        checked += 1
        document = load(path)
        if document is not None and validator.is_valid(document):
            failures.append(f"{path}: should be invalid but satisfies the schema")

    for failure in failures:
        print(failure)
    print(f"{checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
