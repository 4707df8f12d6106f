"""Math blocks → chains of "=" steps, with the part label, case conditions and line of every side.

A chain ``e₀ = e₁ = … = eₙ`` is checked step by step (e_{i-1} against e_i). In an aligned block a
row that begins with ``=`` (after its label) continues the chain; a row with its own left side
starts a new one; a block that begins with ``&=`` continues the previous block's chain. What stands
before ``&`` may be a label (``(b) \\quad``, ``\\text{综合上述两种情况:}``) or a case condition
(``\\text{(c) case 1: } w \\neq o``); so is what follows a claim (``, \\quad w \\in V \\setminus \\{o\\}``,
``\\text{for } w \\neq o``, or "for all $w \\neq o$." after a display), read by checks/conditions.py.
Equations joined by commas (``a = b, \\quad c = d``) are separate statements.

    >>> from checks.document import read_text
    >>> doc = read_text("$$\\\\begin{aligned} f &= a \\\\\\\\ (b) &= c \\\\end{aligned}$$", "md")
    >>> [(c.part, [s.latex for s in c.sides]) for c in document_chains(doc)]
    [('b', ['f', 'a', 'c'])]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from checks.conditions import Condition, is_otherwise, normal_relation, read_condition
from checks.document import Document, MathBlock
from checks.ellipsis import without_alignment

# layout environments are blanked; a matrix (bmatrix, pmatrix, …) is one value of a side, its rows kept
_MATRIX_ENV = r"[pbBvV]?matrix\*?|smallmatrix"
# a ≜ b, a ≡ b, a \coloneqq b, a \stackrel{\text{def}}{=} b: a defined as b, an assignment like :=
_DEFINES = re.compile(r"\\(?:triangleq|coloneqq|equiv|eqdef|doteq)(?![a-zA-Z])|"
                      r"\\(?:stackrel|overset)\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{?\s*=\s*\}?")
_ASSIGNED = " :"  # the mark a side before := carries
_ENV = re.compile(rf"\\(?:begin|end)\{{(?!(?:{_MATRIX_ENV})\}})[a-zA-Z*]+\}}(?:\{{[^{{}}]*\}})?")
_MATRIX_EDGE = re.compile(rf"\\(begin|end)\s*\{{(?:{_MATRIX_ENV})\}}")
_TEXT = re.compile(r"\\(?:text|textrm|mbox|mathrm|textbf|textit)\s*\{([^{}]*)\}")
_PART = re.compile(r"\(([a-h])\)")
_SPACING = re.compile(r"\\(?:quad|qquad|[,;:! ]|enspace|hfill)|~")
# where a condition may begin at the end of a row: after a comma, a space, an &, or as \text{for …},
# \forall or a parenthesis
_TAIL_MARK = re.compile(r",|;|&|\\q?quad(?![a-zA-Z])|\\[,;:! ]|\\forall(?![a-zA-Z])|\\text\s*\{|\(")
_CONTINUES = re.compile(r"^(?:\\q?quad\s*|\\[,;:! ]\s*|~\s*)*(?:[+\-*]|\\cdot|\\times)")
_TAIL_REACH = 300  # characters at the end of a row or side where a trailing condition may stand
_CASE_REACH = 400  # characters of prose over which "For $w \neq o$:" still announces the next claim
# "for every w", "in every case"; not a consequence of the case: "Then every score is 0", "every $p_i = \frac12$"
_ALL_CASES = re.compile(r"both cases|all cases|for\s+every|every(?!\s*\$|\s+(?:[\w-]+\s+){0,2}(?:is|are)\b)|for all|"
                        r"in general|together|综合|两种情况|所有情况|对于?所有|一般(?:情况|地)",
                        re.I)  # not 所有 alone: "则所有隐藏单元都死了" (then all hidden units are dead) goes on in the case


@dataclass(frozen=True)
class Side:
    latex: str  # one side of "=", labels, conditions and alignment removed
    line: int  # 1-based line where this side begins
    cell: int | None
    label: str | None = None  # what stood before & on this side's row: "(b) \\quad", "\\text{…}"


@dataclass(frozen=True)
class Chain:
    sides: tuple[Side, ...]  # e₀ = e₁ = …; step i compares sides[i-1] with sides[i]
    part: str | None  # "a".."h": the label in force
    conditions: tuple[str, ...]  # case conditions in force, e.g. "w \\neq o"
    display: bool
    line: int
    cell: int | None
    continued: bool = False  # sides[0] is the previous block's last side
    unread: tuple[str, ...] = ()  # case conditions written here that could not be read
    named_loss: str | None = None  # the loss the part's heading or the prose before names
    solving: bool = False  # the prose before says an equation is being solved ("setting it to zero")
    sizes: tuple[tuple[str, int], ...] = ()  # letters the prose of its section fixed: "for $N = 1$"
    layer: tuple[int, int | None] | None = None  # a copy for one layer: (the chain's place, its l; None for L)
    universal: tuple[str, ...] = ()  # index letters the prose says it holds for every value of: "for any $l$"
    written: tuple[tuple[str, str], ...] = ()  # a copy's sides → the sides as the document wrote them
    lead: str = ""  # the text just before its block, its inline math in place: "Let", "where", "Here"
    around: tuple[str, str] = ("", "")  # the text before and after it where nearby_cases looks


def document_chains(doc: Document) -> tuple[Chain, ...]:
    chains: list[Chain] = []
    part: str | None = None
    section_loss: str | None = None
    sentence_case: tuple[Condition, ...] = ()  # a case an inline claim took, in force to its sentence's end
    last_case: Condition | None = None  # the case announced last: "the other words" are the rest
    since_claim = ""  # the prose since the last claim
    heading: str | None = None
    sizes: dict[str, int] = {}
    previous: Chain | None = None
    last_display: Chain | None = None
    pending: tuple[Condition, ...] = ()  # "For $w \neq o$:" — an inline condition announcing a case
    carried: tuple[Condition, ...] = ()  # an unread case a display took, in force while its sentence goes on
    worded = False  # the pending case was opened by words ("Suppose", "If", "With … all zeros")
    since = ""  # the prose between that announcement and the next claim
    heard = ""  # the words of a case said after its name ("$z_1$ are positive"), which start the next block's prose
    consumed = -1  # a condition read as the trailing case of the claim before it
    solved_run = False  # the claims so far since a gradient set to zero are equations, with no derivative
    text_before = ""  # the text just before a block, its inline math in place (a block's prose holds the inline
    # math before it): "for any $l$ and $j$,"
    for index, block in enumerate(doc.blocks):
        after_display = index and doc.blocks[index - 1].display  # a line break stands for the display between
        text_before = (text_before + ("\n" if after_display else " ") + block.prose_before)[-_UNIVERSAL_REACH:]
        if block.error or index == consumed:
            continue
        if block.heading != heading:
            pending, carried, heading, sizes = (), (), block.heading, {}
            found = _PART.search(heading or "")
            if found:
                part = found.group(1)
            section_loss = named_loss(heading or "")
        if not block.display and (fixed := _FIXED_SIZE.fullmatch(block.latex)) and fixed.group(1) not in "yt":  # a label
            sizes[fixed.group(1)] = int(fixed.group(2))  # "Pour $N = 1$": to the section's end
            continue
        if not block.display:
            condition = read_condition(block.latex)
            hypothesis = _HYPOTHESIS.search(block.prose_before[-40:])
            opened = _CASE_CLAUSE.search(text_before[-100:])  # "If the weights are zero, $W_2 = 0$,"
            announced = _ANNOUNCED.match(block.prose_after) and (_RELATION.search(block.latex) or _LABELLED.search(
                block.prose_before) and block.prose_after.lstrip().startswith(")"))  # "Where the margin is violated
            # ($y w^T x < 1$):", an inequality, or a bold label's "**Similar pair** ($y=1$):" (not "with $y_o = 1$:",
            # which states a value)
            if condition is None and (hypothesis or opened or announced) and _CASE_RELATION.match(block.latex) \
                    and not _CONSTANT_SIGN.fullmatch(block.latex):  # "for $\lambda > 0$": what a constant is, no case
                condition = Condition((), block.latex.strip())  # "If $y_1 = 1$:", "When $b = 0$,": a case unread
            said = _SIGN_SAID.match(block.prose_after)  # "Suppose all entries of $z_1$ are positive", "With $W_2$ all zeros"
            if condition is None and said and (opened or hypothesis or _GIVEN.search(block.prose_before[-30:])):
                condition, heard = Condition((), f"{block.latex.strip()} {said.group(0).strip()}"), said.group(0).strip()
            if condition is not None:
                if not _explains_a_value(block):  # "δ_{ow} is 1 when $w = o$" is no case
                    pending, carried, since, last_case = (condition,), (), "", condition
                    worded = bool(opened or hypothesis or said or announced)  # "Suppose …", not "Take $S \in \mathbb{S}^n$"
                continue
            if hypothesis and _THEN.match(block.prose_after):
                continue  # "if $a = \tanh(u)$, then …": a name given a value for one sentence, no definition
        own = block.prose_before.replace(heard, "", 1) if heard else block.prose_before  # the case's own words
        since = (since + " " + own)[:_CASE_REACH + 1]  # ("的所有分量") are no "all cases"; past the reach, length
        heard = ""  # is all that counts
        since_claim = (since_claim + " " + block.prose_before)[-_CASE_REACH:]
        solving = bool(_SOLVING.search(since_claim)  # "Setting this to zero and multiplying by $\frac{n}{2}$:"
                       or _SETTING.search(block.prose_before[-30:]) and _TO_ZERO.search(block.latex))  # "Setting $∇J = 0$"
        conditions: tuple[Condition, ...] = ()
        if sentence_case and (block.display or _SENTENCE_END.search(_ABBREVIATION.sub(" ", block.prose_before))
                              or _OTHER_CASE.search(block.prose_before)):
            sentence_case = ()
        if carried and not _goes_on(block.prose_before):
            carried = ()
        if "=" in block.latex:  # a claim takes the case announced before it, unless prose ended it
            if pending and len(since) <= _CASE_REACH and not _ALL_CASES.search(since):
                conditions = pending
                if block.display and worded and all(not case.relations for case in pending):
                    carried = pending  # "Suppose $v_c = 0$. Then $$…$$ $$…$$": the displays after go on in it
            elif carried and block.display:
                conditions = carried
            elif sentence_case:  # "For $w \neq c$, $∂J/∂v_{w,i} = 0$ for every $i$, i.e. $∂J/∂v_w = 0$."
                conditions = sentence_case
            elif not pending:
                conditions = _plain_announcement(block.prose_before) or _class_case(text_before) \
                    or _rest_of(last_case, since_claim)
            if block.display or _DERIVATIVE_OR_LOSS.search(block.latex):
                sentence_case = () if block.display else conditions
                pending = ()  # an inline note such as $y_w = 0$ holds in the case and leaves it open
            since_claim = ""
            trailing = _trailing_case(block, doc.blocks[index + 1:index + 2])
            if trailing:
                conditions, consumed = conditions + (trailing,), index + 1
            elif block.display and (plain := _plain_trailing_case(block.prose_after)):
                conditions += (plain,)
        prose_parts = _PROSE_LABEL.findall(block.prose_before + " ")
        if prose_parts:
            part = prose_parts[-1]
        # "\text{(naive softmax, for comparison)}" in the display itself, then the prose, then the heading
        loss = named_loss(" ".join(_TEXT.findall(block.latex))) or named_loss(block.prose_before) or section_loss
        pieces = split_chains(block, part, conditions, _continued_from(block, previous, last_display))
        premise = len(pieces) > 1 and bool(_SEPARATOR.search(block.latex))  # "∇L = 0 ⟹ XᵀXw = Xᵀy": a supposition
        for number, chain in enumerate(pieces):
            part = chain.part
            ends_zero = previous is not None and bool(_TO_ZERO.search("=" + previous.sides[-1].latex))
            zero = ends_zero and previous.display and (bool(_DERIVATIVE.search(previous.sides[0].latex))
                                                       or previous.solving)  # a gradient set to zero, not "Near $w^T x = 0$"
            separated = previous is not None and (previous.solving or zero or ends_zero and number > 0) \
                and bool(_SEPARATOR.search(block.latex))
            equation = (zero or solved_run) and block.display \
                and not _DERIVATIVE.search(" ".join(side.latex for side in chain.sides))
            solved_run = equation  # = 0 ⟹ w = (XᵀX)⁻¹Xᵀy, or XᵀXw = Xᵀy in the displays after "∇L = … = 0"
            supposed = (premise and number + 1 < len(pieces) or number + 1 == len(pieces) and _IMPLIES_AFTER.match(
                block.prose_after)) and bool(_TO_ZERO.search("=" + chain.sides[-1].latex))  # "$\nabla J = 0$ ⇒ …"
            implied = separated or equation or supposed  # and what follows from it, in its block or the next
            chain = replace(chain, named_loss=loss, solving=solving or implied, sizes=tuple(sizes.items()),
                            universal=_universal(text_before, block.prose_after),
                            around=_around(text_before, block, doc.blocks[index + 1:]),
                            lead=text_before[-120:])
            chain = _otherwise(chain, previous)
            named = _function_named_between(chain, doc.blocks)
            if named is not None:  # h = f(Wx) = tanh(Wx): f(t) = tanh(t), and h = tanh(Wx)
                chains.append(named)
                chain = replace(chain, sides=chain.sides[:1] + chain.sides[2:])
            chains.append(chain)  # a continued chain starts from the previous one's last side
            previous = chain
            last_display = chain if chain.display else last_display
    return tuple(c for c in map(_without_blank, chains) if len(c.sides) >= 2)


def _continued_from(block: MathBlock, previous: Chain | None, last_display: Chain | None) -> Chain | None:
    """The chain a block that opens with "=" goes on from: the one just before where no words stand between; else,
    for a display, the last display ("Expanding, with $θᵀXᵀy = yᵀXθ$: $$= …$$" goes on with J, not with the
    aside); an inline "= …" after words ("`dW` $= ∂L/∂W = …$") goes on from nothing: what it names is not math."""
    if previous is None or not block.latex.lstrip().startswith("="):
        return previous
    if block.display and not previous.display and _ASIDE.search(previous.lead):
        return last_display
    if not re.search(r"[^\W\d_]{2,}", re.sub(r"\$[^$]*\$", " ", block.prose_before)):
        return previous
    return last_display if block.display else None


_ASIDE = re.compile(r"\b(?:with|using|since|because|as|where|recall(?:ing)?(?:\s+that)?|note\s+that|noting\s+that)\s*$",
                    re.I)  # "Expanding, with $θᵀXᵀy = yᵀXθ$:": a fact used on the way


def _goes_on(prose: str) -> bool:
    """Whether the prose between two blocks goes on with one sentence: nothing at all between two displays,
    or "while the output layer still learns, and since then"; not "The other words:" nor a sentence's end."""
    text = _ABBREVIATION.sub(" ", prose).strip().strip("*_#> \t\n")  # "**First layer:**" is a heading
    return not text or not text[0].isupper() and not re.search(r"[.;:!?。；：！？]|\n[ \t]*\n", text)


