"""ReviewerProfile now belongs to the people app, which keeps its table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_selection_report"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReviewerProfile")],
            database_operations=[],
        ),
    ]
