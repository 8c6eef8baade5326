"""Small articles, one per quotation house style and layout, each with every statement a reader would mark.

Written for the tests (the corpora hold straight and curly quotes only): each article is
(text, statements, absent), where statements are (canonical, kind, content) and absent lists words that no
statement may hold (titles, nicknames, datelines, bylines, a reporter's question, tweet markup).
"""

from __future__ import annotations

NYT = (
    "WASHINGTON — The House voted 231 to 190 on Thursday to cap how fast property taxes can rise for "
    "homeowners over 65, sending the measure to a Senate that has twice let similar bills die.\n\n"
    "''It has the virtue of being fiscally responsible,'' Leonard Burman, an economist at the Urban Institute, "
    "said of the bill. ''It doesn't ask the states for a dime they haven't already budgeted.''\n\n"
    "Representative Carla Nunez of Texas, who wrote the measure, said the cap would keep retirees in homes they "
    "bought in the '90s.\n\n"
    "''My mother's neighbors are selling because of a tax bill, not because they want to move,'' Ms. Nunez "
    "said in an interview. ''That's not a housing market.\n\n"
    "''That's an eviction notice.''\n\n"
    "The Senate has not scheduled a vote."
)
NYT_STATEMENTS = [
    ("Leonard Burman", "direct", "It has the virtue of being fiscally responsible"),
    ("Leonard Burman", "direct", "It doesn't ask the states for a dime they haven't already budgeted."),
    ("Carla Nunez", "reported", "the cap would keep retirees in homes they bought in the '90s"),
    ("Carla Nunez", "direct", "My mother's neighbors are selling because of a tax bill, not because they want to move"),
    ("Carla Nunez", "direct", "That's not a housing market."),
    ("Carla Nunez", "direct", "That's an eviction notice."),
]

GUARDIAN = (
    "Ministers have been warned that the NHS in England faces its hardest winter in a decade, as hospitals "
    "report record waits in A&E.\n\n"
    "‘We are running out of beds, out of staff and out of road,’ said Dr Priya Raman, who chairs the Royal "
    "College of Emergency Medicine. ‘When a consultant tells me “there is nowhere to put this patient”, that is "
    "not a figure of speech.’\n\n"
    "The health secretary, Tom Hallett, said the government had already found an extra £500m for the winter.\n\n"
    "‘Nobody is pretending this will be easy,’ Hallett told the BBC’s Today programme. ‘But the nurses’ pay "
    "offer is on the table and it is a fair one.’\n\n"
    "The college will publish its own figures on Friday."
)
GUARDIAN_STATEMENTS = [
    ("Priya Raman", "direct", "We are running out of beds, out of staff and out of road"),
    ("Priya Raman", "direct",
     "When a consultant tells me “there is nowhere to put this patient”, that is not a figure of speech."),
    ("Tom Hallett", "reported", "the government had already found an extra £500m for the winter"),
    ("Tom Hallett", "direct", "Nobody is pretending this will be easy"),
    ("Tom Hallett", "direct", "But the nurses’ pay offer is on the table and it is a fair one."),
]

STRAIGHT_SINGLE = (
    "Trump says he 'can' and 'may' fire Fed chairman\n\n"
    "WASHINGTON (Reuters) - President Donald Trump said on Tuesday that he had the power to fire Jerome Powell, "
    "a step no president has taken since the Federal Reserve was founded in 1913.\n\n"
    "'I have the right to do it, and I may,' Trump told reporters at the White House. 'But I don't think it's "
    "going to come to that.'\n\n"
    "\"Everyone in that room knew the words 'independent central bank' still mean something,\" Senator Ruth "
    "Alvarez said after a meeting with the president last month.\n\n"
    "Trump's complaints about the Fed go back to the '90s, when he blamed high rates for his casino troubles. "
    "The students' union at Princeton, where Powell studied, has invited him to speak in the spring."
)
STRAIGHT_SINGLE_STATEMENTS = [
    ("Donald Trump", "reported", "he 'can' and 'may' fire Fed chairman"),
    ("Donald Trump", "reported", "he had the power to fire Jerome Powell, a step no president has taken since the "
     "Federal Reserve was founded in 1913"),
    ("Donald Trump", "direct", "I have the right to do it, and I may"),
    ("Donald Trump", "direct", "But I don't think it's going to come to that."),
    ("Ruth Alvarez", "direct", "Everyone in that room knew the words 'independent central bank' still mean "
     "something"),
]

