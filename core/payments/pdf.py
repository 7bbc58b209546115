"""A plain A4 document (title, key facts, one table, closing notes) rendered with reportlab."""
from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.catalogue import rupees


def money(paise: int) -> str:
    """'Rs. 1,234.50' with Indian grouping; the standard PDF fonts have no rupee glyph."""
    sign = "-" if paise < 0 else ""
    whole = rupees(abs(paise)).replace("₹", "")
    return f"{sign}Rs. {whole}" + ("" if "." in whole else ".00")


def render(*, title: str, facts: Sequence[tuple[str, str]], columns: Sequence[str],
           rows: Sequence[Sequence[str]], notes: Sequence[str] = (), wide: bool = False) -> bytes:
    """The PDF bytes of one document."""
    buffer = io.BytesIO()
    size = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(buffer, pagesize=size, leftMargin=14 * mm, rightMargin=14 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm, title=title, invariant=1)
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(title), styles["Title"])]
    story += [Paragraph(f"<b>{escape(k)}:</b> {escape(v)}", styles["Normal"]) for k, v in facts]
    story += [Spacer(1, 6 * mm), _table(columns, rows, styles), Spacer(1, 4 * mm)]
    story += [Paragraph(escape(line), styles["Normal"]) for line in notes]
    doc.build(story)
    return buffer.getvalue()


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]], styles) -> Table:
    small = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    data = [[Paragraph(f"<b>{escape(c)}</b>", small) for c in columns]]
    data += [[Paragraph(escape(str(cell)), small) for cell in row] for row in rows]
    table = Table(data, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table
