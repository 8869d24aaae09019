"""Morgue's desktop app: a thin Qt layer over the ``index`` core.

Item models over the core's dataclasses, views that show them, and workers that run the core's
searches and indexing off the GUI thread. No query parsing, scraping or SQL lives here.
"""
