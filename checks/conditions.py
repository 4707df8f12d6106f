"""Case conditions read into relations between index letters: what narrows a free index.

Authors write the same case in many ways: ``w \\neq o``, ``\\text{for all } w \\ne o``,
``w \\in V \\setminus \\{o\\}``, ``w \\in \\{1,\\dots,V\\} \\setminus \\{o\\}``, ``w \\notin \\{o, c\\}``,
``当 w ≠ o 时``. Each becomes the relations it means (``w \\neq o``, ``w \\neq c``), a condition
that always holds (``\\forall w \\in V``) becomes none, and one that is plainly a condition but
cannot be read (``w \\notin \\{o, w_1, \\dots\\}``) is kept as ``unread`` so that the verifier
leaves its steps undecided instead of guessing which values it allows.

    >>> read_condition(r"\\text{for } w \\in V \\setminus \\{o, c\\}")
    Condition(relations=('w \\\\neq o', 'w \\\\neq c'), unread=None)
    >>> read_condition(r"\\forall w \\in V")
    Condition(relations=(), unread=None)
    >>> read_condition(r"y_w = 1") is None
    True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_LENGTH = 300  # a condition is short: longer text is not read as one


@dataclass(frozen=True)
class Condition:
    relations: tuple[str, ...]  # "w \\neq o", "w = o"; empty: it holds for every value
    unread: str | None = None  # the text, when it is a condition that cannot be read


def normal_relation(left: str, op: str, right: str) -> str:
    return f"{left} {'=' if op == '=' else chr(92) + 'neq'} {right}"


_COMMAND_FORMS = (  # spelling variants → one symbol; each command must end at a non-letter
    (r"\\(?:text|textrm|textnormal|mbox|mathrm|textit|textbf|operatorname)\s*\{([^{}]*)\}", r" \1 "),
    (r"\\mathcal\s*\{?\s*V\s*\}?", "V"),
    (r"\\(?:left|right|big|Big|bigg|Bigg)(?![a-zA-Z])", ""),
    (r"\\(?:q?quad|enspace|thinspace)(?![a-zA-Z])|\\[,;:! ]|~", " "),
    (r"\\(?:ldots|dots|cdots|dotsc)(?![a-zA-Z])|\.\.\.|…|⋯", " … "),
    (r"\\not\s*\\in(?![a-zA-Z])|\\notin(?![a-zA-Z])|∉", " ∉ "),
    (r"\\not\s*=|\\neq?(?![a-zA-Z])|\\neq?(?=[oc](?![a-zA-Z]))|!=|≠", " ≠ "),  # w\\neqo: no space
    (r"\\in(?![a-zA-Z])|∈", " ∈ "),
    (r"\\setminus(?![a-zA-Z])|\\backslash(?![a-zA-Z])|∖", " ∖ "),
    (r"\\forall(?![a-zA-Z])|∀", " ∀ "),
    (r"\\leq?(?![a-zA-Z])|<=|≤", " ≤ "),
    (r"\\land(?![a-zA-Z])|\\wedge(?![a-zA-Z])|∧|\band\b|且|并且|和", " ∧ "),
    (r"\\\{|\\lbrace(?![a-zA-Z])", " { "),
    (r"\\\}|\\rbrace(?![a-zA-Z])", " } "),
)
_COMPILED = tuple((re.compile(pattern), repl) for pattern, repl in _COMMAND_FORMS)
_LEAD = re.compile(r"^(?:\s|[(（,:&]|∀|for|all|every|each|any|if|when|whenever|where|with|其中|当|对于|对|所有|任意|任一|每个|每一个|的)+",
                   re.I)
_TRAIL = re.compile(r"(?:\s|[).,;:。，；：）]|时|成立)+$")
_LETTER = r"[A-Za-z]"
_VOCAB = (r"(?:V|W|Vocab|vocab|Vocabulary|vocabulary|\[\s*[VK]\s*\]|\{\s*[01]\s*,\s*(?:2\s*,\s*)?…\s*,\s*"
          r"(?:[VK]|\|\s*V\s*\|)(?:\s*-\s*1)?\s*\})")
_LETTERS = rf"\{{\s*{_LETTER}(?:\s*,\s*{_LETTER})*\s*\}}"
_RELATION = re.compile(rf"^({_LETTER})\s*(=|≠)\s*({_LETTER}|0)$")  # w ≠ 0: o, as the verifier reads it
_MORE_UNEQUAL = re.compile(rf"^({_LETTER})\s*≠\s*({_LETTER}(?:\s*,\s*{_LETTER})+)$")  # w ≠ o, c
_IN_ALL = re.compile(rf"^∀?\s*{_LETTER}\s*∈\s*{_VOCAB}$")
_IN_ALL_BUT = re.compile(rf"^∀?\s*({_LETTER})\s*∈\s*{_VOCAB}\s*(?:∖|-)\s*({_LETTERS})$")
_IN_ONE = re.compile(rf"^∀?\s*({_LETTER})\s*∈\s*\{{\s*({_LETTER})\s*\}}$")
_NOT_IN = re.compile(rf"^∀?\s*({_LETTER})\s*∉\s*({_LETTERS})$")
_RANGE = re.compile(rf"^{_LETTER}\s*=\s*[01]\s*,\s*(?:2\s*,\s*)?…\s*,\s*(?:[VK]|\|\s*V\s*\|)(?:\s*-\s*1)?$"
                    rf"|^{_LETTER}\s*=\s*1\s*,\s*(?:2\s*,\s*)?…\s*,\s*{_LETTER}$"  # j = 1, 2, …, C: every j
                    rf"|^[01]\s*≤\s*{_LETTER}\s*≤\s*(?:[VK]|\|\s*V\s*\|)$"
                    rf"|^∀?\s*{_LETTER}\s*∈\s*\[\s*1\s*,\s*(?:[VK]|\|\s*V\s*\|)\s*\]$")  # k ∈ [1, K]
# a shape note where a condition could stand (U ∈ ℝ^{d×V}) says what a name is, not which case holds
SIGN_PAIR = r"(?:-\s*1\s*,\s*\+?\s*1|\+?\s*1\s*,\s*-\s*1|\\pm\s*1)"  # the inside of {−1, +1}, {1, −1}, {±1}
_SHAPE_NOTE = re.compile(  # x ∈ ℝ^d, Y ∈ {0, 1}^{K×N}, labels s ∈ {−1, +1} or y ∈ {0, 1}: a declaration, no case
    r"^[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\s*∈\s*(?:\\mathbb\s*\{?\s*R|\\R(?![a-zA-Z])|ℝ|\{[^{}]*\}\s*\^"
    r"|\{\s*(?:" + SIGN_PAIR + r"|0\s*,\s*1|1\s*\.\.\s*[A-Za-z])\s*\}\s*$)")  # y ∈ {1..C}: a class label
_ALL = re.compile(rf"^∀\s*{_LETTER}$")
_LOOKS_LIKE = re.compile(rf"^∀|^{_LETTER}\s*(?:∈|∉|≠|≤|<|>|≥)")


@lru_cache(maxsize=4096)  # the chains read each math near a claim again for every claim around it
def read_condition(text: str) -> Condition | None:
    """The condition ``text`` states; None when it is not a condition at all (``y_w = 1``)."""
    if len(text) > MAX_LENGTH:
        return _too_long(text)
    body = _normal(text)
    quantified = "∀" in body
    opens = re.match(r"[\s,;:&(（]*∀", body)  # ", ∀ j = 1, …, n − 1": a condition, whether read or not
    body = _TRAIL.sub("", _LEAD.sub("", body)).strip()
    if not body or _SHAPE_NOTE.match(body):
        return None
    if _OTHERWISE.fullmatch(body):  # \text{otherwise}: the case the claim before did not take, unread here
        return Condition((), _compact(text))
    if quantified and re.fullmatch(_LETTER, body):  # \forall w
        return Condition(())
    relations: list[str] = []
    for part in (p.strip() for p in body.split("∧")):
        found = _conjunct(part)
        if found is None and "," in part and "{" not in part:  # w ≠ o, w ≠ c
            pieces = [_conjunct(p.strip()) for p in part.split(",")]
            found = None if None in pieces else [r for piece in pieces for r in piece]
        if found is None:
            return Condition((), _compact(text)) if _LOOKS_LIKE.match(part) or opens else None
        relations += found
    return Condition(tuple(dict.fromkeys(relations)))


_OTHERWISE = re.compile(r"\s*(?:otherwise|else|sinon|sonst|andernfalls|en otro caso|de lo contrario|否则|其他(?:情况)?|其余)"
                        r"\s*[.,;]?\s*", re.I)


def is_otherwise(text: str) -> bool:
    """Whether ``text`` says only "otherwise" (\\text{otherwise}, sinon, 否则): the other case of the claim
    before, which only the chains know."""
    return bool(_OTHERWISE.fullmatch(_TRAIL.sub("", _LEAD.sub("", _normal(text))).strip()))


def _normal(text: str) -> str:
    for pattern, repl in _COMPILED:
        text = pattern.sub(repl, text)
    return text


def _too_long(text: str) -> Condition | None:
    """A condition too long to read (``w \\notin \\{a, b, …\\}`` with a thousand letters) still
    limits its case: kept as unread, so its steps are undecided rather than checked for every
    value. Only its start is looked at, so a megabyte costs no more than a short one."""
    start = _LEAD.sub("", _normal(text[:MAX_LENGTH])).strip()
    if not _LOOKS_LIKE.match(start):
        return None
    return Condition((), _compact(text[:MAX_LENGTH]) + " …")


def _conjunct(part: str) -> list[str] | None:
    """The relations one conjunct states, [] when it always holds, None when it cannot be read."""
    part = _LEAD.sub("", part).strip()
    if match := _RELATION.match(part):
        return [normal_relation(*match.groups())]
    if match := _MORE_UNEQUAL.match(part):
        return [normal_relation(match.group(1), "≠", r) for r in re.findall(_LETTER, match.group(2))]
    if _IN_ALL.match(part) or _RANGE.match(part) or _ALL.match(part):
        return []
    if match := (_IN_ALL_BUT.match(part) or _NOT_IN.match(part)):
        return [normal_relation(match.group(1), "≠", r) for r in re.findall(_LETTER, match.group(2))]
    if match := _IN_ONE.match(part):
        return [normal_relation(match.group(1), "=", match.group(2))]
    return None


def _compact(text: str) -> str:
    """The condition as the author wrote it, without the spacing and commas that led to it."""
    return " ".join(re.sub(r"^(?:\s|[,;&]|\\q?quad(?![a-zA-Z])|\\[,;:! ])+", "", text).split())
