"""A whole document, verified: reader → chains → translator → equivalence → DocumentResult.

For each chain e₀ = e₁ = … the step i compares e_{i-1} with e_i in every scope: every standard
Instance, every allowed value of the free indices (narrowed by the case conditions in force), and
for repeated negatives both readings of u_k. Each step runs under its own time budget and the
document under another; a step that cannot be read is ``unparsed`` and never stops the others.
"""
from __future__ import annotations

import functools
import itertools
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import sympy as sp

from checks import applications, declared, readings, semantics
from checks.budget import Budget, Clock, time_limit
from checks.chains import Chain, Side, assignment, document_chains, nearby_cases
from checks.document import Document, read_document
from checks.equivalence import (EXACT_SECONDS, LAYOUT as _LAYOUT, Judgement, Partial, Reading, describe, judge_values,
                                to_the_decimals_written)
from checks.errors import (GradproofError, OutOfRange, OutOfTime, ShapeError, Undecided, Undeclared, Unmeant,
                           Unparsed)
from checks.expected import candidates, document_style
from checks.layers import layered, merged
from checks.notation import (Function, Indexed, Notation, definition, from_zero_over_a_defined_name, mentions,
                             piece_of_a_function, read_notation)
from checks.syntax import (Add, Call, Deriv, delta_times, Indicator, Loss, Mul, Name, Neg, Norm, Num, Ones, Step, Sum,
                           Transpose, capital, defined_key, family_key, key_of, loss_key, parse, parse_forgiving,
                           rewrite as ast_rewrite, unsigned, walk)
from checks.verdict import ChainResult, Counterexample, DocumentResult, StepResult, Verdict
from derive.instance import Instance, standard_instances
from derive.spaces import Leaf, Space, mirrored, standard_spaces

MAX_ASSIGNMENTS = 12  # per instance: values of the free indices a step is checked at
MAX_STEPS = 10_000  # steps checked per document; past them, one undecided entry says where it stopped
_MODEL = re.compile(r"\s*(?:P|p|\\Pr|\\mathbb\s*\{\s*P\s*\}|\\mathrm\s*\{\s*P\s*\})\s*(?:\\left\s*)?\(")
_CONDITION = re.compile(r"^\s*([A-Za-z])\s*(=|\\neq|\\ne|!=)\s*([A-Za-z0])\s*$")
_NAMED_LOSS = r"(?:J|L|\\ell|\\mathcal\s*\{\s*[JL]\s*\})\s*_\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}"
_LOSS_NAMES = (("neg", "neg-sample"), ("naive", "naive-softmax"), ("softmax", "naive-softmax"))


@dataclass
class _ExactAllowance:
    """What exact simplification may take in one step of a declared derivation: EXACT_SECONDS, halved
    each time a step ends equal in numbers only (its simplification ran out), down to a floor. A document
    whose Hessians' inverses never simplify then gets numerical verdicts for its later steps, where each
    spent its 1.5 s in vain and the last ran out of the document's time."""
    seconds: float = EXACT_SECONDS

    def after(self, judgement: Judgement) -> None:
        if judgement.verdict is Verdict.NUMERICALLY_EQUAL:
            self.seconds = max(_EXACT_FLOOR, self.seconds / 2)


_EXACT_FLOOR = 0.25  # seconds: enough for the sums and products most steps are


@dataclass
class _Context:
    """What a document has said so far that changes the meaning of later lines."""
    loss: str = "naive-softmax"
    settled: bool = False  # the loss was named or defined, not guessed from what a formula holds
    losses: dict = field(default_factory=dict)  # a named loss (J_{ns}) → the loss its formula is
    definitions: dict = field(default_factory=dict)
    expected: dict = field(default_factory=dict)  # a chain's correct expression, found once
    notation: Notation | None = None  # what a derivation that is not word2vec's declared
    spaces: tuple = ()  # where such a derivation is checked
    upstream: dict = field(default_factory=dict)  # a loss not defined yet → the gradients handed down by it
    relied: set = field(default_factory=set)  # next iterates (w^{(t+1)}) a step shown to hold has named
    earlier: dict = field(default_factory=dict)  # a name given a new value → (as written, value) it had before
    conditions: set = field(default_factory=set)  # the names the document states a condition on (QᵀQ = I)
    unread: dict = field(default_factory=dict)  # a name given a value this reader cannot read → its line
    redefined: dict = field(default_factory=dict)  # a word2vec name (ŷ, U, e, J_2) the text gives a value of its
    # own that the word2vec meanings do not have → (its line, the name as written)
    exact: _ExactAllowance = field(default_factory=_ExactAllowance)  # what exact simplification may take a step
    universal: frozenset = frozenset()  # the chain's index letters the prose says run over every value
    parts: dict = field(default_factory=dict)  # a defined name → the labelled part, (a) or (b), that defined it


def verify_path(path: Path, budget: Budget = Budget()) -> DocumentResult:
    return verify_document(read_document(path, max_bytes=budget.max_bytes), budget)


def verify_document(doc: Document, budget: Budget = Budget()) -> DocumentResult:
    start, clock = time.monotonic(), Clock(budget.document_seconds)
    context, results, notices = _Context(exact=_ExactAllowance(budget.exact_seconds)), [], []
    chains = layered(document_chains(doc))
    context.notation = read_notation(doc, chains)
    if context.notation is not None:
        context.spaces = standard_spaces(context.notation.sizes, context.notation.leaves, context.notation.meets)
        if context.notation.scalars:
            notices.append("read as scalars, not declared: " + ", ".join(context.notation.scalars))
        if context.notation.inferred:
            notices.append("shapes inferred, not declared: " + ", ".join(
                f"{leaf.key} {_dims(leaf)}" for leaf in context.notation.inferred))
    for block in doc.blocks:
        if block.error:
            results.append(_unreadable_block(block))
    steps, verified = 0, []
    for chain in _claims(chains, context):
        steps += len(chain.sides) - 1
        if steps > MAX_STEPS:  # even an undecided step costs time and output: a megabyte of x = x = …
            verified.append((chain, _unchecked_rest(chain)))
            notices.append(f"more than {MAX_STEPS} steps: the chains from line {chain.line} on "
                           "are not checked")
            break
        result = _verify_chain(chain, context, budget, clock)
        if context.notation is None:
            probe = not _is_claim(chain) and _gives_its_own_value(chain)
            if probe and result.steps[0].verdict is not Verdict.REFUTED:
                continue  # the word2vec meaning it restates, or one not read: no claim of the document's
            result = _of_its_own_meaning(chain, result, context)
        verified.append((chain, result))
    results += merged(verified)
    if clock.left() <= 0:
        notices.append(f"the document's {budget.document_seconds:g} s budget ran out; "
                       "later steps are undecided")
    results.sort(key=lambda c: (c.cell or 0, c.line))
    return DocumentResult(document=doc.name, chains=tuple(results),
                          seconds=time.monotonic() - start,
                          instances=tuple(describe(i) for i in context.spaces or standard_instances()),
                          sympy_version=sp.__version__, notices=tuple(notices))


def _dims(leaf: Leaf) -> str:
    return "scalar" if (leaf.rows, leaf.cols) == (1, 1) else f"{leaf.rows}×{leaf.cols}"


def read_claims(doc: Document) -> tuple[Notation | None, dict, tuple[Chain, ...]]:
    """What verify_document reads in a declared derivation besides its verdicts: the notation,
    every definition (key → tree) and the chains it checks, as it checks them (a defining first
    equality, δ = ∂L/∂z = …, taken off). ``gradproof export`` builds its code from these."""
    chains = document_chains(doc)
    context = _Context(notation=read_notation(doc, chains))
    if context.notation is None:
        return None, {}, ()
    claims = tuple(_claims(chains, context))
    return context.notation, dict(context.definitions), claims


def _claims(chains: Iterable[Chain], context: _Context) -> Iterable[Chain]:
    """The chains that claim something, each yielded once the definitions and the loss it brings
    are recorded in ``context``."""
    if context.notation is not None:
        context.definitions.update(context.notation.worded)
        for gradient in context.notation.upstream:  # until the document says what L is: ⟨dA, A⟩
            loss = loss_key(gradient.derivative.body)
            context.upstream.setdefault(loss, []).append(gradient)
            context.definitions[loss] = gradient.loss() if loss not in context.definitions else Add(
                (context.definitions[loss], gradient.loss()))
    for chain in chains:
        if _primed_update(chain):  # w' = w − ηg: a new name, the updated w, given its value
            if len(chain.sides) == 2:
                continue
            chain = replace(chain, sides=chain.sides[1:])
        if context.notation is not None and chain.solving and len(chain.sides) == 2 and _solution_named(chain, context):
            yield chain  # "Setting the gradient to zero, $$w^* = …$$": checked as a stationary point, then w*'s value
            _record_definition(context, chain)
            continue
        if _given_numbers(chain, context):
            if len(chain.sides) == 2:
                continue
            chain = replace(chain, sides=chain.sides[1:])
        assigned = assignment(chain)
        if assigned is not None:
            if not _record_definition(context, assigned) or len(chain.sides) == 2 or assignment(
                    replace(assigned, sides=chain.sides[1:])) is not None:
                continue  # it defines a name, or updates one (θ := θ − α∇J): never a claim
            chain = replace(assigned, sides=assigned.sides[1:])  # Δ := ∂L/∂Z = …: the rest is a claim
        if not chain.display and _record_definition(context, chain):
            if len(chain.sides) == 2:
                continue  # "Let $\theta = U^T v_c$": a definition in prose
            chain = replace(chain, sides=chain.sides[1:])  # x_w = θ_w = u_w^T v_c: the rest is a claim
        if not _is_claim(chain) and context.notation is None and _gives_its_own_value(chain):
            yield chain  # "Let $e = \\hat y - y$": checked against e's word2vec meaning, to learn whether it has another
            continue
        if not _is_claim(chain):
            _record_condition(context, chain)
            sentence = _SENTENCE_START_BEFORE.split(chain.lead)[-1]
            if context.notation is not None and not chain.display and len(chain.sides) == 2 \
                    and (_INSTEAD.search(sentence) or _LET.match(sentence) or _in_a_later_part(chain, context)):
                _redefined_in_prose(chain, context)
            continue
        if context.notation is None:
            _update_loss(context, chain)
        if _record_definition(context, chain):
            if len(chain.sides) == 2:
                continue
            chain = replace(chain, sides=chain.sides[1:])
            if _second_name(chain, context) and _record_definition(context, chain):
                if len(chain.sides) == 2:
                    continue
                chain = replace(chain, sides=chain.sides[1:])
        yield chain


def _entries_of_a_declared_matrix(left, right, context: _Context) -> str | None:
    """The key of x where a declared X is written by its entries, ``X = (x_{ij}) \\in \\mathbb{R}^{n \\times p}``:
    x_{ik} is then an entry of X, not of a matrix of its own."""
    if not (isinstance(left, Name) and isinstance(right, Name) and right.sub and len(right.sub.replace(",", "")) == 2
            and left.sub is None and left.base == capital(right.base) != right.base and left.hat == right.hat):
        return None
    leaf = context.notation.leaf(key_of(left))
    entries = key_of(Name(right.base, None, right.hat))
    declared = leaf is not None and not leaf.inferred and leaf.rows != 1 and leaf.cols != 1
    return entries if declared and entries not in context.definitions else None


_PRIMED = re.compile(r"\s*(\\?[A-Za-z]+)(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*(?:'|\^\s*\{?\s*\\prime\s*\}?)+\s*")


_NUMBERS = re.compile(r"(?:\\(?:begin|end)\s*\{[a-zA-Z]*matrix\*?\}|\\(?:left|right|frac|dfrac|tfrac)|\\\\|[\s\d.,;&+\-/{}()\[\]])*"
                      r"(?:\^\s*\{?\s*(?:T|\\top)\s*\}?)?\s*")  # [1, 2]ᵀ, \begin{bmatrix} 1 & 2 \\ 0 & 1 \end{bmatrix}
_CONSTANT = re.compile(r"\s*\\(?:lambda|eta|alpha|gamma|mu|rho|epsilon|varepsilon|tau|kappa|beta)\s*")


