"""The Entities panel says why an article has no entities when no model serves its language."""

from __future__ import annotations

from desktop.panels.entities import EntitiesPanel
from index.extract.language import skipped_message
from index.model import Entity, Extraction


def test_a_german_article_says_there_is_no_entity_recognition(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = EntitiesPanel()
    qtbot.addWidget(panel)
    ex = Extraction(language="de", nlp_skipped_reason="language")
    panel.set_entities(ex.entities, True, skipped=skipped_message(ex))
    assert panel.stack.currentWidget() is panel.stack.placeholder
    assert panel.stack.placeholder.text() == "No entity recognition for German articles."
    english = Extraction(language="en", entities=(Entity("JB Pritzker", "PERSON", ("JB Pritzker",), 1),))
    panel.set_entities(english.entities, True, skipped=skipped_message(english))
    assert panel.stack.currentWidget() is not panel.stack.placeholder
    panel.set_entities((), True, skipped=skipped_message(Extraction(language="en")))
    assert panel.stack.placeholder.text() == "No names found in this article."
