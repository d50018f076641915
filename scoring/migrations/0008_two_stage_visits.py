from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0007_competitors'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditscore',
            name='follow_up_hours',
            field=models.FloatField(help_text="Hours from the end of this visit to staff's contact.", null=True),
        ),
        migrations.AddField(
            model_name='auditscore',
            name='follow_up_promise_kept',
            field=models.BooleanField(help_text="Staff got back as they promised (the contact's answer); false when no contact came.", null=True),
        ),
        migrations.AddField(
            model_name='auditscore',
            name='followed_up',
            field=models.BooleanField(help_text='After this visit staff were to get back to the customer: true when they did (the follow-up contact is approved), false when no contact came; null otherwise.', null=True),
        ),
        migrations.AddField(
            model_name='auditscore',
            name='promise_kept',
            field=models.BooleanField(help_text='Did staff get back to the customer as they promised (the item with that figure); null where no checklist item asks or nothing was promised.', null=True),
        ),
    ]
