"""Periods follow each location's own calendar: every stored score gets its visit's local date,
and the period indexes move to it."""

import zoneinfo

from django.db import migrations, models

HELP = "The visit's date in the location's own time zone: what periods count by."


def fill(apps, schema_editor):
    AuditScore = apps.get_model("scoring", "AuditScore")
    batch = []
    for score in AuditScore.objects.select_related("location").iterator(chunk_size=2000):
        zone = zoneinfo.ZoneInfo(score.location.time_zone)
        score.visited_on = score.visited_at.astimezone(zone).date()
        batch.append(score)
        if len(batch) == 2000:
            AuditScore.objects.bulk_update(batch, ["visited_on"])
            batch = []
    AuditScore.objects.bulk_update(batch, ["visited_on"])


class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0003_keys_per_auditor'),
        ('organizations', '0001_initial'),
        ('scoring', '0002_scores_stamp'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='auditscore',
            name='scoring_aud_locatio_dcae2b_idx',
        ),
        migrations.RemoveIndex(
            model_name='auditscore',
            name='scoring_aud_region__67187b_idx',
        ),
        migrations.RemoveIndex(
            model_name='auditscore',
            name='scoring_aud_client__ede3ac_idx',
        ),
        migrations.AddField(
            model_name='auditscore',
            name='visited_on',
            field=models.DateField(help_text=HELP, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='auditscore',
            name='visited_on',
            field=models.DateField(help_text=HELP),
        ),
        migrations.AddIndex(
            model_name='auditscore',
            index=models.Index(fields=['location', 'visited_on'], name='scoring_aud_locatio_de9279_idx'),
        ),
        migrations.AddIndex(
            model_name='auditscore',
            index=models.Index(fields=['region', 'visited_on'], name='scoring_aud_region__27697e_idx'),
        ),
        migrations.AddIndex(
            model_name='auditscore',
            index=models.Index(fields=['client', 'visited_on'], name='scoring_aud_client__d73a19_idx'),
        ),
    ]
