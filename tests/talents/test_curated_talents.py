"""The curated talent list ships as data: every category, approved, some for the public form."""

from __future__ import annotations

from talents.curated import load_curated_talents
from talents.models import Talent, TalentCategory


def test_the_migration_loaded_about_sixty_approved_talents_in_every_category(db):
    assert 55 <= Talent.objects.approved().count() <= 70
    assert set(Talent.objects.values_list("category", flat=True)) == set(TalentCategory.values)
    assert 12 <= Talent.objects.filter(common=True).count() <= 18


def test_loading_again_adds_nothing_and_keeps_a_beheerders_changes(db):
    Talent.objects.filter(name="Koken").update(common=False)
    before = Talent.objects.count()
    load_curated_talents(Talent=Talent)
    assert Talent.objects.count() == before
    assert not Talent.objects.get(name="Koken").common