def _given_numbers(chain: Chain, context: _Context) -> bool:
    """Whether a chain opens by giving a name numbers, and records them: a worked example's data
    (``$$X = \\begin{bmatrix}1 & 1\\\\ 1 & 2\\end{bmatrix}$$``), which this reader does not draw, so that a step
    that fails with X free is undecided; or a constant's value said in prose ("we use $\\lambda = 0.1$"), which it
    takes."""
    if len(chain.sides) < 2:
        return False
    first, value = chain.sides[0].latex, chain.sides[1].latex
    if context.notation is not None and not chain.display and _CONSTANT.fullmatch(first) \
            and re.fullmatch(r"\s*\d+(?:\.\d+)?\s*", value):
        key = key_of(parse(first))
        context.definitions[key] = Num(value.strip())
        return True
    if not (re.search(r"\d", value) and re.search(r"[&,\\]", value) and _NUMBERS.fullmatch(value)):
        return False
    try:
        name = parse(first)
    except GradproofError:
        return False
    if not isinstance(name, Name) or name.sub or name.sup:
        return False
    context.unread.setdefault(key_of(name), chain.sides[1].line)
    return True


def _primed_update(chain: Chain) -> bool:
    """Whether a chain opens with a primed name given a value in terms of the name itself, w' = w − ηg or
    θ^\\prime = (1 − ηλ)θ − η∇L: the updated value, which authors mark with a prime, not a transpose."""
    primed = _PRIMED.fullmatch(chain.sides[0].latex) if len(chain.sides) >= 2 else None
    if primed is None:
        return False
    name = re.escape(primed.group(1))  # σ' = σ(x)(1 − σ(x)): a function's derivative, no update
    return re.search(rf"{name}(?![A-Za-z])", chain.sides[1].latex) is not None and \
        re.search(rf"{name}\s*(?:\\left\s*)?\(", chain.sides[1].latex) is None


def _in_a_later_part(chain: Chain, context: _Context) -> bool:
    """Whether the chain gives a value, in prose, to a name a part of other label defined ("**(b)** … the loss
    is $L = \\tfrac12(z - y)^2$" after part (a)'s L): each part of an exam key means its own."""
    try:
        key = defined_key(context.notation.subscripts.canonical(parse(chain.sides[0].latex)))
    except GradproofError:
        return False
    return chain.part is not None and key in context.parts and context.parts[key] not in (None, chain.part)


# a sentence that gives a name another value for what follows ("If instead we use a sigmoid layer, $h = …$",
# "Now let $D = …$"), not one that mentions another author's choice ("they use $S = XW$")
_INSTEAD = re.compile(r"\b(?:instead|now|from now on|this time|replac\w*|switch\w*|redefin\w*|different|à la place|"
                      r"stattdessen|en su lugar|en cambio)\b|改为|换成|现在", re.I)
_SENTENCE_START_BEFORE = re.compile(r"[.!?:]\s|\n\s*\n")
_LET = re.compile(r"\s*(?:\*\*)?\s*(?:\(?[a-h1-9]\)\s*(?:\*\*)?\s*)?(?:let|define|consider|sei|soit|sea|seja|令|设)\b",
                  re.I)  # "Let $\hat y = \tanh(z)$", "**(b)** Let …"


def _redefined_in_prose(chain: Chain, context: _Context) -> None:
    """"With a tanh layer, $h = \\tanh(Wx)$. If instead we use a sigmoid, $h = \\sigma(Wx)$, then …", "(b) Let
    $\\hat y = \\tanh(z)$": a defined name given another value in a sentence that says so or opens with "Let".
    Later lines read the new value; a step that fails with it and holds with the old one is undecided
    (``_holds_before_redefinition``)."""
    try:
        left, right = context.notation.subscripts.canonical((parse(chain.sides[0].latex),
                                                             parse(chain.sides[1].latex)))
    except GradproofError:
        return
    new = definition(left, right, 2, {}, chain.sides[0].latex)
    if new is not None and isinstance(new[1], Function) and isinstance(context.definitions.get(new[0]), Function) \
            and context.definitions[new[0]] != new[1]:  # "(b) Let $f(u) = \frac12\|u - y\|^2$" after (a)'s f
        context.earlier.setdefault(new[0], []).append((chain.sides[0].latex, context.definitions[new[0]]))
        context.definitions[new[0]] = new[1]
        return
    key = defined_key(left)
    if not isinstance(left, (Name, Loss)) or key not in context.definitions or isinstance(right, Num) \
            or context.definitions[key] == right or any(isinstance(n, (Deriv, Loss)) for n in walk(right)) \
            or isinstance(context.definitions[key], (Indexed, Function)) or isinstance(right, Name) \
            or isinstance(left, Name) and mentions(right, left.base):  # g = σ: a name for a function, no new value
        return
    context.earlier.setdefault(key, []).append((chain.sides[0].latex, context.definitions[key]))
    context.definitions[key] = right


_DEFINING = re.compile(r"(?:\b(?:let|write|written|define|denote|denoted|call|called|set|here|where|with|suppose|take|now|"
                       r"only)\b|令|设|记)(?:[^.;:$]|\$[^$]{0,80}\$){0,60}$", re.I)


def _gives_its_own_value(chain: Chain) -> bool:
    """Whether a word2vec document gives, in prose, a name that has a word2vec meaning (ŷ, U, e, y_k, a
    loss J_2) a value: "Let $e = \\hat y - y$", "Here $\\hat y = P(O = o \\mid C = c)$ is a scalar"."""
    if chain.display or len(chain.sides) != 2 or not _DEFINING.search(chain.lead):
        return False
    try:
        left, right = parse(chain.sides[0].latex), parse(chain.sides[1].latex)
    except GradproofError:
        return False
    return _word2vec_name(left) is not None and not any(isinstance(n, Deriv) for n in walk(right))


def _word2vec_name(node) -> str | None:
    """The key of a bare name that has a meaning of word2vec's own (ŷ, U, e, u_k, a loss), as written."""
    if isinstance(node, Loss):
        return loss_key(node)
    if isinstance(node, Name) and not node.sup and (node.hat or semantics.defined_name(node) is None):
        return key_of(node)
    return None


def _of_its_own_meaning(chain: Chain, result: ChainResult, context: _Context) -> ChainResult:
    """A word2vec step refuted where the document gave a name a value of its own: at that definition (a
    definition in prose, or a display whose left is such a name alone, a number where this reader's is not,
    and whose right holds no derivative), the name is recorded and the step is undecided; later, a refuted step that uses a recorded
    name is undecided too. The word2vec meanings are this reader's; the document's own win."""
    steps = list(result.steps)
    try:
        left, right = parse(chain.sides[0].latex), parse(chain.sides[1].latex)
    except GradproofError:
        left = right = None
    key = _word2vec_name(left) if left is not None and not any(isinstance(n, Deriv) for n in walk(right)) else None
    if key is not None and steps[0].verdict is Verdict.REFUTED and (
            not chain.display or steps[0].detail.startswith("the sides have different shapes")
            and "a scalar" in steps[0].detail  # ŷ = e^{u_oᵀv_c} / Σ_w e^{u_wᵀv_c}: ŷ a number here
            or isinstance(left, Loss) and left.name and not any(isinstance(n, Loss) for n in walk(right))
            and not _of_the_outside_word(right)):  # J_{neg} = −Σ_k log σ(−u_kᵀv_c): a part of the loss, named
        context.redefined[key] = (chain.line, chain.sides[0].latex)
        steps[0] = replace(steps[0], verdict=Verdict.UNDECIDED, counterexample=None,
                           detail=f"the document gives {chain.sides[0].latex} a value of its own here, which is not "
                                  "its word2vec meaning: later steps that use it are not refuted")
    small = [f"{letter} = {value}" for letter, value in chain.sizes if value <= 3]
    for number, step in enumerate(steps):
        if step.verdict is Verdict.REFUTED and small:  # "With a single negative sample ($K = 1$)", "Take $|V| = 3$"
            steps[number] = replace(step, verdict=Verdict.UNDECIDED, counterexample=None,
                                    detail=f"{step.detail}, at this reader's sizes; the text fixes {small[0]} here, "
                                           "which they are not")
            continue
        used = _redefined_in(step, context)
        if step.verdict is Verdict.REFUTED and used:
            steps[number] = replace(step, verdict=Verdict.UNDECIDED, counterexample=None,
                                    detail=f"{step.detail}; but {context.redefined[used][1]} was given a value of "
                                           f"its own at line {context.redefined[used][0]}, which this reader does not use")
    if steps == list(result.steps):
        return result
    outcome = result.result
    if outcome is not None and outcome.verdict is Verdict.REFUTED and all(
            s.verdict is not Verdict.REFUTED for s in steps):
        outcome = replace(outcome, verdict=Verdict.UNDECIDED, counterexample=None,
                          detail="the steps that failed use names the document gives values of its own")
    return replace(result, steps=tuple(steps), result=outcome)


def _of_the_outside_word(node) -> bool:
    """Whether a formula uses the outside word o (u_o, y, ŷ_o), as every word2vec loss does; a named formula
    that does not is a part of one (the negative draws' terms alone), not a loss written wrong."""
    return any(isinstance(n, Name) and (n.sub == "o" or n.base == "y" and not n.hat) for n in walk(node))


def _redefined_in(step: StepResult, context: _Context) -> str | None:
    """The first name recorded in ``context.redefined`` that the step uses, as a name or a loss."""
    if not context.redefined:
        return None
    try:
        trees = (parse(step.lhs), parse(step.rhs))
    except GradproofError:
        return None
    used = {key for node in walk(trees) if (key := _word2vec_name(node)) is not None}
    used |= {key_of(Name(n.base, None, n.hat)) for n in walk(trees) if isinstance(n, Name)}  # y_o: an entry of y
    used |= {loss_key(n.body) for n in walk(trees) if isinstance(n, Deriv) and isinstance(n.body, Loss)}
    return next((key for key in context.redefined if key in used), None)


def _second_name(chain: Chain, context: _Context) -> bool:
    """ŷ^{(i)} = a^{(i)} = softmax(z^{(i)}): a is a second name for what follows, not a value the
    rest is a claim about; it is defined as the first is (``definition`` decides), the rule the
    notation layer follows when it reads the same chain."""
    if context.notation is None:
        return False
    try:
        return isinstance(parse(chain.sides[0].latex), Name)
    except GradproofError:
        return False


def _unreadable_block(block) -> ChainResult:
    step = StepResult(line=block.line, lhs=block.latex[:80], rhs="", verdict=Verdict.UNPARSED,
                      detail=block.error, cell=block.cell)
    return ChainResult(part=None, line=block.line, steps=(step,), result=None, cell=block.cell)


def _unchecked_rest(chain: Chain) -> ChainResult:
    first, second = chain.sides[:2]
    step = StepResult(line=second.line, lhs=first.latex[:80], rhs=second.latex[:80],
                      verdict=Verdict.UNDECIDED, cell=second.cell,
                      detail=f"more than {MAX_STEPS} steps in the document: this chain and the "
                             "ones after it are not checked")
    return ChainResult(part=chain.part, line=chain.line, steps=(step,), result=None, cell=chain.cell)


def _is_claim(chain: Chain) -> bool:
    """Display equalities are claims; inline ones only when they state a derivative or a loss
    (``$y_w = 1$`` in prose is notation, not a step)."""
    if len(chain.sides) < 2:
        return False
    if chain.display:
        return True
    text = " ".join(s.latex for s in chain.sides)
    if any(k in text for k in (r"\partial", "J", r"\frac{d", r"\sigma'", r"\mathcal{L}", r"\ell")):
        return True  # "Then $\nabla_z L = p - y$.", not "$\nabla_w L = 0$ gives $w^\ast = …$", a condition
    return r"\nabla" in text and not re.fullmatch(r"\s*(?:0|\\mathbf\s*\{?\s*0\s*\}?|\\vec\s*\{?\s*0\s*\}?)\s*",
                                                chain.sides[-1].latex)


def _update_loss(context: _Context, chain: Chain) -> None:
    """The loss a bare J means: the last one the document named (J_{neg-sample}), or, where it names
    none, the one its formulas are about (negative draws u_k and σ(−…), or ŷ and exp). A formula
    given for a loss (J_{ns} = −log σ(…) − Σ_k …) says what that name means."""
    defined = _define_loss(context, chain)
    text = " ".join(side.latex for side in chain.sides)
    named = [name.lower() for name in re.findall(_NAMED_LOSS, text)]
    for name in named:
        for key, loss in _LOSS_NAMES:
            if key in name:
                context.loss, context.settled = loss, True
                break
    if defined:
        return
    if not named and chain.named_loss:  # the part's heading or prose says which J
        context.loss, context.settled = chain.named_loss, True
        return
    if named or not re.search(r"(?<![A-Za-z\\])[JL](?![A-Za-z_])|\\ell(?![A-Za-z_])", text):
        return
    guess = "neg-sample" if re.search(r"u\}?_\{?k|\\sum_\{?k|\\sigma\s*\\?\(\s*-", text) else \
        "naive-softmax" if re.search(r"\\hat\{|\\exp|exp\(|softmax", text) else None
    if guess is not None and guess != context.loss:  # a guess: the other loss stays a reading
        context.loss, context.settled = guess, False


