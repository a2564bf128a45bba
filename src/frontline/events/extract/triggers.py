"""Stage 4a: the trigger words: verbs and nouns of capture, siege, advance and proximity as
one pattern (:data:`TRIGGERS`, one named group per reader), and the anchored finder that
tries it only where a trigger word starts (:data:`TRIGGER_FINDER`).

Nothing here names a country, a place or a side.
"""

from __future__ import annotations

import re

from frontline.ingest.dates import AnchoredPattern

__all__ = ["CTRL", "TRIGGERS", "TRIGGER_ANCHORS", "TRIGGER_FINDER", "trigger_anchors"]


def _words(text: str) -> list[str]:
    """Split a space-separated word list (easier to read than a long list literal)."""
    return text.split()


# --- triggers ------------------------------------------------------------------------------

CTRL = r"(?:full\s+|complete\s+|total\s+|effective\s+)?control\s+(?:of|over)"
# "established control last Friday on the towns of X" (translated reports)
CTRL_ON = (
    r"(?:full\s+|complete\s+|total\s+)?control(?:\s+(?:last\s+|on\s+)?(?:mon|tues|wednes|thurs"
    r"|fri|satur|sun)day|\s+(?:yesterday|today))?\s+(?:of|over|on)(?=\s+(?:the\s+)?(?:towns?"
    r"|villages?|cit(?:y|ies)|areas?|(?-i:[A-Z])))"
)
TRIGGERS = re.compile(
    r"(?:\b|(?=,))(?:"
    + "|".join(
        [
            # gerunds and nouns only after a word that makes them a reported fact
            # ", restoring security and stability to X" (a participle of the main clause)
            r"(?P<gerund>(?:,|\band)\s+(?:also\s+)?(?:restoring|establishing|imposing)\s+(?:full\s+)?"
            r"(?:security(?:\s+and\s+stability)?|stability|control)\s+(?:to|in|over|on)\b"
            r"|(?:\b(?:after|following|since|upon|by|led\s+to|leading\s+to|result(?:ed|ing)\s+in"
            r"|(?:ended|ending|concluded)\s+(?:up\s+)?with|culminat(?:ed|ing)\s+in|succe(?:ss|eded|eds)\s+in)"
            r"\s+(?:the\s+)?|(?:,|\band)\s+(?:also\s+)?)(?:(?:re)?capturing|retaking|seizing"
            rf"|liberating|entering|storming|regaining|overrunning|reclaiming|wresting|recovering"
            rf"|clearing|cleansing|freeing"
            rf"|taking(?:\s+{CTRL})?)\b"
            r"|\b(?:after|following|upon)\s+(?:fully\s+)?(?:controlling|securing)\b"
            # "Having captured X, the army ...": the main clause's subject took X
            r"|\bhaving\s+(?:(?:re)?captured|retaken|seized|liberated|entered|stormed|regained"
            rf"|overrun|secured|wrested|taken\s+(?:{CTRL}|over)|taken(?=\s+[A-Z]))\b)",
            r"(?P<nominal>\b(?:after|following|since|upon|with|marking|marks|announced"
            r"|confirmed|celebrat\w+|complet(?:ed|es|ing)|hailed|welcomed)\s+(?:on\s+[A-Z]\w+day\s+)?"
            r"(?:the\s+|its\s+|their\s+)?(?:full\s+|complete\s+|total\s+)?(?:(?:re)?capture|fall"
            r"|liberation|seizure|takeover)\s+of\b)",
            # a noun phrase as subject or object ("The fall of X to Y", "the takeover of X by
            # Y"): asserted unless an aim, a fear or a future (see engine._negated)
            r"(?P<noun>\b(?:the|its|their)\s+(?:full\s+|complete\s+|total\s+)?(?:(?:re)?capture"
            r"|fall|liberation|seizure|takeover)\s+of\b)",
            # a possessive: "X's fall", "X's liberation by Y", "the army's capture of X"
            r"(?P<poss>(?<=\w)['’]s\s+(?:(?:re)?capture|fall|liberation|seizure|takeover)\b"
            r"(?:\s+of\b)?)",
            r"(?P<prox>\bwithin\s+(?P<dist>\d+(?:\.\d+)?|one|two|three|four|five|six|seven"
            r"|eight|nine|ten|a\s+few)\s*(?:-\s*)?(?P<unit>km|kms|kilometres|kilometers"
            r"|kilometre|kilometer|miles?|metres|meters)\b(?:\s*\([^)]{0,30}\))?\s+(?:of|from)\b)",
            r"(?P<prox2>\b(?P<dist2>\d+(?:\.\d+)?)\s*(?:-\s*)?(?P<unit2>km|kms|kilometres"
            r"|kilometers|kilometre|kilometer|miles?)\b(?:\s*\([^)]{0,30}\))?\s+(?:away\s+)?"
            r"(?:from|short\s+of)\b)",
            r"(?P<withdraw>\b(?:withdrew|withdrawn|withdraws|withdrawing|pulled\s+(?:out|back)"
            r"|retreated|retreats|evacuated|abandoned|pulled\s+(?:its|their)\s+(?:forces|troops)"
            r"\s+out)\s+(?:from|of)\b)",
            r"(?P<expel>\b(?:drove|driven|drives|(?<=to\s)drive|pushed|expelled|expels|ousted|ousts|kicked"
            r"|chased|flushed|evicted|(?:knocked|forced|thrown)(?=\s+(?:[\w'’-]+\s+){0,3}?out\b))"
            r"(?=[^.;]{0,60}?\b(?:out\s+of|from)\b))",
            # "were released from the occupation of <loser>": the places are the subject
            r"(?P<freed>\b(?:released|freed|liberated|cleared|cleansed|purged)\s+from\s+"
            r"(?:the\s+)?(?:occupation|control|grip|hands|rule)\s+of\b)",
            r"(?P<lost>\b(?:lost|(?<=after\s)losing)(?:\s+(?:full\s+|complete\s+)?control\s+(?:of|over))?\b"
            r"|\b(?:handed\s+over|surrendered|ceded|relinquished|gave\s+up)\b)",
            r"(?P<fell>\b(?:f[ae]ll(?:en|s)?\s+(?:in)?to|f[ae]ll(?:en|s)?\s+under"
            r"|returned\s+to(?=\s+(?:the\s+)?(?:[\w'’-]+\s+){1,2}?(?:control|hands)\b)"
            r"|(?:c[oa]me|brought|returned|(?<=is\s)back|(?<=are\s)back|(?<=now\s)back)\s+(?:back\s+)?under(?=\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?"
            r"control\b)|came\s+under"
            rf"\s+(?:the\s+)?{CTRL.replace('(?:of|over)', 'of')}|fell"
            r"|(?<=has\s)fallen|(?<=had\s)fallen|(?<=have\s)fallen)\b)",
            r"(?P<siege>(?:(?:,|\band|\b(?:is|are|was|were|been|thus|thereby))\s+(?:also\s+|now\s+"
            r"|effectively\s+|practically\s+|completely\s+)?"
            r"(?:besieging|encircling|surrounding)"
            r"|\b(?:besieged|besieges|encircled|encircles|surrounded|surrounds|(?<=been\s)sieged"
            r"|besiege|encircle|cut\s+off|cordoned\s+off|(?:laid|laying|lay|lays)\s+siege\s+to"
            r"|(?:under|into|in)\s+(?:a\s+|the\s+)?(?:full\s+|complete\s+|total\s+|tight\s+)?siege"
            r"|(?:completed|completes|completing|tightened|tightens|tightening|imposed|imposes"
            r"|imposing|laid|lays|put|placed|placing|closed|closes)\s+(?:the\s+|a\s+|its\s+"
            r"|their\s+)?(?:full\s+|complete\s+|total\s+|tight\s+|direct\s+)?(?:siege"
            r"|encirclement|blockade|cordon|ring)\s+(?:on|of|to|around|over)"
            r")\b))",
            r"(?P<advance>\b(?:advanc(?:ed|es|ing)\s+(?:on|toward|towards|to|into|closer\s+to"
            r"|near|in\s+the\s+direction\s+of)|reached\s+(?:the\s+)?(?:outskirts|edges?|gates"
            r"|entrances?|outer\s+limits|doorstep)\s+of|(?:pushed|moved|pressed|marched|edged"
            r"|inched|closing|closed|pushing|moving)\s+(?:in\s+)?(?:closer\s+)?(?:toward|towards"
            r"|on|to)|approach(?:ed|ing|es)|near(?:ing|ed)|at\s+the\s+(?:outskirts|gates)\s+of"
            r"|reached)\b)",
            r"(?P<control>\b(?:(?:re)?captur(?:ed|es|e)|retook|retakes?|retaken|taken(?!\s+under\b)|reclaim(?:ed|s)"
            rf"|regain(?:ed|s)?(?:\s+{CTRL})?|seiz(?:ed|es|e)(?:\s+{CTRL})?|liberat(?:ed|es|e)"
            rf"|overr[au]n|overtook|took\s+over|(?:took|takes|taken|take)\s+(?:{CTRL}|hold\s+of"
            r"|under\s+(?:its\s+|their\s+)?(?:full\s+|complete\s+)?control)"
            rf"|(?:gained|gain|(?:re-?)?established|(?:re-?)?establish(?:es)?|imposed|impose[sd]?|imposing|expanded"
            r"|widened"
            r"|assumed|restored|declared|announced"
            r"|asserted|extended|secured|completed|completes)\s+(?:its\s+|their\s+)?"
            # "expanded its control near X to include Y", "extended their control to Y"
            r"(?:control(?:\s+[\w-]+){0,3}?\s+to(?:\s+include)?(?=\s)|"
            rf"{CTRL}|{CTRL_ON})|(?:gained|took|seized|captured)\s+back(?:\s+{CTRL})?"
            rf"|wrest(?:ed)?(?:\s+(?:back\s+)?(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over))?"
            rf"|won\s+back|conquered|freed|cleared|cleansed"
            r"|recovered|set\s+free"
            r"|purged|entered|enters|occupied|enter(?=\s+(?:the\s+(?:town|city|village)\s+of\s+)?[A-Z])"
            # Ukrainian and Russian capture verbs (past tense, as in reports)
            r"|захопил[иа]?|захопив|взял[иа]?\s+п[оі]д\s+контроль|звільнил[иа]?|заняли"
            r"|занял[аи]?|овладел[иа]?|освободил[иа]?"
            r"|swept\s+into|marched\s+into|moved\s+into|pushed\s+into|rolled\s+into"
            r"|poured\s+into|stormed|secured|took"
            # "control" as a verb of capture (translated monitor reports): after "able/
            # managed to", or on a counted object ("controlled 13 towns")
            r"|(?:(?<!un)able|managed|succeeded)\s+(?:to\s+(?:advance\s+and\s+)?(?:control|take"
            r"|clean|cleanse|secure)"
            r"|in\s+(?:controlling|taking))(?=\s)"
            # "the villages that have been controlled by the army since ...": captured
            r"|(?:(?<=s\sthat\s)|(?<=s\swhich\s))(?:have|has)\s+been\s+controlled(?=\s+by\b)"
            r"(?![^.;:]{0,80}?\bsince\s+(?:(?:early|late|mid)[\s-]+)?(?:[A-Z][a-z]+\s+)?\d{4})"
            # "the number of villages controlled by the army (since ...) rose to 36": counted
            # gains, not a state
            r"|(?<=s\s)controlled(?=\s+by\b[^.;:]{0,160}?\b(?:rose|risen|increased|climbed)\s+to\b)"
            # "X and Y, which were controlled by the factions on the 6th of June": a dated
            # change, not a state
            r"|(?:(?<=were\s)|(?<=was\s))controlled(?=\s+by\b[^.;:]{0,60}?\bon\s+(?:the\s+)?(?:\d{1,2}"
            r"(?:st|nd|rd|th)?\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b))"
            # "advanced and controlled X", "advance and control X" (translated monitor)
            r"|(?<=\sand\s)controlled(?=\s+(?:it|them)\b)"
            r"|(?:(?<=advance\sand\s)|(?<=advanced\sand\s)|(?<=advances\sand\s)"
            r"|(?<=attacked\sand\s)|(?<=stormed\sand\s))control(?:led|s)?"
            r"(?=\s+(?:it|them|the\s+(?:town|village|city|area|hill)"
            r"|(?:(?:al|el)-)?(?-i:[A-Z])))"
            r"|controlled(?=\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several"
            r"|a\s+number\s+of)\b)"
            r"|restored\s+(?:security(?:\s+and\s+stability)?|stability|(?:the\s+)?state\s+"
            r"authority|control)\s+(?:to|in|over))\b)",
        ]
    )
    + ")",
    re.IGNORECASE,
)


