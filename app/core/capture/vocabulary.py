"""The quick log's English: the words and phrases it knows (README, "Quick log").

Data, not logic: a writer can add a word here without touching the grammar.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(*pairs: tuple[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf"\b(?:{words})\b", re.IGNORECASE), value) for words, value in pairs)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)

# Expectation first, so "I owe her one" is read before "owe" alone.
EXPECTATION_PHRASES = _phrases(
    (
        r"(?:i |we )?(?:probably|kind of|sort of|kinda) owe (?:her|him|them|you|\w+)(?: one)?",
        "implicit",
    ),
    (r"(?:i |we )?owe (?:her|him|them|you|\w+) one", "implicit"),
    (
        r"(?:should|ought to) (?:return|repay|pay back)(?: the favou?r| it| her| him| them)?",
        "implicit",
    ),
    (r"(?:implicit(?:ly)?|unspoken|unsaid)", "implicit"),
    (r"(?:i |we )?owe (?:her|him|them|you|[A-Z]\w*)", "explicit"),
    (r"owes me(?: one)?", "explicit"),
    (r"(?:wants|expects|asked for) (?:it|something|one) back", "explicit"),
    (r"(?:promised|agreed) to (?:pay|give) (?:it |her |him |them )?back", "explicit"),
    (r"(?:promised|agreed) to (?:return|repay)(?: it| the favou?r)?", "explicit"),
    (r"tit for tat|explicit(?:ly)?|i'?ll pay (?:her|him|them) back", "explicit"),
    (r"no strings(?: attached)?|as a gift|a gift|for free|nothing expected|expect nothing", "none"),
    (r"no need to (?:return|repay)|just because", "none"),
)

# "a big favor", "huge help", "weight 4": the favor's weight on the 1-5 scale
# ("?" takes the number the phrase gives).
_FAVOR_NOUN = r"(?:\s+(?:favou?r|one|help|thing|deal))?"
WEIGHT_PHRASES = _phrases(
    (r"weight\s*[:=]?\s*([1-5])", "?"),
    (rf"(?:a\s+)?(?:tiny|trivial|little bitty){_FAVOR_NOUN}", "1"),
    (rf"(?:a\s+)?(?:small|little|minor|quick){_FAVOR_NOUN}", "2"),
    (rf"(?:a\s+)?(?:medium|moderate|fair|decent|real){_FAVOR_NOUN}", "3"),
    (rf"(?:a\s+)?(?:big|large|major|serious|really big){_FAVOR_NOUN}", "4"),
    (rf"(?:a\s+)?(?:huge|enormous|massive|giant|life-?saving|very big){_FAVOR_NOUN}", "5"),
)
WARMTH_PHRASES = _phrases(
    (r"warmth\s*[:=]?\s*5|very warm|so warm|lovely|wonderful|great|amazing|delightful", "5"),
    (r"warmth\s*[:=]?\s*4|warm(?:ly)?|nice|good|pleasant|friendly|fun", "4"),
    (r"warmth\s*[:=]?\s*3|ok|okay|fine|alright|neutral|so-so", "3"),
    (r"warmth\s*[:=]?\s*2|cool|awkward|tense|strained|meh|flat|distant", "2"),
    (r"warmth\s*[:=]?\s*1|cold|frosty|hostile|awful|terrible|horrible", "1"),
)

# The words that make a line a favor rather than a moment.
FAVOR_VERBS = _words(
    "helped help helps helping lent lend lends loaned gave give gives drove drive drives "
    "fixed fix fixes bought buy paid pay covered cover cooked babysat watered fed hosted "
    "carried repaired mended lifted sent picked collected minded walked sorted"
)
FAVOR_NOUNS = _words("favor favour favors favours owe owes owed lift loan")
# "I borrowed Sam's drill" is a favor received; "Sam borrowed my drill" one given.
BORROW_VERBS = _words("borrowed borrow borrows")
# "got a lift from Ana": received, unless they got it.
RECEIVE_VERBS = _words("got received accepted")
INITIATING_VERBS = _words(
    "called rang phoned texted messaged emailed invited asked wrote pinged reached dropped visited"
)
# A capitalised first word is a name only before one of these ("Sam helped me").
AFTER_SUBJECT = (
    FAVOR_VERBS
    | BORROW_VERBS
    | INITIATING_VERBS
    | _words(
        "and & owes came come dropped took takes met told said showed brought is was "
        "did does had has made makes joined visited"
    )
)
TO_PERSON_VERBS = _words(
    "lent gave sent talked spoke wrote message messaged introduced it them something money books"
)
PLACE_WORDS = _words("in at near around into through via across")
THIRD_PERSONS = _words("she he they her him them")
ADVERBS = _words("really kindly just also finally then again")

KIND_WORDS = {
    **dict.fromkeys(
        _words(
            "coffee lunch dinner breakfast brunch drinks drink beer beers wine tea walk walked "
            "hike hiked movie movies film cinema concert gig party game games trip visit "
            "visited picnic gym swim run climbing museum played cooked bbq barbecue date "
            "festival show football match theatre theater weekend holiday"
        ),
        "shared_time",
    ),
    **dict.fromkeys(
        _words("call called calls phone phoned rang facetime facetimed zoom video skype"),
        "call",
    ),
    **dict.fromkeys(
        _words(
            "message messaged messages text texted texts email emailed wrote dm dms "
            "whatsapp whatsapped chatted letter card"
        ),
        "message",
    ),
    **dict.fromkeys(_words("meeting meetings standup appointment interview"), "meeting"),
    **dict.fromkeys(
        _words("talk talked chat conversation spoke catch-up caught catchup"), "conversation"
    ),
    **dict.fromkeys(
        _words("supported support comforted consoled listened hospital funeral"), "support"
    ),
}

# Words that are never read as a person's name, even with a capital.
NOT_NAMES = (
    _words(
        "i i'm i've i'd me my mine myself we us our you your she he they her him them "
        "their his hers it its a an the and or but with to for from at in on of about "
        "after before over under by up down out off into onto via so then also just "
        "really very too again today yesterday tonight tomorrow last this next past ago "
        "day days week weeks month months year years morning afternoon evening night "
        "weekend some any all both each every other another my own new old "
        "is was were be been am are had has have do did does done will would could "
        "should can may might must not no yes ok okay thanks thank please "
        "mr mrs ms dr"
    )
    | FAVOR_VERBS
    | FAVOR_NOUNS
    | BORROW_VERBS
    | RECEIVE_VERBS
    | INITIATING_VERBS
    | frozenset(KIND_WORDS)
    | frozenset(WEEKDAYS)
    | frozenset(MONTHS) - {"may", "june", "april", "august"}  # names too, when known
    | _words(
        "warm warmth nice good lovely great wonderful amazing fine cool cold awkward "
        "tense big small huge tiny little minor major medium gift weight move moved "
        "drill car lift home house station airport"
    )
)