def _define_loss(context: _Context, chain: Chain) -> bool:
    """``J_{ns} = <formula>``: the name means the loss the formula is about; a bare J too. True when
    the chain gave a bare J its meaning."""
    try:
        left = parse(chain.sides[0].latex)
        if not isinstance(left, Loss) or left.name in ("skipgram", "sg", "crossentropy"):
            return False
        right = parse(chain.sides[1].latex)
        loss = semantics.loss_of_formula(right)
    except GradproofError:
        return False
    if loss is None:
        return False
    if left.name:  # J_t = Σ_{j ≠ 0} −log P(w_{t+j} | w_t): the loss of the whole window
        context.losses[left.name] = "skipgram" if semantics.has_window_sum(right) else loss
        return False
    context.loss, context.settled = loss, True
    return True


def _record_definition(context: _Context, chain: Chain) -> bool:
    """``\\theta = U^T v_c``, ``s_w = u_w^\\top v_c``: a new name, not a claim; later lines may use
    it. ``K = 10`` is notation for a size, neither a claim nor a definition. In ``x_w = \\theta_w =
    u_w^T v_c`` the first equality defines; the caller checks the rest. A value under a case defines
    nothing (s(u) = 1 for u > 0: one piece of s)."""
    if len(chain.sides) < 2 or context.notation is not None and piece_of_a_function(chain):
        return False
    if context.notation is not None and _MODEL.match(chain.sides[0].latex):
        _record_model(context, chain)
        return True  # P(y = +1 | x) = σ(θᵀx): the model the document assumes, not a claim about it
    try:
        left = parse(chain.sides[0].latex)
    except GradproofError:
        return False
    try:
        right = parse(chain.sides[1].latex)
    except GradproofError:
        if context.notation is not None:
            _record_unread(context, context.notation.subscripts.canonical(left), chain.sides[1])
        return False
    if context.notation is not None:
        left, right = context.notation.subscripts.definition_sides((left, right))
        if from_zero_over_a_defined_name(right, context.definitions):  # as a value it cannot read
            _record_unread(context, left, chain.sides[1])
            return False
        if (entries := _entries_of_a_declared_matrix(left, right, context)) is not None:
            context.definitions[entries] = left
            return True
        return _record_declared_definition(context, chain, left, right)
    if isinstance(left, Name) and left.sub is None and not left.hat and isinstance(right, Num) \
            and left.base not in ("x", "e"):  # x and e have a value to compare: x = 1 is a claim
        return True
    name = semantics.defined_name(left)
    if name is None or isinstance(right, Num) or len(chain.sides) > 2 and mentions(right, left.base):
        return False  # ỹ = [ỹ_1 ⋮ ỹ_V] = …: a claim about the name, not its definition
    meaning = semantics.definition(left, right)
    known = context.definitions.get(name)
    if not (isinstance(meaning, semantics.Indexed) and known is not None
            and not isinstance(known, semantics.Indexed)):  # θ_j = … after θ = Uᵀv_c: θ keeps its value
        context.definitions[name] = meaning
    return True


def _record_model(context: _Context, chain: Chain) -> None:
    """p(y^{(i)} = j | x^{(i)}; θ) = …: the model's probability, a value later lines may use."""
    try:
        left, right = context.notation.subscripts.canonical((parse(chain.sides[0].latex),
                                                             parse(chain.sides[1].latex)))
    except GradproofError:
        return
    _record_declared_definition(context, chain, left, right)


def _record_unread(context: _Context, left, right: Side) -> None:
    """A name given a value this reader cannot read, unless the value only lists the name's own
    entries (θ = [θ_1 ⋯ θ_d]) or it is the batch of a family of examples the document declares
    (X = [x^{(1)} ⋯ x^{(n)}] beside x^{(i)} ∈ ℝ^d): the readings hold both already."""
    if isinstance(left, Mul) and isinstance(left.factors[0], Name) and len(left.factors) == 2 \
            and not left.factors[0].sub and not left.factors[0].hat:  # f(x) = aᵀ\relu(Wx): f's value, unread
        left = left.factors[0]
    if not isinstance(left, Name) or re.search(rf"(?<![A-Za-z]){re.escape(left.base)}\s*_", right.latex) \
            or key_of(left) in context.notation.variables:
        return
    family = family_key(Name(left.base[:1].lower() + left.base[1:], None, left.hat))
    if left.sub or left.sup or not left.base[:1].isupper() or (
            context.notation.leaf(family) is None and family not in context.notation.families):
        context.unread.setdefault(key_of(left), right.line)


def _record_declared_definition(context: _Context, chain: Chain, left, right) -> bool:
    if left == right:  # dS = ∂L/∂S where dS names ∂L/∂S (v̄ := ∂E/∂v): the naming, no claim
        return True
    handed = [g for gradients in context.upstream.values() for g in gradients]
    if any(gradient.states(left, right) for gradient in handed):
        return True  # dA = ∂L/∂A: the gradient handed down, a given value while L is not defined
    if (key_of(left) if isinstance(left, Name) else None, right) in context.notation.factorized:
        return False  # A = QR: a factorisation, which a step that names Q or R reads (_judge_declared)
    last = None
    if len(chain.sides) > 2:
        try:
            last = context.notation.subscripts.canonical(parse(chain.sides[-1].latex))
        except GradproofError:
            last = None
    known = {key: body for key, body in context.definitions.items() if key not in context.upstream}
    found = definition(left, right, len(chain.sides), known, chain.sides[0].latex,
                       context.notation.variables, last, context.notation.arguments, chain.solving,
                       context.notation.families)
    if found is not None:
        context.definitions[found[0]] = found[1]
        context.parts[found[0]] = chain.part
        for gradient in context.upstream.pop(found[0], ()):  # L is said now: dA is its gradient
            context.definitions[gradient.name] = gradient.derivative
    return found is not None


def _verify_chain(chain: Chain, context: _Context, budget: Budget, clock: Clock) -> ChainResult:
    conditions = tuple(c for c in (_condition(t) for t in chain.conditions) if c)
    context = replace(context, universal=frozenset(chain.universal))
    if context.notation is not None and (fixed := {k: v for k, v in chain.sizes if k in context.notation.sizes}):
        context = replace(context, spaces=_at_sizes(context.spaces, fixed))  # shares what the chain records
    steps = []
    for before, after in itertools.pairwise(chain.sides):
        steps.append(_verify_step(before, after, chain, conditions, context, budget, clock))
    if context.notation is not None and (steps[0].verdict in (Verdict.REFUTED, Verdict.UNDECIDED)
                                         or _ANOTHER_POINT in steps[0].detail and _in_a_new_argument(chain)):
        steps[0] = _redefined(steps[0], chain, context)
    if context.notation is not None and steps[0].verdict is Verdict.REFUTED:
        steps[0] = _of_a_later_cost(steps[0], chain, context)
    result = None
    equal = (Verdict.PROVED, Verdict.NUMERICALLY_EQUAL) if context.notation is not None else (Verdict.PROVED,)
    if len(chain.sides) > 2 and all(s.verdict in equal for s in steps):  # equal by equal: no check to spend
        weakest = max(steps, key=lambda s: s.verdict is not Verdict.PROVED)  # equal in numbers where a step
        detail = f"the difference is exactly 0: each of the {len(steps)} steps is proved" \
            if weakest.verdict is Verdict.PROVED else \
            f"equal in numbers: each of the {len(steps)} steps is proved or equal in numbers"  # (a Hessian's inverse)
        result = replace(steps[-1], lhs=chain.sides[0].latex, verdict=weakest.verdict, detail=detail)
    elif len(chain.sides) > 2:
        result = _verify_step(chain.sides[0], chain.sides[-1], chain, conditions, context, budget,
                              clock)
    elif steps[0].verdict is Verdict.REFUTED:
        result = steps[0]  # first against last is the one step, judged already
    if result is not None and result.verdict is Verdict.REFUTED:
        steps = [_with_expected(s, chain, conditions, context, budget, clock) for s in steps]
        result = steps[0] if len(steps) == 1 else result
    unchecked = [s for s in steps if not s.verdict.decisive]
    if result is not None and unchecked:  # first against last says nothing of the steps between
        lines = list(dict.fromkeys(str(s.line) for s in unchecked))
        where = f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(lines)}"
        result = StepResult(**{**result.__dict__, "detail": (
            f"{result.detail}; first against last only: the chain is not checked step by step "
            f"({len(unchecked)} of {len(steps)} steps, at {where}, unparsed or undecided)")})
    if context.notation is not None:
        _note_relied(chain, steps, context)
    return ChainResult(part=chain.part, line=chain.line, steps=tuple(steps), result=result,
                       cell=chain.cell)


_NEXT_ITERATE = re.compile(r"\((?:[a-z]\+1|new)\)$")  # the key of w^{(t+1)}, w_{k+1} or w^{new}


def _note_relied(chain: Chain, steps: list[StepResult], context: _Context) -> None:
    """Record the next iterates (w^{(t+1)}, β^{new}) that a step shown to hold names: the lines derive
    from the iterate's value, and a restatement after them is their conclusion (``_redefined``)."""
    iterates = {key for key in context.definitions if _NEXT_ITERATE.search(key)} - context.relied
    held = [side for pair, step in zip(itertools.pairwise(chain.sides), steps)
            if step.verdict in (Verdict.PROVED, Verdict.NUMERICALLY_EQUAL) for side in pair]
    for side in held if iterates else ():
        try:
            tree = context.notation.subscripts.canonical(parse(side.latex))
        except GradproofError:
            continue
        context.relied |= iterates & {key_of(Name(n.base, None, n.hat)) for n in walk(tree) if isinstance(n, Name)}


_ANOTHER_POINT = "another point than its variables"


def _in_a_new_argument(chain: Chain) -> bool:
    """RSS(λ) = (y − Xβ)ᵀ(y − Xβ) + λβᵀβ after RSS(β) = …: a loss defined anew in a plain name its new
    value uses; not J(w^*) = …, the loss at a point, which only states its value there."""
    try:
        left, right = parse(chain.sides[0].latex), parse(chain.sides[1].latex)
    except GradproofError:
        return False
    return isinstance(left, Loss) and bool(left.args) and all(
        re.fullmatch(r"\\?[A-Za-z]+", arg) and any(isinstance(n, Name) and n.base == arg.lstrip("\\")
                                                   and not n.sub and not n.sup for n in walk(right))
        for arg in left.args)


def _at_sizes(spaces: tuple[Space, ...], fixed: dict[str, int]) -> tuple[Space, ...]:
    """The Spaces with the sizes the prose fixed ("for $N = 1$") at those values."""
    return tuple(dict.fromkeys(replace(space, sizes=tuple((name, fixed.get(name, value))
                                                          for name, value in space.sizes)) for space in spaces))