def _universal(before: str, after: str) -> tuple[str, ...]:
    """The index letters the sentence just before a formula, or the words just after it, says it holds
    for each value of: "so for any pair of classes $l$ and $j$,", "…, for every $k$."."""
    sentence = re.split(r"[.!?:]\s", before)[-1]
    found = _FOR_EVERY.findall(sentence) + _FOR_EVERY.findall(re.split(r"[.!?:]\s", after[:80])[0])
    return tuple(dict.fromkeys(letter for letters in found for letter in re.findall(r"\$\s*([a-z])\s*\$", letters)))


_UNIVERSAL_REACH = 200
_FOR_EVERY = re.compile(r"\bfor\s+(?:any|every|all|each)\b[^$.;:]{0,40}((?:\$\s*[a-z]\s*\$(?:\s*(?:,|and|or)\s*)?)+)",
                        re.I)
_BLANK = re.compile(r"(?:\s|\\[,;:! ]|\\q?quad(?![a-zA-Z]))*\?[\s.]*")  # "= \;?": a question a flashcard asks


def _around(before: str, block: MathBlock, following) -> tuple[str, str]:
    """The text around a claim where a case may be stated: its paragraph before it, and after it the rest of
    its paragraph and the next one, up to the next display."""
    after = block.prose_after
    for nxt in following:
        if nxt.display or len(after) > _NEARBY_REACH:
            break
        after += f"${nxt.latex}$" + nxt.prose_after
    after = "\n\n".join(re.split(r"\n[ \t]*\n", after)[:2])[:_NEARBY_REACH]  # its paragraph's rest, the next
    return re.split(r"\n[ \t]*\n", before)[-1][-_NEARBY_REACH:], after


