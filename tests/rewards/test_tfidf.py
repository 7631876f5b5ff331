"""TF-IDF similarity: each completion against its own row, in both modes, checked against sklearn directly."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from tourism_grpo.rewards.text import answers_of, format_completion
from tourism_grpo.rewards.tfidf import CorpusIdf, german_stop_words, tfidf_similarity

from .samples import QA, TRAIN_ANSWERS, make_batch


def original_reward(prompts: list, completions: list, answer: list) -> list[float]:
    """The seed's tfidf_similarity_reward_func, translation errors fixed, scoring the answer parts."""
    responses = answers_of(completions)
    target_answer = answer[0]
    vectorizer = TfidfVectorizer(stop_words=list(german_stop_words()))
    tfidf_matrix = vectorizer.fit_transform([target_answer, *responses])
    cosine_similarities = cosine_similarity(tfidf_matrix[0:1], tfidf_matrix[1:])
    return [float(sim) for sim in cosine_similarities[0]]


def sklearn_corpus_score(
    train: list[str], reference: str, text: str, sublinear_tf: bool = True, binary: bool = False
) -> float:
    """Cosine of sklearn's raw TF-IDF vectors, with terms unseen in training weighted at document frequency 0."""
    raw = TfidfVectorizer(
        stop_words=list(german_stop_words()), sublinear_tf=sublinear_tf, binary=binary, norm=None
    ).fit(train)
    names = raw.get_feature_names_out()
    oov_idf = math.log(1 + len(train)) + 1

    def weights(s: str) -> dict[str, float]:
        """Raw TF-IDF weights of one text, unseen terms included."""
        row = raw.transform([s])
        unseen = Counter(term for term in raw.build_analyzer()(s) if term not in raw.vocabulary_)
        return {names[j]: v for j, v in zip(row.indices, row.data, strict=True)} | {
            term: (1 if binary else 1 + math.log(count) if sublinear_tf else count) * oov_idf
            for term, count in unseen.items()
        }

    a, b = weights(reference), weights(text)
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norms = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norms if norms else 0.0


@pytest.fixture(scope="module")
def idf() -> CorpusIdf:
    """Corpus IDF over the sample training answers."""
    return CorpusIdf.fit(TRAIN_ANSWERS)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("conversational", [True, False])
def test_group_mode_matches_sklearn_per_row(seed: int, conversational: bool) -> None:
    batch = make_batch(seed, conversational)
    scores = tfidf_similarity(batch.prompts, batch.completions, mode="group", sublinear_tf=False, **batch.columns)
    answers = answers_of(batch.completions)
    for i, (reference, score) in enumerate(zip(batch.columns["answer"], scores, strict=True)):
        group = [j for j, r in enumerate(batch.columns["answer"]) if r == reference]
        matrix = TfidfVectorizer(stop_words=list(german_stop_words())).fit_transform(
            [reference, *(answers[j] for j in group)]
        )
        expected = cosine_similarity(matrix[0:1], matrix[1 + group.index(i)])[0, 0]
        assert score == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("conversational", [True, False])
def test_one_group_per_call_equals_the_original(conversational: bool) -> None:
    for question, reference, texts in QA:
        batch = make_batch(0, conversational, qa=[(question, reference, texts)])
        ours = tfidf_similarity(batch.prompts, batch.completions, mode="group", sublinear_tf=False, **batch.columns)
        assert ours == pytest.approx(original_reward(batch.prompts, batch.completions, batch.columns["answer"]))


def test_the_original_is_wrong_for_several_groups() -> None:
    batch = make_batch(3)
    ours = tfidf_similarity(batch.prompts, batch.completions, mode="group", sublinear_tf=False, **batch.columns)
    assert ours != pytest.approx(original_reward(batch.prompts, batch.completions, batch.columns["answer"]))


@pytest.mark.parametrize(("seed", "sublinear_tf", "binary"), [(0, True, False), (1, False, False), (2, True, True)])
def test_corpus_mode_matches_sklearn_per_row(seed: int, sublinear_tf: bool, binary: bool) -> None:
    batch = make_batch(seed)
    idf = CorpusIdf.fit(TRAIN_ANSWERS, sublinear_tf, binary)
    scores = tfidf_similarity(batch.prompts, batch.completions, idf=idf, **batch.columns)
    for text, reference, score in zip(answers_of(batch.completions), batch.columns["answer"], scores, strict=True):
        expected = sklearn_corpus_score(TRAIN_ANSWERS, reference, text, sublinear_tf, binary)
        assert score == pytest.approx(expected, abs=1e-12)


def test_corpus_mode_in_vocabulary_equals_plain_sklearn(idf: CorpusIdf) -> None:
    reference = TRAIN_ANSWERS[0]
    text = TRAIN_ANSWERS[4] + " " + reference.split()[1]
    vectorizer = TfidfVectorizer(stop_words=list(german_stop_words()), sublinear_tf=True).fit(TRAIN_ANSWERS)
    expected = cosine_similarity(vectorizer.transform([reference]), vectorizer.transform([text]))[0, 0]
    assert tfidf_similarity([""], [format_completion("r", text)], answer=[reference], idf=idf)[0] == pytest.approx(
        expected
    )