def _verify_step(before: Side, after: Side, chain: Chain, conditions, context: _Context,
                 budget: Budget, clock: Clock) -> StepResult:
    def result(verdict: Verdict, detail: str, counterexample: Counterexample | None = None):
        return StepResult(line=after.line, lhs=before.latex, rhs=after.latex, verdict=verdict,
                          detail=detail, counterexample=counterexample, cell=after.cell,
                          condition=", ".join(chain.conditions) or None, label=after.label)

    try:
        (left, left_slips), (right, right_slips) = parse_forgiving(before.latex), parse_forgiving(after.latex)
        partial: dict[int, tuple[str, ...]] = {}
        with time_limit(min(budget.step_seconds, clock.left()), "step"):
            if context.notation is not None:
                readings = None
                _no_vector_of_a_number(before.latex + " " + after.latex, context)
                if "d" in context.notation.sizes:  # dℓ as d·ℓ; elsewhere dℓ, dz, dW are names the reader holds
                    _no_differential(before.latex, after.latex)
                if (leaf := context.notation.leaf("d")) is not None and leaf.inferred:  # df = 2rᵀdr: d no name
                    _no_differential(before.latex, after.latex, inferred=True)
                left, right = context.notation.subscripts.canonical((left, right))
                if "Delta" in context.definitions or context.notation.leaf("Delta") is not None:
                    left, right = delta_times((left, right))
                def judge(conditions):
                    return _judge_declared(left, right, context, conditions, chain.solving,
                                           layout=_in_stated_layout(chain, context))
                judgement = judge(conditions)
                if judgement.verdict is Verdict.REFUTED:
                    _under_a_case_on_names(left, right, chain, context)
                if judgement.verdict in (Verdict.REFUTED, Verdict.CONVENTION):  # a transpose of the first shapes
                    _of_a_name_declared_twice(left, right, after.line, context)
                if judgement.verdict is Verdict.REFUTED:
                    _on_one_side_of_a_kink(left, right, chain, context, conditions, _in_stated_layout(chain, context))
            else:
                def judge(conditions):
                    return judge_values(_readings(left, right, conditions, context, partial))
                readings = _readings(left, right, conditions, context, partial)
                if not readings:
                    return result(Verdict.UNDECIDED, "no value of the free indices meets the conditions "
                                  + ", ".join(chain.conditions))
                judgement = judge_values(readings)
                if judgement.verdict is Verdict.REFUTED:
                    _on_vectors_under_a_condition(left, right, context)
                    _in_the_window(left, right, conditions, context, bool(_CENTRE_LEFT_OUT.search(chain.lead)))
            if judgement.verdict is Verdict.REFUTED and not chain.conditions:
                _under_a_case_nearby(sorted(_free_letters(left, right, context)), nearby_cases(chain), conditions,
                                     judge)
    except Undecided as e:
        return result(Verdict.UNDECIDED, str(e))
    except Unparsed as e:
        side = before if e.text == before.latex else after
        return result(Verdict.UNPARSED, f"line {side.line}: {_unread_value(e, side.line, context)}", None)
    except Exception as e:  # noqa: BLE001 - SymPy can fail in many ways; one step must not stop the rest
        return result(Verdict.UNDECIDED, f"could not evaluate: {type(e).__name__}: {str(e)[:80]}")
    partial_notes = sorted({note for notes in partial.values() for note in notes})
    if partial_notes and judgement.verdict is Verdict.REFUTED:
        judgement = _refuted_without_partial(readings, partial, judgement)
    if partial_notes and judgement.verdict is Verdict.REFUTED:  # the author may mean another derivative
        return result(Verdict.UNDECIDED, "; ".join(partial_notes) + ": the step does not hold in that "
                      "reading, but the author may mean the total derivative; write the expression being "
                      "differentiated in terms of the defined name alone to have it checked")
    unread = ", ".join(f"'{text}'" for text in chain.unread)
    if chain.unread and judgement.verdict is Verdict.REFUTED:  # the point may lie outside the case
        return result(Verdict.UNDECIDED, f"cannot read the case condition {unread}: the step does not "
                      "hold for every value, and which values the condition allows is unknown")
    words = context.notation is None  # u_0 for u_o: a slip where words are numbered, θ_0 elsewhere
    notes = left_slips + right_slips + tuple(
        note for side in (left, right) if words for note in semantics.assumptions(side)) + tuple(
        f"the case {text} read as {text.replace('0', 'o')} (there is no word 0)"
        for text in chain.conditions if words and re.search(r"\s0\s*$", text))
    if chain.unread:
        notes += (f"it holds for every value, so under the case condition {unread} too",)
    detail = "; ".join((judgement.detail,) + tuple(dict.fromkeys(notes)))
    return result(judgement.verdict, detail, judgement.counterexample)


def _unread_value(error: Unparsed, here: int, context: _Context) -> str:
    """"o is neither declared nor defined" where the document did give o a value, one this reader cannot
    read (o = \\sum_{j=0}^{H} v_j h_j over an h numbered from 1): says so, and where."""
    line = context.unread.get(error.key) if isinstance(error, Undeclared) else None
    if line is None:
        return error.reason
    return f"{error.shown} is given " + ("here a value" if line == here else f"a value at line {line}") \
        + " that this reader cannot read"


_VEC = re.compile(r"\\vec\s*(?:\{\s*(?:\\(?:mathbf|boldsymbol|bm)\s*)?\{?\s*)?\\?([A-Za-z]+)")


def _no_vector_of_a_number(latex: str, context: _Context) -> None:
    """Unparsed where ``\\vec{y}`` marks as a vector a name the document declares a number ($y \\in
    \\{0, 1\\}$ for one example, then "let $\\vec{y}$ be the $m$-vector of labels"): the vector of all the
    labels, which this reader reads as the one y."""
    for letter in dict.fromkeys(_VEC.findall(latex)):
        leaf = context.notation.leaf(letter)
        if leaf is not None and not leaf.inferred and (leaf.rows, leaf.cols) == (1, 1):
            raise Unparsed(f"\\vec{{{letter}}} beside {letter}, which the document declares a number: "
                           "the vector of its values is not read")


_UPRIGHT_D = re.compile(r"\\(?:mathrm|operatorname|text|textrm|mathop)\s*\{\s*d\s*\}|\{\s*\\rm\s+d\s*\}")
# dℓ, d\mathcal{L}, d\log p: d then a command, which the parser reads as d times it (dL and dW are names it holds)
_DIFFERENTIAL_OF_LOSS = re.compile(r"\s*d\s*(?:\\ell|\\mathcal\s*\{\s*[A-Z]\s*\}|\\(?:log|sigma|ln)(?![a-zA-Z])"
                                   r"|(?:\\left\s*)?\(\s*\\nabla)")  # d(∇J) = XᵀX dw: the Hessian's differential


def _no_differential(left: str, right: str, inferred: bool = False) -> None:
    """Unparsed where the step is written in differentials, \\mathrm{d}a = a(1 − a)\\,\\mathrm{d}z or
    dℓ = (a − y)\\,dz, in a document where d is a size, or (``inferred``) where d is a name the document never
    declares, whose shape this reader inferred from df = 2rᵀdr: it would read d·ℓ and weigh a product."""
    text = left + " " + right
    alone = [m for m in _UPRIGHT_D.finditer(text)  # not the d of \\frac{\\mathrm{d}L}{\\mathrm{d}θ}, a derivative
             if not re.search(r"(?:\\[dt]?frac\s*|\})\s*\{\s*$", text[:m.start()])]
    if inferred:
        alone += [m for m in re.finditer(r"(?<![A-Za-z\\{])d\s*(?:\\[A-Za-z]+|[A-Za-z])", text)
                  if not re.search(r"\\[dt]?frac\s*\{\s*$", text[:m.start()])]
    if alone or _DIFFERENTIAL_OF_LOSS.match(left):
        raise Unparsed("a step written in differentials (dℓ = … dz) is not read")


def _in_stated_layout(chain: Chain, context: _Context) -> bool:
    """Whether the document says a derivative has its variable's shape ("the gradient has the same
    shape as W") and ``chain`` starts with the loss's derivative by a name: each side is that
    derivative, in the name's shape, never its transpose."""
    if not context.notation.layout:
        return False
    try:
        head = context.notation.subscripts.canonical(parse(chain.sides[0].latex))
    except GradproofError:
        return False
    return isinstance(head, Deriv) and head.second is None and isinstance(head.var, Name)


def _judge_declared(left, right, context: _Context, conditions=(), solving: bool = False,
                    layout: bool = False) -> Judgement:
    """A step of a derivation that declares its objects, in every Space and every reading its
    notation allows: softmax of a matrix by rows or by columns, ∂h/∂z of an entrywise h as its
    Jacobian or as the vector of its diagonal; the free indices narrowed by the case conditions.
    Where this reader's shapes do not fit (the sides, or within a side), it is not sure enough of
    its reading to refute: the step is undecided.

    An index on one side only (``L = -\\sum_k y_k \\log p_k = -\\log p_c``) is no "for every c":
    it names one value, the correct class c, which the step does not define; the step is refuted
    only where no value of it makes the step hold."""
    clash = _index_and_name((left, right))
    if clash:  # Σ_i e_i = 𝐢ᵀe: the bold i of a column of ones, which the parser cannot tell from the index
        raise Unparsed(f"{clash} is a summation index and a name in one step: which is which is not clear")
    factors = _factors_named((left, right), context.notation.factorized)
    if context.notation.einstein and readings.mentions((left, right), readings.Reading(context.spaces[0], {
            **context.definitions, **factors}), _repeats_an_index, entries=True):
        raise Undecided("the document sums over repeated indices (Einstein's convention), which this reader does "
                        "not: a product here repeats an index, which it would read as one free index")
    parameters = dict(context.notation.parameters)
    definitions = applications.applied_definitions({**dict(context.notation.ahead), **context.definitions,
                                                    **factors}, parameters)
    left, right = applications.at_arguments((left, right), parameters, definitions)
    marked = _marked_variable(left, context, definitions)
    if marked is not None and (stationary := _at_a_stationary_point(marked, right, context, definitions,
                                                                     solving)) is not None:
        return stationary  # w^* = (XᵀX + λI)⁻¹Xᵀy: the loss's variable w at the point the step names
    groups = _declared_groups(left, right, context, definitions, conditions)
    judgement = judge_values(groups, unsure=_PAST_THE_END, layout=layout, exact_seconds=context.exact.seconds)
    context.exact.after(judgement)
    if judgement.verdict is Verdict.CONVENTION and _REPAIRED in judgement.detail \
            and declared.LAID_OUT not in judgement.detail and _multiplied_as_declared(left, right, context, definitions):
        judgement = judge_values(groups, unsure=_PAST_THE_END, layout=layout, exact_seconds=context.exact.seconds,
                                 as_declared=True)  # the same readings, their repairs now against the document
    if judgement.verdict is Verdict.REFUTED:
        judgement = _by_independent_entries(left, right, context, definitions, conditions, layout) or judgement
    one_sided = tuple(x for x in _one_sided_letters(left, right, readings.Reading(context.spaces[0], definitions))
                      if x not in context.universal) if judgement.verdict is Verdict.REFUTED else ()
    if one_sided and not set(one_sided) & _differentiated_letters((left, right)):  # ∂L/∂x_i = x_1 − t_1 and
        for value in ("hot", *range(1, 7)):  # ∂E/∂w_k = Σ_i X_ij: an index of the variable is any entry, never one
            chosen = {letter: value for letter in one_sided}
            try:
                other = judge_values(_declared_groups(left, right, context, definitions, conditions, chosen),
                                     unsure=_PAST_THE_END)
            except OutOfTime:
                raise
            except (Unparsed, Undecided):
                continue
            if other.verdict is not Verdict.REFUTED:
                named = "the class of the label" if value == "hot" else str(value)
                return replace(other, detail=f"{other.detail}; {', '.join(one_sided)} read as one fixed "
                                             f"index, {named}: the step holds there, not for every value")
    if judgement.verdict is Verdict.REFUTED and judgement.detail.endswith(_LAYOUT):
        guessed = next((leaf.key for leaf in context.notation.leaves
                        if leaf.inferred and _uses((left, right), leaf.key, context)), None)
        if guessed is not None:
            raise Undecided(f"{judgement.detail}, but the shape of {guessed} is this reader's guess")
    if judgement.verdict is Verdict.REFUTED and judgement.detail.startswith("the sides have different shapes") \
            and not judgement.detail.endswith(_LAYOUT):  # a shape this reader inferred may be the author's transpose
        raise Undecided(judgement.detail + " as this reader reads them")
    solutions = context.notation.variables | context.notation.arguments  # θ = (XᵀX)⁻¹Xᵀy: true at one point
    if judgement.verdict is Verdict.REFUTED and isinstance(left, Name) and key_of(left) in solutions:
        stationary = _at_a_stationary_point(left, right, context, definitions, solving)
        if stationary is not None:
            return stationary
        raise Undecided(f"a value of {key_of(left)}, the loss's variable: true of one point (a solution), "
                        "not an identity, and no loss this reader holds has a zero gradient there")
    if judgement.verdict is Verdict.REFUTED and _is_an_equation_to_solve(left, right, solving):
        raise Undecided("not an identity: an equation to solve (a gradient set to zero), true of its "
                        "solution only")
    if judgement.verdict is Verdict.REFUTED:
        lone = [key for key in readings.unweighable(left, right, readings.Reading(context.spaces[0], definitions))
                if not all(declared.holds_its_member(key, readings.Reading(space, definitions))
                           for space in context.spaces)]  # P declared beside p = e^s/𝟏ᵀe^s: tied by p
        if lone:
            raise Undecided(f"{lone[0]} stands on one side only, and nothing the document defines ties it to the "
                            "other: if it names a value said in words (P = softmax(S)), the step may hold")
    if judgement.verdict is Verdict.REFUTED and context.notation.einstein:
        raise Undecided("the document sums over repeated indices (Einstein's convention), which this reader does "
                        "not: the step fails with each index free, and may hold with them summed")
    if judgement.verdict is Verdict.REFUTED and (rounded := _to_the_decimals_written(left, right, context, definitions)):
        return rounded
    if judgement.verdict is Verdict.REFUTED:
        _of_an_entry_at_a_label(left, right, context)
        _of_a_batch_said_in_words(left, right, context, definitions)
        _of_a_name_given_nothing(left, right, context, definitions)
        _of_a_value_unread(left, right, context)
        _of_labels_said_near(left, right, context, conditions, solving, layout)
        _holds_before_redefinition(left, right, context, conditions, solving, layout)
        _under_a_stated_condition(left, right, context)
        _of_one_particular_loss(left, right, context)
    return judgement


