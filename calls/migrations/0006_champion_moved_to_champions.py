"""Champion lives in the ``champions`` app now; its table (``calls_champion``) stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0005_call_claim_reminder_days_call_feedback_reminder_days_and_more'),
        ('visits', '0003_teammember_champion_from_champions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Champion')],
            database_operations=[],
        ),
    ]
