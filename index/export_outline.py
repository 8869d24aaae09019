"""The old path of ``index.export.outline``, kept while ``desktop/pdf.py`` imports it from here."""

from index.export.outline import OutlineError, OutlineNode, append_outline, pdf_text

__all__ = ["OutlineError", "OutlineNode", "append_outline", "pdf_text"]