_REPAIRED = "value read with"


def _multiplied_as_declared(left, right, context: _Context, definitions: dict) -> bool:
    """Whether the document's definitions that use the declared matrices of a step (z = W_2 h, RSS(β) =
    (y − Xβ)ᵀ(y − Xβ), S(w) = Σ_i (Σ_j X_{ij} w_j − y_i)²) all multiply them as declared, with no transpose read
    in, and no name the step uses has a guessed shape: a product of the step that fits only transposed
    (∂L/∂h = W_2 δ for W_2 ∈ ℝ^{k×h}) then goes against the document's own use, no convention."""
    reading = readings.Reading(context.spaces[0], definitions)
    matrices = {leaf.key for leaf in context.notation.leaves if leaf.rows != 1 and leaf.cols != 1}

    def used(node) -> set[str]:  # the matrices a node names, whole or by an entry (X_{ij})
        return {key for n in walk(node) if isinstance(n, Name)
                for key in (key_of(n), key_of(Name(n.base, None, n.hat))) if key in matrices}
    step = {key for key in matrices if readings.mentions((left, right), reading, lambda n: key in used(n),
                                                          entries=True)}
    if not step or any(leaf.inferred and _uses((left, right), leaf.key, context) for leaf in context.notation.leaves):
        return False  # a shape this reader guessed (C of "w + C Xᵀd" read as a column) may be the one to blame
    values = [body.body if isinstance(body, Function) and context.notation.leaf(body.parameter) is not None
              else body for body in definitions.values()]  # S(w) = Σ_i (…)² of a declared w: its body
    bodies = [body for body in values if not isinstance(body, Function) and used(body) & step
              and body not in (left, right)]  # β̂ = (XᵀX)⁻¹Xᵀy: the step itself, taken as β̂'s value
    multiplied = False
    for body in bodies:
        try:
            if declared.evaluate_repaired(body, reading)[1]:
                return False
        except GradproofError:
            continue  # no value here (a singular inverse at these sizes): no evidence either way
        multiplied = True
    return multiplied


_LABEL_INDEX = re.compile(r"(?:^|,)\s*([A-Za-z])\s*_\s*\{?\s*[a-z0-9]")  # the c_i of p_{i,c_i}, the a_t of π_{t,a_t}


def _to_the_decimals_written(left, right, context: _Context, definitions: dict) -> Judgement | None:
    """The verdict of a step between numbers that differ (a − 1 = 0.4621 − 1 with a = tanh(0.5)) to the decimals
    written; None where a side is no number or writes no decimals."""
    written = [n.value for n in walk((left, right)) if isinstance(n, Num) and "." in n.value]
    if not written:
        return None
    try:
        values = [declared.evaluate(side, readings.Reading(context.spaces[0], definitions)) for side in (left, right)]
    except GradproofError:
        return None
    return to_the_decimals_written(*values, written)


def _of_an_entry_at_a_label(left, right, context: _Context) -> None:
    """Undecided where an entry is taken at a letter of each example's own (log p_{i,c_i}, log π_{t,a_t}) that the
    document does not declare a label of examples: this reader reads it as one fixed class, and the text may tie
    it to a one-hot matrix in words ("Y is the one-hot matrix of these classes")."""
    for name in (n for n in walk((left, right)) if isinstance(n, Name) and n.sub):
        for letter in _LABEL_INDEX.findall(name.sub):
            leaf = context.notation.leaf(f"{letter}^()") or context.notation.leaf(letter)
            if leaf is None or not (leaf.one_hot or leaf.family):
                raise Undecided(f"{name.base}_{{{name.sub}}}: the entry at {letter} of each example, which this "
                                "reader reads as one fixed class; the text may tie it to the labels in words")


def _of_a_batch_said_in_words(left, right, context: _Context, definitions: dict) -> None:
    """Undecided where one side goes through a name and the other only through its batch (x and X, x̃ and X̃):
    the loss is of one example, and the step of the loss over a batch the text says in words ("Averaged over a
    batch of $m$ samples, the gradient becomes …")."""
    reading = readings.Reading(context.spaces[0], definitions)
    keys = {leaf.key for leaf in context.notation.leaves}

    def reached(side) -> set[str]:
        return {key for key in keys if readings.mentions(side, reading, lambda n: isinstance(n, Name) and key_of(
            Name(n.base, None, n.hat)) == key, entries=True)}
    if readings.mentions((left, right), reading, lambda n: isinstance(n, Loss) and n.example is not None
                         or isinstance(n, Name) and n.sup is not None, entries=True):
        return  # J = (1/m) Σ_i L^{(i)}, x^{(i)}: the document has its batch of examples
    one, other = reached(left), reached(right)
    defined = {key for body in definitions.values() for n in walk(getattr(body, "body", body))
               if isinstance(n, Name) for key in (key_of(n), key_of(Name(n.base, None, n.hat)))}
    def summed(side, key: str) -> bool:  # Σ_{n=1}^{N} y_nᵀ log p_n beside Y ∈ ℝ^{K×N}: a loss over the batch
        leaf = context.notation.leaf(key)
        sizes = {str(leaf.rows), str(leaf.cols)} if leaf is not None else set()
        return readings.mentions(side, reading, lambda n: isinstance(n, Sum) and str(n.upper) in sizes, entries=True)
    for alone, beside, side in ((one, other, left), (other, one, right)):  # X in no definition and no sum over
        batches = sorted(key for key in alone - beside if capital(key) != key and capital(key) in beside - alone
                         and capital(key) not in defined and not summed(side, capital(key)))  # its examples
        if batches:
            raise Undecided(f"one side goes through {batches[0]}, the other through its batch {capital(batches[0])}: "
                            "the loss is of one example, and the step may be of its mean over a batch said in words")


def _solution_named(chain: Chain, context: _Context) -> bool:
    """Whether a chain gives a value to a name of its own for the loss's variable at a point (w^*, ŵ)."""
    try:
        left = context.notation.subscripts.canonical(parse(chain.sides[0].latex))
    except GradproofError:
        return False
    return _marked_variable(left, context, context.definitions) is not None \
        and any(key.startswith("loss:") for key in context.definitions)  # f(β) = …, a function: its value, unread


def _marked_variable(left, context: _Context, definitions: dict) -> Name | None:
    """The loss's variable w where a step gives a value to w^* or ŵ, a name of its own the document neither declares
    nor defines; None for any other left side."""
    if not isinstance(left, Name) or key_of(left) in definitions or context.notation.leaf(key_of(left)) is not None:
        return None
    if left.sub is not None:  # θ_1^*: an entry's value, under the case of one feature the text may say
        return None
    plain = Name(left.base.rstrip("*") or left.base, None, False)  # w^* is the name "w*"
    variables = context.notation.variables | context.notation.arguments
    marked = (left.hat or plain.base != left.base) and left.sup is None  # not β^{new}, the next iterate
    return plain if marked and key_of(plain) in variables and context.notation.leaf(key_of(plain)) is not None else None


def _at_a_stationary_point(left: Name, right, context: _Context, definitions: dict, solving: bool) -> Judgement | None:
    """θ = (XᵀX)⁻¹Xᵀy, a value given to the loss's variable: a claim that the loss is stationary there. The
    gradient of each loss defined in θ is evaluated at that θ; zero for one of them, the step holds (proved, or
    equal in numbers). Nonzero for the one loss the document defines in θ, its only variable, after the text says
    an equation is being solved ("setting the gradient to zero"), it is refuted; else None: the loss meant may be
    one said in words ("with the prior, the MAP estimate is …")."""
    key = key_of(left)
    reading = readings.Reading(context.spaces[0], definitions)
    losses = [Loss(name, (), letter) for loss in definitions if loss.startswith("loss:")
              for _, letter, name in [loss.split(":", 2)]]
    losses = [loss for loss in losses if readings.mentions(
        loss, reading, lambda n: isinstance(n, Name) and key_of(n) == key)]
    if readings.mentions(right, reading, lambda n: isinstance(n, Name) and (key_of(n) == key or n.base.endswith("*")
                                                                            or n.hat)) \
            or any(leaf.inferred and _uses(right, leaf.key, context) for leaf in context.notation.leaves):
        return None  # θ* = Fᵀ S(c − q*)/(Nκ): q* is σ(Fθ*), a value at the point this reader draws freely
    outcomes = []
    for loss in losses:
        groups = []
        for space in context.spaces:
            at = readings.Reading(space, definitions)
            try:
                gradient = declared.evaluate(Deriv(left, loss), at)
                point = declared.evaluate(right, at)
            except OutOfTime:
                raise
            except GradproofError:
                continue  # (XᵀX)⁻¹ where these sizes make XᵀX singular: another space may say
            variable = space.value(key)
            if not isinstance(point, sp.MatrixBase) or not isinstance(variable, sp.MatrixBase) \
                    or point.shape != variable.shape:
                continue
            there = gradient.xreplace(dict(zip(variable, point)))
            groups.append([(space, there, sp.zeros(*there.shape), ())])
        if not groups:
            continue
        outcome = judge_values(groups, unsure=_PAST_THE_END, exact_seconds=context.exact.seconds)
        name = f"∂{loss.letter}/∂{key}"
        if outcome.verdict is not Verdict.REFUTED:
            return replace(outcome, detail=f"{name} is 0 there: a stationary point of {loss.letter}; {outcome.detail}")
        outcomes.append(replace(outcome, detail=f"{name} is not 0 there: no stationary point of {loss.letter}"))
    declared_variables = {k for k in context.notation.variables | context.notation.arguments
                          if context.notation.leaf(k) is not None}  # b̂ = ȳ − ŵᵀx̄ holds only at ŵ: one variable
    return outcomes[0] if solving and len(losses) == 1 and len(declared_variables) == 1 and outcomes else None


def _repeats_an_index(node) -> bool:
    """Whether ``node`` is a product two of whose factors name the same index letter: a_i a_i, W_{ij} x_j."""
    if not isinstance(node, Mul):
        return False
    named = [{letter for n in walk(factor) if isinstance(n, Name) and n.sub for letter in re.findall(r"[a-z]", n.sub)}
             for factor in node.factors]
    return any(named[i] & named[j] for i in range(len(named)) for j in range(i + 1, len(named)))


def _of_one_particular_loss(left, right, context: _Context) -> None:
    """Undecided where one side goes through a gradient handed down (G = ∂L/∂Y, a free value while
    L is not said) and the other through none: that side holds only for some particular L ("take
    L = Σ Y_{nj}, then G = 𝟏𝟏ᵀ"), which the document may name in words this reader cannot read."""
    handed = [g.name for g in context.notation.upstream if context.definitions.get(g.name) != g.derivative]
    through = [any(_uses(side, name, context) for name in handed) for side in (left, right)]
    if through[0] != through[1]:
        raise Undecided("one side goes through a gradient handed down and the other does not: it can hold "
                        "for one particular loss only, which the document may say in words")


def _record_condition(context: _Context, chain: Chain) -> None:
    """The names of a condition said in prose ("$Q^\\top Q = I$ and $R$ upper triangular"), which no
    value this reader draws meets."""
    if len(chain.sides) != 2:
        return
    try:
        left, right = (parse(side.latex) for side in chain.sides)
    except GradproofError:
        return
    _condition_names(left, right, context)


def _is_identity(node) -> bool:
    """I, or a multiple of it: nI of "$X^TX = nI$"."""
    factors = node.factors if isinstance(node, Mul) else (node,)
    return any(isinstance(f, Name) and f.base == "I" for f in factors) and all(
        isinstance(f, (Name, Num)) for f in factors)


