from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('checklists', '0005_item_figure_expectation'),
    ]

    operations = [
        migrations.AlterField(
            model_name='item',
            name='figure',
            field=models.CharField(blank=True, choices=[('mood_at_arrival', 'Mood at arrival (a scale)'), ('mood_at_departure', 'Mood at departure (a scale)'), ('purchase', 'Would have bought (a single choice of the purchase outcomes)'), ('expectation', 'Against expectations (a single choice: fell short, met, exceeded)'), ('promise_kept', 'Got back as promised (yes or no)')], help_text="A visit outcome this item's answer gives, beside its score.", max_length=32),
        ),
    ]
