"""Phone-generated ids become unique per auditor: a submission's and a photo's ``key`` (the
phone's id, equal to the row's id for every existing row) and who sent it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def fill(apps, schema_editor):
    Submission = apps.get_model("audits", "Submission")
    Photo = apps.get_model("audits", "Photo")
    Assignment = apps.get_model("audits", "Assignment")
    auditor_of_audit = Subquery(
        Assignment.objects.filter(audit=OuterRef("audit_id")).values("auditor_id")[:1]
    )
    Submission.objects.update(key=F("id"), auditor_id=auditor_of_audit)
    Photo.objects.update(key=F("id"), auditor_id=auditor_of_audit)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0002_flag_clearing"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="submission", name="key", field=models.UUIDField(null=True)
        ),
        migrations.AddField(
            model_name="submission",
            name="auditor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(model_name="photo", name="key", field=models.UUIDField(null=True)),
        migrations.AddField(
            model_name="photo",
            name="auditor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="submission",
            name="key",
            field=models.UUIDField(help_text="The id the phone generated; unique per auditor."),
        ),
        migrations.AlterField(
            model_name="submission",
            name="auditor",
            field=models.ForeignKey(
                help_text="Who sent it: the namespace of its key.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="photo",
            name="key",
            field=models.UUIDField(help_text="The id the phone generated; unique per auditor."),
        ),
        migrations.AlterField(
            model_name="photo",
            name="auditor",
            field=models.ForeignKey(
                help_text="Who uploaded it: the namespace of its key.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="submission",
            constraint=models.UniqueConstraint(
                fields=("auditor", "key"), name="submission_key_per_auditor"
            ),
        ),
        migrations.AddConstraint(
            model_name="photo",
            constraint=models.UniqueConstraint(
                fields=("auditor", "key"), name="photo_key_per_auditor"
            ),
        ),
    ]
