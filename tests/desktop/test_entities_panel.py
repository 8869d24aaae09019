"""The Entities panel says why an article has no entities when no model serves its language."""

from __future__ import annotations

from PySide6.QtCore import Qt

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


def test_the_panel_shows_canonical_names_with_archive_counts_and_aliases(qtbot) -> None:  # type: ignore[no-untyped-def]
    from index.store.entities import ArchiveEntity

    trump = ArchiveEntity(1, "Donald Trump", "PERSON", 39, 120, (("Trump", 29), ("President Trump", 8),
                                                                  ("Donald J. Trump", 2)))
    ap = ArchiveEntity(2, "Associated Press", "ORG", 16, 20, (("AP", 13),))
    entities = (Entity("Trump", "PERSON", ("Trump", "Mr. Trump"), 5), Entity("Trump", "ORG", ("Trump",), 2),
                Entity("AP", "ORG", ("AP",), 1), Entity("Springfield", "PLACE", ("Springfield",), 1))
    archive = {("PERSON", "Trump"): trump, ("ORG", "Trump"): trump, ("ORG", "AP"): ap}
    panel = EntitiesPanel()
    qtbot.addWidget(panel)
    panel.set_entities(entities, True, archive=archive)
    # One person under the archive's name (the ORG "Trump" of this article is him too); AP is the Associated Press.
    assert panel.model.groups() == {"PERSON": ["Donald Trump"], "ORG": ["Associated Press"], "PLACE": ["Springfield"]}
    row = panel.index_of("Donald Trump")
    mentions, articles = row.siblingAtColumn(1), row.siblingAtColumn(2)
    assert mentions.data() == "7" and articles.data() == "39"
    tip = row.data(Qt.ItemDataRole.ToolTipRole)
    assert "Named in 39 articles of the archive" in tip and "President Trump (8)" in tip and "Mr. Trump" in tip
    assert [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["Name", "Mentions", "Articles"]
    assert panel.index_of("Springfield").siblingAtColumn(2).data() == ""  # not in the table: no count
    assert panel.menu_for(row).actions()[0].text() == "Show all articles that mention Donald Trump"
