"""The dataset card: README.md beside the tables, saying what they hold and how they were made.

It opens with a YAML header in the Hugging Face dataset card convention (pretty_name, license,
tags, size_categories, and one config per table naming its parquet file), so that the folder
can be uploaded as a dataset repository as it is.

The card is published with the tables it counts, in the same generation (publish.py), so
that its row counts are always those of the tables beside it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

from . import __version__
from .export import TABLES

__all__ = ["dataset_card", "yaml_header", "CARD"]

CARD = "README.md"

_WHAT = {
    "posts": "one row per blog post: where it came from, title, author, date, categories, the body "
             "without boilerplate (and its blocks), counts",
    "comments": "one row per comment found in the page's static HTML, threaded (parent, depth), with the "
                "exercises, muscles, equipment and conditions it mentions and whether it asks a question "
                "the post's author answered",
    "exercises": "one row per exercise named in a post body or a comment: canonical name (or the name as "
                 "written, when the lexicon lacks it), how it was recognised (matched_by), category, the "
                 "target muscles the text states and the lexicon's usual ones (apart), equipment, dose as "
                 "written (sets, reps, hold, duration, per side, frequency, load) and the sentence it came from",
    "themes": "comment-thread themes: per thread of 10 or more comments, and across all comments of the run",
    "comment_themes": "which comment belongs to which theme, with a score",
    "errors": "inputs that could not be used (severity 'error') or were used with a caveat ('warning'), "
              "one line each naming the file and the problem",
}

_LIMITS = """\
- Comments are those in the page's static HTML. Pages whose comments a script loads (Disqus and
  the like) have none here; `posts.comment_widget` names the widget.
- Exercises and doses come from rules and lexicons (`pipeline/lexicon/`), not from a trained
  model. An exercise the lexicon lacks is found only where the layout shows it (a name line over
  its instructions or dose, a list item with a dose) or its name reads as a movement in prose;
  it keeps the name as written (`matched_by` 'layout', category null). An exercise only described,
  never named, is usually missed, and a dose written in an unusual way may be. Nothing is
  invented: where the text gives no dose, the dose fields are null.
- Themes are found by seeded NMF over TF-IDF of the comments (`pipeline/themes.py`); labels come
  from a small vocabulary of concepts or from a theme's top terms, and are for orientation, not
  for counting.
- Commenters are people: their display names and words are personal data (see the
  `personal_data` flags in `datapackage.json`). Share pseudonymised tables (`--pseudonymize`)
  unless you need the names.
"""


# Hugging Face's size buckets: (upper bound of rows, name)
_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
          (10_000_000, "1M<n<10M"))
TAGS = ("running", "physical-therapy", "exercise", "blogs", "comments")


def size_category(rows: int) -> str:
    return next((name for bound, name in _SIZES if rows < bound), "n>10M")


def yaml_header(counts: Mapping[str, int]) -> list[str]:
    """The card's YAML front matter (Hugging Face dataset card metadata), as lines ending with
    the closing ``---`` and a blank line; sized by the exercises table, the one most read."""
    lines = ["---", "pretty_name: blogrx dataset", "license: other",
             "license_details: The posts and comments quoted remain their authors' and the sites', under "
             "the sites' own terms; see Limits.",
             "tags:", *(f"  - {tag}" for tag in TAGS),
             "size_categories:", f"  - {size_category(counts.get('exercises', 0))}",
             "configs:"]
    for i, name in enumerate(TABLES):
        lines += [f"  - config_name: {name}", f"    data_files: {name}.parquet"]
        if name == "exercises":   # the table most read opens first
            lines.append("    default: true")
    return lines + ["---", ""]


def dataset_card(counts: Mapping[str, int], *, files: int, inputs: Sequence[str], seconds: float,
                 pseudonymized: bool) -> bytes:
    """The README.md that travels with the tables, as UTF-8 bytes: ``counts`` are the tables' rows,
    ``files`` the number of input files read from ``inputs`` (as the run was given them) in
    ``seconds``; ``pseudonymized`` says whether commenters' names were replaced."""
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    lines = [
        *yaml_header(counts),
        "# blogrx dataset",
        "",
        f"Made by blogrx {__version__} on {when} from {files} input file(s) "
        f"({', '.join(f'`{i}`' for i in inputs)}), in {seconds:.1f} s.",
        f"Commenter names: {'pseudonymised: keyed hashes (HMAC-SHA256, the key kept beside this folder, not in it) replace each commenter’s name, first name, name parts and @-mentions in the author column and in every comment, title and body; the post author keeps their name; names of people who never commented on the post, nicknames and misspellings stay' if pseudonymized else 'as shown on the pages'}.",
        "",
        "## Tables",
        "",
        "| table | rows | what a row is |",
        "|---|---:|---|",
    ]
    lines += [f"| `{name}.parquet` | {counts.get(name, 0):,} | {_WHAT.get(name, '')} |" for name in TABLES]
    lines += ["", "Every column, with its type, meaning and whether it holds personal data, is in "
              "`datapackage.json`. Read them with pandas: `pd.read_parquet(\"posts.parquet\")`.", ""]
    for name, columns in TABLES.items():
        lines += [f"### {name}", ""]
        lines += [f"- `{c.name}`{' (personal data)' if c.personal else ''}: {c.description}" for c in columns]
        lines.append("")
    lines += ["## How it was made", "",
              "Saved pages (or WARC records) were cleaned (boilerplate removed, comments threaded), "
              "exercises were extracted with a rule-based spaCy pipeline (`spacy.blank(\"en\")` and the "
              "lexicons), and comment themes were fitted; see the blogrx README.", "",
              "## Limits", "", _LIMITS]
    return "\n".join(lines).encode("utf-8")