def test_corpus_mode_scores_do_not_depend_on_the_batch(idf: CorpusIdf) -> None:
    batch = make_batch(0)
    alone = [
        tfidf_similarity([p], [c], answer=[a], idf=idf)[0]
        for p, c, a in zip(batch.prompts, batch.completions, batch.columns["answer"], strict=True)
    ]
    assert tfidf_similarity(batch.prompts, batch.completions, idf=idf, **batch.columns) == pytest.approx(alone)


def test_unseen_words_dilute_instead_of_vanishing(idf: CorpusIdf) -> None:
    reference = TRAIN_ANSWERS[0]
    clean = format_completion("r", reference)
    padded = format_completion("r", reference + " Quatschwort Blödsinnwort Unsinnwort")
    clean_score, padded_score = tfidf_similarity(["", ""], [clean, padded], answer=[reference] * 2, idf=idf)
    assert clean_score == pytest.approx(1.0)
    assert padded_score < clean_score


@pytest.mark.parametrize("mode", ["corpus", "group"])
@pytest.mark.parametrize(
    "answer_text",
    [
        "",  # empty completion
        None,  # only reasoning, never closed
        "und oder aber doch",  # stop words only
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",  # not German
        "Hallstatt im Juli. " * 2000,  # very long
    ],
)
def test_edge_cases_score_in_range(mode: str, answer_text: str | None, idf: CorpusIdf) -> None:
    completion = "Ich denke noch nach" if answer_text is None else format_completion("r", answer_text)
    [score] = tfidf_similarity([""], [completion], answer=[TRAIN_ANSWERS[0]], mode=mode, idf=idf)
    assert score is not None and 0.0 <= score <= 1.0 + 1e-9
    if not answer_text or answer_text == "und oder aber doch":
        assert score == 0.0


@pytest.mark.parametrize("mode", ["corpus", "group"])
def test_stop_word_only_reference_and_none_reference(mode: str, idf: CorpusIdf) -> None:
    completions = [format_completion("r", "und oder"), format_completion("r", "Hallstatt")]
    assert tfidf_similarity(["a", "b"], completions, answer=["und oder", None], mode=mode, idf=idf) == [0.0, None]


def test_corpus_mode_without_idf_raises() -> None:
    with pytest.raises(ValueError, match="CorpusIdf"):
        tfidf_similarity([""], [""], answer=["x"])


@pytest.mark.parametrize("mode", ["corpus", "group"])
def test_term_frequency_options_against_stuffing(mode: str) -> None:
    """Repeating a word of the reference drowns out the answer's other words: sublinear TF pays less for the first
    repeats, binary TF pays nothing."""
    reference = "In Hallstatt wird es im Juli tagsüber etwa 28 Grad warm."
    weak = "Das Wetter ist schön, 28 Grad."
    texts = [format_completion("r", weak), format_completion("r", weak + " Grad Grad")]

    def gain(sublinear: bool, binary: bool = False) -> float:
        """Score gained by the repeats."""
        idf = CorpusIdf.fit(TRAIN_ANSWERS, sublinear_tf=sublinear, binary=binary)
        before, after = tfidf_similarity(
            ["", ""], texts, answer=[reference] * 2, mode=mode, idf=idf, sublinear_tf=sublinear, binary=binary
        )
        return after - before

    assert gain(sublinear=False) > 0  # the hack the tiny model found
    assert 0 < gain(sublinear=True) < gain(sublinear=False)
    assert gain(sublinear=True, binary=True) == pytest.approx(0.0)


def test_specificity_takes_back_what_words_every_reference_shares() -> None:
    """A generic answer (the words all training answers use) beats a specific one on plain similarity, not with it."""
    train = [
        f"Das Zimmer kostet pro Nacht {price} Euro inklusive Frühstück, {place} liegt {where}."
        for price, place, where in [
            (80, "der Gasthof Adler", "am Hafen"),
            (95, "das Hotel Linde", "im Zentrum"),
            (120, "die Pension Seeblick", "direkt am Ufer"),
            (70, "das Haus Sonne", "am Waldrand"),
        ]
    ]
    reference = train[1]
    generic = format_completion("r", "Das Zimmer kostet pro Nacht Euro inklusive Frühstück.")
    specific = format_completion("r", "Linde.")
    idf = CorpusIdf.fit(train)

    def scores(specificity: float) -> list[float]:
        return tfidf_similarity(
            ["q", "q"], [generic, specific], answer=[reference] * 2, idf=idf, specificity=specificity
        )

    plain, adjusted = scores(0.0), scores(1.0)
    assert plain[0] > plain[1]
    assert adjusted[0] < adjusted[1]
    # exactly the plain similarity minus the similarity to the normalised mean of the training answers' vectors
    centroid = Counter()
    for text in train:
        centroid.update(idf.vector(text))
    norm = math.sqrt(sum(w * w for w in centroid.values()))
    for completion, before, after in zip((generic, specific), plain, adjusted, strict=True):
        vector = idf.vector(answers_of([completion])[0])
        to_centroid = sum(w * centroid.get(t, 0.0) / norm for t, w in vector.items())
        assert after == pytest.approx(before - to_centroid)
