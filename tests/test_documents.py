import io

import pytest
from pypdf import PdfReader

from applications.pdf import render_receipt
from tests.factories import ApplicationFactory, submitted

pytestmark = pytest.mark.django_db


def test_pdfs_carry_a_title_a_language_and_tags_for_screen_readers():
    application = submitted(ApplicationFactory(city="Tartu"), number=3)
    reader = PdfReader(io.BytesIO(render_receipt(application)))
    catalog = reader.trailer["/Root"]
    assert application.reference in reader.metadata.title
    assert str(catalog["/Lang"]) == "en"
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    text = reader.pages[0].extract_text()
    assert text.index("Receipt of your application") < text.index("Tartu")


def test_the_receipt_of_a_short_application_fits_one_page():
    application = submitted(
        ApplicationFactory(
            city="Graz",
            expertise="I lead the city's integration office and coordinate language courses.",
            relevance="We are redesigning our first-contact services and want to learn.",
            challenge="Newcomers visit up to six offices in their first month. " * 2,
            question="How can a city coordinate services it does not itself run?",
        ),
        number=1,
    )
    reader = PdfReader(io.BytesIO(render_receipt(application)))
    assert len(reader.pages) == 1
    assert "Page 1 / 1" in reader.pages[0].extract_text()
