"""An index for the staff's list of applications (``ApplicationAdmin.ordering``).

Staff never see drafts, and list a call's applications by reference number, the newest call
first. Without this index PostgreSQL either sorts every application of the call to show 100,
or walks the primary key through every later call's rows. Partial and with mixed directions,
which ``Meta.indexes`` cannot say for this ordering without expressions, hence plain SQL (the
same statement works on SQLite).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_application_anonymised_at"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX application_staff_list ON applications_application "
                "(call_id DESC, number, id) WHERE NOT (state = 'draft')"
            ),
            reverse_sql="DROP INDEX application_staff_list",
        ),
    ]
