from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_sign_off"),
    ]

    operations = [
        migrations.AddField(
            model_name="location",
            name="competitor",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="A competitor's store, audited with the same checklists as a benchmark: its visits count in none of the client's figures, and the client's people see only the competitors' average, never this store.",
            ),
        ),
    ]
