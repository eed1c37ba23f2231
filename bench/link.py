"""Event-linking speed on synthetic streams: does the cost per article stay flat as the corpus grows?

Generates articles the way a news stream looks to the linker: many events, each reported by a few outlets in
different words (paraphrase noise drawn from a Zipf-distributed vocabulary), events grouped into topics that share
words and names (look-alike events: the same actor, another date, place and numbers). Each article becomes a
LinkDoc through ``link_doc`` (text only, no annotation); the stream is added to an EventLinker in batches, as it
would arrive. Prints, last: ``link ms_per_article_10k=… ms_per_article_50k=… peak_rss_mb_50k=…``
(linking time only; building the LinkDocs is printed on its own line).
"""

from __future__ import annotations

import argparse
import itertools
import logging
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import peak_rss_mb  # noqa: E402

from storyline.link.events import EventLinker, LinkSettings  # noqa: E402
from storyline.link.features import LinkDoc, link_doc  # noqa: E402
from storyline.model import Article  # noqa: E402

BATCH = 500
VOCABULARY = 20_000
ARTICLES_PER_EVENT = (1, 6)
EVENTS_PER_TOPIC = 6
WORDS_PER_ARTICLE = (120, 300)
ZIPF_HEAD = 300
SEED = 7


@dataclass(frozen=True)
class Event:
    topic: int
    words: tuple[str, ...]  # what this event's reports say, beyond the topic
    names: tuple[str, ...]
    numbers: tuple[str, ...]
    date: str


def syllable_word(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(length))


class Stream:
    """A deterministic stream of synthetic articles."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = [syllable_word(self.rng, 2 + i % 3) for i in range(VOCABULARY)]
        # the head of a real Zipf curve is function words, which the stop-word list removes: start past it
        self.cumulative = list(itertools.accumulate(1.0 / (rank + ZIPF_HEAD) for rank in range(VOCABULARY)))

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=k)

    def topic(self, topic: int) -> list[Event]:
        rng = self.rng
        topic_words = self.words(15)
        topic_names = [syllable_word(rng, 3).capitalize() for _ in range(3)]
        events = []
        for _ in range(EVENTS_PER_TOPIC):
            events.append(
                Event(
                    topic=topic,
                    words=tuple(topic_words[:8] + self.words(10)),
                    names=tuple(topic_names[:2] + [syllable_word(rng, 3).capitalize() for _ in range(3)]),
                    numbers=tuple(str(rng.randint(10, 9999)) for _ in range(2)),
                    date=f"{rng.choice(['January', 'March', 'June', 'October'])} {rng.randint(1, 28)}, {rng.randint(2015, 2025)}",
                )
            )
        return events

    def article(self, event: Event, number: int) -> Article:
        rng = self.rng
        sentences = []
        for _ in range(rng.randint(*WORDS_PER_ARTICLE) // 15):
            said = rng.sample(event.words, 4) + self.words(9)
            said.insert(rng.randrange(len(said)), rng.choice(event.names))
            if rng.random() < 0.3:
                said.append(rng.choice(event.numbers))
            sentences.append(" ".join(said).capitalize() + ".")
        title = f"{event.names[2]} {' '.join(rng.sample(event.words, 3))} on {event.date}"
        text = title + "\n" + " ".join(sentences)
        return Article(id=f"a{number:06d}", source="synthetic", text=text, title=title)

    def articles(self, n: int) -> list[Article]:
        out: list[Article] = []
        topic = 0
        while len(out) < n:
            for event in self.topic(topic):
                for _ in range(self.rng.randint(*ARTICLES_PER_EVENT)):
                    out.append(self.article(event, len(out)))
            topic += 1
        out = out[:n]
        self.rng.shuffle(out)  # outlets publish in no particular order
        return out


def run(n: int, scorer: str = "rules") -> tuple[float, float, int]:
    """(ms per article for link_doc, ms per article for linking, events) for a stream of n articles."""
    articles = Stream().articles(n)
    start = time.perf_counter()
    docs: list[LinkDoc] = [link_doc(article) for article in articles]
    features_ms = (time.perf_counter() - start) * 1000 / n
    del articles
    linker = EventLinker(LinkSettings(scorer=scorer))
    start = time.perf_counter()
    for i in range(0, n, BATCH):
        linker.add(docs[i : i + BATCH])
    link_ms = (time.perf_counter() - start) * 1000 / n
    return features_ms, link_ms, len(set(linker.assignments().values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000", help="stream sizes, the first and last are reported")
    parser.add_argument("--scorer", default="rules", help="the linker's pair scorer: rules or learned")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    sizes = [int(s) for s in args.sizes.split(",")]
    link_ms = {}
    for n in sizes:
        features_ms, link_ms[n], events = run(n, args.scorer)
        print(f"n={n} link_doc_ms_per_article={features_ms:.2f} link_ms_per_article={link_ms[n]:.2f} events={events} "
              f"peak_rss_mb={peak_rss_mb():.0f}")
    small, large = sizes[0], sizes[-1]
    print(f"link ms_per_article_{small // 1000}k={link_ms[small]:.2f} ms_per_article_{large // 1000}k={link_ms[large]:.2f} "
          f"peak_rss_mb_{large // 1000}k={peak_rss_mb():.0f}")


if __name__ == "__main__":
    main()
