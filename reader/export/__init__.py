"""Exporters: papers in, text out (BibTeX, biblatex, CSL-JSON, RIS, Markdown). Pure."""
