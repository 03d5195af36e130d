"""The demo's texts in French, German, Spanish and Italian: the open call's title and summary,
and the challenge themes, so that choosing a language visibly changes the call's page. The
call's sections, criteria and the 2025 call stay in English only: their pages show the
fallback, and the admin's list of calls shows what each call still lacks."""

from modeltranslation.utils import build_localized_fieldname

OPEN_CALL = {
    "fr": {
        "title": "Cities Helping Cities\u00a0: soutien entre pairs face aux défis de "
        "l'intégration des migrants",
        "summary": "Les collectivités locales de l'Union européenne peuvent demander un soutien "
        "entre pairs sur un défi concret d'intégration des migrants. Deux villes seront retenues "
        "et recevront la visite de champions de l'intégration venus d'autres villes.",
    },
    "de": {
        "title": "Cities Helping Cities: Peer-Unterstützung bei Herausforderungen der "
        "Integration von Zugewanderten",
        "summary": "Kommunen in der Europäischen Union können Peer-Unterstützung für eine "
        "konkrete Herausforderung bei der Integration von Zugewanderten beantragen. Zwei Städte "
        "werden ausgewählt und von Integrationschampions aus anderen Städten besucht.",
    },
    "es": {
        "title": "Cities Helping Cities: apoyo entre pares ante los retos de la integración de "
        "las personas migrantes",
        "summary": "Las autoridades locales de la Unión Europea pueden solicitar apoyo entre "
        "pares para un reto concreto de integración de las personas migrantes. Se seleccionarán "
        "dos ciudades, que recibirán la visita de campeones de la integración de otras ciudades.",
    },
    "it": {
        "title": "Cities Helping Cities: supporto tra pari per le sfide dell'integrazione dei "
        "migranti",
        "summary": "Gli enti locali dell'Unione europea possono chiedere supporto tra pari su "
        "una sfida concreta di integrazione dei migranti. Saranno selezionate due città, che "
        "riceveranno la visita di campioni dell'integrazione di altre città.",
    },
}

# Per theme (its slug): per language, its name and description.
THEMES = {
    "labour-market": {
        "fr": ("Intégration des nouveaux arrivants et des réfugiés sur le marché du travail",
               "Aider les nouveaux arrivants et les réfugiés à trouver un emploi à la mesure de "
               "leurs compétences."),
        "de": ("Arbeitsmarktintegration von Neuzugewanderten und Geflüchteten",
               "Neuzugewanderte und Geflüchtete in eine Arbeit bringen, die ihren Fähigkeiten "
               "entspricht."),
        "es": ("Integración laboral de las personas recién llegadas y refugiadas",
               "Ayudar a las personas recién llegadas y refugiadas a encontrar un trabajo "
               "acorde con sus capacidades."),
        "it": ("Inserimento lavorativo dei nuovi arrivati e dei rifugiati",
               "Aiutare i nuovi arrivati e i rifugiati a trovare un lavoro adeguato alle loro "
               "competenze."),
    },
    "housing": {
        "fr": ("Dispositifs locaux d'accompagnement des réfugiés vers l'autonomie dans le "
               "logement",
               "Les outils qu'une ville met en place pour que les réfugiés trouvent un logement "
               "à eux et le conservent."),
        "de": ("Kommunale Unterstützungsinstrumente für Geflüchtete auf dem Weg zu "
               "eigenständigem Wohnen",
               "Instrumente, mit denen eine Stadt Geflüchteten hilft, eine eigene Wohnung zu "
               "finden und zu behalten."),
        "es": ("Instrumentos locales de apoyo a las personas refugiadas hacia la autonomía "
               "residencial",
               "Herramientas con las que una ciudad ayuda a las personas refugiadas a encontrar "
               "y conservar una vivienda propia."),
        "it": ("Strumenti locali di sostegno ai rifugiati verso l'autonomia abitativa",
               "Gli strumenti con cui una città aiuta i rifugiati a trovare e mantenere una "
               "casa propria."),
    },
    "one-stop-shop": {
        "fr": ("Guichet unique et coordination des services aux migrants",
               "Réunir en un lieu accessible les services dont les nouveaux arrivants ont "
               "besoin."),
        "de": ("Zentrale Anlaufstelle und koordinierte Dienstleistungen für Zugewanderte",
               "Die Dienste, die Neuzugewanderte brauchen, an einem gut erreichbaren Ort "
               "bündeln."),
        "es": ("Ventanilla única y prestación coordinada de servicios a las personas migrantes",
               "Reunir en un lugar accesible los servicios que necesitan las personas recién "
               "llegadas."),
        "it": ("Sportello unico e coordinamento dei servizi per i migranti",
               "Riunire in un luogo accessibile i servizi di cui i nuovi arrivati hanno "
               "bisogno."),
    },
    "participation": {
        "fr": ("Participation des migrants et des organisations dirigées par des migrants",
               "Donner aux migrants et à leurs organisations une vraie voix dans la vie de la "
               "ville."),
        "de": ("Teilhabe von Zugewanderten und Migrantenorganisationen",
               "Zugewanderten und ihren Organisationen echtes Mitspracherecht in der Stadt "
               "geben."),
        "es": ("Participación de las personas migrantes y de las organizaciones dirigidas por "
               "ellas",
               "Dar a las personas migrantes y a sus organizaciones una voz real en la ciudad."),
        "it": ("Partecipazione dei migranti e delle organizzazioni guidate da migranti",
               "Dare ai migranti e alle loro organizzazioni una voce reale nella vita della "
               "città."),
    },
}  # fmt: skip


def fill_in(obj, texts: dict[str, dict[str, str]], *, touch=()) -> None:
    """Write each language's texts where that language has none yet: seeding again changes
    nothing, and a text a coordinator changed in the admin stays as it is."""
    empty = {
        build_localized_fieldname(field, code): text
        for code, fields in texts.items()
        for field, text in fields.items()
        if not getattr(obj, build_localized_fieldname(field, code))
    }
    if empty:
        for name, text in empty.items():
            setattr(obj, name, text)
        obj.save(update_fields=[*empty, *touch])


def translate_open_call(call, themes) -> None:
    # The call's new version (updated_at) makes its cached page render again.
    fill_in(call, OPEN_CALL, touch=["updated_at"])
    for slug, theme in themes.items():
        languages = THEMES.get(slug, {})
        texts = {code: {"name": n, "description": d} for code, (n, d) in languages.items()}
        fill_in(theme, texts)