def _condition_names(left, right, context: _Context) -> bool:
    """Whether ``left = right`` is a condition on names the document gives no value, QᵀQ = I or
    uᵀu = 1; those names are then recorded in ``context``."""
    if context.notation is None:  # word2vec's vectors ("$\\|v_c\\| = 1$"), not ŷ or y, whose 𝟏ᵀŷ = 1 is met
        names = {key_of(n) for n in walk((left, right))
                 if isinstance(n, Name) and n.base in ("u", "v", "U", "V") and not n.hat}
    else:
        names = {key_of(n) for n in walk((left, right)) if isinstance(n, Name) and n.base != "I"
                 and not getattr(context.notation.leaf(key_of(n)), "one_hot", False)}  # 𝟏ᵀy = 1: met already
    constant = any(_is_identity(side) or side == Num("1") and (  # not y_i = 1, a case
        isinstance(other, Norm) or any(isinstance(n, Transpose) for n in walk(other)))
        or side == Num("0") and any(isinstance(n, Ones) for n in walk(other))  # 𝟏ᵀX = 0, not "near wᵀx = 0"
        for side, other in ((left, right), (right, left)))
    if not constant or not names or any(key in context.definitions for key in names) \
            or any(isinstance(n, (Deriv, Loss)) for n in walk((left, right))):
        return False
    context.conditions |= names
    return True


def _under_a_case_on_names(left, right, chain: Chain, context: _Context) -> None:
    """Undecided where a case the chain is under binds no index of the step ("When $b = 0$:", "If $t = h$,
    then"): it says something of names that have values, which this reader draws freely and cannot
    impose; only a case on the step's free indices (k ≠ y) narrows what is checked. "For $u \\neq 0$"
    holds at the values drawn: a step refuted there is refuted under it."""
    letters = _free_letters(left, right, context) | {
        *readings.fixed_values(readings.Reading(context.spaces[0], context.definitions), 1)}
    for text in chain.conditions:
        condition = _condition(text)
        if condition is not None and condition[1] and condition[0] not in letters:  # u ≠ 0 holds where values are drawn
            raise Undecided(f"the case {text} is not on an index of this step: the step does not hold for every "
                            "value, and this reader cannot impose the case on the values it draws")


def _by_independent_entries(left, right, context: _Context, definitions: dict, conditions,
                            layout: bool) -> Judgement | None:
    """∂ log det Σ/∂Σ = Σ⁻¹ and ∂(xᵀAx)/∂A = xxᵀ for a symmetric Σ or A: the derivative with the matrix's
    entries taken as independent, the Matrix Cookbook's and most authors', evaluated where it is symmetric,
    where the one taken first, by its shared entries (2G − diag G), does not hold. Undecided where only its
    transpose holds (−Σ⁻¹SΣ⁻¹ of tr(Σ⁻¹S), S not symmetric): a layout a square shape does not tell. None where
    neither holds."""
    symmetric = {leaf.key for leaf in context.notation.leaves if leaf.symmetric}
    keys = sorted({key_of(node.var) for side in (left, right) for node in walk(side)
                   if isinstance(node, Deriv) and isinstance(node.var, Name)} & symmetric)
    if not keys:
        return None
    independent = replace(context, spaces=tuple(
        replace(space, leaves=tuple(replace(leaf, symmetric=False) if leaf.key in keys else leaf
                                    for leaf in space.leaves)) for space in context.spaces))
    said = f"with the entries of {', '.join(keys)} taken as independent (by its shared entries, the symmetric " \
           "derivative would be 2G − diag G)"
    groups = _declared_groups(left, right, independent, definitions, conditions)
    other = judge_values(_at_symmetric_points(groups, keys), unsure=_PAST_THE_END, layout=layout,
                         exact_seconds=context.exact.seconds)
    if other.verdict is not Verdict.REFUTED:
        return replace(other, detail=f"{other.detail}, {said}")
    if layout:
        return None
    groups = _declared_groups(left, Transpose(right), independent, definitions, conditions)
    turned = judge_values(_at_symmetric_points(groups, keys), unsure=_PAST_THE_END,
                          exact_seconds=context.exact.seconds)
    if turned.verdict is Verdict.REFUTED:
        return None
    raise Undecided(f"equal after a transpose, {said}: the layout of a derivative by a square matrix, which its "
                    "shape does not tell")


def _at_symmetric_points(groups: list, keys: list[str]) -> list:
    """The readings with each matrix of ``keys``, drawn with entries of its own, mirrored to be symmetric."""
    def tied(value, inst):
        mirror = {below: above for key in keys for below, above in mirrored(inst, key).items()}
        return value.xreplace(mirror) if isinstance(value, (sp.Basic, sp.MatrixBase)) else value
    return [type(group)((inst, tied(lhs, inst), tied(rhs, inst), repairs) for inst, lhs, rhs, repairs in group)
            for group in groups]


def _on_one_side_of_a_kink(left, right, chain: Chain, context: _Context, conditions, layout: bool) -> None:
    """Undecided where the text opens a case in words just before the step ("When the margin is violated:",
    "For an active unit:", "For a point above the fitted line,"), the step reaches a kink (max(0, ·), ReLU,
    |·|, an indicator) and holds on one side of it: with each kink read as its active branch (z, 1, u) or as
    its other one (0, 0, −u). Refuted on both, the step stays refuted where it reaches one kink; where it reaches
    several, the words may mean one side of each."""
    said = _WORDED_CASE.search(chain.lead)
    if said is None or not _reaches_a_kink(left, right, context):
        return
    for active in (True, False):
        branch = functools.partial(_kink_branch, active=active)
        definitions = {key: branch(value) for key, value in context.definitions.items()}
        try:
            other = _judge_declared(branch(left), branch(right), replace(context, definitions=definitions),
                                    conditions, chain.solving, layout)
        except (Unparsed, Undecided):
            continue
        if other.verdict is not Verdict.REFUTED:
            raise Undecided(f"holds on one side of a kink (max, ReLU, |·|), the {'active' if active else 'other'} "
                            f"one, and the text says a case in words, '{said.group(1).strip()}', which this reader "
                            "cannot impose on the values it draws")
    kinks: set = set()
    readings.mentions((left, right), readings.Reading(context.spaces[0], context.definitions),
                      lambda node: _is_a_hinge(node) and kinks.add(unsigned(node.arg)),  # ReLU(z) and 𝟙[z > 0]
                      entries=True)  # are one hinge; |w|² is none
    if len(kinks) > 1:  # "When only the real hinge is active": one kink on each side
        raise Undecided(f"reaches {len(kinks)} kinks, and the text says a case in words, '{said.group(1).strip()}': "
                        "which side of each it means is not clear")


def _is_a_hinge(node) -> bool:
    return isinstance(node, Step) or isinstance(node, Call) and node.func == "relu"


def _is_a_kink(node) -> bool:
    return _is_a_hinge(node) or isinstance(node, Norm) and node.single


def _reaches_a_kink(left, right, context: _Context) -> bool:
    return readings.mentions((left, right), readings.Reading(context.spaces[0], context.definitions), _is_a_kink,
                             entries=True)


def _kink_branch(node, active: bool):
    """``node`` with each kink read as one of its branches: max(0, z) as z or 0, 1[z > 0] as 1 or 0, |u| as u
    or −u."""
    def branch(item):
        if isinstance(item, Call) and item.func == "relu":
            return _kink_branch(item.arg, active) if active else Num("0")
        if isinstance(item, Step):
            return Num("1" if active else "0")
        if isinstance(item, Norm) and item.single:
            inner = _kink_branch(item.arg, active)
            return inner if active else Neg(inner)
        return None
    return ast_rewrite(node, branch)


# a case that opens its clause just before a display: "When the margin is violated (the max is the second
# argument):", "For an active unit:", after the loss's display "when $y w^T x < 1$,"; not "ReLU passes it where"
_WORDED_CASE = re.compile(r"(?:^|[.!?:;,]\s+|\n\s*|\band\s+)(?:\*\*)?((?:when|whenever|if|for|"
                          r"in\s+the\s+(?:region|case|regime)|on\s+the|assuming|suppose|provided|at\s+points?)\b"
                          r"[^.\n]{3,150}?)[:,]?\s*$", re.I)  # "… and for a misclassified example", "when $y w^T x < 1$,"


def _of_a_name_declared_twice(left, right, line: int, context: _Context) -> None:
    """Undecided where a step after a name is declared again transposed ("Exercise 1: $x \\in \\mathbb{R}^d$",
    "Exercise 2: $x \\in \\mathbb{R}^{1 \\times d}$") names it, itself or through a definition: each exercise
    means its own, and this reader holds the first."""
    reading = readings.Reading(context.spaces[0], context.definitions)

    def names(key: str) -> bool:  # x itself, or an entry x_i
        return readings.mentions((left, right), reading, lambda node: isinstance(node, Name)
                                 and key_of(Name(node.base, None, node.hat)) == key, entries=True)
    twice = sorted(key for key, since in context.notation.reshaped if line >= since and names(key))
    if twice:
        raise Undecided(f"{', '.join(twice)} declared again transposed: the step does not hold with the first "
                        "shape, and which one it means is not clear")


def _free_letters(left, right, context: _Context) -> set[str]:
    """The index letters of a step that no sum binds: the w of ∂J/∂u_w = ŷ_w v_c."""
    if context.notation is None:
        return set(semantics.free_indices(left) | semantics.free_indices(right))
    base = readings.Reading(context.spaces[0], context.definitions)
    return {*readings.free_letters(left, base), *readings.free_letters(right, base)}


def _under_a_case_nearby(letters: list[str], nearby: tuple[str, ...], conditions, judge) -> None:
    """Undecided where a relation the text around a refuted step states, which no rule took as its case
    ("This holds for all $w \\neq o$.", "for every word except $o$"), makes the step hold: the author may
    mean it as the step's case. A relation without its letter is tried on each free index of the step
    (``letters``)."""
    for text in nearby:
        for letter in (letters if text.startswith("*") else [None]):
            written = text.replace("*", letter, 1) if letter else text
            condition = _condition(written)
            if condition is None or condition[0] not in letters:
                continue
            try:
                holds = judge(conditions + (condition,)).verdict is not Verdict.REFUTED
            except OutOfTime:
                raise
            except GradproofError:
                continue
            if holds:
                raise Undecided(f"the text near it states {written}, which this reader did not take as the step's "
                                "case: under it the step holds")


# "the term $j = 0$ … is left out", "leaving out $j = 0$": a window sum written from −m to m means the window
_CENTRE_LEFT_OUT = re.compile(r"j\s*=\s*0\b[^.]{0,80}\b(?:left\s+out|excluded|omitted|skipped|dropped|not\s+included)"
                              r"|\b(?:leav\w*|left)\s+out\s+(?:the\s+)?(?:term\s+)?\$?\s*j\s*=\s*0", re.I)


def _in_the_window(left, right, conditions, context: _Context, centre_left_out: bool) -> None:
    """Undecided where a refuted step sums over the window, and holds when inside that sum y, u_o and a
    bare J are the outside word at offset j: authors write Σ_j U(ŷ − y) with "y changes with j". Where the
    text says the term j = 0 is left out (``centre_left_out``), a sum written from −m to m leaves it out too."""
    if not (semantics.has_window_sum(left) or semantics.has_window_sum(right)):
        return
    try:
        holds = judge_values(_readings(left, right, conditions, context, window=True,
                                       centre_left_out=centre_left_out)).verdict is not Verdict.REFUTED
    except OutOfTime:
        raise
    except GradproofError:
        return
    if holds:
        raise Undecided("false where y, u_o and J inside the sum over the window are the one outside word o; "
                        "true where they are the word at offset j (w_{t+j})"
                        + (", the centre j = 0 left out as the text says" if centre_left_out else ""))


def _under_a_stated_condition(left, right, context: _Context) -> None:
    """Undecided where the step states a condition on names the document gives no value (QᵀQ = I,
    uᵀu = 1), or uses a name such a condition was stated on: its values are drawn freely, and this
    reader cannot impose the condition on them."""
    if _condition_names(left, right, context):
        raise Undecided("a condition the document states on names it gives no value: this reader draws them "
                        "freely and cannot impose it")
    names = {key_of(n) for n in walk((left, right)) if isinstance(n, Name)}
    for key, words in context.notation.structured:
        if key in names or _uses((left, right), key, context):
            raise Undecided(f"the document says {key} is {words}, which the values this reader draws for it are "
                            "not: the step fails with them, and may hold with such a value")
    for key in sorted(context.conditions):
        if key in names or _uses((left, right), key, context):
            raise Undecided(f"the document states a condition on {key} (such as QᵀQ = I) that this reader "
                            "cannot impose on the values it draws")


