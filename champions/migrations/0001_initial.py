"""Champion moves here from ``calls``: the table stays ``calls_champion``, only the state moves.

Its content type moves with it, so the permissions granted on champions and the admin's history
of champion changes keep pointing at the model.
"""

import calls.countries
import django.db.models.deletion
import django_countries.fields
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source="calls", target="champions"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=target, model="champion").exists():
        return
    ContentType.objects.filter(app_label=source, model="champion").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="champions", target="calls")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('calls', '0005_call_claim_reminder_days_call_feedback_reminder_days_and_more'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Champion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('email', models.EmailField(max_length=254, unique=True, verbose_name='e-mail')),
                        ('city', models.CharField(max_length=120, verbose_name='home city')),
                        ('country', django_countries.fields.CountryField(countries=calls.countries.EUMemberStates, max_length=2, verbose_name='country')),
                        ('programme', models.CharField(choices=[('connection', 'CONNECTION'), ('unites', 'UNITES'), ('consolidate', 'CONSOLIDATE')], max_length=20, verbose_name='trained in')),
                        ('languages', models.CharField(help_text='Language codes separated by commas, e.g. en, fr, de.', max_length=200, verbose_name='languages')),
                        ('is_available', models.BooleanField(default=True, verbose_name='available for visits')),
                        ('themes', models.ManyToManyField(related_name='champions', to='calls.theme', verbose_name='themes')),
                        ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='champion', to=settings.AUTH_USER_MODEL, verbose_name='account')),
                    ],
                    options={
                        'verbose_name': 'integration champion',
                        'verbose_name_plural': 'integration champions',
                        'db_table': 'calls_champion',
                        'ordering': ['name'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
