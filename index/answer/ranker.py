"""The sentence reader's two learned models, trained by scripts/train_reader.py on question sets with known
answers and versioned beside this file in LightGBM's text format:

- reader_model.txt ranks the sentences of one question (LambdaRank over features.FEATURES);
- says_model.txt tells from the best sentences (features.SAYS_FEATURES) whether they say what a question that
  asks for a kind of thing (a person, a place, a date, a number) asked, with what the best article holds of
  the words and noun the question asks about (absent.py): trained on the same questions as asked (they say
  it) and on those written to ask what their article does not say.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from index.answer.features import FEATURES, SAYS_FEATURES

MODEL = Path(__file__).with_name("reader_model.txt")
SAYS_MODEL = Path(__file__).with_name("says_model.txt")
# the probability under which the articles are taken not to say it: chosen by scripts/train_reader.py's
# cross-validation so that ~95% of typed questions the articles answer are still answered
SAYS = 0.2


class ModelMismatch(RuntimeError):
    """A model file was trained on other features than the code computes: retrain it."""


class Model:
    """One LightGBM model over named feature columns."""

    def __init__(self, booster, names: tuple[str, ...]) -> None:  # noqa: ANN001 (lightgbm.Booster, lazily)
        self.booster = booster
        if tuple(booster.feature_name()) != names:
            raise ModelMismatch(f"the model knows {tuple(booster.feature_name())}, the code computes {names}: "
                                "run scripts/train_reader.py")

    @classmethod
    def load(cls, path: Path, names: tuple[str, ...]) -> Model:
        import lightgbm

        return cls(lightgbm.Booster(model_file=str(path)), names)

    def score(self, matrix: np.ndarray) -> np.ndarray:
        """One score per row of `matrix`."""
        if not len(matrix):
            return np.zeros(0)
        return np.asarray(self.booster.predict(np.atleast_2d(matrix), num_threads=1), dtype=np.float64)


class Ranker:
    """The two models: sentence scores, and the probability that the best sentences say what was asked."""

    def __init__(self, rank: Model, says: Model) -> None:
        self.rank = rank
        self.says = says

    def score(self, matrix: np.ndarray) -> np.ndarray:
        return self.rank.score(matrix)

    def says_it(self, row: np.ndarray) -> float:
        return float(self.says.score(row)[0])


@lru_cache(maxsize=1)
def default_ranker() -> Ranker:
    """The versioned models, loaded on first use and shared by every Answerer."""
    return Ranker(Model.load(MODEL, FEATURES), Model.load(SAYS_MODEL, SAYS_FEATURES))
