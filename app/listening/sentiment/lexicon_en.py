"""English rules and the brand / customer-service layer over the VADER lexicon.

Valences use VADER's scale (-4..+4). Negators and boosters are VADER's own lists, extended
with forms seen in complaints ("yet to", "zero"), and the domain entries fix words whose
general-English valence is wrong when people talk about brands ("joke", "free", "fire").
"""

import re

from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE

from app.listening.sentiment.cues import Cues
from app.listening.sentiment.rules import B_DECR, B_INCR, LanguageRules

NEGATORS = frozenset(NEGATE) | {
    "no", "zero", "0", "yet to", "nobody", "noone", "didnt", "havent", "hasnt", "wont", "aint",
    "cant", "dont", "doesnt", "isnt", "wasnt", "werent", "couldnt", "wouldnt", "shouldnt",
    "no one", "less",
}

# VADER also boosts with adjectives; "incredible in low light" must stay praise, not boost "low".
_ADJECTIVES = {"incredible", "exceptional", "tremendous", "enormous", "major", "total"}
BOOSTERS = {
    **{word: scalar for word, scalar in BOOSTER_DICT.items() if word not in _ADJECTIVES},
    **dict.fromkeys(["super", "crazy", "insanely", "seriously", "literally", "soooo", "sooo",
                     "mega", "way too", "af", "asf", "as hell", "so much", "beyond"], B_INCR),
    **dict.fromkeys(["bit", "a bit", "a little", "pretty much"], B_DECR),
    "scary": B_INCR,  # "scary accurate", "scary good"; alone it keeps its own valence
}
# Some intensifiers follow the word they strengthen ("good af", "love it so much").
POSTPOSED_BOOSTERS = frozenset({"af", "asf", "as hell", "so much"})

CONTRASTS = frozenset({"but", "however", "though", "although", "except", "yet"})

# Neutral when present, negative when negated or absent: "still no refund".
EXPECTED = {
    **dict.fromkeys([
        "refund", "refunds", "reply", "replies", "replied", "response", "responses",
        "responded", "respond", "responding", "answer", "answered", "answers", "help", "helped",
        "arrived", "received", "delivered", "delivery", "working", "work", "works", "worked",
        "signal", "connection", "internet", "wifi", "service", "update", "updates", "solution",
        "deliver", "delivers", "callback", "call back", "email", "emails", "compensation",
        "apology",
        "tracking", "info", "information", "explanation", "power", "access", "order", "package",
        "parcel", "customer service", "customer support", "support", "confirmation", "word",
        "contact", "reception", "coverage", "wi-fi", "data", "heat", "hot water",
        "communication", "covers", "cover", "pick up", "picks up", "open", "opens", "fix",
        "fixing", "came", "showed up", "show up", "shows up",
        # what one is billed for without having done it: "rides I never took"
        "showed", "turned up", "got back", "get back", "heard back", "returned", "shipped",
        "processed", "ordered", "asked for", "signed up", "authorized", "made", "took",
    ], (0.0, -1.8)),
    **dict.fromkeys(["cancel", "unsubscribe"], (0.0, -1.5)),
    "called me back": (0.8, -1.8),
    "called back": (0.8, -1.8),
    "fixed": (1.2, -1.8),
    "resolved": (1.5, -1.8),
    "refunded": (1.0, -1.8),
    "sorted": (1.2, -1.5),
}

