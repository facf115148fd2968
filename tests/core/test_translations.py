"""Dutch is the source language; the English catalogue must translate every string."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def untranslated(po_text: str) -> list[str]:
    """The msgids of entries without a translation or marked fuzzy (header excluded)."""
    missing = []
    for entry in po_text.split("\n\n"):
        if "msgid " not in entry or entry.lstrip().startswith("#~"):
            continue
        msgid = "".join(
            re.findall(
                r'^(?:msgid|msgid_plural)?\s*"(.*)"$', entry.split("msgstr")[0], re.MULTILINE
            )
        )
        if not msgid:
            continue  # the header
        strings = re.findall(r'msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', entry)
        empty = any(not (first + "".join(re.findall(r'"(.*)"', rest))) for first, rest in strings)
        if "#, fuzzy" in entry or "fuzzy" in entry.split("\n")[0] or empty:
            missing.append(msgid)
    return missing


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is not installed")
def test_every_string_has_an_english_translation(tmp_path):
    # makemessages writes into the catalogue beside the code it reads, so it runs on a copy.
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "__pycache__", "node_modules", "static", "test-results"
        ),
    )
    env = {
        **os.environ,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "buurtinbloei.settings",
        "VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore=tests",
            "--ignore=bench",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    extracted = (copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
    missing = untranslated(extracted)
    assert not missing, (
        f"{len(missing)} strings lack an English translation (run `make messages` and fill in "
        f"locale/en/LC_MESSAGES/django.po): {missing[:20]}"
    )


def test_the_catalogue_parser_finds_empty_and_fuzzy_entries():
    po = """msgid ""
msgstr "Content-Type: text/plain"

msgid "Klaar"
msgstr "Done"

msgid "Leeg"
msgstr ""

#, fuzzy
msgid "Bijna"
msgstr "Almost"

msgid "één wijk"
msgid_plural "%(n)s wijken"
msgstr[0] "one district"
msgstr[1] ""
"""
    assert untranslated(po) == ["Leeg", "Bijna", "één wijk%(n)s wijken"]
