from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Buurt, Stadsdeel, User, Wijk, Wijkteam

# Roles (User.role) replace Django's groups; one mechanism is enough.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "wijkteams"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["wijkteams"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["first_name", "last_name", "organisation_name"]}),
        (_("Rol en wijkteams"), {"fields": ["role", "wijkteams", "is_active"]}),
        (_("Datums"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "role",
                    "wijkteams",
                    "password1",
                    "password2",
                ]
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]


class WijkInline(admin.TabularInline):
    model = Wijk
    fields = ["name", "stadsdeel"]
    readonly_fields = ["name", "stadsdeel"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Wijkteam)
class WijkteamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "yearly_match_target"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WijkInline]


@admin.register(Stadsdeel)
class StadsdeelAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code"]


@admin.register(Wijk)
class WijkAdmin(admin.ModelAdmin):
    list_display = ["name", "stadsdeel", "wijkteam", "cbs_code"]
    list_editable = ["wijkteam"]
    list_filter = ["stadsdeel", "wijkteam"]
    list_select_related = ["stadsdeel", "wijkteam"]


@admin.register(Buurt)
class BuurtAdmin(admin.ModelAdmin):
    list_display = ["name", "wijk", "cbs_code", "inhabitants"]
    list_filter = ["wijk__stadsdeel", "wijk"]
    list_select_related = ["wijk"]
    search_fields = ["name", "cbs_code"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "ip"]
    list_filter = ["action", "object_type"]
    list_select_related = ["actor"]
    search_fields = ["object_id", "actor__email"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
