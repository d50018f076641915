from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0007_competitors'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditscore',
            name='follow_up_hours',
            field=models.FloatField(help_text="A follow-up contact's hours from the end of its first visit (a two-stage visit); null for any other visit.", null=True),
        ),
        migrations.AddField(
            model_name='auditscore',
            name='promise_kept',
            field=models.BooleanField(help_text='Did staff get back to the customer as they promised (the item with that figure); null where no checklist item asks or nothing was promised.', null=True),
        ),
    ]
