"""Who is who across a library: the issue's examples over a small newsroom library built in the test (three
Trumps, a descriptor, a typo, organisations, an interview's "I", a wire copy, dates), through the Library."""

from __future__ import annotations

import pytest

from index.answer.people import build_people, lookup, one_edit, same_person
from index.answer.route import Route, route
from index.library import Library
from tests.people_articles import jsonl
from tests.test_facts import library_of

from .conftest import uploaded_library


@pytest.fixture(scope="module")
def newsroom(embedder, tmp_path_factory: pytest.TempPathFactory):
    lib = uploaded_library(embedder, tmp_path_factory.mktemp("people"), jsonl(), "newsroom.jsonl")
    yield lib
    lib.close()


def said(answer) -> str:
    return " ".join([s.quote.content for s in answer.statements] + answer.more)


def test_speakers_are_people_not_the_phrases_around_them(newsroom: Library) -> None:
    names = {q.canonical for q in newsroom.store.quotes()}
    assert "Hillary Clinton" in names and "Donald Trump" in names
    assert not any(n.startswith(("Rival", "Border", "Everything")) for n in names), names
    assert "I" not in names and not any(n.lower() in {"i", "we"} for n in names)


def test_bare_surname_answers_for_the_dominant_person_and_says_so(newsroom: Library) -> None:
    answer = newsroom.ask("What did Trump say?")
    assert answer.found and answer.speaker == "Donald Trump"
    assert answer.text.startswith("Donald Trump said (also quoted: ")
    assert set(answer.also_quoted) == {"Ivanka Trump", "Eric Trump"}
    assert "maternity leave" not in said(answer) and "hotels" not in said(answer)


@pytest.mark.parametrize(("question", "theirs", "not_theirs"), [
    ("What did Ivanka Trump say?", "maternity leave", "wall"),
    ("what did eric trump say", "hotels", "maternity"),
    ("What did Donald J. Trump say about Mexico?", "Mexico will pay", "maternity"),
])
def test_a_full_name_never_returns_another_persons_words(newsroom: Library, question: str, theirs: str,
                                                         not_theirs: str) -> None:
    answer = newsroom.ask(question)
    assert answer.found and theirs in said(answer) and not_theirs not in said(answer)


def test_a_typo_one_edit_away_is_the_same_person(newsroom: Library) -> None:
    answer = newsroom.ask("What did Priebus say?")
    assert answer.found and answer.speaker == "Reince Priebus" and not answer.also_quoted
    assert "debates would decide" in said(answer) and "united behind" in said(answer)


@pytest.mark.parametrize(("question", "speaker", "words"), [
    ("What did Disney say?", "Disney", "close the Orlando park"),
    ("What did the White House say?", "White House", "emergency crews"),
    ("What did Clinton say about trade?", "Hillary Clinton", "cost millions of jobs"),
])
def test_organisations_and_descriptors(newsroom: Library, question: str, speaker: str, words: str) -> None:
    answer = newsroom.ask(question)
    assert answer.found and answer.speaker == speaker and words in said(answer)


def test_a_bare_surname_is_whom_its_article_names_first(newsroom: Library) -> None:
    hillary = newsroom.ask("What did Clinton say?")
    assert hillary.speaker == "Hillary Clinton" and "Trade has to work" not in said(hillary)
    assert newsroom.ask("Who said trade must work for the workers?").speaker != "Hillary Clinton"


def test_an_interviewer_is_no_speaker(newsroom: Library) -> None:
    assert newsroom.ask("What did I say?").kind != "quotes"
    assert "levees" in said(newsroom.ask("What did Lopez say?"))


def test_each_statement_has_its_own_source_date_and_wire_copies_once(newsroom: Library) -> None:
    answer = newsroom.ask("What did Donald Trump say about the border?")
    first = answer.statements[0]
    assert "border must be secure" in first.quote.content and first.also_in == 1
    assert first.source.publisher in {"AP", "Reuters"} and first.source.date and first.source.url
    assert sum("border must be secure" in s for s in [said(answer)]) == 1
    assert "(AP, 2016-09-01)" in answer.text or "(Reuters, 2016-09-02)" in answer.text


def test_without_a_topic_the_newest_statements_come_first(newsroom: Library) -> None:
    dates = [s.source.date for s in newsroom.ask("What did Donald Trump say?").statements]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2016-09-20"


@pytest.mark.parametrize("question", [
    "what did ivanka trump say about child care",
    "According to Ivanka Trump, what do families deserve?",
    "Did Ivanka Trump say anything about working mothers?",
    "Ivanka Trump's view on maternity leave",
    "what has ivanka trump said about families?",
    "quotes from ivanka trump",
])
def test_questions_as_people_type_them(newsroom: Library, question: str) -> None:
    answer = newsroom.ask(question)
    assert answer.found and answer.speaker == "Ivanka Trump", answer.text


def test_topic_by_meaning_and_refusal_when_nothing_relates(newsroom: Library) -> None:
    assert "coal miners" in said(newsroom.ask("What did Donald Trump say about mining jobs?"))
    assert not newsroom.ask("What did Eric Trump say about penguins?").found