MULTI_FIRST = (
    "Margaret Okafor spent 31 years as a nurse at St. Vincent's before the hospital closed its maternity ward "
    "in March.\n\n"
    "\"I delivered babies in that ward who now bring their own children to the clinic,\" Okafor said at a "
    "hearing Tuesday. \"When they shut the doors, nobody from the board came down to tell us.\n\n"
    "\"We found out from a memo taped to the break room fridge.\n\n"
    "\"That is how you treat people you have already decided to forget.\"\n\n"
    "The hospital's board chairman, Dennis Albright, said the ward had lost money for nine straight years."
)
MULTI_FIRST_STATEMENTS = [
    ("Margaret Okafor", "direct", "I delivered babies in that ward who now bring their own children to the clinic"),
    ("Margaret Okafor", "direct", "When they shut the doors, nobody from the board came down to tell us."),
    ("Margaret Okafor", "direct", "We found out from a memo taped to the break room fridge."),
    ("Margaret Okafor", "direct", "That is how you treat people you have already decided to forget."),
    ("Dennis Albright", "reported", "the ward had lost money for nine straight years"),
]

MULTI_LAST = (
    "Deputy Mayor Luis Ortega answered the council's questions about rubbish collection late on Friday.\n\n"
    "“The city will not renew the contract on its current terms.\n\n"
    "“We have asked the company for a full accounting of the missed pickups since January, and we expect it "
    "within thirty days.\n\n"
    "“Residents deserve a service that shows up,” Ortega said in the statement.\n\n"
    "The contract runs until the end of June."
)
MULTI_LAST_STATEMENTS = [
    ("Luis Ortega", "direct", "The city will not renew the contract on its current terms."),
    ("Luis Ortega", "direct", "We have asked the company for a full accounting of the missed pickups since "
     "January, and we expect it within thirty days."),
    ("Luis Ortega", "direct", "Residents deserve a service that shows up"),
]

HEADLINES = (
    "World briefing: the week in quotes\n\n"
    "BYLINE: Amber Phillips\n\n"
    "Merkel: Europe must take its fate into its own hands\n\n"
    "Chancellor Angela Merkel told a rally in Munich that Europe could no longer fully rely on its allies.\n\n"
    "Trump: 'We will win'\n\n"
    "President Donald Trump told supporters in Harrisburg that his party would hold the Senate in November.\n\n"
    "Note: some remarks have been translated from German."
)
HEADLINES_STATEMENTS = [
    ("Angela Merkel", "reported", "Europe must take its fate into its own hands"),
    ("Angela Merkel", "reported", "Europe could no longer fully rely on its allies"),
    ("Donald Trump", "direct", "We will win"),
    ("Donald Trump", "reported", "his party would hold the Senate in November"),
]

BYLINES = (
    "Walker defends school funding plan in La Crosse\n\n"
    "By Jane Smith\n\n"
    "LA CROSSE, Wis. — Gov. Scott Walker said Tuesday that his budget would raise per-pupil aid for the first "
    "time in six years.\n\n"
    "\"We are putting more money into the classroom than any governor before me,\" Walker told a town hall "
    "meeting at a middle school.\n\n"
    "\"We are putting more money into the classroom than any governor before me\"\n\n"
    "Scott Walker, governor of Wisconsin\n\n"
    "Senate Minority Leader Jennifer Shilling said the increase would not cover rising transportation costs "
    "for rural districts."
)
BYLINES_STATEMENTS = [
    ("Scott Walker", "reported", "his budget would raise per-pupil aid for the first time in six years"),
    ("Scott Walker", "direct", "We are putting more money into the classroom than any governor before me"),
    ("Scott Walker", "pull", "We are putting more money into the classroom than any governor before me"),
    ("Jennifer Shilling", "reported", "the increase would not cover rising transportation costs for rural "
     "districts"),
]