def nearby_cases(chain: Chain) -> tuple[str, ...]:
    """The relations on letters that the text around a claim states ("Here $w \\neq o$.", "（$w \\neq o$）",
    "unless $w = o$", turned round), in plain text ("for all w != o") or in words ("except $o$", "other than
    o": "* \\neq o", no letter named). No rule above took them as its case; where the step fails, verify tries
    them. Read only then: most claims hold, and a document of many claims reads fast."""
    found: list[str] = []
    for text in chain.around:
        for math in re.finditer(r"\$([^$]{1,80})\$", text):
            condition = read_condition(math.group(1))
            turned = bool(_NEGATING.search(text[max(0, math.start() - 40):math.start()]))
            for relation in condition.relations if condition is not None else ():
                found.append(_turned(relation) if turned else relation)
        prose = re.sub(r"\$[^$]*\$", lambda m: m.group(0) if _LONE_LETTER.fullmatch(m.group(0)) else " ", text)
        found += [normal_relation(a, "≠", b) for a, b in _PLAIN_RELATION.findall(prose)]
        found += [normal_relation("*", "≠", "".join(letters)) for letters in _EXCEPT.findall(prose)]
    return tuple(dict.fromkeys(found))


def _otherwise(chain: Chain, previous: Chain | None) -> Chain:
    """"… = \\hat y_w v_c \\quad \\text{for } w \\neq o \\\\ … = (\\hat y_w - 1)v_c \\quad \\text{otherwise}": a claim whose
    only case is "otherwise" takes the case of the claim before it, turned round."""
    if chain.conditions or not chain.unread or not all(is_otherwise(text) for text in chain.unread) \
            or previous is None or len(previous.conditions) != 1:
        return chain
    turned = _turned(previous.conditions[0])
    return replace(chain, conditions=(turned,), unread=()) if turned else chain


def _turned(relation: str) -> str | None:
    """The other case of a relation: w = o → w ≠ o, w ≠ o → w = o."""
    for op, other in ((" = ", "≠"), (" \\neq ", "=")):
        left, found, right = relation.partition(op)
        if found:
            return normal_relation(left, other, right)
    return None


_NEARBY_REACH = 240
_NEGATING = re.compile(r"\b(?:unless|except\s+(?:when|if|where)|but\s+not\s+(?:when|if))\s*$|除非\s*$", re.I)
_LONE_LETTER = re.compile(r"\$\s*[a-z]\s*\$")
_PLAIN_RELATION = re.compile(r"(?<![A-Za-z\\])\$?\s*([a-z])\s*\$?\s*(?:!=|≠|<>|\bis\s+not\b|\bisn't\b)\s*\$?\s*([a-z])"
                             r"\s*\$?(?![A-Za-z])")
_EXCEPT = re.compile(r"\b(?:except(?:\s+for)?|other\s+than|besides|apart\s+from|excluding|excepto|salvo|außer|sauf)"
                     r"\s+(?:(?:the|word|class|index|label)\s+)*\$?\s*([a-z])\s*\$?(?![A-Za-z])|除(?:了)?\s*\$?\s*([a-z])",
                     re.I)


# f(Wx), g(\theta^Tx), \phi(a): a letter no reader knows as a function, applied; σ, tanh and the rest are read
_CALLED = re.compile(r"\s*(\\(?:phi|varphi|psi|chi)|[a-hq-z])\s*(?:\\left\s*)?\(\s*(.+?)\s*(?:\\right\s*)?\)\s*", re.S)


def _function_named_between(chain: Chain, blocks) -> Chain | None:
    """The definition of f where a chain names it between a name and its value, as CS229 and UFLDL write
    ``h_\\theta(x) = g(\\theta^Tx) = \\frac{1}{1+e^{-\\theta^Tx}}`` and ``h = f(Wx) = \\tanh(Wx)``: f(t) = the value
    with t for the argument wherever it stands. None where the value does not hold the argument as written, or
    where the document defines f itself ("where $g(z) = 1/(1 + e^{-z})$"): the chain is then a claim about it."""
    if len(chain.sides) < 3 or _DERIVATIVE.search(chain.sides[0].latex):
        return None
    called = _CALLED.fullmatch(chain.sides[1].latex)
    value = chain.sides[2].latex
    if called is None or called.group(2) in ("\\cdot", ".") or any(
            re.match(rf"\s*{re.escape(called.group(1))}\s*\(\s*[a-z]\s*\)\s*:?=", block.latex) for block in blocks):
        return None
    argument = re.escape(called.group(2))
    pattern = rf"(?<![A-Za-z\\]){argument}(?![A-Za-z])" if re.fullmatch(r"[A-Za-z]", called.group(2)) else argument
    parameter = next((p for p in "tsuv" if not re.search(rf"(?<![A-Za-z\\]){p}(?![A-Za-z])", value)), None)
    if parameter is None or not re.search(pattern, value):
        return None
    body = re.sub(pattern, parameter, value)
    return replace(chain, sides=(replace(chain.sides[1], latex=f"{called.group(1)}({parameter})"),
                                 replace(chain.sides[2], latex=body)), display=False)


def _without_blank(chain: Chain) -> Chain:
    """A chain without its last side where that side is only a question mark, the blank of a
    question (**Q:** $\\frac{\\partial q}{\\partial u} = \\;?$): nothing is claimed equal to it."""
    if chain.sides and _BLANK.fullmatch(chain.sides[-1].latex):
        return replace(chain, sides=chain.sides[:-1])
    return chain


_HYPOTHESIS = re.compile(r"(?:^|[.!?:]\s|\n)\s*(?:\*\*)?at\s*$"  # "At $\theta = 0$ we get", not "(pick 0 at $a_j = 0$"
                         r"|\b(?:start(?:s|ing)?|begin(?:s|ning)?|initiali[sz](?:e|ed|ing))\s+(?:from|at|with)\s*$"
                         r"|\binitiali[sz]ation\s*$"
                         r"|(?:^|[\s,;:(*])(?:if|when|whenever|suppose|assume|assuming|provided|si|quand|lorsque|"
                         r"(?:case|cas|caso|fall)(?:\s*\d+\s*[:.)]?)?\**|"
                         r"cuando|quando|wenn|falls|se|sia|for|für|pour|para|nếu|khi|giả\s+sử|если|при|wanneer|jeśli|gdy)\s*$"
                         r"|(?:如果|若|当|假设|对于)\s*$", re.I)
# a clause that opens a case, the relation in it: "If the output weights are zero, $W_2 = 0$", "Without weight
# decay, $\lambda = 0$"
_CASE_CLAUSE = re.compile(r"(?:^|[.!?:]\**\s|\n|\b(?:for\s+example|for\s+instance|e\.g\.|say),\s*)\s*(?:\*\*)?"
                          r"(?:if|when|suppose|assume|assuming|without)\b"
                          r"(?:[^.;:$]|\b(?:i\.e|e\.g)\.|\$\s*[A-Za-z]\s*\$){0,120}$"  # "Suppose every unit is active,
                          # i.e. all entries of", "if the same word $w$ is drawn twice,"
                          r"|\b(?:case|fall|cas|caso)\s*\d*\s*[:.)]\s*(?:\*\*)?[^.;:$]{0,80}$", re.I)  # "Case 2: every residual has"
