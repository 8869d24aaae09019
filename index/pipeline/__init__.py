"""The indexing pipeline: what happens to a file between the disk and the search index.

* ``scan``: walk the archive's folders; which files are candidates, which changed, which left.
* ``read``: read new and changed files into articles, in worker processes (``workers``), reusing
  cached extractions and (by default) extracting the rest on the spot.
* ``extraction``: the extraction stage of its own: quotes, posts and entities of stored articles
  whose extraction is missing or older than ``EXTRACTOR_VERSION``, written after the articles.
* ``run``: an indexing run: scan, read, write Whoosh and the store in batches, progress, cancel.
* ``rebuild``: recreate the Whoosh index from the store, swapped in crash-safely.
* ``agreement``: keep Whoosh and the store holding the same articles, and recover interrupted swaps.
* ``writers``: the Whoosh writers of both indexes, committed together; ``faults``: the hook that
  tests use to crash the pipeline at each write or rename.
"""
