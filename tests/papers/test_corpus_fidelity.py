"""The reader measured on a corpus of papers in the genre's many layouts (tests/papers/corpus,
facts by hand in facts.py): recall, precision, wrong and invented facts per layout family and in
total are printed; the targets are recall ≥ 95%, nothing wrong, nothing invented."""

from __future__ import annotations

from tests.papers.facts import CORPUS
from tests.papers.fidelity import Score, measure, report


def test_the_corpus_is_read_faithfully(tmp_path, capsys):
    assert len(CORPUS) >= 25
    families: dict[str, Score] = {}
    total = Score()
    for name, paper in CORPUS.items():
        score, _ = measure(name, paper, tmp_path)
        families.setdefault(paper.family, Score()).add(score)
        total.add(score)
    with capsys.disabled():
        print(f"\n\nPaper reader over {len(CORPUS)} corpus papers, by layout family:")
        print(report(sorted(families.items()), total))
    assert total.wrong == []
    assert total.invented == []
    assert total.recall >= 0.95