def test_who_said_a_paraphrase(newsroom: Library) -> None:
    answer = newsroom.ask("Who said Mexico would pay for a wall?")
    assert answer.found and answer.speaker == "Donald Trump"


def test_people_and_lookup_units() -> None:
    assert one_edit("rence", "reince") and not one_edit("trump", "trump")
    assert not same_person(["george", "w", "bush"], ["george", "h", "w", "bush"])
    people = build_people({"George W. Bush": 40, "George H. W. Bush": 3, "Bush": 8, "Laura Bush": 2})
    assert lookup(people, "Bush").person.name == "George W. Bush"
    assert lookup(people, "George H. W. Bush").person.name == "George H. W. Bush"
    assert lookup(people, "Johnson") .person is None
    assert route("who is chollet").kind == "who_is"


def test_a_general_answer_names_the_quoted_people_for_follow_ups(newsroom: Library) -> None:
    answer = newsroom.ask("Where did Ivanka Trump present the child care plan?")
    assert answer.kind != "quotes" and answer.people == ["Ivanka Trump"]
    assert newsroom.ask("What happened in Pennsylvania?").people == []


def test_eval_quotes_scores_the_newsroom(newsroom: Library, tmp_path, capsys, monkeypatch) -> None:
    import json

    from scripts import eval_quotes

    questions = tmp_path / "q.jsonl"
    rows = [{"question": "What did Trump say?", "kind": "bare", "speaker": "Donald Trump"},
            {"question": "Who said Mexico would pay for a wall?", "kind": "who_said", "speaker": "Donald Trump"},
            {"question": "What did Jeb Bush say?", "kind": "out_of_scope", "speaker": None}]
    questions.write_text("".join(json.dumps(r) + "\n" for r in rows))
    monkeypatch.setattr(eval_quotes.Library, "open", lambda *a, **k: newsroom)
    monkeypatch.setattr(newsroom, "close", lambda: None)
    assert eval_quotes.main(["--index", str(tmp_path), "--questions", str(questions)]) == 0
    table = capsys.readouterr().out
    assert "| bare | 1 | 1.000 | 1.000 | 1.000 | 0 |" in table
    assert "| who_said | 1 | 1.000 | 1.000 |" in table and "| out_of_scope | 1 | 0.000 | 1.000 |" in table


def test_an_html_page_names_its_publisher(library: Library) -> None:
    """trafilatura's site name (og:site_name) is the publisher a statement's source line shows."""
    page = (
        '<html><head><meta property="og:site_name" content="Kestrel Gazette"><title>Harbour to reopen</title>'
        '<meta property="article:published_time" content="2019-05-02T08:00:00Z"></head><body><article>'
        "<h1>Harbour to reopen</h1><p>“The harbour will reopen in May,” said Odalys Vantreight, the port "
        "director.</p><p>Repairs to the slipway began last winter after a storm.</p></article></body></html>"
    )
    library.add(page.encode(), "harbour.html")
    answer = library.ask("what did vantreight say")
    assert answer.statements[0].source.publisher == "Kestrel Gazette"
    assert "(Kestrel Gazette, 2019-05-02)" in answer.text


def test_a_first_name_or_a_short_form_finds_its_one_holder(embedder, tmp_path) -> None:
    articles = [("who", "2020-02-11", "Health agency names the new disease",
                 "Director-General Amara Kofi Mensah said the name had to be easy to say. The agency met in Geneva."),
                ("nba", "2020-03-12", "Basketball season suspended",
                 "The United States' National Basketball Association (NBA) suspended its season on Wednesday. The "
                 "NBA said the season would stay suspended until further notice."),
                ("iran", "2020-01-08", "Iran vows revenge",
                 "Iran's Supreme Leader Ayatollah Ali Khamenei said the strike was a crime. Crowds filled Tehran.")]
    lib = library_of(tmp_path, embedder, articles)
    try:
        for question in ("what did amara say", "What did Mensah say?"):
            answer = lib.ask(question)
            assert answer.kind == "quotes" and answer.text.startswith("Amara Kofi Mensah said")
        assert lib.ask("What did Kofi say?").kind != "quotes"  # a middle name is no way to name him
        for question in ("what did the NBA say", "What did the National Basketball Association say?"):
            answer = lib.ask(question)  # a short form the article spells out names the organisation
            assert answer.kind == "quotes" and answer.text.startswith("National Basketball Association said")
        assert lib.ask("what did ali khamenei say").text.startswith("Ali Khamenei said")  # a cleric's title
    finally:
        lib.close()


def test_an_all_capital_short_form_is_a_speaker_even_when_it_spells_a_word() -> None:
    assert route("what did the WHO say about the virus") == Route("quotes", "the WHO", "the virus")
    assert route("what did who say").kind == "general"  # lower case: the question word


def test_the_occasion_of_a_statement_is_its_topic() -> None:
    assert route("what did macron say at the g7") == Route("quotes", "macron", "the g7", loose=True)
    assert route("what did obama say in his speech") == Route("quotes", "obama", "his speech", loose=True)
    assert route("What did the WHO chief say when the outbreak was declared a pandemic?").kind == "general"