TWEETS = (
    "President Trump on Wednesday renewed his demand for border wall money as the partial government shutdown "
    "entered its 12th day.\n\n"
    "\"The Wall is different than the 25 Billion Dollars in Border Security. The Wall is only a small part of "
    "it. Let's get it done!\" pic.twitter.com/xYz12AbC\n\n"
    "— Donald J. Trump (@realDonaldTrump) January 2, 2019\n\n"
    "Nancy Pelosi, who is expected to become speaker on Thursday, answered within the hour.\n\n"
    "We will not fund an immoral, ineffective wall. Democrats will pass a plan to reopen government tomorrow. "
    "https://t.co/AbCdEf12\n\n"
    "Nancy Pelosi (@NancyPelosi) January 2, 2019\n\n"
    "The White House did not respond to a request for comment."
)
TWEETS_STATEMENTS = [
    ("Donald J. Trump", "direct", "The Wall is different than the 25 Billion Dollars in Border Security. The Wall "
     "is only a small part of it. Let's get it done!"),
    ("Nancy Pelosi", "direct", "We will not fund an immoral, ineffective wall. Democrats will pass a plan to "
     "reopen government tomorrow."),
]

NOT_STATEMENTS = (
    "Senator Maria Delgado appeared on CNN's \"New Day\" and CBS's “Face the Nation” over the weekend to promote "
    "her memoir, \"Inside the World of Small Towns.\"\n\n"
    "Delgado, whom colleagues call \"the Closer,\" has been mentioned as a possible candidate for governor. Her "
    "campaign slogan, \"Every County Counts,\" is printed on the back of the book.\n\n"
    "\"Will you run for governor?\" a reporter asked Delgado after the taping.\n\n"
    "Asked whether she would run, Delgado said she had not decided.\n\n"
    "Speaking on \"Face the Nation,\" Delgado said the state's pension cuts had gone too far. The state's "
    "\"reform\" of the fund has cut benefits for 40,000 retirees.\n\n"
    "Her rival, Governor Tom Baker, was asked on Monday whether he would debate her."
)
NOT_STATEMENTS_STATEMENTS = [
    ("Maria Delgado", "reported", "she had not decided"),
    ("Maria Delgado", "reported", "the state's pension cuts had gone too far"),
]

# name -> (text, statements, words no statement may hold)
ARTICLES = {
    "nyt": (NYT, NYT_STATEMENTS, ["''", "WASHINGTON"]),
    "guardian": (GUARDIAN, GUARDIAN_STATEMENTS, ["warned", "Ministers"]),
    "straight_single": (STRAIGHT_SINGLE, STRAIGHT_SINGLE_STATEMENTS, ["Reuters", "students", "casino"]),
    "multi_first": (MULTI_FIRST, MULTI_FIRST_STATEMENTS, []),
    "multi_last": (MULTI_LAST, MULTI_LAST_STATEMENTS, []),
    "headlines": (HEADLINES, HEADLINES_STATEMENTS, ["week in quotes", "Amber Phillips", "translated"]),
    "bylines": (BYLINES, BYLINES_STATEMENTS, ["Jane Smith", "LA CROSSE", "Wis."]),
    "tweets": (TWEETS, TWEETS_STATEMENTS, ["pic.twitter", "t.co", "@", "2019", "answered"]),
    "not_statements": (NOT_STATEMENTS, NOT_STATEMENTS_STATEMENTS,
                       ["New Day", "Face the Nation", "Inside the World", "Closer", "Every County",
                        "Will you run", "whether", "reform"]),
}
