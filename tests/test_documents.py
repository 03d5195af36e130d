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
