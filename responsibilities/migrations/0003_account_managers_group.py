"""Create the "Account managers" group with the permissions an editor of matrices needs.

Which services a member may touch is decided per service (Service.editors / editor_groups);
these model permissions only open the admin pages.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Account managers"
PERMISSIONS = {
    "service": ["view", "add", "change"],
    "matrixversion": ["view", "add", "change"],
    "party": ["view", "add", "change", "delete"],
    "section": ["view", "add", "change", "delete"],
    "activity": ["view", "add", "change", "delete"],
    "assignment": ["view", "add", "change", "delete"],
    "auditentry": ["view"],
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; this one needs them now.
    app_config = apps.get_app_config("responsibilities")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="responsibilities", codename__in=codenames)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("responsibilities", "0002_audit_trail"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
