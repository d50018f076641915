import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0009_waves_and_appeals'),
    ]

    operations = [
        migrations.AddField(
            model_name='assignment',
            name='first_visit',
            field=models.ForeignKey(blank=True, help_text='The visit this one follows up (a two-stage visit): staff were to get back to the customer the auditor played there, and this assignment records that contact.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='follow_ups', to='audits.assignment'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='status',
            field=models.CharField(choices=[('offered', 'Offered'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('cancelled', 'Cancelled'), ('no_contact', 'No contact came')], default='offered', max_length=16),
        ),
    ]