# what a case says of a name in words, after it: "… $z_1$ are positive", "$W_2$ all zeros", "$z$ 的所有分量都小于零"
_SIGN_SAID = re.compile(r"^\s*(?:(?:is|are)\s+(?:all\s+)?(?:strictly\s+)?(?:positive|negative|non-?negative|non-?positive|zero)"
                        r"|(?:is|are\s+)?all\s+(?:zeros?|ones|positive|negative)|的所有(?:分量|元素)都(?:大于|小于|等于)零?)", re.I)
_GIVEN = re.compile(r"(?:^|[.!?:]\**\s|\n)\s*(?:given|with|若|如果|假设)\s*$", re.I)
_CONSTANT_SIGN = re.compile(r"\s*\\(?:alpha|beta|gamma|delta|epsilon|varepsilon|eta|kappa|lambda|mu|nu|rho|sigma|tau)"
                            r"(?:\s*\^\s*\{?2\}?)?\s*(?:>|\\geq?(?![a-zA-Z])|\\ge(?![a-zA-Z])|≥)\s*0\s*")
_ANNOUNCED = re.compile(r"\s*\)?\s*(?:\*\*)?\s*:\s*(?:\*\*)?\s*$")  # a relation that ends its sentence with a colon
_LABELLED = re.compile(r"\*\*[^*\n]{1,60}\*\*\s*\($")  # a bold label and a value in brackets: the case of a paragraph
_THEN = re.compile(r"\s*,?\s*(?:then|alors|dann|so|allora|entonces|então|thì|то|dan)(?![\w])", re.I)
# a case on names, not a value given to one: b = 0, y_1 = 1, t = h, z_1 > 0 (not z = Wx + b, nor A = UΣVᵀ)
_CASE_RELATION = re.compile(r"[^=]*(?:<|>|\\(?:[lg]eq?|neq?|leqslant|geqslant)(?![a-zA-Z]))"
                            r"|[^=<>]+=\s*[-+]?\s*(?:\d+(?:\.\d+)?|\\?[A-Za-z]+(?:\s*_\s*(?:\{[^{}]*\}|\w))?"
                            r"|\\(?:mathbf|boldsymbol|bm|vec)\s*\{?\s*0\s*\}?)\s*$"
                            r"|(?:\s*[a-z](?:\s*_\s*(?:\{[^{}]*\}|\w))?\s*=){2,}\s*[a-z]\s*$")  # w_1 = w_2 = w
_SETTING = re.compile(r"(?:\bset(?:ting)?|\bequat(?:e|ing)|\bimpos(?:e|ing)|\brequir(?:e|ing)|令|设)\s*$", re.I)
_TO_ZERO = re.compile(r"=\s*(?:0|\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*0\s*\}|0))\s*$")
# N = 1, K = 2, |V| = 3: a size, where the notation has it
_FIXED_SIZE = re.compile(r"\s*(?:\|\s*|\\[lv]?[vV]ert\s*|\\left\s*\|\s*)?([A-Za-z])(?:\s*\||\s*\\[rv]?[vV]ert|\s*\\right\s*\|)?"
                         r"\s*=\s*([1-9])\s*")
_SOLVING = re.compile(r"\bset(?:ting)?\b[^.]{0,60}\b(?:zero|0)\b|\bsolv(?:e|ing)\b|\bequat(?:e|ing)\b|"
                      r"closed[\s-]form|normal equation|stationary|令[^。]{0,30}(?:为|等于)\s*(?:0|零)|置零|驻点|正规方程|"
                      r"null\s*setzen|nullsetzen|gleich\s+null|annul|égal\w*\s+à\s+zéro|igual\w*\s+a\s+cero|"
                      r"uguagli\w*\s+a\s+zero|приравн",
                      re.I)
_LOSS_NAMES = (("neg-sample", re.compile(r"negative[\s-]*sampl|neg[\s-]*sampl|负采样|负样本", re.I)),
               ("naive-softmax", re.compile(r"naive[\s-]*softmax|softmax\s+loss|朴素\s*softmax", re.I)))


def named_loss(prose: str) -> str | None:
    """The word2vec loss that ``prose`` (a heading, the text before a display) names, when it names
    exactly one: "(b) the naive-softmax loss" → naive-softmax; a comparison of both names none."""
    named = [loss for loss, pattern in _LOSS_NAMES if pattern.search(prose)]
    return named[0] if len(named) == 1 else None


# a part label opens its line ("(c) …", "**(d)** …", "Part (e).", "题目 (f)"); "the result of part (e)"
# or "利用 (e) 的结果" in the middle of a sentence refers back to a part and changes nothing
_PROSE_LABEL = re.compile(r"(?:^|\n)[ \t>*_#-]*(?:(?:part|problem|question|exercise)[ \t]*|题目[ \t]*)?"
                          r"\(([a-h])\)[\s*.:：]", re.I)
_DERIVATIVE = re.compile(r"\\partial|\\nabla|\\frac\s*\{\s*d|\\mathrm\s*\{\s*d\s*\}|'")
_DERIVATIVE_OR_LOSS = re.compile(r"\\partial|\\frac\s*\{\s*d|(?<![A-Za-z\\])J(?![A-Za-z])")
_TRAILING_WORDS = re.compile(r"^\s*[,;]?\s*\(?\s*(?:for|for all|for every|for each|for any|when|if|where|"
                             r"with|whenever|当|若|其中)\s*$", re.I)
# after a display the case must go on with its sentence: "…$$ for all $w \neq o$." in lower case, in
# the same paragraph or alone in the next ("$$…$$\n\nfor $k \neq y$."); "For $w \neq o$ we get" opens the next
# one, and so does "当 $w \neq c$ 时" after a blank line, in a script with no lower case
_AFTER_DISPLAY_WORDS = re.compile(r"^[ \t]*(?:\n[ \t]*){0,2}[,;]?[ \t]*\(?[ \t]*(?:for|for all|for every|for each|for any|"
                                  r"when|whenever|if|where|with)\s*$|^[ \t]*\n?[ \t]*[,;]?[ \t]*\(?[ \t]*(?:其中|对所有|"
                                  r"对于所有|对任意|对于任意|对每个|对于每个|当)\s*$|^[ \t]*[（(][ \t]*$")  # or "$$…$$（$w \ne c$）"
_ABBREVIATION = re.compile(r"\b(?:i\.\s?e|e\.\s?g|cf|resp|viz)\.", re.I)  # no sentence ends in "i.e."
_OTHER_CASE = re.compile(r"\botherwise\b|\belse\b|否则|其余|其他|另一", re.I)
# a relation in words: "w is not o", "w isn't o", "w does not equal o", "w equals o", "w is o"
_WORDED_RELATION = r"(≠|!=|=|\bis\s+not\b|\bisn't\b|\bdoes\s+not\s+equal\b|\bequals\b|\bis\b)"
# "$$…$$ for all w != c": a case after a display in plain text, without math delimiters
_PLAIN_TRAILING = re.compile(r"^[ \t]*\n?[ \t]*[,;]?[ \t]*[(（]?[ \t]*(?:for all|for every|for each|for any|for|when|"
                             r"whenever|if|where)\s+([a-z])\s*(<>|" + _WORDED_RELATION[1:] + r"\s*([a-z])(?![A-Za-z0-9_])",
                             re.I)
_ANNOUNCES = re.compile(r"[:：]\s*$|时\s*[，,]\s*$|\b(?:we|one)\s+(?:get|have|obtain|find)\b|(?:有|得|得到)\s*[:：]?\s*$", re.I)
_SENTENCE_END = re.compile(r"[.;!?。；！？]|\n[ \t]*\n")
_SENTENCE_START = re.compile(r"[.;!?。；！？:：]\s|\n[ \t]*\n")
_VALUE = r"(?:equals?|is|be|为|等于|取|=)\s*(?:[01](?![0-9.])|one\b|zero\b)"
_VALUE_BEFORE = re.compile(_VALUE, re.I)
_RELATION = re.compile(r"\\neq?\b|\\ne\b|≠|<|>|\\[lg]eq?\b|≤|≥")
_VALUE_AFTER = re.compile(_VALUE + r"|\botherwise\b|(?<!where )\belse\b|否则|其余|其他", re.I)  # not "nowhere else"


