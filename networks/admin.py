"""The Django admin for the networks app (beheerders only, /beheer/): corrections and the
partner users' organisations. Verbinders work in the app's own pages."""

from __future__ import annotations

from django.contrib import admin

from buurtinbloei.admin_widgets import SafeAutocompleteMixin
from buurtinbloei.permissions import Perm, users_with

from .models import (
    Activity,
    BuurtFigures,
    CoreTeam,
    CoreTeamChange,
    CoreTeamMember,
    Ontwikkelplaats,
    Organisation,
    Partner,
    PartnerMembership,
)


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    raw_id_fields = ["wijk"]


class PartnerMembershipInline(admin.TabularInline):
    model = PartnerMembership
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Only partner users belong to an organisation.
            kwargs["queryset"] = users_with(Perm.REFER_RESIDENTS)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "buurt", "reviewed", "source"]
    list_filter = ["kind", "reviewed", "source"]
    search_fields = ["name", "contact_name"]
    autocomplete_fields = ["buurt"]
    readonly_fields = ["reviewed_by", "reviewed_at", "consent_version", "consent_given_at"]
    inlines = [PartnerInline, PartnerMembershipInline]
    list_select_related = ["buurt"]


@admin.register(Ontwikkelplaats)
class OntwikkelplaatsAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "buurt", "places", "places_taken", "active"]
    list_filter = ["kind", "active", "reviewed"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "buurt", "talents"]
    list_select_related = ["organisation", "buurt"]


class MemberInline(admin.TabularInline):
    model = CoreTeamMember
    extra = 0
    raw_id_fields = ["resident", "account"]


class ChangeInline(admin.TabularInline):
    model = CoreTeamChange
    extra = 0


class ActivityInline(SafeAutocompleteMixin, admin.StackedInline):
    model = Activity
    extra = 0
    autocomplete_fields = ["partners"]


@admin.register(CoreTeam)
class CoreTeamAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "buurt", "stage", "intensity", "coach"]
    list_filter = ["stage", "intensity"]
    search_fields = ["name"]
    autocomplete_fields = ["buurt"]
    inlines = [MemberInline, ActivityInline, ChangeInline]
    list_select_related = ["buurt", "coach"]


@admin.register(BuurtFigures)
class BuurtFiguresAdmin(admin.ModelAdmin):
    list_display = ["buurt", "year", "inhabitants"]
    search_fields = ["buurt__name"]
    list_select_related = ["buurt"]
