"""TF-IDF cosine similarity between each completion's answer and its own row's reference answer."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, Literal

from tourism_grpo.rewards.text import R1_FORMAT, AnswerFormat, Completion, answers_of

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

TfidfMode = Literal["corpus", "group"]


@cache
def german_stop_words() -> tuple[str, ...]:
    """German stop words shipped by the `stop-words` package (no download at run time)."""
    from stop_words import get_stop_words

    return tuple(sorted(get_stop_words("german")))


def make_vectorizer(sublinear_tf: bool = True, binary: bool = False) -> TfidfVectorizer:
    """An unfitted vectoriser with German stop words, the one both modes tokenise with."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(stop_words=list(german_stop_words()), sublinear_tf=sublinear_tf, binary=binary)


@dataclass
class CorpusIdf:
    """IDF fitted once on the training answers, so a score means the same at every step."""

    vectorizer: TfidfVectorizer
    n_documents: int
    documents: Sequence[str] = ()
    _idf: dict[str, float] = field(init=False, repr=False)
    _oov_idf: float = field(init=False, repr=False)
    _analyze: Callable[[str], list[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Index the fitted IDF by term."""
        self._idf = dict(zip(self.vectorizer.get_feature_names_out(), self.vectorizer.idf_.tolist(), strict=True))
        # A term no training answer holds gets the smooth IDF of document frequency 0: the corpus-fitted
        # vocabulary would otherwise drop it, and padding an answer with unseen words would cost nothing.
        self._oov_idf = math.log(1 + self.n_documents) + 1
        self._analyze = self.vectorizer.build_analyzer()

    @classmethod
    def fit(cls, answers: Iterable[str], sublinear_tf: bool = True, binary: bool = False) -> CorpusIdf:
        """Fit on the training answers; raises ValueError when they hold no word but stop words."""
        documents = [a for a in answers if a]
        return cls(make_vectorizer(sublinear_tf, binary).fit(documents), len(documents), tuple(documents))

    def _tf(self, count: int) -> float:
        """Term frequency weight as sklearn computes it (binary first, then sublinear)."""
        if self.vectorizer.binary:
            return 1.0
        return 1 + math.log(count) if self.vectorizer.sublinear_tf else float(count)

    def vector(self, text: str) -> dict[str, float]:
        """L2-normalised TF-IDF weights of a text's terms, unseen terms included."""
        weights = {
            term: self._tf(count) * self._idf.get(term, self._oov_idf)
            for term, count in Counter(self._analyze(text)).items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {term: w / norm for term, w in weights.items()} if norm else {}

    @cached_property
    def centroid(self) -> dict[str, float]:
        """The L2-normalised mean of the training answers' vectors: what a generic answer looks like."""
        total: Counter[str] = Counter()
        for document in self.documents:
            total.update(self.vector(document))
        norm = math.sqrt(sum(w * w for w in total.values()))
        return {term: w / norm for term, w in total.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two normalised sparse vectors."""
    if len(b) < len(a):
        a, b = b, a
    return sum((w * b.get(term, 0.0) for term, w in a.items()), 0.0)


def group_similarity(
    reference: str, answers: Sequence[str], sublinear_tf: bool = True, binary: bool = False
) -> list[float]:
    """The original formula: a vectoriser fitted on the reference and one prompt's answers."""
    try:
        matrix = make_vectorizer(sublinear_tf, binary).fit_transform([reference, *answers])
    except ValueError:  # empty vocabulary: every text is empty or stop words only
        return [0.0] * len(answers)
    return (matrix[1:] @ matrix[0].T).toarray().ravel().tolist()


def tfidf_similarity(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    *,
    answer: Sequence[str | None],
    mode: TfidfMode = "corpus",
    idf: CorpusIdf | None = None,
    sublinear_tf: bool = True,
    binary: bool = False,
    specificity: float = 0.0,
    answer_format: AnswerFormat = R1_FORMAT,
    **kwargs: Any,
) -> list[float | None]:
    """Cosine similarity of each answer to its row's reference (TF options are group mode's; idf has its own).

    Corpus mode with `specificity` s > 0 subtracts s times the answer's similarity to the average training answer:
    words that every reference shares then pay little, so one generic answer to every question stops paying (a
    model that cannot yet read the question otherwise learns exactly that answer).
    """
    answers = answers_of(completions, answer_format)
    scores: list[float | None] = [None] * len(answers)
    if mode == "group":
        # TRL's call holds several prompt groups, in any order: group rows by prompt and reference.
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, (prompt, reference) in enumerate(zip(prompts, answer, strict=True)):
            if reference is not None:
                groups[repr(prompt), reference].append(i)
        for (_, reference), rows in groups.items():
            for i, score in zip(
                rows, group_similarity(reference, [answers[i] for i in rows], sublinear_tf, binary), strict=True
            ):
                scores[i] = score
        return scores
    if idf is None:
        raise ValueError("corpus mode needs a CorpusIdf fitted on the training answers")
    references = {ref: idf.vector(ref) for ref in set(answer) if ref is not None}
    for i, (text, reference) in enumerate(zip(answers, answer, strict=True)):
        if reference is not None:
            vector = idf.vector(text)
            scores[i] = _cosine(vector, references[reference])
            if specificity:
                scores[i] -= specificity * _cosine(vector, idf.centroid)
    return scores
