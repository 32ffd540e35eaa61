"""scikit-learn's TfidfVectorizer over terms already read, without its per-call checks.

One promise: :class:`Tfidf` gives the same matrices, bit for bit (values, and their order in
each row), and the same terms, as
``TfidfVectorizer(analyzer=lambda terms: terms, min_df=min_df, max_df=max_df, sublinear_tf=True)``
(its other settings left at their defaults: idf smoothed, rows to unit length) gives with
``fit_transform`` and ``transform``, and raises ``ValueError`` where it does (no term at all,
or none left within ``min_df`` and ``max_df``); ``tests/themes/test_tfidf.py`` holds it to that
on every thread of the corpus.  It runs the same steps on the same operands in the same order:
counts in a CSR matrix of float64, the terms kept by document frequency, columns renumbered in
the terms' order, then ``log(tf) + 1`` times the idf and each row scaled by scikit-learn's own
kernel.

Why: the themes fit one model per comment thread, and on a thread of a few dozen comments the
vectorizer's checks (of its parameters, of each matrix, for data frames) cost about as much as
counting the words.  The themes hand it each comment's terms, read once (themes.Reading).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

__all__ = ["Tfidf"]


class Tfidf:
    """TF-IDF of documents given as sequences of terms; ``min_df`` a count of documents,
    ``max_df`` a fraction of them."""

    def __init__(self, min_df: int = 1, max_df: float = 1.0) -> None:
        self.min_df, self.max_df = min_df, max_df
        self.vocabulary: dict[str, int] = {}
        self.idf: np.ndarray | None = None
        self._fitted: tuple[list[Sequence[str]], sp.csr_matrix] | None = None   # the documents and their counts

    def fit_transform(self, documents: Iterable[Sequence[str]]) -> sp.csr_matrix:
        """Learn the terms and their idf from the documents; their TF-IDF rows."""
        documents = list(documents)
        counts, vocabulary = _counts(documents, None)
        n_doc = counts.shape[0]
        max_count, min_count = self.max_df * n_doc, self.min_df
        if max_count < min_count:
            raise ValueError("max_df corresponds to < documents than min_df")
        counts = _kept(counts, vocabulary, max_count, min_count)
        counts = _sorted_terms(counts, vocabulary)
        self.vocabulary = vocabulary
        df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64, copy=False)
        df += 1.0
        idf = np.full_like(df, fill_value=n_doc + 1, dtype=np.float64)
        idf /= df
        np.log(idf, out=idf)
        idf += 1.0
        self.idf = idf
        # the counts transform would make of these documents: the same, each row in column order
        fitted = counts.sorted_indices()
        fitted.indices = fitted.indices.astype(np.int32, copy=False)
        self._fitted = documents, fitted
        return self._weighted(counts)

    def transform(self, documents: Iterable[Sequence[str]]) -> sp.csr_matrix:
        """TF-IDF rows of documents, over the terms learnt (other terms ignored).  The documents
        fitted (a thread's comments are fitted and then placed) are not counted again."""
        documents = list(documents)
        if self._fitted is not None and documents == self._fitted[0]:
            return self._weighted(self._fitted[1].copy())
        counts, _ = _counts(documents, self.vocabulary)
        return self._weighted(counts)

    def terms(self) -> list[str]:
        """The terms, in column order (the vectorizer's ``get_feature_names_out``)."""
        return sorted(self.vocabulary, key=self.vocabulary.__getitem__)

    def _weighted(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

        np.log(counts.data, counts.data)
        counts.data += 1.0
        counts.data *= self.idf[counts.indices]
        inplace_csr_row_normalize_l2(counts)
        return counts


def _counts(documents: Iterable[Sequence[str]], fixed: dict[str, int] | None) -> tuple[sp.csr_matrix, dict[str, int]]:
    """The count matrix (CountVectorizer._count_vocab): terms numbered as first seen, or by ``fixed``."""
    vocabulary: dict[str, int] = {} if fixed is None else fixed
    columns: list[int] = []
    values = array("i")
    indptr = [0]
    for terms in documents:
        counter: dict[int, int] = {}
        for term in terms:
            column = vocabulary.get(term)
            if column is None:
                if fixed is not None:
                    continue
                column = vocabulary[term] = len(vocabulary)
            counter[column] = counter.get(column, 0) + 1
        columns.extend(counter.keys())
        values.extend(counter.values())
        indptr.append(len(columns))
    if fixed is None and not vocabulary:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    matrix = sp.csr_array((np.frombuffer(values, dtype=np.intc), np.asarray(columns, dtype=np.int32),
                           np.asarray(indptr, dtype=np.int32)), shape=(len(indptr) - 1, len(vocabulary)),
                          dtype=np.float64)
    matrix.sort_indices()
    return sp.csr_matrix(matrix), vocabulary


def _kept(counts: sp.csr_matrix, vocabulary: dict[str, int], high: float, low: int) -> sp.csr_matrix:
    """The columns of terms in at least ``low`` and at most ``high`` documents (_limit_features);
    ``vocabulary`` renumbered to match."""
    dfs = np.bincount(counts.indices, minlength=counts.shape[1])
    mask = (dfs <= high) & (dfs >= low)
    new_indices = np.cumsum(mask) - 1
    for term, old in list(vocabulary.items()):
        if mask[old]:
            vocabulary[term] = new_indices[old]
        else:
            del vocabulary[term]
    kept = np.where(mask)[0]
    if len(kept) == 0:
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    return counts[:, kept]


def _sorted_terms(counts: sp.csr_matrix, vocabulary: dict[str, int]) -> sp.csr_matrix:
    """Columns renumbered in the terms' order (_sort_features); the rows' order is left as it is."""
    ordered = sorted(vocabulary.items())
    renumber = np.empty(len(ordered), dtype=counts.indices.dtype)
    for new, (term, old) in enumerate(ordered):
        vocabulary[term] = new
        renumber[old] = new
    counts.indices = renumber.take(counts.indices, mode="clip")
    return counts
