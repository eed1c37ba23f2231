"""What a small batch costs once the store is big: ten new articles added to a store of 2,000 (made from the samples),
linked and compared, against linking the whole store from nothing.

The link stage scores only the new articles and reads whole texts and annotations only of them; records are
rebuilt from every article's kept LinkDoc and ArticleFacts (small records, still read for every article). The
compare stage re-reads every annotation.

Prints, last: ``incremental store=… batch=… link_full_s=… link_batch_s=… compare_batch_s=… scored=…``
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT  # noqa: E402
from ingest import make_corpus  # noqa: E402

from storyline.annotate import annotate_stored  # noqa: E402
from storyline.compare.pipeline import compare_stored  # noqa: E402
from storyline.config import Settings  # noqa: E402
from storyline.ingest import ingest  # noqa: E402
from storyline.link.pipeline import link_stored  # noqa: E402
from storyline.scale import ProcessMapper  # noqa: E402
from storyline.store import Store  # noqa: E402

BATCH = 10


def timed(step, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = step(*args)
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="articles in the store before the batch")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(ROOT / "samples", Path(tmp) / "corpus", args.count + BATCH)
        batch = Path(tmp) / "batch"
        batch.mkdir()
        for kind, folder in sorted(corpus.items()):  # the last files of each kind arrive later
            for path in sorted(folder.iterdir())[-BATCH // 2 :]:
                path.rename(batch / path.name)
        settings = Settings(db_url=f"sqlite:///{Path(tmp) / 'store.db'}")
        store = Store(settings.db_url)
        workers = ProcessMapper(2)
        try:
            list(ingest(list(corpus.values()), store, settings, workers))
            list(annotate_stored(store, settings, workers))
        finally:
            workers.close()
        _, full_s = timed(link_stored, store, settings)
        compare_stored(store)
        list(ingest([batch], store, settings))
        list(annotate_stored(store, settings))
        linked, link_s = timed(link_stored, store, settings)
        _, compare_s = timed(compare_stored, store)
        size = store.counts()["articles"]
        store.close()
    print(f"store of {size - BATCH} articles: link from nothing {full_s:.2f} s; a batch of {BATCH}: link {link_s:.2f} s")
    print(
        f"incremental store={size - BATCH} batch={BATCH} link_full_s={full_s:.2f} link_batch_s={link_s:.2f} "
        f"compare_batch_s={compare_s:.2f} scored={linked.scored}"
    )


if __name__ == "__main__":
    main()
