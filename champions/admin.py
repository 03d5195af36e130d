from django.contrib import admin

from .models import Champion


@admin.register(Champion)
class ChampionAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "programme", "languages", "is_available"]
    list_filter = ["programme", "is_available", "themes"]
    search_fields = ["name", "city", "email"]
    filter_horizontal = ["themes"]
    raw_id_fields = ["user"]
