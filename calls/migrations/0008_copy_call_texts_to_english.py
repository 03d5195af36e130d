"""The call's texts written before they had a column per language become the English ones."""

from django.db import migrations
from django.db.models import F, Q

TEXTS = {
    "call": ["title", "summary", "eligibility"],
    "callsection": ["heading", "body"],
    "theme": ["name", "description"],
    "criterion": ["name", "description"],
    "criterionlevel": ["description"],
    "costcategory": ["name", "description"],
    "contact": ["role"],
}


def copy_to_english(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("calls", model_name)
        for field in fields:
            english = f"{field}_en"
            empty = Q(**{f"{english}__isnull": True}) | Q(**{english: ""})
            model.objects.filter(empty).update(**{english: F(field)})


class Migration(migrations.Migration):
    dependencies = [("calls", "0007_call_texts_in_five_languages")]

    operations = [migrations.RunPython(copy_to_english, migrations.RunPython.noop)]