def _trailing_case(block: MathBlock, following: list[MathBlock]) -> Condition | None:
    """"$\\frac{∂J}{∂u_w} = \\hat{y}_w v_c$ for $w \\neq o$" and "$$…$$ for all $w \\neq o$.": the case
    written after a claim."""
    if not following:
        return None
    nxt = following[0]
    condition = None if nxt.display else read_condition(nxt.latex)
    between = block.prose_after
    if condition is None and not nxt.display and not block.display and _TRAILING_WORDS.match(between) \
            and _RELATION.search(nxt.latex):  # "= 0 whenever $(n', j') \neq (n, j)$": a case, unread
        return Condition((), nxt.latex.strip())
    if condition is None and block.display and _AFTER_DISPLAY_WORDS.match(between) and _RELATION.search(nxt.latex) \
            and not _ANNOUNCES.search(_SENTENCE_END.split(nxt.prose_after, 1)[0]):
        return Condition((), nxt.latex.strip())  # "$$∂h_j/∂a_j = 0$$ when $a_j < 0$": a case, unread
    if condition is None:
        return None
    if not block.display:  # "… for $w \neq o$", or "$… = \hat y_w v_c$ $(w \neq o)$" right after it
        beside = (not between.strip() and nxt.latex.lstrip().startswith(("(", "\\left("))) or \
            between.strip() in ("(", "（")
        return condition if _TRAILING_WORDS.match(between) or beside else None
    clause = _SENTENCE_END.split(nxt.prose_after, 1)[0]
    if not _AFTER_DISPLAY_WORDS.match(between) or _ANNOUNCES.search(clause):
        return None
    return condition


# "② 其余的词：", "For the other words:", "Otherwise:": the case announced before, with its value taken out
_REST = re.compile(r"(?:其余|其他|剩下|另外)的?(?:词|单词|情况)|\b(?:all\s+)?(?:the\s+)?(?:other|remaining)\s+words?\b|"
                   r"\botherwise\b|否则", re.I)


def _rest_of(case: Condition | None, prose: str) -> tuple[Condition, ...]:
    """The complement of ``case`` (w = o → w ≠ o) when the prose right before a claim announces
    "the other words" after it."""
    tail = prose[-200:]
    if case is None or len(case.relations) != 1 or not _REST.search(tail):
        return ()
    return (Condition((_turned(case.relations[0]),)),) if " = " in case.relations[0] else ()


def _worded_condition(left: str, op: str, right: str) -> Condition:
    """The case a plain-text relation states: "w is o" and "w = o" an equality, the rest (≠, !=,
    "is not", "does not equal") an inequality."""
    return Condition((normal_relation(left, "=" if op.lower() in ("=", "is", "equals") else "≠", right),))


def _plain_trailing_case(prose: str) -> Condition | None:
    match = _PLAIN_TRAILING.match(prose)
    if not match:
        return None
    return _worded_condition(*match.groups())


def _explains_a_value(block: MathBlock) -> bool:
    """"$\\delta_{ow}$ equals 1 when $w = o$ and 0 otherwise", "在 $w=o$ 时为 1": a relation that
    says when a symbol takes a value explains notation; it announces no case."""
    before = block.prose_before[-_CASE_REACH:]
    starts = list(_SENTENCE_START.finditer(before))
    sentence = before[starts[-1].end():] if starts else before
    after = _SENTENCE_END.split(block.prose_after, 1)[0]
    return bool(_VALUE_BEFORE.search(sentence) or _VALUE_AFTER.search(after))


# a case on a class said in words, which this reader does not read: "If $k$ is the true class,", "For the other
# classes:", "for all classes $j$ other than the label"
_CLASS_CASE = re.compile(r"\b(?:if|when|for|case)\b[^.;:]{0,40}?\b(?:true|correct|target|right|wrong|incorrect|other|"
                         r"remaining|label(?:l?ed)?)\s+(?:class(?:es)?|labels?|categor(?:y|ies))\b[^.;]{0,30}?[:,]?\s*$"
                         r"|\b(?:if|when|for)\b[^.;:]{0,40}?\b(?:other\s+than|except|besides)\s+the\s+(?:true\s+|correct\s+)?"
                         r"(?:class|label)\b[^.;]{0,20}?[:,]?\s*$", re.I)
_PLAIN_CASE = re.compile(
    r"(?:^|[\n.!?:]\s*|\*\*)\s*(?:for|when|if|case\s*\d*\s*[:(]?|当|对于)\s*([a-z])\s*" + _WORDED_RELATION +
    r"\s*([a-z])\s*[)）]?"
    r"\s*(?:\*\*)?\s*(?:时)?\s*[:,：，]?\s*(?:we (?:get|have)|有)?\s*[:：]?\s*(?:\*\*)?\s*$", re.I)


def _plain_announcement(prose: str) -> tuple[Condition, ...]:
    """"For w ≠ o:" in plain text (no math delimiters) right before a claim announces its case."""
    tail = prose[-200:].rsplit("$", 1)[-1]
    match = _PLAIN_CASE.search(tail)
    if not match:
        return ()
    return (_worded_condition(*match.groups()),)


def _class_case(before: str) -> tuple[Condition, ...]:
    """"If $k$ is the true class,", "For the other classes:" just before a claim (``before``: the text
    before it, its inline math in place): a case on a class said in words, which this reader does not read."""
    sentence = _SENTENCE_START.split(before)[-1]
    worded = _CLASS_CASE.search(sentence)
    return (Condition((), re.sub(r"\s+", " ", worded.group(0)).strip()),) if worded else ()


def split_chains(block: MathBlock, part: str | None = None, conditions: tuple[Condition, ...] = (),
                 previous: Chain | None = None) -> list[Chain]:
    """The chains of one block; ``previous`` is the chain a leading ``&=`` continues."""
    cases = None
    if "{cases}" in block.latex and len(block.latex) <= 20_000:
        # \begin{equation} f = \begin{cases} … \end{cases} \end{equation}: the cases are the claim
        bare = _OUTER_ENV.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), block.latex)
        cases = _CASES.search(bare)
        cases = cases if cases and (cases["lhs"] is not None or cases["tail"]) else None  # the rows' own "="s else
        block = replace(block, latex=bare) if cases else block
    if cases:
        return _case_chains(block, cases, part, conditions)
    latex = _ENV.sub(lambda m: " " * len(m.group(0)), block.latex)
    if _PAIRED_COLUMNS.search(block.latex) and not _OWN_COLUMNS.search(block.latex):
        latex = _pairs_apart(latex)
    latex = _DEFINES.sub(lambda m: ":=" + " " * (len(m.group(0)) - 2), latex)  # offsets kept: lines stay
    chains: list[Chain] = []
    current: list[Side] = []
    current_part, current_conditions = part, list(conditions)
    continued = False
    awaiting_rhs = False  # the row above ended with "="

    def close() -> None:
        nonlocal current, continued
        if current:
            relations = tuple(dict.fromkeys(r for c in current_conditions for r in c.relations))
            unread = tuple(dict.fromkeys(c.unread for c in current_conditions if c.unread))
            chains.append(Chain(tuple(current), current_part, relations, block.display,
                                current[0].line, block.cell, continued, unread))
        current, continued = [], False

    for start, end in _split_top(latex, 0, len(latex), "\\\\"):
        row_start, row_end = _skip_row_option(latex, start, end)
        head, body = _split_head(latex, row_start, row_end)
        labels = _labels(latex[head[0]:head[1]]) if head else None
        label_text = latex[head[0]:head[1]].strip() if labels is not None else ""
        label_part, label_conditions = labels if labels is not None else (None, [])
        pieces_from = body[0] if labels is not None else row_start
        stretches = [(number, span, conditions, after) for number, (s, e, conditions) in
                     enumerate(_row_statements(latex, pieces_from, row_end))
                     for after, span in enumerate(_approximated(latex, s, e))]
        for first_statement, (s_start, s_end), row_conditions, approximated in stretches:
            row_conditions = label_conditions + row_conditions
            sides = _named_after([_side(latex, s, e, block) for s, e in _split_top(latex, s_start, s_end, "=")])
            if approximated:  # "A ≈ B = C", "A = B ≥ C": B starts a chain of its own; A ≈ B is claimed by no step
                close()
                awaiting_rhs = len(sides) > 1 and sides[-1] is None
                current_conditions = list(conditions) + row_conditions
                current = [side for side in sides if side is not None]
                continue
            if label_text and first_statement == 0:
                first = next((i for i, side in enumerate(sides) if side is not None), None)
                if first is not None:
                    sides[first] = Side(sides[first].latex, sides[first].line, sides[first].cell, label_text)
            if not sides or all(side is None for side in sides):
                continue
            if current and len(sides) == 1 and (awaiting_rhs or _CONTINUES.match(sides[0].latex)):
                # "&\quad + \log \sum …" goes on with the side above; after a row ending in "=",
                # the row is that "="'s right side
                if awaiting_rhs:
                    current.append(sides[0])
                else:
                    above = current[-1]
                    current[-1] = Side(f"{above.latex} {sides[0].latex}", above.line, above.cell, above.label)
                current_conditions += row_conditions
                awaiting_rhs = False
                continue
            awaiting_rhs = len(sides) > 1 and sides[-1] is None
            if sides[0] is None:  # the row begins with "=": it continues a chain
                if not current and previous is not None and not chains:
                    current, continued = [previous.sides[-1]], True
                    current_part = current_part or previous.part
                    current_conditions = [Condition(previous.conditions)] + [
                        Condition((), text) for text in previous.unread] + current_conditions
                if label_part:
                    current_part = label_part
                current += [side for side in sides[1:] if side is not None]
                current_conditions += row_conditions
                continue
            close()  # a row with its own left side starts a new chain, under its own label
            if label_part:
                current_part = label_part
            current_conditions = list(conditions) + row_conditions
            current = [side for side in sides if side is not None]
    close()
    return chains


