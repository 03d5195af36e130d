"""A team member's champion is now ``champions.Champion``: same table, so only the state moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('champions', '0001_initial'),
        ('visits', '0002_lumpsumclaim_expenseline_and_more'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='teammember',
                    name='champion',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='visits', to='champions.champion', verbose_name='champion'),
                ),
            ],
            database_operations=[],
        ),
    ]
