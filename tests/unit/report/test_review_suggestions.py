"""Each unsure message comes with where it belongs: the closest intent's file, and the closest answer."""

from bot.report.review_suggestions import intent_examples, review_suggester


def test_every_intent_with_examples_is_read_with_its_file():
    intents = intent_examples()
    assert {"ask_pricing", "ask_product_question", "share_goal", "out_of_scope"} <= set(intents)
    path, examples = intents["ask_pricing"]
    assert path.name == "questions.yml" and "how much does it cost" in examples
    contact = intents["give_contact"][1]
    assert not any("](" in example for example in contact) and any("@" in example for example in contact)


def test_a_product_question_is_filed_with_its_answer_and_a_greeting_with_no_answer():
    question = review_suggester().suggest("where do you guys keep customer data, europe?")
    assert question.answer_id == "data-location" and question.answer_file == "data/answers/security.yml"
    assert question.intent_file.startswith("data/nlu/")
    hello = review_suggester().suggest("heya, good morning!")
    assert (hello.intent, hello.intent_file, hello.answer_id) == ("greet", "data/nlu/small_talk.yml", None)