_NO_IDENTITY = re.compile(r"(?:\\[ ,;:!]\s*)*(?:\\(?:approx|simeq|thickapprox|approxeq|geq?|leq?|geqslant|leqslant"
                          r"|succeq|preceq)(?![a-zA-Z])|≈|≃|≤|≥)")  # with the spaces before it, \ \ge


def _approximated(latex: str, start: int, end: int):
    """Spans of a statement between top-level ≈ (\\approx, \\simeq) or an inequality (\\ge, \\le,
    \\succeq): neither is an identity, so no step may cross it; the "=" on either side of it are
    still steps."""
    cut, depth, scanned = start, 0, start
    for match in _NO_IDENTITY.finditer(latex, start, end):
        depth, scanned = _depth(latex, scanned, match.start(), depth), match.start()
        if depth == 0:
            yield cut, match.start()
            cut = match.end()
    yield cut, end


def _row_statements(latex: str, start: int, end: int):
    """(start, end, conditions) of each statement of a row. A condition written after a statement
    (``\\text{for } w \\neq o``, ``, \\quad w \\in V \\setminus \\{o\\}``) is that statement's; one
    written as a statement of its own (``\\text{where } w \\neq o``), or after the row's last
    statement, holds for every statement of the row that has none of its own."""
    statements, shared = [], []
    pieces = list(_statements(latex, start, end))
    for number, (s, e) in enumerate(pieces):
        alone = read_condition(latex[s:e]) if e - s <= _TAIL_REACH else None
        if alone is not None:
            shared.append(alone)
            continue
        if number and (_REASON.match(latex, s, e) or _REASON_BEFORE.search(latex, pieces[number - 1][0], s)):
            continue  # "…,\quad\text{since}\ y_o = 1", "\quad\text{as}\quad c = 1": why the claim holds, no claim
        e, own = _tail_condition(latex, s, e)
        e = _annotation_start(latex, s, e)
        if own is not None and number == len(pieces) - 1:
            shared.append(own)
            own = None
        statements.append((s, e, [own] if own else []))
    return [(s, e, own or shared) for s, e, own in statements]


def _tail_condition(latex: str, start: int, end: int) -> tuple[int, Condition | None]:
    """Where the claim in ``latex[start:end]`` ends, and the condition written after it, if any."""
    reach = max(start, end - _TAIL_REACH)  # a condition is short: no search sees more
    depth, scanned = _depth(latex, start, reach, 0), reach  # the bracket depth, carried from mark to mark
    for mark in _TAIL_MARK.finditer(latex, reach, end):
        depth, scanned = _depth(latex, scanned, mark.start(), depth), mark.start()
        if depth != 0 or latex.find("=", start, mark.start()) < 0:
            continue
        condition = read_condition(latex[mark.start():end])
        if condition is not None:
            return mark.start(), condition
    return end, None


_WIDE_SPACE = r"(?:\\q?quad(?![a-zA-Z])|\\hfill(?![a-zA-Z])|\\hspace\s*\{[^{}]{0,20}\})\s*"
_TEXT_OPEN = r"\\(?:text|textrm|textit|mbox)\s*\{"
_JUSTIFICATION = re.compile(
    _WIDE_SPACE + _TEXT_OPEN + r"\s*\(?\s*(?:since|because|as|by|using|from|via|recall|note|see|cf\.?"
    r"|因为|由于|根据|利用|由)(?![A-Za-z])", re.I)
_REASON_WORDS = r"since|because|as|by|using|given"  # a claim's reason after it: "\quad\text{since}\ y_o = 1"
_REASON = re.compile(r"\s*[,;]?\s*(?:" + _WIDE_SPACE + r"|\\[,;: ]\s*)*" + _TEXT_OPEN
                     + rf"\s*\(?\s*(?:{_REASON_WORDS}|recall(?:ing)?|here)(?![A-Za-z])", re.I)
_REASON_BEFORE = re.compile(_TEXT_OPEN + rf"\s*\(?\s*(?:{_REASON_WORDS})\s*\}}(?:\s|\\q?quad|\\[,;: ])*$", re.I)
_NO_RELATION = r"(?![^()]*\\(?:neq?|[lg]eq?|in)(?![a-zA-Z]))"  # \text{(for } i \neq j\text{)} is a condition
_TRAILING_PROSE = re.compile(
    _WIDE_SPACE + _TEXT_OPEN + r"([^{}]*)\}\s*[.,;]?\s*$"
    r"|" + _TEXT_OPEN + r"(\s*[,.;][^{}]*)\}\s*$"  # \text{, as required.}
    r"|" + _TEXT_OPEN + r"\s*\([^{}()]*\)\s*\}\s*[.,;]?\s*$"  # \text{(row-wise)}: a remark in brackets
    r"|" + _WIDE_SPACE + _TEXT_OPEN + r"\s*\(" + _NO_RELATION + r"[^=<>()]{0,80}\)\s*\}\s*[.,;]?\s*$")
