"""The integration champions: city practitioners who give peer support to other cities."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from calls.countries import EUMemberStates
from calls.models import Theme


class ChampionQuerySet(models.QuerySet):
    def available(self):
        return self.filter(is_available=True)

    def covering(self, themes):
        """Champions who know about at least one of ``themes``."""
        return self.filter(themes__in=themes).distinct()


class Champion(models.Model):
    """A city practitioner trained to give peer support to other cities."""

    class Programme(models.TextChoices):
        CONNECTION = "connection", "CONNECTION"
        UNITES = "unites", "UNITES"
        CONSOLIDATE = "consolidate", "CONSOLIDATE"

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), unique=True)
    phone = models.CharField(
        _("mobile phone"),
        max_length=40,
        blank=True,
        help_text=_("Shown to the rest of the team and the host on the visits they share."),
    )
    city = models.CharField(_("home city"), max_length=120)
    country = CountryField(_("country"), countries=EUMemberStates)
    programme = models.CharField(_("trained in"), max_length=20, choices=Programme.choices)
    themes = models.ManyToManyField(Theme, related_name="champions", verbose_name=_("themes"))
    languages = models.CharField(
        _("languages"),
        max_length=200,
        help_text=_("Language codes separated by commas, e.g. en, fr, de."),
    )
    is_available = models.BooleanField(_("available for visits"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="champion",
        verbose_name=_("account"),
    )

    objects = ChampionQuerySet.as_manager()

    class Meta:
        # The table the model had when it lived in ``calls``; its themes' table follows it.
        db_table = "calls_champion"
        ordering = ["name"]
        verbose_name = _("integration champion")
        verbose_name_plural = _("integration champions")

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"

    @property
    def language_codes(self) -> list[str]:
        return [code.strip().lower() for code in self.languages.split(",") if code.strip()]
