"""A small newsroom library for who-said-what tests: three Trumps, a descriptor left in front of a name, a
typo'd name, organisations, an interview's "I", a wire copy and dates, as a JSONL upload."""

from __future__ import annotations

import json

ARTICLES = [
    ("trump-mexico", "Trump visits Mexico City", "2016-08-31", "Reuters",
     "Donald J. Trump visited Mexico City on Wednesday to meet the Mexican president.\n\n"
     "“We will build a great wall and Mexico will pay for the wall,” Trump said after the meeting.\n\n"
     "Trump added that the North American trade agreement had been a disaster for factory workers."),
    ("trump-phoenix", "Trump speaks in Phoenix", "2016-09-01", "AP",
     "Donald Trump spoke to supporters in Phoenix on Thursday.\n\n"
     "“Mexico is our friend, but the border must be secure,” said Donald Trump.\n\n"
     "Donald Trump said that deportation officers would get new funding."),
    ("trump-ohio", "Trump campaigns in Ohio", "2016-09-20", "AP",
     "Border Wall Contract Donald Trump told a rally in Ohio that steel jobs would come back.\n\n"
     "“The coal miners of Ohio will work again,” Donald Trump said."),
    ("ivanka", "Ivanka Trump presents child care plan", "2016-09-13", "Reuters",
     "Ivanka Trump presented a plan for child care in Pennsylvania on Tuesday.\n\n"
     "“Families deserve paid maternity leave,” Ivanka Trump said.\n\n"
     "Ivanka Trump told reporters that working mothers had waited too long for help."),
    ("eric", "Eric Trump on the family business", "2016-10-02", "AP",
     "Eric Trump spoke about the family business in New York.\n\n"
     "Eric Trump said the hotels would be run by the sons during the campaign.\n\n"
     "“We are proud of every building we run,” Eric Trump said."),
    ("priebus-1", "Republicans meet in Cleveland", "2016-07-18", "Reuters",
     "Reince Priebus, the party chairman, opened the convention in Cleveland.\n\n"
     "“This party is united behind its nominee,” Reince Priebus said."),
    ("priebus-2", "Party fundraising record", "2016-08-05", "AP",
     "Reince Priebus said the party had raised record sums in July.\n\n"
     "Reince Priebus added that small donors gave most of the money."),
    ("priebus-typo", "Party chairman on the debates", "2016-09-25", "AP",
     "Rence Priebus said the debates would decide the election."),
    ("clinton", "Clinton answers on trade", "2016-09-10", "Reuters",
     "Rival Hillary Clinton said the trade plan would cost millions of jobs.\n\n"
     "“We need an economy that works for everyone,” Hillary Clinton said in Raleigh."),
    ("bill", "Bill Clinton in Ohio", "2016-09-12", "AP",
     "Former President Bill Clinton spoke in Dayton for Hillary Clinton's campaign.\n\n"
     "“Trade has to work for the workers,” Clinton said."),
    ("orgs", "Park closes after storm", "2016-10-08", "AP",
     "Disney said in a statement that it would close the Orlando park until the storm passed.\n\n"
     "The White House said the federal government would send emergency crews to Florida."),
    ("interview", "Interview with a mayor", "2016-10-12", "Wikinews",
     "Wikinews interviewed the mayor of Springfield about the flood.\n\n"
     "“We were not ready for the water,” I said to the mayor, who agreed.\n\n"
     "Mayor Ann Lopez said the town would build new levees."),
    ("wire-copy", "Trump in Phoenix, second report", "2016-09-02", "Reuters",
     "Donald Trump held a rally in Phoenix.\n\n"
     "“Mexico is our friend, but the border must be secure,” said Donald Trump."),
]


def jsonl(articles: list[tuple[str, str, str, str, str]] = ARTICLES) -> bytes:
    """The articles as one JSONL upload, with dates, publishers and links."""
    lines = [json.dumps({"id": ident, "title": title, "text": text, "date": date, "source": source,
                         "url": f"https://news.example.org/{ident}"})
             for ident, title, date, source, text in articles]
    return ("\n".join(lines) + "\n").encode()