# (the last: \text{(column sums of } G\text{)}, math inside a remark; never a relation, a case's condition)
# The shape of what was just written, \in \mathbb{R}^{d \times |V|}, \quad (d \times 1), [m \times K] or
# \qquad \text{shape } (m, d): a note on the claim, not part of it.
_SHAPE_NOTE = re.compile(
    r"(?:[,;]\s*(?:\\q?quad(?![a-zA-Z])\s*|\\[,;: ]\s*)*[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\s*)?"  # , \quad U ∈ …
    r"\\in\s*(?:\\mathbb\s*(?:\{\s*R\s*\}|R(?![a-zA-Z]))|\\R(?![a-zA-Z])|ℝ)"  # \mathbb R^{m \times k}
    r"\s*(?:\^\s*(?:\{(?:[^{}]|\{[^{}]*\}){0,60}\}|[A-Za-z0-9]))?\s*[.,;]?\s*$"
    r"|(?:\\q?quad(?![a-zA-Z])|\\[,;: ])\s*\(\s*[^()]{0,30}\\times[^()]{0,30}\)\s*[.,;]?\s*$"
    r"|\\q?quad(?![a-zA-Z])\s*\(\s*[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\s*\)\s*[.,;]?\s*$"  # \qquad (q): a length
    r"|(?:\\q?quad(?![a-zA-Z])|\\[,;: ])\s*\[\s*[^\[\]]{0,30}\\times[^\[\]]{0,30}\]\s*[.,;]?\s*$"  # [m × K]
    r"|\\q?quad(?![a-zA-Z])\s*\\text\s*\{\s*(?:of\s+)?shape\s*:?\s*\}[^=]{0,80}$"  # \qquad \text{shape } (m, d)
    r"|\\in\s*(?:\\\{[^{}=]{0,40}\\\}|(?:\\left)?[(\[]\s*-?\w+\s*,\s*-?\\?\w+\s*(?:\\right)?[)\]])"  # t_i = (1 + y_i)/2
    r"\s*(?:\^\s*(?:\{[^{}]{0,20}\}|\w))?\s*[.,;]?\s*$")  # \in \{0, 1\}, q = σ(z) \in (0, 1)^n: the values it takes


_ASSUMPTION = re.compile(  # , \qquad \lambda > 0: what a constant is assumed to be, not part of the claim
    r"[,;]?\s*\\q?quad(?![a-zA-Z])\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*(?:>|\\geq?(?![a-zA-Z])|\\gt(?![a-zA-Z])|≥)\s*0"
    r"\s*[.,;]?\s*$")


_POSITIVE = re.compile(  # … = ‖Xv‖² > 0 for v ≠ 0: what the claim's value is said to be, not part of it
    r"(?:>|\\geq?(?![a-zA-Z])|\\gt(?![a-zA-Z])|≥)(?:\s|\\[,;:! ])*0(?![0-9.])[^=]{0,60}$")


def _annotation_start(latex: str, start: int, end: int) -> int:
    """Where the claim ends when a note follows it (``\\quad \\text{(by the chain rule)}``,
    ``\\qquad \\text{since } \\sum_w y_w u_w = u_o``): a note is prose, not part of the equation.
    Only a note set off by wide space counts, so ``= \\text{softmax}(\\theta)`` stays math."""
    column = _NOTE_COLUMN.search(latex, start, end)  # x &= y && (K \times 1): align's column of notes
    if column and latex.find("=", start, column.start()) >= 0 and "=" not in latex[column.end():end] \
            and _depth(latex, start, column.start(), 0) == 0 \
            and latex.count("\\begin", start, column.start()) == latex.count("\\end", start, column.start()):
        return column.start()
    reach = max(start, end - _TAIL_REACH)
    notes = (_JUSTIFICATION, _TRAILING_PROSE, _SHAPE_NOTE, _ASSUMPTION, _POSITIVE)
    for found in (note.search(latex, reach, end) for note in notes):
        if found is None or latex.find("=", start, found.start()) < 0:
            continue
        if found.re is _TRAILING_PROSE and found.group(1) is not None \
                and not re.search(r"\s|\(", found.group(1).strip()):
            continue  # one word (\quad \text{otherwise}, a name): not known to be a note
        if _depth(latex, start, found.start(), 0) == 0:
            return found.start()
    return end


_NOTE_COLUMN = re.compile(r"&\s*&")


def _depth(latex: str, start: int, end: int, depth: int) -> int:
    """The bracket depth at ``end``, from ``depth`` at ``start`` (a brace, parenthesis or bracket)."""
    for ch in latex[start:end]:
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth = max(0, depth - 1)
    return depth


_OUTER_ENV = re.compile(r"^\s*\\begin\{(?:equation|gather|multline|displaymath|math)\*?\}"
                        r"|\\end\{(?:equation|gather|multline|displaymath|math)\*?\}\s*$")
_CASES = re.compile(r"^(?:(?P<lhs>[^&]*?)=\s*)?(?:\\left\\\{\s*)?\\begin\{cases\}(?P<body>.*?)\\end\{cases\}"
                    r"(?:\s*\\right\.)?(?P<tail>\s*=[^&]*?)?\s*[.,]?\s*$", re.S)


def _case_chains(block: MathBlock, cases: re.Match, part, conditions) -> list[Chain]:
    """``f = \\begin{cases} a & w = o \\\\ b & w \\neq o \\end{cases}``: one claim per case, each
    under its own condition (``\\text{otherwise}`` is the other side of the first relation); sides after the
    cases (``… \\end{cases} = g``) follow each case."""
    sides = [_side(block.latex, s, e, block)
             for s, e in _split_top(block.latex, cases.start("lhs"), cases.end("lhs"), "=")] if cases["lhs"] else []
    tail = [_side(block.latex, s, e, block)  # … \end{cases} = σ(z)^y (1 − σ(z))^{1−y}: each case goes on to it
            for s, e in _split_top(block.latex, cases.start("tail"), cases.end("tail"), "=")][1:] if cases["tail"] else []
    if None in sides + tail or not sides and not tail:
        return []
    chains, first = [], None
    if len(sides) > 1:  # f = g = \begin{cases}…: f = g is a claim of its own; each case continues from g
        chains.append(Chain(tuple(sides), part, tuple(dict.fromkeys(r for c in conditions for r in c.relations)),
                            block.display, sides[0].line, block.cell,
                            unread=tuple(c.unread for c in conditions if c.unread)))
    lhs = sides[-1:]
    for start, end in _split_top(block.latex, cases.start("body"), cases.end("body"), "\\\\"):
        cells = list(_split_top(block.latex, start, end, "&"))
        value = _side(block.latex, *cells[0], block)
        if value is None:
            continue
        condition_text = block.latex[cells[1][0]:cells[-1][1]] if len(cells) > 1 else ""
        otherwise = is_otherwise(condition_text)
        case = None if otherwise else read_condition(condition_text)
        if case is not None:
            first = first or case
        elif otherwise and first and len(first.relations) == 1 and not first.unread:
            case = Condition((_turned(first.relations[0]),))
        elif condition_text.strip():
            case = Condition((), " ".join(condition_text.split()))  # a case, but not one we can read
        found = tuple(conditions) + ((case,) if case else ())
        chains.append(Chain((*lhs, value, *tail), part, tuple(dict.fromkeys(r for c in found for r in c.relations)),
                            block.display, value.line, block.cell,
                            unread=tuple(c.unread for c in found if c.unread)))
    return chains


# "$\nabla J = 0$ ⇒ $\theta^* = …$": an arrow in the prose from a gradient set to zero to the equation it gives
_IMPLIES_AFTER = re.compile(r"\s*(?:⇒|⟹|⟺|⇔|=>)\s*(?:\$|\Z)")
_SEPARATOR = re.compile(r"\\(?:Rightarrow|implies|Longrightarrow|iff|Leftrightarrow|Longleftrightarrow|Leftarrow"
                        r"|Longleftarrow|impliedby|therefore)(?![a-zA-Z])"
                        r"|\\text\s*\{\s*(?:and|where|hence|thus|so|i\.e\.)\s*,?\s*\}"
                        r"|(?<=quad)\s*\\text\s*\{"
                        r"(?!\s*(?:for|if|when|with|pour|para|per|für|wenn|falls|si|se|当|对|" + _REASON_WORDS + r")\b)"
                        r"\s*[^\W\d_][^{}$\\=]{0,24}\}\s*(?=\\q?quad)")  # \qquad\text{soit}\qquad: a word between gaps


def _statements(latex: str, start: int, end: int):
    """A row split at top-level ⇒, \\implies, \\text{and}, \\text{where}: each part its own statement."""
    cut, depth, scanned = start, 0, start
    for match in _SEPARATOR.finditer(latex, start, end):
        for ch in latex[scanned:match.start()]:  # the bracket depth, carried from match to match
            if ch in "{([":
                depth += 1
            elif ch in "})]":
                depth = max(0, depth - 1)
        scanned = match.start()
        if depth == 0:
            yield from _comma_statements(latex, cut, match.start())
            cut = match.end()
    yield from _comma_statements(latex, cut, end)