def _on_vectors_under_a_condition(left, right, context: _Context) -> None:
    """Undecided where a word2vec step uses a condition the document states on a vector ("every centre
    vector is kept on the unit sphere: $\\|v_c\\| = 1$"), its norm or its product with itself (v_cᵀv_c): the
    vectors this reader draws do not meet it. A step that does not use it is judged as it stands."""
    def used(node) -> set[str]:
        if isinstance(node, Norm):
            return {key_of(n) for n in walk(node.arg) if isinstance(n, Name)}
        if isinstance(node, Mul):
            turned = {key_of(f.arg) for f in node.factors if isinstance(f, Transpose) and isinstance(f.arg, Name)}
            return turned & {key_of(f) for f in node.factors if isinstance(f, Name)}
        return set()
    named = sorted({key for node in walk((left, right)) for key in used(node)} & context.conditions)
    if named:
        raise Undecided(f"the document states a condition on {', '.join(named)} (such as ‖v_c‖ = 1) that the "
                        "vectors this reader draws do not meet")


def _of_a_name_given_nothing(left, right, context: _Context, definitions: dict) -> None:
    """Undecided where one side holds nothing but names the document neither declares nor defines,
    none of which the other side uses (log p_y = z_y − log Σ_j e^{z_j}, p never defined): the step
    gives them their value rather than claims something of values they have."""
    reading = readings.Reading(context.spaces[0], definitions)
    for side, other in ((left, right), (right, left)):
        if any(isinstance(n, (Deriv, Loss)) for n in walk(side)):
            continue
        names = [n for n in walk(side) if isinstance(n, Name)]
        keys = {key_of(n) for n in names}
        if names and not any(_given(n, context, definitions) for n in names) \
                and not any(readings.refers(other, reading, key) for key in keys):
            raise Undecided(f"{', '.join(sorted(keys))}: neither declared nor defined, and on one side only: the "
                            "step may be where the document gives its value")


def _given(name: Name, context: _Context, definitions: dict) -> bool:
    """Whether the document declares or defines ``name``, the whole name it is an entry of, or its family
    of examples (y^{(i)} ∈ ℝ^k for y^{(i)}_j), or uses it as a size (k of ℝ^k)."""
    keys = {key_of(name), key_of(Name(name.base, None, name.hat)), key_of(Name(name.base, None, name.hat, name.sup)),
            family_key(name), key_of(Name(capital(name.base), None, name.hat))}  # z_{kn}: an entry of Z
    return name.base in context.notation.sizes or any(
        k in definitions or k in context.notation.variables
        or (leaf := context.notation.leaf(k)) is not None and not leaf.inferred for k in keys)


def _of_a_value_unread(left, right, context: _Context) -> None:
    """Undecided where the step uses a name the document gives a value this reader cannot read
    (Φ_N = [φ(1) ⋯ φ(N)]ᵀ): it fails with the name free, and may hold with that value."""
    for key, line in context.unread.items():
        if key not in context.definitions and _uses((left, right), key, context):
            raise Undecided(f"{key} is given a value at line {line} that this reader cannot read: the step fails "
                            f"with {key} free, and may hold with that value")


def _of_labels_said_near(left, right, context: _Context, conditions, solving: bool, layout: bool) -> None:
    """Undecided where the step holds once one of the declared names near the word one-hot that it uses,
    which this reader drew as a general value, is one-hot: the text may say it is."""
    hot = {leaf.key for leaf in context.spaces[0].leaves if leaf.one_hot}
    alone = replace(context.notation, near_one_hot=frozenset())  # one name at a time: no search over their subsets
    for key in sorted(context.notation.near_one_hot - hot):
        if not _uses((left, right), key, context):
            continue
        spaces = tuple(replace(space, leaves=tuple(replace(leaf, one_hot=True) if leaf.key == key else leaf
                                                   for leaf in space.leaves)) for space in context.spaces)
        try:
            holds = _judge_declared(left, right, replace(context, spaces=spaces, notation=alone), conditions, solving,
                                    layout).verdict is not Verdict.REFUTED
        except OutOfTime:
            raise
        except (Unparsed, Undecided):
            continue  # not read with it one-hot: the refutation stands
        if holds:
            raise Undecided(f"{key} stands near words that may make it one-hot (one-hot, a distribution, sums to "
                            "one): read as one-hot, as the text may say, the step holds")


def _holds_before_redefinition(left, right, context: _Context, conditions, solving: bool, layout: bool) -> None:
    """Undecided where the step holds with a value a redefined name had before: ℓ(θ) = Σ_i … then
    "for one example, ℓ(θ) = y log h(x) + …", and a later ∂ℓ_λ/∂θ_j = Σ_i … may mean either."""
    for key, values in context.earlier.items():
        if not _uses((left, right), key, context):
            continue
        for written, value in values:
            before = replace(context, definitions={**context.definitions, key: value}, earlier={})
            try:
                holds = _judge_declared(left, right, before, conditions, solving, layout).verdict is not Verdict.REFUTED
            except OutOfTime:
                raise
            except Unmeant:
                holds = False  # ∂𝓔/∂Z where the old 𝓔 never named Z: the author means the new value
            except (Unparsed, Undecided):
                holds = True  # not shown false under that value either
            if holds:
                raise Undecided(f"{written} was given a new value, and the step is not shown false under the one "
                                "it had before: which of the two the step means is not clear")


def _uses(node, key: str, context: _Context) -> bool:
    """Whether ``node`` uses the name ``key`` (or an entry of it), itself or through the definitions."""
    def named(item) -> bool:
        return isinstance(item, Loss) and loss_key(item) == key or isinstance(item, Name) and (
            key_of(item) == key or key_of(Name(item.base, None, item.hat)) == key)
    return readings.mentions(node, readings.Reading(context.spaces[0], context.definitions), named)


def _index_and_name(node) -> str | None:
    """A letter a sum binds that also stands alone as a name outside that sum, in ``node``."""
    bound = {n.var for n in walk(node) if isinstance(n, Sum)}
    return next(iter(sorted(bound & _free_names(node))), None)


def _free_names(node, inside: frozenset = frozenset()) -> set[str]:
    """The one-letter names in ``node`` that stand alone (no index, no hat) outside any sum over them."""
    if isinstance(node, Name):
        return {node.base} if node.sub is None and node.sup is None and not node.hat \
            and node.base not in inside else set()
    if isinstance(node, Sum):
        return _free_names(node.body, inside | {node.var})
    if isinstance(node, tuple):
        return set().union(*(_free_names(item, inside) for item in node)) if node else set()
    if hasattr(node, "__dataclass_fields__"):
        return set().union(*(_free_names(getattr(node, f), inside) for f in node.__dataclass_fields__))
    return set()


def _one_sided_letters(left, right, base: readings.Reading) -> tuple[str, ...]:
    """The index letters one side of a step uses and the other does not; a letter compared in a
    Kronecker delta (δ_{yl}) counts as used there."""
    on_left, on_right = ([*readings.free_letters(side, base), *_compared_letters(side)] for side in (left, right))
    return tuple(dict.fromkeys(x for x in on_left + on_right if (x in on_left) != (x in on_right)))


def _differentiated_letters(node) -> set[str]:
    """The index letters of the variables a step differentiates by: the i of ∂L/∂x_i, the j and k of ∂L/∂W_{jk}."""
    return {letter for n in walk(node) if isinstance(n, Deriv) and isinstance(n.var, Name) and n.var.sub
            for letter in (re.findall(r"[a-z]", n.var.sub) if re.fullmatch(r"[a-z,\s{}]+", n.var.sub)  # W_{dk}
                           else re.findall(r"(?<![A-Za-z\\])[a-z](?![A-Za-z])", n.var.sub))}


def _compared_letters(node) -> list[str]:
    return [letter for n in walk(node) if isinstance(n, Indicator) for letter in (n.left, n.right)
            if re.fullmatch(r"[a-z]", letter)]


_PAST_THE_END = ("refuted only at index values past the end in another reading of the step (y_k an entry, "
                 "or the k-th example): which one the author means is not clear")


def _declared_groups(left, right, context: _Context, definitions: dict, conditions=(),
                     chosen: dict | None = None) -> list:
    """The readings of a step, grouped by Space and values of the free indices (see judge_values);
    ``definitions`` as ``applications.applied_definitions`` gives them; ``chosen``: letters given one
    value ("hot": the class of the one-hot label in each Space)."""
    groups: list[list[Reading]] = []
    ill_typed: list[str] = []
    reasons: list[Unparsed] = []
    scalars = _identity_letters((left, right), context)
    for space in context.spaces:
        space = replace(space, leaves=space.leaves + tuple(Leaf(s, 1, 1) for s in scalars))
        base = readings.Reading(space, definitions, index_ranges=dict(context.notation.index_ranges))
        fixed = readings.fixed_values(base, space.hot + 1)  # the y of L = -log ŷ_y, the i of L(y^{(i)}, …)
        fixed |= {letter: space.hot + 1 for letter in context.notation.classes}  # "with $y_c = 1$": c the class
        fixed |= {letter: space.hot + 1 if value == "hot" else value for letter, value in (chosen or {}).items()}
        free = [f for f in dict.fromkeys(readings.free_letters(left, base) + readings.free_letters(right, base))
                if f not in fixed]
        batches = (True, False) if space.hot_matrices or readings.uses_matrix_softmax((left, right), base) \
            or readings.uses_examples((left, right), base) else (True,)  # a batch as rows, or as columns
        if context.notation.by_rows is not None and len(batches) == 2:  # "softmax applied to each column"
            batches = (context.notation.by_rows,)
        options = list(itertools.product(
            batches, (False, True) if readings.uses_vector_derivative((left, right), base) else (False,),
            (True, False) if readings.uses_subscript_examples((left, right), base) else (True,),
            (False, True) if readings.uses_delta_entries((left, right), base) else (False,)))
        shared: dict[tuple, dict] = {}  # per reading, what the values of the free indices do not change
        before = len(groups)
        for values in itertools.islice(itertools.product(range(1, 7), repeat=len(free)), MAX_ASSIGNMENTS * 3):
            if not all(_holds(c, {**fixed, **dict(zip(free, values))}) for c in conditions):
                continue
            group, unread, past, done = [], [], set(), set()
            for rows, entrywise, examples, delta_entries in options:
                layout = replace(space, hot_rows=rows)
                reading = readings.Reading(layout, base.definitions, {**fixed, **dict(zip(free, values))},
                                           rows, entrywise, examples, base.index_ranges, delta_entries,
                                           shared.setdefault((rows, entrywise, examples, delta_entries), {}))
                try:
                    group.append(_declared_reading(layout, left, right, reading))
                    done.add((rows, entrywise))
                except ShapeError as e:
                    ill_typed.append(e.reason)
                except Unparsed as e:
                    unread.append(e)
                    if isinstance(e, OutOfRange):
                        past.add((rows, entrywise))
            if group:  # o_k past the end as an entry, read only as the k-th example: that alone never refutes
                groups.append(Partial(group) if past & done else group)
            elif unread and not any(isinstance(e, OutOfRange) for e in unread):
                raise unread[0]
            else:  # past the end in one reading: this value is skipped, and the other reading's
                reasons += [e for e in unread if not isinstance(e, OutOfRange)]  # reason kept
        if chosen and len(groups) == before:  # a value past the end here: where the step holds, every Space says
            raise OutOfRange(f"{', '.join(chosen)} at {', '.join(map(str, chosen.values()))}: past the end at "
                             f"{space.describe()}")
    if not groups and ill_typed:
        raise Undecided(f"the shapes do not fit as this reader reads them: {ill_typed[0]}")
    if not groups and reasons:
        raise reasons[0]
    if not groups:
        raise Unparsed("no value of the free indices is in range" + (" and meets the conditions" if conditions else ""))
    return groups


def _is_an_equation_to_solve(left, right, solving: bool) -> bool:
    """``2X^\\top(Xw - y) + 2\\lambda w = 0``, or ``(X^\\top X + \\lambda I)w = X^\\top y`` after
    "setting the gradient to zero": an equation, true of the solution only, with no derivative or
    loss in it."""
    zero = Num("0") in (left, right) or Transpose(Num("0")) in (left, right)
    if solving and zero and any(isinstance(n, Deriv) for n in walk((left, right))):
        return True  # "setting the gradient to the zero row vector": dL/dθ = 0ᵀ, at the solution only
    if any(isinstance(n, (Loss, Deriv)) for n in walk((left, right))):
        return False
    return solving or zero


