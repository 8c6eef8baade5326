"""A small library for issue 17's answer-side rules, in our own words, as one JSONL upload: statements whose own
words credit someone else or name their speaker, initials and middle names, and a page laid out with a pull
quote, its byline and a photo caption between paragraphs."""

from __future__ import annotations

from tests import people_articles

ARTICLES = [
    ("tampa", "Trump rallies in Tampa", "2016-10-24", "AP",
     "Donald Trump spoke to supporters in Tampa on Monday.\n\n"
     "Trump said the polls were wrong, and Trump campaign spokesman Jason Miller added, "
     "'The Clinton camp is running scared of the voters.'\n\n"
     "“We are going to win Florida by a lot,” Donald Trump said."),
    ("scranton", "Flyers in Scranton", "2016-10-11", "Reuters",
     "Party volunteers handed out flyers in Scranton on Tuesday.\n\n"
     "“Joe can remind the workers of all the things that the Republican Party has done for them,” "
     "the Republican Party said in a flyer."),
    ("dinner", "Trump dines with donors", "2016-09-29", "Reuters",
     "Donald J. Trump spoke to a dinner of donors in New York on Thursday.\n\n"
     "“We will make the best trade deals this country has ever seen,” said Donald J. Trump."),
    ("dallas", "Fundraiser in Dallas", "2016-09-30", "Wikinews",
     "A fundraiser for the Republican candidate was held in Dallas on Friday.\n\n"
     "“Texas will be with us all the way to November,” said J. Trump, speaking to the guests."),
    ("sworn", "Inauguration day", "2017-01-20", "AP",
     "Donald John Trump was sworn in on Friday in Washington.\n\n"
     "“This moment is your moment,” Donald John Trump told the crowd."),
    ("winery", "Eric Trump at a winery", "2016-10-02", "AP",
     "Eric Trump toured a winery in Virginia on Sunday.\n\n"
     "“The vines had a wonderful year,” Eric Trump said.\n\n"
     "“We are proud of every bottle,” Eric Trump said."),
    ("quotas", "Fishermen protest quotas", "2016-06-03", "Wikinews",
     "Fishermen met at the harbour in Brixmouth on Friday.\n\n"
     "“The quotas are killing this town,” J. Smith, a trawlerman, said."),
    ("bakery", "Bakery opens", "2016-06-04", "Wikinews",
     "A bakery opened on Main Street in Brixmouth.\n\n“Bread is cheaper than ever,” said John Smith."),
    ("rowing", "Rowing race", "2016-06-05", "Wikinews",
     "Jane Smith won the rowing race on the Brix river.\n\n“The river was kind to us today,” said Jane Smith."),
    ("harbour", "Harbour wall to be rebuilt", "2016-11-14", "Wikinews",
     "The council voted on Monday to rebuild the harbour wall at Kestrel Bay after the winter storms.\n\n"
     "We cannot let the sea take the town\n\n"
     "Mayor Ann Lopez\n\n"
     "Work on the harbour wall will start in April and cost four million pounds, the council said.\n\n"
     "A crane lifts stone blocks onto the quay at Kestrel Bay\n\n"
     "Fishermen said the old wall had cracked in three places during the storms."),
    ("ferry", "Ferry returns", "2016-05-02", "AP",
     "The Saltmarsh ferry sailed again on Sunday after two years in dry dock.\n\n"
     "“The ferry is the heartbeat of Saltmarsh and it must sail every day,” said Dagny Feldkirch, who runs it."),
]


def jsonl() -> bytes:
    """The library as one JSONL upload, with dates, publishers and links."""
    return people_articles.jsonl(ARTICLES)
