"""Counting n-grams for the classifier's TF-IDF blocks: the matrices of a fitted ``TfidfVectorizer``, faster.

scikit-learn's vectorizers run a Python analyzer over every document and look every n-gram up one at a time.
Here a batch of documents is split once, its tokens become integer ids by dict lookups that ``map`` runs in C,
and the n-grams are found with numpy: a word n-gram is a chain of token ids looked up level by level in sorted
arrays. The character n-grams of a word are computed once and remembered by the caller. The counts then get sublinear tf, idf and l2 normalisation with the very operations of
``TfidfTransformer.transform``, so the result is the same float32 matrix, bit for bit.

No file or database access.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2


def count_matrix(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    """Occurrences (document row, vocabulary column) -> float32 counts, sorted columns (CountVectorizer's form)."""
    counts = sparse.csr_matrix((np.ones(len(columns), dtype=np.float32), (rows, columns)), shape=shape)
    counts.sum_duplicates()
    return counts


def tfidf(counts: sparse.csr_matrix, vec: TfidfVectorizer) -> sparse.csr_matrix:
    """Sublinear tf, idf and norm of a count matrix: the operations of ``TfidfTransformer.transform``, in place."""
    if vec.sublinear_tf:
        np.log(counts.data, counts.data)
        counts.data += 1.0
    if vec.use_idf:
        counts.data *= vec.idf_[counts.indices]
    if vec.norm == "l2":  # what normalize() runs for a CSR matrix, without its checks of the input
        inplace_csr_row_normalize_l2(counts)
        return counts
    return normalize(counts, norm=vec.norm, copy=False) if vec.norm is not None else counts


def char_wb_ids(word: str, ngram_range: tuple[int, int], vocabulary: dict[str, int]) -> tuple[int, ...]:
    """Vocabulary columns of the n-grams of one space-padded word, as sklearn's ``_char_wb_ngrams`` cuts them
    (a word shorter than the n-gram counts once, whole)."""
    w = f" {word} "
    low, high = ngram_range
    grams = []
    for n in range(low, high + 1):
        grams.extend(w[i : i + n] for i in range(max(len(w) - n, 0) + 1))
        if len(w) <= n:
            break
    return tuple(i for i in map(vocabulary.get, grams) if i is not None)


def char_wb_counts(docs: Sequence[str], vec: TfidfVectorizer, known: dict[str, tuple[int, ...]],
                   n_features: int) -> sparse.csr_matrix:
    """The ``char_wb`` n-gram counts of ``docs`` (float32, sorted columns); ``known`` remembers words' columns.

    The vectorizer lower-cases a document and splits it at whitespace (it first turns runs of whitespace into
    one space, which does not change the split). A plain loop that extends a list with each word's remembered
    columns measured faster than mapping words to ids with numpy.
    """
    columns: list[int] = []
    indptr = [0]
    get = known.get
    for doc in docs:
        for word in doc.lower().split():
            found = get(word)
            if found is None:
                found = known[word] = char_wb_ids(word, vec.ngram_range, vec.vocabulary_)
            columns += found
        indptr.append(len(columns))
    counts = sparse.csr_matrix((np.ones(len(columns), dtype=np.float32), np.asarray(columns, dtype=np.int32),
                                np.asarray(indptr, dtype=np.int64)), shape=(len(docs), n_features))
    counts.sum_duplicates()
    return counts


class WordNgramIndex:
    """The vocabulary of a word n-gram vectorizer (``\\S+`` tokens, as the vectorizer splits) as integer tables.

    Level 1 maps a token id to its unigram column; level k > 1 maps (prefix id of level k-1, token id) codes,
    kept sorted, to a prefix id of level k, and that prefix id to the column of the k-gram (-1: only a prefix).
    """

    def __init__(self, terms: Sequence[str]):
        self.tokens: dict[str, int] = {}
        split = [term.split(" ") for term in terms]
        for parts in split:
            for token in parts:
                self.tokens.setdefault(token, len(self.tokens))
        size = self.size = max(len(self.tokens), 1)
        prefixes: list[dict[int, int]] = [{}]  # level k >= 2: code -> prefix id
        columns: list[dict[int, int]] = [{}]  # level k: prefix id -> column
        for col, parts in enumerate(split):
            prefix = self.tokens[parts[0]]
            for k, token in enumerate(parts[1:], start=1):
                if len(prefixes) <= k:
                    prefixes.append({})
                    columns.append({})
                level = prefixes[k]
                prefix = level.setdefault(prefix * size + self.tokens[token], len(level))
            columns[len(parts) - 1][prefix] = col
        self.levels = []  # per level: (sorted codes, their prefix ids, column per prefix id)
        for k, (level, cols) in enumerate(zip(prefixes, columns)):
            width = len(self.tokens) if k == 0 else len(level)
            column = np.full(width, -1, dtype=np.int64)
            column[list(cols)] = list(cols.values())
            codes = np.asarray(sorted(level), dtype=np.int64)
            self.levels.append((codes, np.asarray([level[c] for c in codes.tolist()], dtype=np.int64), column))

    def occurrences(self, docs: Sequence[str], ngram_range: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every n-gram of ``docs`` in the vocabulary (n in ``ngram_range``)."""
        tokens = [d.split() for d in docs]
        flat = list(chain.from_iterable(tokens))
        ids = np.fromiter(map(self.tokens.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        rows = np.repeat(np.arange(len(docs)), [len(t) for t in tokens])
        low, high = ngram_range
        out_rows, out_cols, prefix = [], [], ids
        for n in range(1, min(high, len(self.levels)) + 1):
            codes, prefix_ids, column = self.levels[n - 1]
            if n > 1:  # extend the (n-1)-gram starting at i by token i+n-1 of the same document
                nxt = ids[n - 1 :]
                cur = prefix[: len(nxt)]
                ok = np.flatnonzero((cur >= 0) & (nxt >= 0) & (rows[n - 1 :] == rows[: len(nxt)]))
                code = cur[ok] * self.size + nxt[ok]
                at = np.minimum(np.searchsorted(codes, code), max(len(codes) - 1, 0))
                hit = codes[at] == code if len(codes) else np.zeros(len(code), dtype=bool)
                prefix = np.full(len(nxt), -1, dtype=np.int64)
                prefix[ok[hit]] = prefix_ids[at[hit]]
            if n >= low:
                where = np.flatnonzero(prefix >= 0)
                cols = column[prefix[where]]
                keep = cols >= 0
                out_rows.append(rows[where[keep]])
                out_cols.append(cols[keep])
        if not out_rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(out_rows), np.concatenate(out_cols)
