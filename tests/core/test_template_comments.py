"""A Django comment ``{# … #}`` ends on its own line: one spread over two lines is printed as
text. In ``<head>`` that text pushed the page's title into the body (and showed on every page)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_template_comment_spans_lines():
    offences = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            start = line.rfind("{#")
            if start != -1 and "#}" not in line[start:]:
                offences.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offences, "use {% comment %} for comments over several lines:\n" + "\n".join(
        offences
    )