DOMAIN = {
    # scams, outages, crises
    "scam": -3.0, "scams": -3.0, "scammed": -3.0, "scammers": -3.0, "scammy": -2.8,
    "fraud": -3.0, "fraudulent": -3.0, "rip-off": -2.8, "ripoff": -2.8, "rip off": -2.8,
    "ripped off": -2.8, "outage": -2.2, "outages": -2.2, "is down": -2.0, "are down": -2.0,
    "down again": -2.2, "went down": -2.0, "boycott": -2.5, "boycotting": -2.5,
    "recall": -1.0, "recalled": -1.8, "product recall": -2.0, "data breach": -2.8,
    "breach": -2.2, "leak": -1.5, "leaked": -1.8, "hacked": -2.2, "bug": -1.6, "bugs": -1.6,
    "buggy": -2.0, "glitch": -1.5, "glitches": -1.5, "glitchy": -1.8, "crashes": -1.8,
    "crashing": -1.8, "crashed": -1.8, "faulty": -2.2, "defective": -2.2, "damaged": -2.0,
    "unsafe": -2.4, "food poisoning": -3.2, "sick": -1.8,
    # money
    "overpriced": -2.2, "overcharged": -2.5, "charged twice": -2.5, "double charged": -2.5,
    "hidden fees": -2.5, "fees": -0.6, "waste of money": -3.0, "waste of time": -2.8,
    "free": 1.0, "free shipping": 1.0, "good deal": 2.0, "great deal": 2.5, "worth it": 2.2,
    "worth every penny": 2.8, "not worth": -2.2, "bang for your buck": 2.0,
    # service quality
    "slow": -1.5, "slowest": -2.0, "fast": 1.4, "quick": 1.3, "quickly": 1.0, "smooth": 1.8,
    "seamless": 2.0, "reliable": 2.0, "unreliable": -2.2, "responsive": 1.8,
    "unresponsive": -2.2, "unhelpful": -2.2, "incompetent": -2.6, "useless": -2.5,
    "on hold": -1.6, "still waiting": -2.2, "been waiting": -1.6, "delayed": -1.5,
    "delay": -1.3, "delays": -1.3, "late": -1.2, "cancelled": -1.5, "canceled": -1.5,
    "lost": -1.5, "missing": -1.3, "issue": -1.3, "issues": -1.3, "problem": -1.5,
    "problems": -1.5, "error": -1.3, "lag": -1.4, "laggy": -1.6, "spam": -1.5,
    "no complaints": 1.8, "no issues": 1.5, "no problem": 1.2, "no problems": 1.5,
    "customer service": 0.0, "customer support": 0.0, "support team": 0.0, "help desk": 0.0,
    # opinions
    "highly recommend": 3.0, "recommend": 2.0, "recommended": 1.8, "must have": 2.2,
    "game changer": 2.5, "game-changer": 2.5, "lifesaver": 2.5, "life saver": 2.5,
    "obsessed": 2.2, "kudos": 2.5, "shoutout": 2.0, "shout out": 2.0, "props": 1.5,
    "legit": 1.5, "lit": 2.0, "slaps": 2.0, "banger": 2.0, "on point": 2.2,
    "killing it": 2.5, "nailed it": 2.5, "hits different": 1.8, "can't wait": 2.0,
    "cant wait": 2.0, "cannot wait": 2.0, "mid": -1.2, "meh": -1.2, "letdown": -2.0,
    "let down": -2.0, "nightmare": -2.8, "trash": -2.5, "garbage": -2.6, "sucks": -2.2,
    "joke": -1.5, "clown": -2.0, "clowns": -2.0, "never again": -2.5, "avoid": -2.0,
    "stay away": -2.6, "thanks for nothing": -2.8, "unacceptable": -2.8, "ridiculous": -2.2,
    "disgusting": -3.0, "gross": -2.2, "fuming": -2.8, "livid": -2.8, "gutted": -2.5,
    "pissed": -2.5, "fire": 0.0, "on fire": 1.8, "sick of": -2.2, "fed up": -2.4,
    "like": 0.0, "i like": 1.6, "we like": 1.6, "really like": 1.8, "love": 3.0,
    # interjections and slang: laughter is weak evidence (often ironic), so kept small
    # dev-set fixes: brand-context senses of general words
    "honestly": 0.0, "robbery": -2.5, "daylight robbery": -2.8, "dropped": -1.0,
    "dying": -1.5, "nailed": 2.2, "insane": 0.0, "really into": 1.8, "is a lottery": -1.5,
    "complaint": 0.0, "supports": 0.0, "interested": 0.0, "accepts": 0.0, "pay": 0.0,
    "number": 0.0, "want": 0.0, "care": 0.0, "benefits": 0.0, "vacation": 0.0,
    "reach": 0.0, "better": 1.0, "expected better": -1.8, "expected more": -1.5,
    "a dump": -2.2, "pilled": -1.5, "go up": -1.0, "goes up": -1.0, "went up": -1.0,
    "price hike": -1.8, "raising prices": -1.5, "without warning": -1.5,
    "down since": -2.0, "looping": -1.5, "talk to a human": -1.2, "supposed to": -1.0,
    "nonexistent": -1.8, "impossible": -1.5, "hats off": 2.5, "hassle": -1.5,
    "essential": 1.0, "approve": 1.5, "bounced": -1.2, "passing the buck": -2.0,
    "nice touch": 2.0, "tbh": 0.0, "burnt": -1.5, "racket": -2.2, "nothing but": 0.0,
    "freezes": -1.5, "pricier": -1.0, "certified": 0.0, "invalid": -1.2,
    "rings forever": -1.5, "overbilled": -2.2, "disgraceful": -2.8, "forgets": -1.2,
    "forgot": -1.2, "holiday": 0.0, "festival": 0.0, "no thanks": -1.5,
    "on time": 1.5, "cheap": 0.5, "stopped working": -2.0, "stopped responding": -2.0,
    "incredible": 2.5, "low": 0.0, "low quality": -1.8, "low prices": 1.5, "credit": 0.5,
    "friends": 0.0, "pushed back": -1.2, "postponed": -1.0, "disconnected": -1.5,
    "overheats": -1.8, "overheating": -1.8, "without asking": -1.5, "keeps charging": -1.5,
    "vs reality": -1.5, "didn't even have to": 1.2,
    "lol": 0.6, "lmao": 0.6, "lmfao": 0.6, "rofl": 0.6, "haha": 0.8, "smh": -1.6,
    "wtf": -1.8, "ugh": -1.8, "yikes": -1.6, "fml": -2.2, "omg": 0.3, "rip": -1.2,
}

RULES = LanguageRules(
    lang="en",
    negators=NEGATORS,
    ne_particles=frozenset(),
    ne_negators=frozenset(),
    boosters=BOOSTERS,
    postposed_boosters=POSTPOSED_BOOSTERS,
    contrasts=CONTRASTS,
    expected=EXPECTED,
    absence_after=frozenset({"nothing"}),
    post_negators=frozenset(),
    persistence=frozenset({"still"}),
    ironic_closers=frozenset({"great", "awesome", "wonderful", "fantastic", "brilliant",
                              "classy", "perfect", "lovely", "amazing", "nice", "super",
                              "excellent", "splendid", "cool"}),
    domain=DOMAIN,
    elision=False,
)
