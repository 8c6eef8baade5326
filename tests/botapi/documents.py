"""Test articles in every upload format, generated in the test (reportlab for PDF, python-docx for DOCX)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    """A small made-up news article with one quote by one speaker about one place."""

    title: str
    speaker: str
    place: str
    quote: str

    @property
    def paragraphs(self) -> list[str]:
        return [
            f"The council of {self.place} met on Tuesday evening to decide the future of the old harbour "
            f"district, after months of argument between residents, traders and the regional government.",
            f"“{self.quote},” said {self.speaker}, who chairs the {self.place} harbour committee.",
            f"Residents of {self.place} will vote on the plan in the spring; the regional government has "
            "promised to publish the full costs before then.",
        ]

    @property
    def question(self) -> str:
        return f"What did {self.speaker} say about {self.place}?"

    @property
    def words(self) -> str:
        """The end of the quote: what an answer from this article must contain."""
        return " ".join(self.quote.split()[-4:])

    def text(self) -> str:
        return "\n\n".join([self.title, *self.paragraphs]) + "\n"


def as_txt(story: Story) -> bytes:
    return story.text().encode()


def as_md(story: Story) -> bytes:
    return ("\n\n".join([f"# {story.title}", *story.paragraphs]) + "\n").encode()


def as_html(story: Story) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{story.title}</title></head>"
            f"<body><nav>Home | World | Sport</nav><article><h1>{story.title}</h1>{body}</article>"
            "<footer>© Newsroom</footer></body></html>").encode()


def as_pdf(story: Story) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=story.title)
    flow = [Paragraph(story.title, styles["Title"])]
    flow += [Paragraph(p.replace("“", '"').replace("”", '"'), styles["BodyText"]) for p in story.paragraphs]
    document.build(flow)
    return buffer.getvalue()


def as_docx(story: Story) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = story.title
    document.add_heading(story.title, level=1)
    for paragraph in story.paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_zip(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


ENCODERS = {"txt": as_txt, "md": as_md, "html": as_html, "pdf": as_pdf, "docx": as_docx}