_QUANTIFIED = re.compile(r"\s*(?:\\q?quad(?![a-zA-Z])\s*)*\\forall(?![a-zA-Z])")  # ", \quad \forall j = 1, …, C"


def _comma_statements(latex: str, start: int, end: int):
    """``a = b, \\quad c = d``: equations joined by top-level commas or semicolons are separate
    statements; a comma inside one (``k = 1, \\dots, K``, ``J(v_c, o, U)``) is not a joint."""
    groups: list[list] = []  # [start, end, holds an equation]
    pieces = [gapped for s, e in _split_top(latex, start, end, ";") for piece in _split_top(latex, s, e, ",")
              for gapped in _gap_pieces(latex, *piece)]
    for s, e in pieces:
        has_equation = _has_equation(latex, s, e) and not _QUANTIFIED.match(latex, s, e)
        if groups and not (has_equation and groups[-1][2]):
            groups[-1][1] = e
            groups[-1][2] = groups[-1][2] or has_equation
        else:
            groups.append([s, e, has_equation])
    for s, e, _ in groups:
        yield s, e


def _gap_pieces(latex: str, start: int, end: int):
    """``a = b = c \\qquad d = e``: two equations set apart by a wide space alone, no comma; a gap before
    words (``\\qquad \\text{since } …``) is a note's, which the claim keeps (see _annotation_start)."""
    cut = start
    for gap in _WIDE_GAP.finditer(latex, start, end):
        if _depth(latex, start, gap.start(), 0) == 0 and gap.start() > cut:
            yield cut, gap.start()
            cut = gap.end()
    yield cut, end


_WIDE_GAP = re.compile(r"(?:\\q?quad(?![a-zA-Z])\s*)+(?!\s|\\(?:text|mbox|textrm|mathrm\s*\{\s*[a-z]{2})|[.,;)])")


def _has_equation(latex: str, start: int, end: int) -> bool:
    return next(iter(_split_top(latex, start, end, "=")), (start, end)) != (start, end)


def _side(latex: str, start: int, end: int, block: MathBlock) -> Side | None:
    text = latex[start:end]
    stripped = without_alignment(text.strip())
    head, tail = stripped[:-_TAIL_REACH], stripped[-_TAIL_REACH:]
    stripped = (head + re.sub(r"(?:\\[,;:! ]|\\q?quad|\\(?:square|blacksquare|qed|Box)(?![a-zA-Z])|[,.;:\s])+$", "", tail)).strip()
    if not stripped:
        return None
    if latex.startswith(":=", end) or text.rstrip().endswith(":") and latex.startswith("=", end):
        stripped += _ASSIGNED  # a := b: an assignment, which the caller must not take for an equality
    offset = start + len(text) - len(text.lstrip())
    return Side(stripped, block.line_of(offset), block.cell)


_PAIRED_COLUMNS = re.compile(r"\\begin\{(?:align|flalign|alignat|aligned|alignedat)\*?\}")  # columns in pairs, rl rl
_OWN_COLUMNS = re.compile(r"\\begin\{(?:cases|array|tabular|[pbBvV]?matrix|smallmatrix)\*?\}")


def _pairs_apart(latex: str) -> str:
    """An align's row of two equations side by side, "∂L/∂w &= (wᵀx + b − y)x & ∂L/∂b &= wᵀx + b − y": the &
    that starts each further pair of columns made a comma, which parts statements (offsets kept). Not "&&",
    whose empty column sets off a note, nor an & inside a brace."""
    out, depth, index, offset = list(latex), 0, 0, 0
    while offset < len(latex):
        ch = latex[offset]
        if ch == "\\":
            if latex.startswith("\\\\", offset) and depth == 0:
                index = 0  # a new row
            offset += 2  # a command's first character, or an escaped one (\&, \{): never a column's
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth = max(0, depth - 1)
        elif ch == "&" and depth == 0:
            if index % 2 == 1 and latex[offset + 1:].lstrip()[:1] not in ("&", ""):
                out[offset] = ","
            index += 1
        offset += 1
    return "".join(out)


def _named_after(sides: list) -> list:
    """``a = b =: c`` names c what stands before it: the chain ``c := a = b``."""
    last = sides[-1] if sides else None
    if len(sides) < 2 or last is None or not last.latex.startswith(":") or last.latex.startswith(":="):
        return sides
    return [replace(last, latex=last.latex[1:].strip() + _ASSIGNED), *sides[:-1]]


def assignment(chain: Chain) -> Chain | None:
    """``a := b`` (≜, ≡) as the chain a = b it assigns; None for a chain that assigns nothing."""
    if not any(side.latex.endswith(_ASSIGNED) for side in chain.sides[:-1]):
        return None
    return replace(chain, sides=tuple(replace(side, latex=side.latex.removesuffix(_ASSIGNED)) for side in chain.sides))


def _labels(head: str) -> tuple[str | None, list[Condition]] | None:
    """(part, conditions) when ``head`` holds only labels and conditions; None when it is math."""
    part = None
    for text in _TEXT.findall(head):
        found = _PART.search(text)
        if found:
            part = found.group(1)
    rest = _TEXT.sub(" ", head)
    found = re.match(r"^\s*\(([a-h])\)", rest)
    if found:
        part = found.group(1)
        rest = rest[found.end():]
    rest = _SPACING.sub(" ", rest).replace("&", " ").strip().rstrip(":,")
    if not rest:
        return part, []
    condition = read_condition(rest)
    return (part, [condition]) if condition is not None else None


def _split_head(latex: str, start: int, end: int):
    """(head span, body span) split at the row's first top-level ``&``, or (None, whole)."""
    cells = list(_split_top(latex, start, end, "&"))
    if len(cells) < 2:
        label = _LEADING_LABEL.match(latex, start, end)  # "(b)\quad ∂E/∂b = …" with no &: a label, not b
        return ((start, label.end()), (label.end(), end)) if label else (None, (start, end))
    return cells[0], (cells[1][0], end)


_LEADING_LABEL = re.compile(r"\s*\(\s*[a-h]\s*\)\s*(?:\\q?quad(?![a-zA-Z])|\\[,;:! ]|~|\\hspace\s*\{[^{}]*\})+")


def _skip_row_option(latex: str, start: int, end: int) -> tuple[int, int]:
    """``\\\\[2pt]``: the optional spacing after a row break is not math."""
    match = re.match(r"\s*\[[0-9.]+\s*(?:pt|em|ex|mm|cm)\]", latex[start:end])
    return (start + match.end() if match else start), end


_ANGLE = re.compile(r"\\(?:(langle)|rangle)(?![a-zA-Z])")  # ⟨Γ, Y⟩: its comma is the inner product's


def _split_top(latex: str, start: int, end: int, separator: str):
    """Spans of ``latex[start:end]`` between top-level separators (outside {}, (), [])."""
    depth, i, piece = 0, start, start
    while i < end:
        ch = latex[i]
        if ch == "\\":
            if separator == "\\\\" and latex.startswith("\\\\", i) and depth == 0:
                yield piece, i
                i += 2
                piece = i
                continue
            angle = _ANGLE.match(latex, i, end)
            if latex.startswith("\\{", i) or angle and angle.group(1):
                depth += 1
            elif latex.startswith("\\}", i) or angle:
                depth = max(0, depth - 1)
            command = i + 1
            edge = _MATRIX_EDGE.match(latex, i)
            if edge and edge.end() <= end:  # a matrix's rows and & are inside it, not the row's
                depth = depth + 1 if edge.group(1) == "begin" else max(0, depth - 1)
                i = edge.end()
                continue
            i += 2
            while i < end and latex[i].isalpha():
                i += 1
            if latex[command:i] == "not":  # \not= is ≠, not a step
                while i < end and latex[i] == " ":
                    i += 1
                i += latex.startswith("=", i)
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth = max(0, depth - 1)
        elif depth == 0 and separator != "\\\\" and ch == separator:
            if separator == "=" and i > start and latex[i - 1] == ":":
                yield piece, i - 1
            else:
                yield piece, i
            piece = i + 1
        i += 1
    yield piece, end
