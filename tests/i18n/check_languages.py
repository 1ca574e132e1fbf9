"""stretch in German and Spanish, end to end: a real binary under
LANG=de_DE.UTF-8 and es_ES.UTF-8, its output checked against what Python's
own gettext reads from the compiled catalogs and against the routines'
translations.

Usage: check_languages.py STRETCH_BINARY ROUTINES_DIR
"""
import gettext
import json
import os
import pathlib
import subprocess
import sys
import tempfile

LOCALES = {"de": "de_DE.UTF-8", "es": "es_ES.UTF-8"}


def main():
    stretch, routines = sys.argv[1], pathlib.Path(sys.argv[2])
    catalogs = pathlib.Path(stretch).parent / "locale"
    lower_back = json.loads((routines / "lower-back.json").read_text())
    with tempfile.TemporaryDirectory(prefix="stretch-languages-") as home:
        for language, locale in LOCALES.items():
            check(stretch, home, language, locale, catalogs, routines)
        check_fallbacks(stretch, home, lower_back)
    print("list, show, start, an error and a plural in German and Spanish")


def run(stretch, home, env, *args):
    full = {"HOME": home, "PATH": os.environ["PATH"], "TZ": "UTC", **env}
    return subprocess.run([stretch, *args], env=full, capture_output=True, text=True, timeout=30)


def check(stretch, home, language, locale, catalogs, routines):
    lower_back = json.loads((routines / "lower-back.json").read_text())
    messages = gettext.translation("stretch", localedir=catalogs, languages=[language])
    tr, trn = messages.gettext, messages.ngettext
    env = {"LANG": locale}
    texts = lower_back["translations"][language]
    stretch_texts = lower_back["stretches"][0]["translations"][language]

    listed = run(stretch, home, env, "list")
    assert listed.returncode == 0, listed
    header = listed.stdout.splitlines()[0]
    assert tr("TITLE") != "TITLE" and tr("TITLE") in header, (language, header)
    assert texts["title"] in listed.stdout, (language, listed.stdout)

    # Help in the language, its placeholders too; TIME, a time of day here,
    # is a length of time in `list`, and each has its own translation.
    helped = run(stretch, home, env, "remind", "--help")
    assert helped.returncode == 0, helped
    usage = helped.stdout.splitlines()[0]
    assert tr("OPTIONS") != "OPTIONS" and f"[{tr('OPTIONS')}]" in usage, usage
    time_of_day = messages.pgettext("placeholder", "TIME")
    assert time_of_day not in ("TIME", tr("TIME")), time_of_day
    assert f"--pause-until {time_of_day} " in helped.stdout, helped.stdout
    assert f"--every {tr('DURATION')} " in helped.stdout, helped.stdout

    shown = run(stretch, home, env, "show", "lower-back")
    assert shown.returncode == 0, shown
    assert texts["title"] in shown.stdout and stretch_texts["title"] in shown.stdout, shown.stdout
    assert texts["safety"].split()[0] in shown.stdout, shown.stdout

    text = run(stretch, home, env, "start", "lower-back", "--dry-run", "--format", "text")
    assert f"cue 3s {stretch_texts['cues'][0]}\n" in text.stdout, text.stdout
    assert f"instruction 1 {stretch_texts['instructions'][0]}\n" in text.stdout, text.stdout
    # The line format's words stay as they are, for scripts.
    assert "\n00:15 phase flow 30s 1/2 forearm-cat-cow\n" in text.stdout, text.stdout

    lines = run(stretch, home, env, "start", "lower-back", "--dry-run", "--format", "json")
    events = [json.loads(line) for line in lines.stdout.splitlines()]
    cue = next(event for event in events if event["event"] == "cue")
    assert cue["text"] == stretch_texts["cues"][0] and cue["lang"] == language, cue
    assert events[0]["event"] == "start" and events[0]["routine"] == "lower-back", events[0]

    # A session built to fit: its title is stretch's own message, its
    # notice gathered from translated routines.
    fitted = run(stretch, home, env, "start", "--minutes", "5", "--dry-run", "--format", "json")
    assert fitted.returncode == 0, fitted
    start, notice = (json.loads(line) for line in fitted.stdout.splitlines()[:2])
    title = tr("{0}: {1}").split("{1}")[0].format(trn("{} minute", "{} minutes", 5).format(5))
    assert start["title"].startswith(title) and start["lang"] == language, (start, title)
    assert notice["event"] == "notice" and notice["lang"] == language, notice

    error = run(stretch, home, env, "start", "no-such-routine")
    assert error.returncode == 66, error
    assert error.stderr.startswith(f"stretch: {tr('error')}: "), error.stderr
    english = run(stretch, home, {"LANG": "C.UTF-8"}, "start", "no-such-routine")
    assert error.stderr != english.stderr, (error.stderr, english.stderr)

    valid = run(stretch, home, env, "validate", str(routines / "lower-back.json"))
    plural = trn("{0}: ok, {1} stretch, {2}", "{0}: ok, {1} stretches, {2}", 2)
    assert plural != "{0}: ok, {1} stretches, {2}", language
    expected = plural.format(str(routines / "lower-back.json"), 2, "2:55")
    assert valid.stdout == expected + "\n", (valid.stdout, expected)
    single = trn("{0}: ok, {1} stretch, {2}", "{0}: ok, {1} stretches, {2}", 1)
    assert single != plural, (single, plural)


def check_fallbacks(stretch, home, lower_back):
    english = lower_back["stretches"][0]["cues"][0]["text"]
    german = lower_back["stretches"][0]["translations"]["de"]["cues"][0]
    for env, cue in [
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "fr:es:de"},
         lower_back["stretches"][0]["translations"]["es"]["cues"][0]),
        ({"LANG": "fr_FR.UTF-8"}, english),  # no translation: as written
        ({"LANG": "C", "LANGUAGE": "de"}, english),  # gettext's rule: C ignores LANGUAGE
        ({"LC_ALL": "de_DE.UTF-8", "LANG": "es_ES.UTF-8"}, german),
    ]:
        out = run(stretch, home, env, "start", "lower-back", "--dry-run", "--format", "text").stdout
        assert f"cue 3s {cue}\n" in out, (env, out[:400])


if __name__ == "__main__":
    main()
