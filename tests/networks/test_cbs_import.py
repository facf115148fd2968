"""The CBS "kerncijfers wijken en buurten" import: inhabitants and age groups per buurt."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from networks.models import BuurtFigures

from .support import other_buurt, own_buurt

pytestmark = pytest.mark.django_db


def run(path) -> str:
    out = StringIO()
    call_command("import_cbs", str(path), "--year", "2024", stdout=out)
    return out.getvalue()


def test_it_reads_the_open_data_csv_and_matches_buurten_by_name_then_code(geography, tmp_path):
    first, second = own_buurt(), other_buurt()
    csv_file = tmp_path / "kerncijfers.csv"
    csv_file.write_text(
        '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"Codering_3";'
        '"AantalInwoners_5";"k_0Tot15Jaar_8";"k_15Tot25Jaar_9";"k_25Tot45Jaar_10";'
        '"k_45Tot65Jaar_11";"k_65JaarOfOuder_12"\n'
        f'"1";"{first.name}";"Eindhoven   ";"Buurt     ";"BU07729901";"  1530";'
        '"210";"180";"400";"420";"320"\n'
        f'"2";"{second.name}";"Eindhoven";"Buurt";"BU07729902";"2 045";".";".";".";".";"."\n'
        '"3";"Wijk 01 Centrum";"Eindhoven";"Wijk";"WK077201";"12000";"1";"1";"1";"1";"1"\n'
        '"4";"Dorp";"Veldhoven";"Buurt";"BU08610000";"900";"1";"1";"1";"1";"1"\n'
        '"5";"Onbekende buurt";"Eindhoven";"Buurt";"BU07729999";"100";"1";"1";"1";"1";"1"\n',
        encoding="utf-8",
    )

    output = run(csv_file)

    figures = BuurtFigures.objects.get(buurt=first)
    assert (figures.inhabitants, figures.age_0_15, figures.age_65_plus, figures.year) == (
        1530,
        210,
        320,
        2024,
    )
    assert BuurtFigures.objects.get(buurt=second).age_0_15 is None  # "." is a missing figure
    first.refresh_from_db()
    assert first.cbs_code == "BU07729901" and first.inhabitants == 1530
    assert "Figures of 2 buurten imported." in output
    assert "2 other rows skipped" in output and "Onbekende buurt" in output


def test_a_second_import_matches_by_code(geography, tmp_path):
    buurt = own_buurt()
    buurt.cbs_code = "BU07729901"
    buurt.save()
    csv_file = tmp_path / "statline.csv"
    csv_file.write_text(
        "Regiocode,Wijken en buurten,Aantal inwoners\nBU07729901,Andere naam,1600\n",
        encoding="utf-8",
    )

    run(csv_file)

    assert BuurtFigures.objects.get(buurt=buurt).inhabitants == 1600


def test_a_file_without_the_needed_columns_is_refused_plainly(geography, tmp_path):
    csv_file = tmp_path / "iets.csv"
    csv_file.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="number of inhabitants"):
        run(csv_file)


def test_a_missing_file_is_refused_plainly(geography, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "bestaat-niet.csv")