def trigger_anchors() -> list[str]:
    """Lower-case openings of every branch of TRIGGERS (for AnchoredPattern)."""
    out = (
        _words(
            "after following since upon led leading resulted resulting ended ending concluded "
            "culminat "
            "marking marks announced succe having "
            "confirmed celebrat within withdr pulled retreat evacuated abandoned fell fall "
            "came besieg encircl surround cut cordoned laid under complet tighten impos lay "
            "put placed closed closes closing advanc reached push moved moving pressed lost losing "
            "reclaim establish cleared cleansed purged drove driven drives drive expel ousted "
            "ousts kicked chased flushed evicted released knocked forced thrown "
            "marched edged inched approach nearing neared captur recaptur retook retake "
            "retaken taken regain seiz liberat overr overtook took takes gained established "
            "assumed restored declared asserted extended secured wrest won freed enter "
            "expanded widened "
            "recovered conquered handed surrendered ceded relinquished gave "
            "swept stormed rolled poured захоп взял звільн занял овладел освобод"
        )
        + [str(d) for d in range(10)]
        + [
            "at the outskirts",
            "at the gates",
            "able to",
            "able in",
            "managed to",
            "succeeded to",
            "succeeded in",
            "controlled ",
            "control",
            "have been controlled",
            "has been controlled",
            "reestablish",
            "re-establish",
        ]
    )
    # "take"/"gain" open a trigger only before control or hold (common words otherwise).
    for verb in ("take", "gain"):
        out += [f"{verb} {w}" for w in ("control", "full", "complete", "total", "effective",
                                         "hold", "under")]  # fmt: skip
    # multi-word anchors: "brought"/"returned"/"set" alone are common words
    out += [f"{v} {w}" for v in ("brought", "returned", "came", "come") for w in ("under", "back")]
    out += ["set free", "back under"]
    nouns = ("capture", "recapture", "fall", "liberation", "seizure", "takeover")
    out += [f"{det} {n}" for det in ("the", "its", "their") for n in nouns]
    out += [f"{det} {a} {n}" for det in ("the", "its", "their") for a in ("full", "complete",
            "total") for n in nouns]  # fmt: skip
    out += [f"{q}s {n}" for q in ("'", "’") for n in nouns]
    out += ["complet", "hailed", "welcomed", "returned to", "occupied"]
    # "into full siege": "into" alone is too common a word to try the pattern at
    out += [f"into {w}" for w in ("siege", "a siege", "full", "complete", "total", "tight")]
    # "are in the complete siege", "have been sieged" (translated reports)
    out += [
        f"in {d}{w}"
        for d in ("", "a ", "the ")
        for w in ("siege", "full siege", "complete siege", "total siege")
    ]
    out += ["sieged"]
    gerunds = _words(
        "captur recaptur retak seiz liberat enter storm regain overrun taking reclaim wrest recover"
        " clearing cleansing freeing"
        " restoring establishing imposing"
    )
    for lead in (", ", ",  ", ", also ", "and ", "and also ", "by "):
        out += [lead + g for g in (*gerunds, "encircling", "besieging")]
    out += [f", {adv} {g}" for adv in ("effectively", "practically", "completely")
            for g in ("besieging", "encircling", "surrounding")]  # fmt: skip
    out += [f"{lead} {g}" for lead in ("thus", "thereby") for g in ("encircling", "besieging",
                                                                     "surrounding")]  # fmt: skip
    out += [f"{aux} {adv}{g}" for aux in ("is", "are", "was", "were", "been")
            for adv in ("", "now ", "also ")  # the pattern allows "are now encircling"
            for g in ("besieging", "encircling", "surrounding")]  # fmt: skip
    for det in ("", "the ", "its ", "their "):
        out += [f"with {det}{n}" for n in ("capture", "recapture", "fall", "liberation",
                                            "seizure", "takeover")]  # fmt: skip
    return out


TRIGGER_ANCHORS = trigger_anchors()
TRIGGER_FINDER = AnchoredPattern(TRIGGERS, TRIGGER_ANCHORS)
