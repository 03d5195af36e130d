import io
import subprocess
import sys

import pytest
from pypdf import PdfReader

from applications.pdf import render_receipt
from consolidate import printing
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


def test_documents_are_printed_by_a_child_process_that_reports_its_memory():
    script = (
        "import sys; from consolidate import printing; "
        "job = printing.Job(html='<html lang=\"en\"><title>T</title><p>Hi</p></html>', "
        "base_url='file:///nowhere/', static_dir='/nowhere'); "
        "(pdf,) = printing.print_batch([job]); "
        "print(pdf[:5].decode(), 'weasyprint' in sys.modules, printing.last_child_peak_mb > 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    # The PDF came back, the asking process never imported WeasyPrint, the child's peak is known.
    assert done.stdout.split() == ["%PDF-", "False", "True"]


def test_a_document_the_child_cannot_print_raises_with_the_childs_traceback():
    broken = printing.Job(html="<p>x</p>", base_url="file:///", static_dir="/", attachments=(1,))

    with pytest.raises(printing.PrintingFailed, match="TypeError"):
        printing.print_batch([broken])