def _factors_named(step, factorized) -> dict:
    """The factorisations whose factors the step names (AᵀA = RᵀQᵀQR: A = QR here, A as declared
    elsewhere); none without a walk of the step where the document states none."""
    if not factorized:
        return {}
    named = {n for n in walk(step) if isinstance(n, Name)}
    return {key: value for key, value in factorized
            if named & {n for n in walk(value) if isinstance(n, Name) and key_of(n) != key}}


def _identity_letters(node, context: _Context) -> tuple[str, ...]:
    """The letters of an identity between functions (σ'(t) = σ(t)(1 − σ(t))): a step that uses no
    declared or defined name, other than a function the document defines (g(t) = 1/(1 + e^{−t})),
    reads its undeclared single letters as free scalars."""
    functions = {key for key, body in (*context.notation.ahead, *context.definitions.items())
                 if isinstance(body, Function)}
    names = [n for n in walk(node) if isinstance(n, Name) and key_of(n) not in functions]
    known = {leaf.key for leaf in context.notation.leaves} | set(context.definitions) | set(context.notation.sizes)
    if any(key_of(n) in known or n.base in known for n in names) or any(isinstance(n, Loss) for n in walk(node)):
        return ()
    letters = tuple(dict.fromkeys(n.base for n in names))
    return letters if all(len(b) == 1 and b.islower() and b != "e" for b in letters) and \
        all(n.sub is None and not n.hat and n.sup is None for n in names) else ()


def _declared_reading(space, left, right, reading) -> Reading:
    try:
        return space, *declared.evaluate_sides(left, right, reading), ()
    except ShapeError:
        lhs, lhs_repairs = declared.evaluate_repaired(left, reading)
        rhs, rhs_repairs = declared.evaluate_repaired(right, reading)
        return space, lhs, rhs, lhs_repairs + rhs_repairs


def _redefined(step: StepResult, chain: Chain, context: _Context) -> StepResult:
    """``J = -\\frac{1}{m}\\sum_i …`` after J was the loss of one example: a name given a new value,
    which authors do, not a claim that the old one equals it. The name takes the new value. Where the
    step is undecided (neither shown equal to the old value nor false), later lines may mean either."""
    try:
        left, right = context.notation.subscripts.canonical((parse(chain.sides[0].latex),
                                                             parse(chain.sides[1].latex)))
    except GradproofError:
        return step
    key = defined_key(left)
    handed = {gradient.name for gradient in context.notation.upstream}  # G = ∂L/∂A: a value of L's, never renamed
    update = _NEXT_ITERATE.search(key or "")  # w^{(t+1)} of SGD, then of Newton's method: a new step
    if key not in context.definitions or key in handed or not update and any(isinstance(n, Deriv) for n in walk(right)):
        return step
    old = context.definitions[key]
    if not update and isinstance(old.body if isinstance(old, Indexed) else old, Deriv):
        return step  # δ^l_j ≡ ∂C/∂z^l_j, then δ^l = …: what the derivative is, a claim, never a new meaning
    if update and key in context.relied and not mentions(right, key[:update.start()]):
        return step  # (XᵀX + λI)β^{new} = Xᵀy shown, so β^{new} = …: their conclusion, not a new step from β
    context.relied.discard(key)
    reading = readings.Reading(context.spaces[0], context.definitions)
    undecided = step.verdict is Verdict.UNDECIDED
    if undecided or readings.mentions(right, reading, lambda node: readings.beside_batch(node, reading)):
        context.earlier.setdefault(key, []).append((chain.sides[0].latex, context.definitions[key]))  # the
    context.definitions[key] = right  # loss of one example, for a while: later lines may mean the old value
    if undecided:
        return replace(step, detail=f"{step.detail}; {chain.sides[0].latex} is read from here on as this value, "
                                    "or as the one it had before")
    return replace(step, verdict=Verdict.UNDECIDED, counterexample=None,
                   detail=f"{chain.sides[0].latex} was defined before as something else; read as a new "
                          "definition from here on, not checked against the old one")


def _of_a_later_cost(step: StepResult, chain: Chain, context: _Context) -> StepResult:
    """W̄ = … after 𝓔_reg = 𝓔 + (λ/2)‖W‖²: the bar named a derivative of 𝓔, and the document has since
    built another cost from 𝓔, whose derivative the author may mean now. Refuted as a derivative of 𝓔
    only, the step is undecided."""
    adjoints = context.notation.subscripts.adjoints
    try:
        first = parse(chain.sides[0].latex)
    except GradproofError:
        return step
    if adjoints is None or not any(isinstance(n, Name) and adjoints.variable(n.base) for n in walk(first)):
        return step
    own, keys = loss_key(adjoints.loss), list(context.definitions)
    since = keys[keys.index(own) + 1:] if own in keys else []
    if not any(key.startswith("loss:") and any(isinstance(n, Loss) and loss_key(n) == own
                                               for n in walk(context.definitions[key])) for key in since):
        return step
    return replace(step, verdict=Verdict.UNDECIDED, counterexample=None,
                   detail="false as a derivative of the cost the document's notation names; a cost built on "
                          "that one was defined since, and the step may be about it")


def _refuted_without_partial(groups, partial: dict, judgement: Judgement) -> Judgement:
    """A refutation that stands without the partial-derivative reading: a group none of whose
    readings is one, and which no reading holds in. Else ``judgement`` as it was."""
    for group in groups:
        if not any(partial.get(id(reading)) for reading in group):
            found = judge_values([group])
            if found.verdict is Verdict.REFUTED:
                return found
    return judgement


def _readings(left, right, conditions, context: _Context, partial: dict | None = None,
              window: bool = False, centre_left_out: bool = False) -> list[list[Reading]]:
    """One group per (instance, values of the free indices); alternatives within a group are the
    readings of u_k when negatives repeat."""
    partial = {} if partial is None else partial
    free = sorted(semantics.free_indices(left) | semantics.free_indices(right))
    components = semantics.component_indices(left) | semantics.component_indices(right)
    draws = semantics.draw_indices(left) | semantics.draw_indices(right)
    sampled = semantics.sampled_words(left) | semantics.sampled_words(right)
    groups: list[list[Reading]] = []
    families: dict[tuple, list[Instance]] = {}
    for inst in standard_instances():
        families.setdefault((inst.V, inst.d, inst.negatives), []).append(inst)
    for family in families.values():
        for values in _assignments(family[0], free, conditions, components, draws, sampled):
            group, unread = [], []
            for inst, bare, loss in itertools.product(family, _bare_sum_readings(left, right, context),
                                                      _loss_readings(left, right, context)):
                try:
                    reading, notes = _reading(inst, left, right, dict(zip(free, values)), context,
                                              components, draws, bare, loss, window, centre_left_out)
                except Unparsed as e:  # this reading cannot be evaluated; another one may be
                    unread.append(e)
                    continue
                if inst.separate_draws and not _uses_draws(inst, reading):
                    continue
                partial[id(reading)] = notes  # kept with the reading, so its id stays its own
                group.append(reading)
            if unread and not group:
                raise unread[0]
            groups.append(group)
    return groups


def _bare_sum_readings(left, right, context: _Context) -> tuple[str, ...]:
    """What a sum without limits (\\sum_k) may run over: the vocabulary, and under negative
    sampling also the K draws; the step must hold in one of them to stand."""
    if context.loss == "neg-sample" and (semantics.has_bare_sum(left) or semantics.has_bare_sum(right)):
        return ("samples", "words")
    return ("words",)


def _loss_readings(left, right, context: _Context) -> tuple[str, ...]:
    """What a bare J may mean: the loss the document named or defined; where it only showed
    features of one (σ, ŷ), both losses, and the step must hold for one of them to stand."""
    if context.settled or not (semantics.has_bare_loss(left) or semantics.has_bare_loss(right)):
        return (context.loss,)
    return (context.loss,) + tuple(loss for loss in ("naive-softmax", "neg-sample") if loss != context.loss)


def _reading(inst: Instance, left, right, free: dict, context: _Context,
             components: frozenset = frozenset(), draws: frozenset = frozenset(),
             bare_sums: str = "words", loss: str | None = None,
             window: bool = False, centre_left_out: bool = False) -> tuple[Reading, tuple[str, ...]]:
    """One reading of the step, and which derivatives it read as partial ones."""
    scope = semantics.Scope(instance=inst, free=free, loss=loss or context.loss, losses=dict(context.losses),
                            definitions=dict(context.definitions), components=components,
                            draws=draws, bare_sums=bare_sums, window=window, centre_left_out=centre_left_out)
    try:
        (lhs, lhs_partial), (rhs, rhs_partial) = semantics.evaluate_noted(left, scope), \
            semantics.evaluate_noted(right, scope)
        return (inst, lhs, rhs, ()), lhs_partial + rhs_partial
    except ShapeError:
        lhs, lhs_repairs, lhs_partial = semantics.evaluate_repaired(left, scope)
        rhs, rhs_repairs, rhs_partial = semantics.evaluate_repaired(right, scope)
        return (inst, lhs, rhs, lhs_repairs + rhs_repairs), lhs_partial + rhs_partial


def _uses_draws(inst: Instance, reading: Reading) -> bool:
    draws = {s for vec in inst.draws for s in vec}
    return any(getattr(v, "free_symbols", set()) & draws for v in reading[1:3])


def _assignments(inst: Instance, free: list[str], conditions, components: frozenset = frozenset(),
                 draws: frozenset = frozenset(), sampled: frozenset = frozenset()) -> Iterable[tuple[int, ...]]:
    """``sampled``: word letters the step compares with a draw ([w_k = w]); they range over the
    drawn words, as "for a sampled word w" says."""
    named = {"o": inst.o, "c": inst.c}
    domains = [range(inst.d) if f in components else
               range(1, inst.K + 1) if semantics.is_sample_letter(f) or f in draws else
               sorted(set(inst.negatives)) if f in sampled else range(inst.V)
               for f in free]
    allowed = []
    for values in itertools.product(*domains):
        env = {**named, **dict(zip(free, values))}
        if all(_holds(cond, env) for cond in conditions):
            allowed.append(values)
    if len(allowed) > MAX_ASSIGNMENTS:
        step = len(allowed) / MAX_ASSIGNMENTS
        allowed = [allowed[int(i * step)] for i in range(MAX_ASSIGNMENTS)]
    return allowed


def _condition(text: str):
    match = _CONDITION.match(text)
    if not match:
        return None
    left, op, right = match.groups()
    return left, op == "=", "o" if right == "0" else right  # w ≠ 0 written for w ≠ o: there is no word 0


def _holds(condition, env: dict) -> bool:
    left, equal, right = condition
    if left not in env or right not in env:
        return True
    return (env[left] == env[right]) == equal


def _with_expected(step: StepResult, chain: Chain, conditions, context, budget, clock) -> StepResult:
    """Attach the correct expression, in the document's notation, to a refuted step."""
    if step.verdict is not Verdict.REFUTED or step.counterexample is None or context.notation is not None:
        return step
    expected = _expected_expression(chain, conditions, context, budget, clock)
    if expected is None:
        return step
    counterexample = Counterexample(**{**step.counterexample.__dict__, "expected": expected})
    return StepResult(**{**step.__dict__, "counterexample": counterexample})


def _expected_expression(chain: Chain, conditions, context, budget, clock) -> str | None:
    key = (chain.sides[0].latex, tuple(chain.conditions), context.loss)
    if key not in context.expected:
        context.expected[key] = _find_expected(chain, conditions, context, budget, clock)
    return context.expected[key]


def _find_expected(chain: Chain, conditions, context, budget, clock) -> str | None:
    first = chain.sides[0]
    try:
        node = parse(first.latex)
        free = sorted(semantics.free_indices(node))
    except GradproofError:
        return None
    if len(free) > 1:
        return None
    bold, transpose = document_style(" ".join(s.latex for s in chain.sides))
    for latex in candidates(free[0] if free else None, bold, transpose):
        try:
            with time_limit(min(budget.step_seconds, clock.left()), "expected expression"):
                readings = _readings(node, parse(latex), conditions, context)
                if not readings:
                    return None
                judgement: Judgement = judge_values(readings)
        except GradproofError:
            continue
        if judgement.verdict in (Verdict.PROVED, Verdict.NUMERICALLY_EQUAL):
            return latex
    return None
