import pytest

from champions.models import Champion
from tests.factories import ChampionFactory, ThemeFactory


@pytest.fixture
def labour():
    return ThemeFactory(name="Labour market", slug="labour-market")


@pytest.fixture
def housing():
    return ThemeFactory(name="Housing autonomy", slug="housing")


def champion(name, city, themes, *, languages="en", **extra) -> Champion:
    champion = ChampionFactory(name=name, city=city, languages=languages, **extra)
    champion.themes.set(themes)
    return champion
