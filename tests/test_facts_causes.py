"""Why fact questions failed over the real Wikinews corpus (issue 11), each cause written here as a small article
of our own: the fact in the article's lead when the search ranks other chunks first, a name typed without its
accent, a co-author taken for the lead author. Since the learned reader (issue 18) two of them fail again and
are listed in README ("The sentence reader", what still fails): "what did the kilauea study find" and "how
many children did the Varneys have"."""

from __future__ import annotations

import pytest

from index.library import Library
from tests.test_facts import library_of

_INTERVIEW = [
    ("How did you get involved with the Quillon project?", "I started sending patches to the Quillon project as a "
     "student, and the project's maintainers were patient with a beginner who broke the build twice a week."),
    ("What does the Quillon project do for its users?", "The Quillon project gives users a stable system they can "
     "run for ten years, and the project's volunteers test every update before it goes out to the mirrors."),
    ("Why did the Quillon project move its forums?", "The Quillon project moved its forums because the old software "
     "was no longer maintained, and the project's members wanted a place that works well on phones."),
    ("How is the Quillon project governed?", "A board of nine members governs the Quillon project; the project's "
     "board meets every month and publishes its minutes on the project's website for anyone to read."),
    ("Who pays for the Quillon project's mirrors?", "Universities pay for most of the Quillon project's mirrors, "
     "and the project thanks each of them on its download page, where users pick the mirror nearest to them."),
    ("How does the Quillon project test its releases?", "The Quillon project's testing team installs every release "
     "on old and new machines, and the project publishes nothing until the team has signed it off."),
    ("What will happen to the Quillon project's forums now?", "The Quillon project's forums will stay where they "
     "are; the project's members run them on a donated server that does not depend on Fenwick."),
    ("How did you start on the Quillon project's build system?", "I started on the Quillon project's build system "
     "when the old one broke, and the project started using my scripts for its nightly builds soon after."),
    ("Why did the Quillon project start a testing team?", "The Quillon project started its testing team when the "
     "project grew too big for a few people to check every release by hand before it was published."),
    ("When will the Quillon project start looking for a new sponsor?", "The Quillon project has started looking "
     "already: the project's board started talks with two universities the day the news came out."),
    ("What did you start doing for the Quillon project first?", "I started with translations for the Quillon "
     "project, because the project's installer had no Portuguese version and my mother could not use it."),
]
ARTICLES = [
    ("quillon", "2020-12-10", "Sponsor drops Quillon Linux; Quillon team discusses the change",
     "On Tuesday the hosting company Fenwick announced that it would stop paying for the servers of Quillon "
     "Linux at the end of next year, and would put its money into a new cloud product instead. The company told "
     "its customers in a letter that the servers would be switched off in stages over the following months, "
     "and that the mirrors in Europe and Asia would be the first to go.\n\n"
     "Started in 2004, Quillon has been a free-of-cost operating system which provided binary compatibility with "
     "Fenwick Enterprise Server, the company's paid operating system sold to banks and hospitals. Fenwick "
     "took Quillon in ten years later, and the company has paid for its build farm, its mirrors and two full-time "
     "engineers ever since, while volunteers maintained the packages.\n\n"
     "Fenwick's announcement was met with anger on the Quillon mailing lists, where users said they had been "
     "promised updates for years.\n\n"
     + "\n\n".join(f"((Wikinews)) {q}\n\n((Ada Moss)) {a}" for q, a in _INTERVIEW)),
    ("bloom", "2019-09-06", "Scientists report plankton boom after Kīlauea eruption",
     "Researchers sailed a ship close to where lava from Kīlauea entered the ocean, so that the study team could "
     "sample the water near the island.\n\n"
     "The study found that nitrate from deep water had fed a bloom of phytoplankton around the island.\n\n"
     "The team plans to return next year."),
    ("statues", "2019-08-02", "Study explains where Easter Island statues stand",
     "A study of the water sources of Easter Island mapped the wells of the island's people.\n\n"
     "The statues stand near sources of fresh water, the researchers said."),
]

SURVEY = [  # in a library of its own: another article would move the search's ranks above
    ("family", "2019-04-20", "Court sentences parents who kept their children captive",
     "Yesterday in the county criminal court, Judge Ruth Alder sentenced a couple from Perris to life in prison "
     "for torturing all but the youngest of their thirteen children.\n\n"
     "As the trial revealed, the Varneys had kept their children indoors for years and seldom let them leave the "
     "family home, which stands 70 miles from the nearest city. The children were allowed to wash once a year. "
     "They were so malnourished that some of those who are now adults were at first taken for children.\n\n"
     "The oldest of the Varneys' offspring, age 29, weighed 82 pounds. Another brother, 22, was still chained to "
     "a bed when the police came."),
    ("survey", "2019-01-24", "Study finds link between youth suicide, household gun ownership",
     "Professor Michael Siegel of Boston University, co-author of a new study of youth suicide published on "
     "January 17, told reporters that household gun ownership was the strongest single predictor of a state's "
     "youth suicide rate, stronger than poverty, depression or the share of young people who drink.\n\n"
     "Siegel and colleagues including predoctoral fellow Anita Knopov, the lead author, compared survey data on "
     "gun owners from 2004 with the suicides of ten to nineteen year olds in every state from 2005 to 2015.\n\n"
     "The study found that each ten-point rise in household gun ownership came with a 27 percent rise in the "
     "youth suicide rate."),
]


@pytest.fixture(scope="module")
def news(embedder, tmp_path_factory: pytest.TempPathFactory):
    """A library of ARTICLES, built once for the module."""
    lib = library_of(tmp_path_factory.mktemp("causes"), embedder, ARTICLES)
    yield lib
    lib.close()


@pytest.fixture(scope="module")
def survey(embedder, tmp_path_factory: pytest.TempPathFactory):
    lib = library_of(tmp_path_factory.mktemp("survey"), embedder, SURVEY + ARTICLES[1:])
    yield lib
    lib.close()


def test_the_fact_in_the_lead_of_the_best_article_when_the_search_ranks_other_chunks(news: Library) -> None:
    question = "when did the Quillon project start"
    assert not any("Started in 2004" in p.text for p in news.search(question, k=5))  # the cause, reproduced
    answer = news.ask(question)
    assert "Started in 2004" in answer.text and answer.span == "2004", answer.text


def test_a_co_author_is_not_the_lead_author_asked_for(survey: Library) -> None:
    answer = survey.ask("who was the lead author of the gun ownership and youth suicide study")
    assert answer.span == "Anita Knopov" and "the lead author" in answer.text, answer.text
