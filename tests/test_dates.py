"""The temporal tagger on real parsed sentences: spans, types and TIMEX3 values.

Every row is (sentence, publication date, expected span text, type, value). The
publication date of most rows is Thursday 14 September 2023, the seed article's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from timeline.dates import find_time_expressions, value_range
from timeline.nlp import load
from timeline.readers import read_file

THU = dt.date(2023, 9, 14)  # a Thursday
MON = dt.date(2023, 9, 11)
JAN = dt.date(2024, 1, 10)
REPO_ROOT = Path(__file__).resolve().parents[1]
SEED = REPO_ROOT / "seeds" / "000_52d71b10ba252412.md"

CASES = [
    # --- weekdays, resolved by the tense of their clause ---------------------------------
    ("The two leaders toasted their friendship on Wednesday.", THU, "Wednesday", "DATE", "2023-09-13"),
    ("Kim is due on Thursday to visit aviation factories.", THU, "Thursday", "DATE", "2023-09-14"),
    ("Putin will visit the region on Monday.", THU, "Monday", "DATE", "2023-09-18"),
    ("Putin visited the region on Monday.", THU, "Monday", "DATE", "2023-09-11"),
    ("The ministers met on Friday.", THU, "Friday", "DATE", "2023-09-08"),
    ("The ministers will meet on Friday.", THU, "Friday", "DATE", "2023-09-15"),
    ("He is expected to arrive on Saturday.", THU, "Saturday", "DATE", "2023-09-16"),
    ("She plans to travel to Moscow on Sunday.", THU, "Sunday", "DATE", "2023-09-17"),
    ("The company said Thursday that profits fell.", THU, "Thursday", "DATE", "2023-09-14"),
    ("Talks resume in Geneva Tomorrow, officials said.", THU, "Tomorrow", "DATE", "2023-09-15"),  # no newspaper
    ("The ministry had ignored warnings since January of last year.", THU, "January of last year", "DATE", "2022-01"),
    ("96 cases had been confirmed as of Tuesday last week.", THU, "Tuesday last week", "DATE", "2023-09-05"),
    ("The talks resume on Thursday of next week.", THU, "Thursday of next week", "DATE", "2023-09-21"),
    ("The vote is scheduled for Tuesday.", THU, "Tuesday", "DATE", "2023-09-19"),
    ("He said he would resign on Tuesday.", THU, "Tuesday", "DATE", "2023-09-19"),
    ("The talks ended last Friday.", THU, "last Friday", "DATE", "2023-09-08"),
    ("Protesters planned a large demonstration on Saturday.", THU, "Saturday", "DATE", "2023-09-16"),
    ("The bonds carry a 24% premium over Thursday's closing price.", MON, "Thursday", "DATE", "2023-09-07"),
    ("Friday's summit will decide the matter.", MON, "Friday", "DATE", "2023-09-15"),
    ("The offer had been due to expire Friday evening.", MON, "Friday evening", "TIME", "2023-09-08TEV"),
    ("The offer had been scheduled to expire at midnight Friday.", MON, "midnight Friday", "TIME", "2023-09-08T24:00"),
    ("The prosecutor has scheduled a news conference Friday.", THU, "Friday", "DATE", "2023-09-15"),
    ("A memorial service planned for Saturday was canceled.", dt.date(2023, 9, 17), "Saturday", "DATE", "2023-09-16"),
    ("Officials postponed until Tuesday morning any action on the case.", THU, "Tuesday morning", "TIME", "2023-09-19TMO"),
    ("They extended the deadline until Tuesday.", THU, "Tuesday", "DATE", "2023-09-19"),
    ("He is being held until Friday.", THU, "Friday", "DATE", "2023-09-15"),
    ("Until Wednesday, the police had not called him a suspect.", dt.date(2023, 9, 15), "Wednesday", "DATE", "2023-09-13"),
    ("The talks resume next Monday.", THU, "next Monday", "DATE", "2023-09-18"),
    ("The summit was held on Thursday.", MON, "Thursday", "DATE", "2023-09-07"),
    ("The summit will be held on Thursday.", MON, "Thursday", "DATE", "2023-09-14"),
    # a present perfect looks back; a present passive ("is heard") is no past
    ("Police have been searching for the gunman since Dec. 20.", THU, "Dec. 20", "DATE", "2022-12-20"),
    ("The family may lose when the appeal is heard in May.", JAN, "May", "DATE", "2024-05"),
    ("Shares have fluctuated, rising to a high in June.", JAN, "June", "DATE", "2023-06"),
    # --- days relative to publication ------------------------------------------------------
    ("Officials said yesterday that the talks failed.", THU, "yesterday", "DATE", "2023-09-13"),
    ("The results are published today.", THU, "today", "DATE", "2023-09-14"),
    ("The delegation leaves tomorrow.", THU, "tomorrow", "DATE", "2023-09-15"),
    ("He will speak tonight.", THU, "tonight", "DATE", "2023-09-14"),
    ("A fire broke out last night.", THU, "last night", "TIME", "2023-09-13TNI"),
    ("The minister arrived this morning.", THU, "this morning", "TIME", "2023-09-14TMO"),
    ("Trading was halted late yesterday.", THU, "late yesterday", "DATE", "2023-09-13"),
    # --- clock times ------------------------------------------------------------------------
    ("The deadline will expire at 3 p.m. Tuesday.", THU, "3 p.m. Tuesday", "TIME", "2023-09-19T15:00"),
    ("The deadline expires at 3 p.m. Tuesday.", MON, "3 p.m. Tuesday", "TIME", "2023-09-12T15:00"),
    ("The train left at 10:35 a.m. EDT.", THU, "10:35 a.m. EDT", "TIME", "2023-09-14T10:35"),
    ("Protesters gathered Wednesday morning.", THU, "Wednesday morning", "TIME", "2023-09-13TMO"),
    ("The rally began Sunday night.", MON, "Sunday night", "TIME", "2023-09-10TNI"),
    ("The market opens at noon Saturday.", THU, "noon Saturday", "TIME", "2023-09-16T12:00"),
    ("The blast happened at 2.30pm.", THU, "2.30pm", "TIME", "2023-09-14T14:30"),
    # --- calendar dates ---------------------------------------------------------------------
    ("The treaty was signed on September 12, 2023.", THU, "September 12, 2023", "DATE", "2023-09-12"),
    ("The treaty was signed on Sept. 12.", THU, "Sept. 12", "DATE", "2023-09-12"),
    ("The report is due Oct. 2.", THU, "Oct. 2", "DATE", "2023-10-02"),
    ("He was born on 14 July 1789.", THU, "14 July 1789", "DATE", "1789-07-14"),
    ("The offer expired Dec. 15.", JAN, "Dec. 15", "DATE", "2023-12-15"),
    ("The meeting will take place on Jan. 20.", dt.date(2023, 12, 20), "Jan. 20", "DATE", "2024-01-20"),
    ("The file is dated 2023-09-10.", THU, "2023-09-10", "DATE", "2023-09-10"),
    ("Hearings start the week of Oct. 2.", THU, "the week of Oct. 2", "DATE", "2023-W40"),
    ("Results came out on Friday, Sept. 8.", THU, "Friday, Sept. 8", "DATE", "2023-09-08"),
    ("The summit ran 12-13 September.", THU, "12-13 September", "DATE", "2023-09-12"),
    ("The forum is on September 18-20.", THU, "September 18-20", "DATE", "2023-09-18"),
    ("The law took effect on the 3rd of March 2021.", THU, "the 3rd of March 2021", "DATE", "2021-03-03"),
    # --- months, years, decades, centuries -----------------------------------------------
    ("Inflation rose in September.", THU, "September", "DATE", "2023-09"),
    ("Inflation rose in June.", THU, "June", "DATE", "2023-06"),
    ("Elections are expected in November.", THU, "November", "DATE", "2023-11"),
    ("Sales fell in December.", THU, "December", "DATE", "2022-12"),
    ("The plant closed in March 2020.", THU, "March 2020", "DATE", "2020-03"),
    ("The deal was struck last May.", THU, "last May", "DATE", "2023-05"),
    ("The deal was struck last October.", THU, "last October", "DATE", "2022-10"),
    ("Talks resume in early October.", THU, "early October", "DATE", "2023-10"),
    ("Prices peaked in mid-July.", THU, "mid-July", "DATE", "2023-07"),
    ("The war began in 2022.", THU, "2022", "DATE", "2022"),
    ("Profits doubled in fiscal 1998.", THU, "fiscal 1998", "DATE", "1998"),
    ("Growth picked up in mid-2023.", THU, "mid-2023", "DATE", "2023"),
    ("Prices soared in the 1990s.", THU, "the 1990s", "DATE", "199"),
    ("Music changed in the '60s.", THU, "the '60s", "DATE", "196"),
    ("The town was founded in the 19th century.", THU, "the 19th century", "DATE", "18"),
    ("Nothing like it happened this century.", THU, "this century", "DATE", "20"),
    # --- quarters, halves, seasons ---------------------------------------------------------
    ("Net income rose in the third quarter.", THU, "the third quarter", "DATE", "2023-Q3"),
    ("Third-quarter earnings fell.", THU, "Third-quarter", "DATE", "2023-Q3"),
    ("Sales grew in the first half of 2022.", THU, "the first half of 2022", "DATE", "2022-H1"),
    ("Revenue beat forecasts in Q2.", THU, "Q2", "DATE", "2023-Q2"),
    ("Margins shrank in Q4 2022.", THU, "Q4 2022", "DATE", "2022-Q4"),
    ("The outlook for H1 FY24 is weak.", THU, "H1 FY24", "DATE", "2024-H1"),
    ("Profit rose in FY2022.", THU, "FY2022", "DATE", "2022"),
    ("Losses narrowed in the fourth quarter of 2021.", THU, "the fourth quarter of 2021", "DATE", "2021-Q4"),
    ("Revenue fell in the latest quarter.", THU, "the latest quarter", "DATE", "2023-Q2"),
    ("The harvest failed this summer.", THU, "this summer", "DATE", "2023-SU"),
    ("The bridge reopens next spring.", THU, "next spring", "DATE", "2024-SP"),
    ("Fighting intensified last winter.", THU, "last winter", "DATE", "2022-WI"),
    ("The party lost power in the summer of 2019.", THU, "the summer of 2019", "DATE", "2019-SU"),
    # --- relative periods ------------------------------------------------------------------
    ("The two sides met last week.", THU, "last week", "DATE", "2023-W36"),
    ("Negotiators meet again next week.", THU, "next week", "DATE", "2023-W38"),
    ("Shares rose this week.", THU, "this week", "DATE", "2023-W37"),
    ("Prices fell last month.", THU, "last month", "DATE", "2023-08"),
    ("The law changes next month.", THU, "next month", "DATE", "2023-10"),
    ("Sales rose last year.", THU, "last year", "DATE", "2022"),
    ("Sales will rise next year.", THU, "next year", "DATE", "2024"),
    ("Exports fell this year.", THU, "this year", "DATE", "2023"),
    ("The plan was announced earlier this month.", THU, "earlier this month", "DATE", "2023-09"),
    ("The plant opens early next year.", THU, "early next year", "DATE", "2024"),
    ("The rebels struck two years ago.", THU, "two years ago", "DATE", "2021"),
    ("The rebels struck three days ago.", THU, "three days ago", "DATE", "2023-09-11"),
    ("The firm collapsed six months ago.", THU, "six months ago", "DATE", "2023-03"),
    ("The ceasefire broke down a week ago.", THU, "a week ago", "DATE", "2023-W36"),
    ("Crowds gathered over the weekend.", THU, "the weekend", "DATE", "2023-W36-WE"),
    ("Markets closed at year-end.", THU, "year-end", "DATE", "2023"),
    # --- the local story: anchored to the last date mentioned -------------------------------
    ("The ship sank on Aug. 10. The day before, the crew had warned of a leak.", THU, "The day before", "DATE", "2023-08-09"),
    ("The ship sank on Aug. 10. The next day, divers reached the wreck.", THU, "The next day", "DATE", "2023-08-11"),
    ("The ship sank on Aug. 10. Rescuers arrived that night.", THU, "that night", "TIME", "2023-08-10TNI"),
    ("Profit rose in the third quarter. A year earlier, the company lost money.", THU, "A year earlier", "DATE", "2022-Q3"),
    ("Net rose in the second quarter from a year-earlier loss.", THU, "year-earlier", "DATE", "2022-Q2"),
    ("Shares fell on Sept. 8, down 3% from the previous Friday.", THU, "the previous Friday", "DATE", "2023-09-01"),
    ("Profit rose in the third quarter; last year's quarter was weak.", THU, "last year's quarter", "DATE", "2022-Q3"),
    # --- holidays -----------------------------------------------------------------------------
    ("The boy was rescued on Thanksgiving Day.", JAN, "Thanksgiving Day", "DATE", "2023-11-23"),
    ("Shops close on Christmas Day.", THU, "Christmas Day", "DATE", "2023-12-25"),
    ("Voters go to the polls on Election Day.", dt.date(2024, 10, 1), "Election Day", "DATE", "2024-11-05"),
    ("Pilgrims arrived as Easter week began.", dt.date(2000, 4, 17), "Easter week", "DATE", "2000-W16"),
    # --- vague references -------------------------------------------------------------------
    ("Kim is now in Russia.", THU, "now", "DATE", "PRESENT_REF"),
    ("Kim is currently in Russia.", THU, "currently", "DATE", "PRESENT_REF"),
    ("Relations have recently improved.", THU, "recently", "DATE", "PAST_REF"),
    ("Prices will fall in the coming weeks.", THU, "the coming weeks", "DATE", "FUTURE_REF"),
    ("Kidnappings have risen in recent years.", THU, "recent years", "DURATION", "PXY"),
    ("Net income was $24 million in the third quarter, compared with a loss of $3 million last year.", dt.date(2023, 10, 20), "last year", "DATE", "2022-Q3"),
    ("Profit rose in the third quarter. In the 2022 quarter, it had fallen.", dt.date(2023, 10, 20), "the 2022 quarter", "DATE", "2022-Q3"),
    ("Sales in the third quarter rose to $2.49 billion from last year's $2.34 billion.", dt.date(2023, 10, 20), "last year", "DATE", "2022-Q3"),
    ("The company was founded last year.", dt.date(2023, 10, 20), "last year", "DATE", "2022"),
    ("Now officials are investigating the bombing.", THU, "Now", "DATE", "PRESENT_REF"),
    ("Shares fell on Sept. 12, the day before the market plunge.", THU, "the day", "DATE", "2023-09-12"),
    ("The summit will be held on April 24 and 25.", THU, "25", "DATE", "2024-04-25"),
    ("Voting takes place on Nov. 5 or 6, 2024.", THU, "Nov. 5", "DATE", "2024-11-05"),
    ("Voting takes place on Nov. 5 or 6, 2024.", THU, "6, 2024", "DATE", "2024-11-06"),
    ("Dr. Slepian was killed last October. His name was crossed out that same day.", THU, "that same day", "DATE", "2022-10-XX"),
    ("The talks began on Sept. 8. The rebels left that same day.", THU, "that same day", "DATE", "2023-09-08"),
    ("Police came on Sept. 8. Two men showed up the day after his death.", THU, "the day", "DATE", "2023-09-09"),
    ("The day before last Tuesday's hearing, Manuel flew to Miami.", THU, "The day before last Tuesday", "DATE", "2023-09-11"),
    ("The March accession will let the three countries join the summit.", THU, "March", "DATE", "2024-03"),
    ("There was a one-time gain in the 1988 period.", THU, "the 1988 period", "DATE", "1988"),
    ("Profit rose in the third quarter. In the 2022 period, it had fallen.", dt.date(2023, 10, 20), "the 2022 period", "DATE", "2022-Q3"),
    ("Its 2022 performance was poor.", THU, "2022", "DATE", "2022"),
    ("The ceasefire held for a week.", THU, "a week", "DURATION", "P1W"),
    ("Jobs was born on February 24, 1955. In 1984 the Macintosh was released. One year later he was fired.", THU, "One year later", "DATE", "1985"),
    ("The war began in March 2003. Two months later the statue fell.", THU, "Two months later", "DATE", "2003-05"),
    ("The Macintosh was released in 1984. Two months later sales fell.", THU, "Two months later", "DATE", "1984"),
    ("He left in 1990. A decade later he came back.", THU, "A decade later", "DATE", "200"),
    ("In the late 1980's Apple Computer added a MIDI port.", THU, "the late 1980's", "DATE", "198"),
    ("Kim toured a factory on the 13th.", THU, "the 13th", "DATE", "2023-09-13"),
    ("Kim toured a factory on the 20th.", THU, "the 20th", "DATE", "2023-08-20"),
    ("Kim will tour a factory on the 20th.", THU, "the 20th", "DATE", "2023-09-20"),
    ("The talks began on 3 March. Kim left on the 5th.", THU, "the 5th", "DATE", "2023-03-05"),
    ("Payment is due by the 30th of next month.", THU, "the 30th of next month", "DATE", "2023-10-30"),
    ("Russia invaded Ukraine on February 24, 2022.\nKim arrived in Vladivostok on the 12th.", THU, "the 12th", "DATE", "2023-09-12"),
    ("Kim met Putin in March. On the 13th they signed a deal.", THU, "the 13th", "DATE", "2023-03-13"),
    ("Kim will leave Russia on the 31st.", THU, "the 31st", "DATE", "2023-10-31"),
    ("He was sentenced in 2021 to a year in prison.", THU, "2021", "DATE", "2021"),
    ("The forum runs from 12 to 14 September.", MON, "12", "DATE", "2023-09-12"),
    ("Talks were held on 12 and 13 September 2022.", THU, "12", "DATE", "2022-09-12"),
    ("Putin met Xi on October 18.", THU, "October 18", "DATE", "2022-10-18"),
    ("Putin met Xi in October.", THU, "October", "DATE", "2022-10"),
    ("The company extended its offer until Nov. 9.", THU, "Nov. 9", "DATE", "2023-11-09"),
    ("He said the vote is set for October 20.", THU, "October 20", "DATE", "2023-10-20"),
    ("Prices fell in the ’60s.", THU, "the ’60s", "DATE", "196"),
    ("The vote was held on 9/14/2023.", THU, "9/14/2023", "DATE", "2023-09-14"),
    ("The vote was held on 03/04/2023.", THU, "03/04/2023", "DATE", "2023-03-04"),
    ("The vote was held on 23/09/2022.", THU, "23/09/2022", "DATE", "2022-09-23"),
    ("Polls opened on 25/12/2022; the count ended on 03/01/2023.", THU, "03/01/2023", "DATE", "2023-01-03"),
    ("The deal was signed on 13.09.2023 in Vladivostok.", THU, "13.09.2023", "DATE", "2023-09-13"),
    ("The treaty takes effect on 03.04.2024.", THU, "03.04.2024", "DATE", "2024-04-03"),
    ("Results of the May elections were announced.", THU, "May", "DATE", "2023-05"),
    ("Two days after Sept. 3, the troops left.", THU, "Two days after Sept. 3", "DATE", "2023-09-05"),
    ("The talks began two weeks before Monday's vote.", THU, "two weeks before Monday", "DATE", "2023-08-28"),
    ("He waited a few days before Tuesday's vote.", THU, "a few days", "DURATION", "PXD"),
    ("The offer appeared in today's editions of the paper.", THU, "today", "DATE", "2023-09-14"),
    ("The ad ran on the front page of today's paper.", THU, "today", "DATE", "2023-09-14"),
    ("The father will leave at 4 in the morning.", THU, "4 in the morning", "TIME", "2023-09-14T04:00"),
    ("In London at mid-afternoon yesterday, shares were up.", THU, "mid-afternoon yesterday", "TIME", "2023-09-13TAF"),
    ("Two flights will leave on Monday and Tuesday nights.", THU, "Tuesday nights", "SET", "XXXX-WXX-2TNI"),
    ("The vote ended at eight in the evening.", THU, "eight in the evening", "TIME", "2023-09-14T20:00"),
    ("Shots were heard at 11 at night.", THU, "11 at night", "TIME", "2023-09-14T23:00"),
    ("``Today, I'm here to tell you we have our suspect,'' he said.", THU, "Today", "DATE", "2023-09-14"),
    ("Officials will decide in the future.", THU, "the future", "DATE", "FUTURE_REF"),
    ("The company will soon begin selling boxes.", THU, "soon", "DATE", "FUTURE_REF"),
    ("Security was tightened in recent days.", THU, "recent days", "DURATION", "PXD"),
    ("Such raids were common in the past.", THU, "the past", "DATE", "PAST_REF"),
    ("The plant may reopen in the future.", THU, "the future", "DATE", "FUTURE_REF"),
    ("A deal is expected soon.", THU, "soon", "DATE", "FUTURE_REF"),
    ("These days, few people write letters.", THU, "These days", "DATE", "PRESENT_REF"),
    # --- durations ----------------------------------------------------------------------------
    ("The talks lasted three days.", THU, "three days", "DURATION", "P3D"),
    ("The war has gone on for a decade.", THU, "a decade", "DURATION", "P10Y"),
    ("He has lived there for more than 20 years.", THU, "more than 20 years", "DURATION", "P20Y"),
    ("The strike lasted five hours.", THU, "five hours", "DURATION", "PT5H"),
    ("The index hit a five-year low.", THU, "five-year", "DURATION", "P5Y"),
    ("Prices rose over the past two months.", THU, "the past two months", "DURATION", "P2M"),
    ("Sales fell in the first nine months.", THU, "the first nine months", "DURATION", "P9M"),
    ("The project took several years.", THU, "several years", "DURATION", "PXY"),
    ("The families have fought for years.", THU, "years", "DURATION", "PXY"),
    ("The flight took 2 1/2 hours.", THU, "2 1/2 hours", "DURATION", "PT2H30M"),
    ("The ceasefire lasted a few weeks.", THU, "a few weeks", "DURATION", "PXW"),
    ("The siege lasted nearly two years.", THU, "nearly two years", "DURATION", "P2Y"),
    ("The minister spoke for about ten minutes.", THU, "ten minutes", "DURATION", "PT10M"),
    ("Losses will persist for the next three quarters.", THU, "the next three quarters", "DURATION", "P9M"),
    ("Prices have risen for decades.", THU, "decades", "DURATION", "PXY"),
    ("Repairs take two to three weeks.", THU, "two to three weeks", "DURATION", "PXW"),
    ("The launch lasted a minute and a half.", THU, "a minute and a half", "DURATION", "PT1M30S"),
    ("He served a year and a half in prison.", THU, "a year and a half", "DURATION", "P1Y6M"),
    ("It took 2 1/2 minutes.", THU, "2 1/2 minutes", "DURATION", "PT2M30S"),
    ("Prices fell in the last twenty four hours.", THU, "the last twenty four hours", "DURATION", "PT24H"),
    ("They emerged from a day-long meeting.", THU, "day-long", "DURATION", "P1D"),
    ("It is a decades-long battle.", THU, "decades-long", "DURATION", "PXY"),
    ("It took an hour-long debate.", THU, "hour-long", "DURATION", "PT1H"),
    ("He died in nineteen ninety six.", THU, "nineteen ninety six", "DATE", "1996"),
    ("His car crossed the border in 1994, 1995 and 1997.", THU, "1995", "DATE", "1995"),
    # --- sets -----------------------------------------------------------------------------------
    ("The committee meets every week.", THU, "every week", "SET", "P1W"),
    ("The report is published annually.", THU, "annually", "SET", "P1Y"),
    ("The market is open each Thursday.", THU, "each Thursday", "SET", "XXXX-WXX-4"),
    ("Patients take the pill twice a day.", THU, "a day", "SET", "P1D"),
    ("Prices are checked daily.", THU, "daily", "SET", "P1D"),
]


@pytest.fixture(scope="module")
def nlp():
    return load()


def _found(nlp, sentence: str, published: dt.date | None) -> dict[str, tuple[str, str | None, int, int]]:
    doc = nlp(sentence)
    return {t.text: (t.type, t.value, t.start, t.end) for t in find_time_expressions(doc, published)}


@pytest.mark.parametrize("sentence, published, text, type_, value", CASES, ids=[c[0][:48] for c in CASES])
def test_expression_span_type_and_value(nlp, sentence, published, text, type_, value):
    found = _found(nlp, sentence, published)
    assert text in found, f"{text!r} not found in {sentence!r}: {found}"
    kind, got, start, end = found[text]
    assert sentence[start:end] == text
    assert (kind, got) == (type_, value)


def test_the_table_covers_at_least_a_hundred_expressions_of_every_type():
    assert len(CASES) >= 100
    assert {c[3] for c in CASES} == {"DATE", "TIME", "DURATION", "SET"}


# --- without a publication date ----------------------------------------------------------------

NO_DCT = [
    ("The two leaders toasted their friendship on Wednesday.", "Wednesday", None),
    ("Officials said yesterday that the talks failed.", "yesterday", None),
    ("The two sides met last week.", "last week", None),
    ("Inflation rose in September.", "September", None),
    ("The treaty was signed on Sept. 12.", "Sept. 12", None),
    ("Protesters gathered Wednesday morning.", "Wednesday morning", None),
    ("The treaty was signed on September 12, 2023.", "September 12, 2023", "2023-09-12"),
    ("The plant closed in March 2020.", "March 2020", "2020-03"),
    ("The war began in 2022.", "2022", "2022"),
    ("Sales grew in the first half of 2022.", "the first half of 2022", "2022-H1"),
    ("The talks lasted three days.", "three days", "P3D"),
    ("Kim is currently in Russia.", "currently", "PRESENT_REF"),
    ("The committee meets every week.", "every week", "P1W"),
]


@pytest.mark.parametrize("sentence, text, value", NO_DCT, ids=[c[1] for c in NO_DCT])
def test_without_publication_date_relative_ones_keep_text_but_no_value(nlp, sentence, text, value):
    found = _found(nlp, sentence, None)
    assert text in found, f"{text!r} not found in {sentence!r}: {found}"
    assert found[text][1] == value


# --- words and numbers that are not dates -----------------------------------------------------

NOT_TIMEXES = [
    "Theresa May spoke to reporters.",
    "Prices may rise, and a deal is possible.",
    "The firm raised 100M dollars from 6005 investors.",
    "The index closed at 2082.1 points.",
    "Protesters march through the city.",
    "He paid $1990 for the car.",
    "The 6-year-old boy was found alive.",
    "Putin will visit at a convenient time.",
    "The company was previously owned by its founders.",
    "Leaves fall in the garden.",
    "The minister, in her early 40s, took office.",
    "Police found 0th century coins and 9/11 memorabilia.",
    "Now, he says, the West just wants war.",
    "She spoke in Nairobi later in the day before returning home.",
    'Baker, speaking on ABC News\' "This Week," said the request was valid.',
    "This is VOA Today.",
    "Reiter told Karsland Today that the talks were going well.",
    "He was one of three in the morning session.",
    "He was taken to a hospital and was soon released.",
    "He scored 24 and 25 points.",
    "Shares fell to 1,995 from 2,010.",
    "The trickle of cash soon became a flood.",
    "If I were choosing the people of tomorrow, I would have chosen them.",
    "The case is for today's youth what the blockade was for their parents.",
    "The poster showed Gary Cooper from the film High Noon.",
    "Doctors were attacked, most recently in a sniper attack.",
    "That is important to the future of our peoples.",
    "Thousands joined the March on Washington.",
    "She raised money for the March of Dimes.",
    "Brexit divided the May government.",
    "The firm released version 1.2.23 of its app.",
    "Iraq imports about three-quarters of its food.",
    "Shares rose 12 to 14 percent.",
    "He lives on the 13th floor.",
    "Kim finished on the 3rd and final day of his visit.",
    "The Senate voted on the 19th and 20th amendments.",
    "They marked the 20th anniversary in the park.",
    "The cuts will save $500 million a year.",
    "Qantas runs four flights a week to Bombay.",
    "Rooms will cost between $35 and $55 a night.",
]


@pytest.mark.parametrize("sentence", NOT_TIMEXES)
def test_traps_are_not_time_expressions(nlp, sentence):
    assert _found(nlp, sentence, THU) == {}


def test_the_seed_article_resolves_its_weekdays_by_tense(nlp):
    text = read_file(SEED)[0][0].body
    timexes = find_time_expressions(nlp(text), THU)
    values = {t.text: t.value for t in timexes}
    assert values["Wednesday"] == "2023-09-13"
    assert values["Thursday"] == "2023-09-14"
    assert all(t.value != "2023-09-07" for t in timexes)
    assert not any("convenient" in t.text for t in timexes)
    assert all(text[t.start : t.end] == t.text for t in timexes)


def test_day_first_reads_slashed_dates_when_the_article_gives_no_clue(nlp):
    doc = nlp("The vote was held on 03/04/2023, and the count on 12/04/2023.")
    assert [t.value for t in find_time_expressions(doc, THU, day_first=True)] == ["2023-04-03", "2023-04-12"]
    assert [t.value for t in find_time_expressions(doc, THU)] == ["2023-03-04", "2023-12-04"]
    # The article's own "12/25/2023" outweighs the setting.
    doc = nlp("Polls opened on 12/25/2023; the count ended on 03/01/2024.")
    assert [t.value for t in find_time_expressions(doc, THU, day_first=True)] == ["2023-12-25", "2024-03-01"]


def test_expressions_come_in_text_order_without_overlaps(nlp):
    text = "On Monday, three days after the Sept. 8 vote, officials said talks would resume next week."
    timexes = find_time_expressions(nlp(text), THU)
    assert [t.text for t in timexes] == ["Monday", "three days", "Sept. 8", "next week"]
    assert all(a.end <= b.start for a, b in zip(timexes, timexes[1:]))


# --- value_range ------------------------------------------------------------------------------

D = dt.date
RANGES = [
    ("2023-09-13", (D(2023, 9, 13), D(2023, 9, 13), "day")),
    ("2023-09-13T14:00", (D(2023, 9, 13), D(2023, 9, 13), "time")),
    ("2023-09-13TMO", (D(2023, 9, 13), D(2023, 9, 13), "time")),
    ("2023-W37", (D(2023, 9, 11), D(2023, 9, 17), "week")),
    ("2023-W36-WE", (D(2023, 9, 9), D(2023, 9, 10), "week")),
    ("2023-09", (D(2023, 9, 1), D(2023, 9, 30), "month")),
    ("2024-02", (D(2024, 2, 1), D(2024, 2, 29), "month")),
    ("2023-Q3", (D(2023, 7, 1), D(2023, 9, 30), "quarter")),
    ("2023-SU", (D(2023, 6, 1), D(2023, 8, 31), "season")),
    ("2023-WI", (D(2023, 12, 1), D(2024, 2, 29), "season")),
    ("2022-H2", (D(2022, 7, 1), D(2022, 12, 31), "half")),
    ("2023", (D(2023, 1, 1), D(2023, 12, 31), "year")),
    ("199", (D(1990, 1, 1), D(1999, 12, 31), "decade")),
    ("19", (D(1900, 1, 1), D(1999, 12, 31), "century")),
    ("00", (D(1, 1, 1), D(99, 12, 31), "century")),  # "the first century" has no year 0
    ("000", (D(1, 1, 1), D(9, 12, 31), "decade")),
]


@pytest.mark.parametrize("value, expected", RANGES, ids=[r[0] for r in RANGES])
def test_value_range(value, expected):
    assert value_range(value) == expected


@pytest.mark.parametrize("value", [None, "", "PRESENT_REF", "PAST_REF", "FUTURE_REF", "P3D", "PXY", "XXXX-WXX-4", "1998-XX", "2023-13", "2023-02-30", "0000", "9999-WI", "2023-W53"])
def test_value_range_is_none_for_what_names_no_calendar_span(value):
    assert value_range(value) is None
