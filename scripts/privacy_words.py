"""Write the everyday words of the corpus into pipeline/lexicon/privacy.json ("everyday_words").

    python scripts/privacy_words.py [../shared/corpus/html]

A word is everyday when the corpus's post bodies and comments write it in lower case on at
least MIN_PAGES pages, and in lower case at least as often as capitalised inside a sentence
(which is how a name is written).  ``--pseudonymize`` then treats a commenter called by such a
word ("Salt", "Hope") as it treats "Mark": replaced where the word reads as a name, not
wherever it stands.  Only the words are kept, never a text.  Re-running replaces the list.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.clean import clean  # noqa: E402
from pipeline.errors import PipelineError  # noqa: E402
from pipeline.records import RawPage  # noqa: E402

WORDS_FILE = REPO / "pipeline" / "lexicon" / "privacy.json"
MIN_PAGES = 3
_LOWER = re.compile(r"(?<![\w'’])[a-z]{2,}(?![\w'’])")
_CAPITALISED_INSIDE = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+(?![\w'’])")


def main(corpus: Path) -> int:
    pages: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.name.endswith((".html", ".html.gz"))):
        content = path.read_bytes()
        if path.name.endswith(".gz"):
            content = gzip.decompress(content)
        try:
            post = clean(RawPage(str(path), content, None, None, None))
        except PipelineError:
            continue
        text = "\n".join([post.body_text, *(c.text for c in post.comments)])
        words = _LOWER.findall(text)
        pages.update(set(words))
        lower.update(words)
        capitalised.update(w.lower() for w in _CAPITALISED_INSIDE.findall(text))
    everyday = sorted(w for w, n in pages.items() if n >= MIN_PAGES and lower[w] >= capitalised[w])
    data = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    data["everyday_words"] = everyday
    WORDS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(everyday)} everyday words from {corpus} -> {WORDS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpus" / "html"))
