"""API tokens in the admin: every staff user manages their own; superusers manage everyone's.

Replaces DRF's own token admin, which would let any staff member who may add tokens make one
for another user (a superuser, say) and so write as them.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from rest_framework.authtoken.admin import TokenAdmin as DRFTokenAdmin
from rest_framework.authtoken.models import TokenProxy

if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(DRFTokenAdmin):
    list_display = ("user", "created")
    fields = ("user",)
    readonly_fields = ()
    search_fields = ("user__username",)
    search_help_text = None

    def _staff(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self._staff(request)

    def has_view_permission(self, request, obj=None):
        return self._staff(request) and (obj is None or self._own(request, obj))

    def has_add_permission(self, request):
        # One token per user: a staff member with one deletes it to make another (a rotation).
        if request.user.is_superuser:
            return True
        return self._staff(request) and not TokenProxy.objects.filter(user=request.user).exists()

    def has_change_permission(self, request, obj=None):
        return False  # a token is created or deleted, never edited

    def has_delete_permission(self, request, obj=None):
        return self._staff(request) and (obj is None or self._own(request, obj))

    def _own(self, request, obj) -> bool:
        return request.user.is_superuser or obj.user_id == request.user.pk

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if obj is not None:
            return ("user", "key", "created")
        return ("user",) if request.user.is_superuser else ()

    def get_readonly_fields(self, request, obj=None):
        return ("user", "key", "created") if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model()._default_manager.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser or obj.user_id is None:
            obj.user = request.user  # staff make their own token only
        super().save_model(request, obj, form, change)
