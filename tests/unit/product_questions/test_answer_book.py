"""data/answers/ loads and validates: every problem named, nothing half-loaded."""

from pathlib import Path

import pytest

from bot.product_questions.answer_book import AnswerBookError, load_answers


def test_shipped_answers_load_and_cover_the_demo_product():
    answers = load_answers()
    assert len(answers) >= 25
    assert {"crm-integrations", "data-location", "free-trial", "setup-time", "support-hours"} <= {a.id for a in answers}
    assert all(answer.questions and answer.text for answer in answers)


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_every_problem_is_listed(tmp_path):
    _write(tmp_path, "a.yml", """
answers:
  - id: Bad Id
    questions: []
    answer: "One. Two. Three sentences is too many."
    link: ftp://example.com
    colour: red
  - id: twice
    questions: ["Is it secure?"]
    answer: "Yes."
""")
    _write(tmp_path, "b.yml", """
answers:
  - id: twice
    questions: [another question]
    answer: "Also yes."
  - id: other
    questions: [is it secure]
    answer: "Still yes."
""")
    with pytest.raises(AnswerBookError) as caught:
        load_answers(tmp_path)
    messages = [message for _, _, message in caught.value.problems]
    for expected in ("lowercase words joined by dashes", "needs `questions`", "at most 2 sentences",
                     "must be a full address", "unknown field(s): colour", "'twice' is used more than once",
                     "'is it secure' is listed under both"):
        assert any(expected in message for message in messages), (expected, messages)


def test_not_yaml_or_wrong_shape_is_a_problem_not_a_crash(tmp_path):
    _write(tmp_path, "broken.yml", "answers: [unclosed\n")
    _write(tmp_path, "shape.yml", "- just a list\n")
    with pytest.raises(AnswerBookError) as caught:
        load_answers(tmp_path)
    messages = " ".join(message for _, _, message in caught.value.problems)
    assert "not valid YAML" in messages and "needs an `answers:` list" in messages


def test_a_missing_folder_means_no_answers(tmp_path):
    assert load_answers(tmp_path / "absent") == ()


def test_abbreviations_and_decimals_are_not_sentence_ends(tmp_path):
    _write(tmp_path, "ok.yml", """
answers:
  - id: uptime
    questions: ["What is your uptime?"]
    answer: "Uptime was 99.9% last year, e.g. during peaks. Enterprise plans include an SLA."
""")
    assert load_answers(tmp_path)[0].id == "uptime"
