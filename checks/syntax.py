"""LaTeX math → a tree of a few primitives. Syntax only: what the tree means is checks/semantics.py.

A tokenizer and a recursive-descent parser, linear in the input and bounded in length and depth,
so that a hostile line gives ``Unparsed`` with a column and never a hang or a RecursionError.
Spelling variants collapse here, never later: ``^T``, ``^\\top``, ``^{\\top}``, ``^\\intercal`` are
all Transpose; ``\\mathbf``, ``\\boldsymbol``, ``\\bm``, ``\\pmb``, ``{\\bf …}`` are all the bare
name; ``\\cdot``, ``*``, ``\\times`` and juxtaposition are all Mul.

    >>> parse(r"\\hat{y}_o \\mathbf{v}_c")
    Mul(factors=(Name(base='y', sub='o', hat=True, sup=None), Name(base='v', sub='c', hat=False, sup=None)), dots=(False,))
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from checks.ellipsis import DOTS, Dots, Series, at_dots, in_matrix, matrix_spans, read_listing, read_matrix
from checks.errors import Unparsed

MAX_LENGTH = 5000
MAX_DEPTH = 120
MAX_DIGITS = 12

# Nodes. Subscripts of names stay text ("o", "w", "t+j", "naive-softmax"): they are indices, and
# semantics gives them their meaning.


@dataclass(frozen=True)
class Num:
    value: str


@dataclass(frozen=True)
class Name:
    base: str  # a letter, or a word such as "theta"
    sub: str | None
    hat: bool
    sup: str | None = None  # x^{(i)}, W^{[2]}: the example or layer written above, a label, not a power


def walk(node):
    """Every node of the tree ``node`` (tuples of nodes included), the root first."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(reversed(item))
            continue
        yield item
        if hasattr(item, "__dataclass_fields__"):
            stack.extend(reversed([getattr(item, f) for f in item.__dataclass_fields__]))


def rewrite(node, change):
    """``node`` rebuilt top-down: where ``change`` gives a node, that node stands (its parts are not
    visited); where it gives None, the parts are rewritten in turn. Tuples of nodes included."""
    new = change(node)
    if new is not None:
        return new
    if isinstance(node, tuple):
        return tuple(rewrite(item, change) for item in node)
    if hasattr(node, "__dataclass_fields__"):
        return type(node)(**{f: rewrite(getattr(node, f), change) for f in node.__dataclass_fields__})
    return node


def loss_key(node: "Loss") -> str:
    """J, L and ℓ with their subscripts: a document may define J for the batch and L for one example."""
    return f"loss:{node.letter}:{node.name}"


def defined_key(node) -> str | None:
    """The key a left side gives the value after its "=": a loss's (J, L_i), a name's (W_1, ŷ); None for
    anything else."""
    if isinstance(node, Loss):
        return loss_key(node)
    return key_of(node) if isinstance(node, Name) else None


def unsigned(node):
    """``node`` without the minus signs in front of it: −(−x) is x here, and so is −x."""
    while isinstance(node, Neg):
        node = node.arg
    return node


def capital(base: str) -> str:
    """The name of the batch of a name's examples: X for x, Φ (Phi) for φ (phi)."""
    return base[:1].upper() + base[1:]


HATTED_ARGUMENT = re.compile(r"\\(?:hat|widehat)\\?([a-zA-Z]+)")  # \haty, as Loss.args holds \hat{y}


def argument_key(text: str) -> str:
    """The key of a loss's argument as ``Loss.args`` holds it: "\\haty" (ŷ) → "y^", "\\theta" → "theta"."""
    hat = HATTED_ARGUMENT.fullmatch(text)
    return hat.group(1) + "^" if hat else text.lstrip("\\")


def plain_argument(text: str) -> bool:
    """Whether a loss's argument as ``Loss.args`` holds it is a name alone, hatted or not (Ŷ, θ, w), no
    example's label (y_i, y^(i)) and no expression."""
    return bool(HATTED_ARGUMENT.fullmatch(text) or re.fullmatch(r"\\?[A-Za-z]+", text))


def key_of(name: Name) -> str:
    """A name's key: ŷ is "y^", W_1 is "W_1", x^{(i)} (one per example) is "x^()"."""
    return name.base + ("^" if name.hat else "") + (f"_{name.sub}" if name.sub else "") + \
        ("^()" if name.sup else "")


def family_key(name: Name) -> str:
    """The key of the examples x^{(i)} that x, x_j or x^{(2)} belongs to: "x^()"."""
    return key_of(Name(name.base, None, name.hat, "i"))



@dataclass(frozen=True)
class Add:
    terms: tuple


@dataclass(frozen=True)
class Neg:
    arg: object


@dataclass(frozen=True)
class Mul:
    factors: tuple
    dots: tuple  # per junction: True where written as \cdot (a dot product of two vectors),
    # "elementwise" where written as \odot or \circ (the Hadamard product), "divide" for \oslash (entrywise
    # division), "frobenius" for A : B (Σ_ij A_ij B_ij), False otherwise


@dataclass(frozen=True)
class Div:
    num: object
    den: object


@dataclass(frozen=True)
class Pow:
    base: object
    exp: object


@dataclass(frozen=True)
class Transpose:
    arg: object


@dataclass(frozen=True)
class Index:
    arg: object  # a vector over the vocabulary: softmax(Uᵀv_c)_o is its entry o
    sub: str


@dataclass(frozen=True)
class Call:
    func: str  # log, exp, sigma, sigma', softmax, diag
    arg: object
    euler: bool = field(default=False, compare=False)  # exp written e^{…}: e² where e is a name the text gives


@dataclass(frozen=True)
class Loss:
    name: str  # normalised subscript of J: "", "naivesoftmax", "negsample", "skipgram", …
    args: tuple  # the arguments as normalised text; read loosely
    letter: str = ""  # J, L or ℓ ("ell"), J~ (\tilde J): word2vec reads the undecorated as one
    example: str | None = None  # L^{(i)}: the loss of example i (word2vec: J^{(t)}, a label it ignores)
    at: tuple = field(default=(), compare=False)  # L(σ(θᵀx + θ₀), y): the arguments' trees, where one
    # is more than a name; the loss defined as L(g, y) = … is then its body at these values


@dataclass(frozen=True)
class Prob:
    outside: str  # P(O = o | C = c) → "o"
    joint: bool = False  # written P(O = o, C = c), the joint, where the model gives the conditional
    event: str = ""  # p(y^{(i)} = j | x^{(i)}; θ) → "y^(i)=#|x^(i);\\theta": the same model at any class
    outcome: str = ""  # p(t | w), P(y_i | x_i, w): a density or likelihood of the outcome as written, no class


@dataclass(frozen=True)
class Sum:
    var: str
    domain: str  # "words", "samples", "offsets", "components" (1..d, the entries of a vector), or
    # "bare" (\sum_k: no limits; the loss in force says whether over the words or the draws)
    excluded: tuple  # letters the index may not equal (w ≠ o); for offsets "0", "-m", "m"
    body: object
    upper: str = ""  # the upper limit as written (normalised): "V", "K", "m", "n_h", "n-1"; "" for none
    origin: int = 1  # the value of the first entry as the sum counts: 0 in \sum_{j=0}^{n} over a vector of n + 1


@dataclass(frozen=True)
class Prod(Sum):
    """\\prod_{i=1}^{m} p_i: a product over a range. It binds its index as a sum does, so every walk
    that knows sums knows it; evaluators dispatch on the type's name, so none multiplies by summing."""


@dataclass(frozen=True)
class Deriv:
    var: Name
    body: object
    second: Name | None = None  # ∂²L/∂w∂wᵀ, \nabla^2_w L: the second variable of a Hessian


@dataclass(frozen=True)
class Norm:
    arg: object  # ‖x‖, ‖x‖₂, ‖W‖_F: the Euclidean (Frobenius) norm; its square is the sum of squares
    single: bool = False  # written |x|: of a square matrix, its determinant as often as a norm


@dataclass(frozen=True)
class Step:
    arg: object  # 𝟙[z > 0]: 1 where the entry is positive, 0 elsewhere (entrywise for a vector)
    closed: bool = False  # 𝟙[z ≥ 0]: 1 at 0 too, which tells where z is a ReLU's output, 0 on a whole region


@dataclass(frozen=True)
class Ones:
    size: str | None  # 𝟏, 𝟏_m: the all-ones vector; its size the subscript's, or what the product needs


@dataclass(frozen=True)
class Indicator:
    left: str
    right: str
    equal: bool
    delta: bool = False  # written δ_{ij}: an entry of δ where the document gives δ a value


MEMBER = re.compile(r"([a-z])\^\(([a-z0-9])\)")  # y^(i) in an indicator's text: the label of example i


# Tokens -------------------------------------------------------------------------------------------

_SKIP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
         "biggr", "Biggl", "Biggr", "quad", "qquad", "displaystyle", "textstyle", "limits", "nolimits",
         "enspace", "bf", "middle", "!", ",", ";", ":", " ", "mathstrut", "cdotp", "because",
         "therefore", "hspace"}
_WRAPPERS = {"mathbf", "boldsymbol", "bm", "pmb", "vec", "mathrm", "mathit", "operatorname",
             "mathsf", "textbf", "bold", "mathbfit", "text", "textrm", "mbox"}
# commands written another way for the same thing: \part is \partial, \neqo is \neq o
_ALIASES = {"part": ("partial",), "neqo": ("neq", "o"), "neqc": ("neq", "c"), "neo": ("neq", "o"),
            "nec": ("neq", "c"), "ne": ("neq",), "dfrac": ("frac",), "tfrac": ("frac",)}
_WORDS = {"log", "exp", "ln", "softmax", "Vocab", "sigmoid", "sigma", "CE", "diag", "Diag", "tanh", "ReLU", "relu"}
# functions known by name inside \mathrm{…} or \operatorname{…}, and what the tree calls them
_FUNCTIONS = {"softmax": "softmax", "log": "log", "exp": "exp", "sigmoid": "sigma", "diag": "diag", "Diag": "diag",
              "tanh": "tanh", "ReLU": "relu", "relu": "relu", "Relu": "relu", "tr": "tr", "Tr": "tr",
              "trace": "tr", "logsoftmax": "logsoftmax", "log\\_softmax": "logsoftmax", "sinh": "sinh",
              "cosh": "cosh", "sech": "sech", "sm": "softmax", "Softmax": "softmax",
              "expit": "sigma", "det": "det"}  # expit: SciPy's σ; sech = 1/cosh (tanh' = sech²)
_UNICODE = {"·": "\\cdot", "×": "\\times", "≠": "\\neq", "≤": "\\leq", "≥": "\\geq", "σ": "\\sigma",
            "∂": "\\partial", "∑": "\\sum", "Σ": "\\sum", "ᵀ": "^T", "−": "-", "θ": "\\theta",
            "′": "'", "ℓ": "\\ell", "⊙": "\\odot"}
_TOKEN = re.compile(r"\\([a-zA-Z]+|.)|([0-9]+(?:\.[0-9]+)?)|([a-zA-Z]+)|(\s+)|(.)", re.S)


@dataclass(frozen=True)
class Token:
    kind: str  # "cmd", "num", "letter", "word", "sym"
    text: str
    col: int


def tokenize(latex: str) -> list[Token]:
    out: list[Token] = []
    matrices = matrix_spans(latex) if "matrix" in latex else []
    for match in _TOKEN.finditer(latex):
        cmd, num, letters, space, sym = match.groups()
        col = match.start()
        if space:
            continue
        if cmd is not None:
            if cmd in _SKIP:
                continue
            if cmd == "not" and latex.startswith("=", match.end()):  # \not= is ≠; its = is eaten below
                out.append(Token("cmd", "neq", col))
                continue
            if cmd in _ALIASES:
                out += [Token("cmd" if k == 0 else "letter", text, col) for k, text in enumerate(_ALIASES[cmd])]
                continue
            out.append(Token("cmd", cmd, col))
        elif num:
            out.append(Token("num", num, col))
        elif letters:
            if letters in _WORDS:
                out.append(Token("word", letters, col))
            elif len(letters) == 2 and letters[0] == "d":  # dW, dz: backpropagation's name for ∂L/∂W
                out.append(Token("letter", letters, col))
            else:
                out += [Token("letter", ch, col + i) for i, ch in enumerate(letters)]
        elif sym in _UNICODE:
            out += tokenize(_UNICODE[sym]) if not _UNICODE[sym].startswith("\\") else \
                [Token("cmd", _UNICODE[sym][1:], col)]
        elif sym == "&" and in_matrix(matrices, col):
            out.append(Token("sym", sym, col))  # between a matrix's entries; elsewhere an alignment mark
        elif sym in "&~":
            continue
        elif sym == "=" and out and out[-1].kind == "cmd" and out[-1].text == "neq" and \
                latex[max(0, col - 4):col].rstrip().endswith("\\not"):
            continue
        else:
            out.append(Token("sym", sym, col))
    return out


# Parser -------------------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def parse(latex: str):
    """The tree of one side of an equation; Unparsed with a column when it cannot be read."""
    return _parse(latex, depth=0)


_MISMATCH = re.compile(r"expected '([)\]])', found '([)\]}])'")


def parse_forgiving(latex: str):
    """(tree, what was assumed): as ``parse``, but one closing bracket of the wrong kind, the slip of
    ``\\sigma(u_o^T v_c}``, is read as the one that was opened, and the assumption is said."""
    try:
        return parse(latex), ()
    except Unparsed as e:
        slip = _MISMATCH.fullmatch(e.reason)
        if not slip or e.column is None or e.text != latex or latex[e.column:e.column + 1] != slip.group(2):
            raise
        mended = latex[:e.column] + slip.group(1) + latex[e.column + 1:]
        try:
            tree = parse(mended)
        except Unparsed:
            raise e from None
        return tree, (f"the '{slip.group(2)}' at column {e.column + 1} read as '{slip.group(1)}', "
                      "closing the bracket opened before it",)


def _parse(latex: str, depth: int):
    """``parse`` for a group re-read on its own (a fraction's parts): ``depth`` is the nesting
    already entered around it, so that MAX_DEPTH bounds the whole side, not each group."""
    if len(latex) > MAX_LENGTH:
        raise Unparsed(f"the expression is too long ({len(latex)} characters; at most {MAX_LENGTH})",
                       latex, MAX_LENGTH)
    if not latex.strip():
        raise Unparsed("an empty side", latex, 0)
    return _Parser(latex, depth).parse()


class _Parser:
    def __init__(self, latex: str, depth: int = 0):
        self.text = latex
        self.tokens = tokenize(latex)
        self.i = 0
        self.depth = depth
        self.open_norms = 0  # norm bars opened and not yet closed: the next bar closes one
        self.bound: list[str] = []  # the letters of the sums being read: φ(t) under Σ_t is member t

    # helpers
    def peek(self, ahead: int = 0) -> Token | None:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else None

    def at(self, kind: str, text: str | None = None, ahead: int = 0) -> bool:
        tok = self.peek(ahead)
        return tok is not None and tok.kind == kind and (text is None or tok.text == text)

    def at_sym(self, *symbols: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "sym" and tok.text in symbols

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise self.error("the expression ends too early")
        self.i += 1
        return tok

    def expect_sym(self, symbol: str) -> None:
        tok = self.peek()
        if tok is None or tok.kind != "sym" or tok.text != symbol:
            raise self.error(f"expected '{symbol}'" + (f", found '{tok.text}'" if tok else " at the end"))
        self.i += 1

    def error(self, reason: str, tok: Token | None = None) -> Unparsed:
        tok = tok or self.peek()
        col = tok.col if tok else len(self.text)
        return Unparsed(reason, self.text, col)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"nesting too deep (more than {MAX_DEPTH} levels)")

    # grammar
    def parse(self):
        node = self.expr()
        while self.at_sym(":"):  # A : B, the Frobenius product Σ_ij A_ij B_ij: weaker than any other
            self.take()
            node = Mul((node, self.expr()), ("frobenius",))
        if self.peek() is not None:
            tok = self.peek()
            raise self.error(f"cannot read '{tok.text}' here", tok)
        return node

    def expr(self):
        self.enter()
        terms = []
        sign = self._sign()
        terms.append(self._signed(sign, self.term()))
        while self.at_sym("+", "-"):
            sign = self.take().text == "-"
            if at_dots(self):  # a + b + \cdots + z: the terms that the pattern gives
                self.take()
                terms.append(Dots())
                continue
            terms.append(self._signed(sign, self.term()))
        self.depth -= 1
        if any(isinstance(t, Dots) for t in terms):
            return Series(tuple(terms))
        terms = _absorbed(terms)
        return terms[0] if len(terms) == 1 else Add(tuple(terms))

    def _sign(self) -> bool:
        negative = False
        while self.at_sym("+", "-"):
            negative ^= self.take().text == "-"
        return negative

    @staticmethod
    def _signed(negative: bool, node):
        return Neg(node) if negative else node

    def term(self):
        """Factors side by side, with *, \\cdot, \\times, / between them."""
        factors, dots = [self.factor()], []
        while True:
            tok = self.peek()
            if self._opens_norm():
                factors.append(self.factor())
                dots.append(False)
                continue
            if _ends_term(tok):
                break
            if tok.kind == "sym" and tok.text == "/":
                self.take()
                den = self.factor()
                factors[-1] = Div(factors[-1], den) if len(factors) == 1 else Div(
                    _mul(factors, dots), den)
                if len(factors) > 1:
                    factors, dots = [factors[-1]], []
                continue
            dot = False
            if (tok.kind == "sym" and tok.text == "*") or \
                    (tok.kind == "cmd" and tok.text in ("cdot", "times", "odot", "circ", "oslash")):
                self.take()
                dot = {"cdot": True, "odot": "elementwise", "circ": "elementwise", "oslash": "divide"}.get(tok.text,
                                                                                                        False)
            factors.append(self.factor())
            dots.append(dot)
        return _mul(factors, dots)

    def _rest_of_product(self, first):
        """The factors after ``first`` up to the product's end, an explicit operator, another log or a sum:
        \\log e^{-λ}λ^y and \\log \\frac{1}{\\sqrt{2π}σ}\\exp(…) are logarithms of the whole product."""
        factors = [first]
        while not self._opens_norm() and not _ends_term(tok := self.peek()) and not (
                tok.kind == "sym" and tok.text in "*/" or tok.kind == "cmd" and tok.text in _EXPLICIT_PRODUCT):
            factors.append(self.factor())
        return _mul(factors, [False] * (len(factors) - 1))

    def _opens_norm(self) -> bool:
        """A norm's opening bar after a factor (λ‖w‖²), told from a closing one by the bars open."""
        if self.open_norms:
            return False
        return self.at("cmd", "|") or self.at("cmd", "lVert") or self.at("cmd", "Vert") or self.at_sym("|")

    def factor(self):
        """A unary minus, or a primary with its sub- and superscripts and primes."""
        self.enter()
        if self.at_sym("-", "+"):
            negative = self.take().text == "-"
            node = self.factor()
            self.depth -= 1
            return Neg(node) if negative else node
        node = self.postfix(self.primary())
        self.depth -= 1
        return node

    def postfix(self, node):
        while True:
            if self.at_sym("^"):
                self.take()
                node = self._superscript(node)
            elif self.at_sym("_") and isinstance(node, Name) and node.sub is None:
                self.take()  # {\bf v}_c: the subscript follows a group; x^{(i)}_j follows the label
                raw = self._raw_group()
                word = _word_label(raw)
                node = Name(_labelled(node.base, word), None, node.hat, node.sup) if word else \
                    Name(node.base, _index_text(raw), node.hat, node.sup)
            elif self.at_sym("_") and isinstance(node, Transpose) and isinstance(node.arg, Name) \
                    and node.arg.sub is None:
                self.take()  # u^T_o: the subscript written after the transpose
                node = Transpose(Name(node.arg.base, _index_text(self._raw_group()), node.arg.hat))
            elif self.at_sym("_") and self._after_bracket() and (
                    not isinstance(node, (Name, Transpose)) or isinstance(node, Name) and node.sub is not None):
                self.take()  # softmax(U^T v_c)_o, (U^T v_c)_w, (W_{hh})_{ij}: an entry
                node = Index(node, _index_text(self._raw_group()))
            elif self.at_sym("'") and not isinstance(node, Call):
                tok = self.take()
                if isinstance(node, Loss):  # ℓ'(t) = −yσ(−yt): the loss's derivative by its argument, no ℓᵀ
                    raise self.error("a prime on a loss, ℓ'(t): its derivative by its argument is not read", tok)
                node = Transpose(node)
            elif self._at_bound_argument(node):  # φ(t), φᵀ(t) under Σ_t: the t-th member, φ^{(t)}
                letter = self.tokens[self.i + 1].text
                self.i += 3
                plain = node.arg if isinstance(node, Transpose) else node
                member = Name(plain.base, plain.sub, plain.hat, letter)
                node = Transpose(member) if isinstance(node, Transpose) else member
            elif self.at_sym("!"):
                raise self.error("factorials are not supported")
            else:
                return node

    def _at_bound_argument(self, node) -> bool:
        plain = node.arg if isinstance(node, Transpose) else node
        letter, close = self.peek(1), self.peek(2)
        return isinstance(plain, Name) and plain.sup is None and self.at_sym("(") and letter is not None \
            and letter.kind == "letter" and letter.text in self.bound and close is not None \
            and (close.kind, close.text) == ("sym", ")")

    def _function_power(self) -> Num | None:
        """The n of f^n(x), f^{n} x: a whole number written before a function's argument."""
        if not self.at_sym("^"):
            return None
        start = self.i
        self.take()
        group = self._raw_group().replace(" ", "")
        if group.isdigit() and len(group) <= 2:
            return Num(group)
        self.i = start
        return None

    def _at_power_of_the_brackets(self) -> bool:
        """Whether a superscript other than a whole number follows: (2πσ²)^{-n/2}, (1 − p)^{1−y}."""
        if not self.at_sym("^"):
            return False
        after = self.i
        whole = self._function_power() is not None
        self.i = after
        return not whole

    def _at_prime_superscript(self) -> bool:
        """σ^{\\prime}, σ^\\prime, σ^{'}: the derivative's prime written as a superscript."""
        if not self.at_sym("^"):
            return False
        start = self.i
        self.take()
        try:
            group = self._raw_group().replace(" ", "")
        except Unparsed:
            group = ""
        self.i = start
        return group in ("\\prime", "'")

    def _iverson(self) -> int | None:
        """The position of the ']' closing an Iverson bracket, [w = o] or [a_j > 0], that starts here, or None."""
        for j in range(self.i + 1, min(self.i + 26, len(self.tokens))):
            tok = self.tokens[j]
            if tok.kind == "sym" and tok.text == "]":
                inner = self.tokens[self.i + 1:j]
                return j if _indicator_condition_text(inner) or _against_zero(inner) else None
            if tok.kind == "sym" and tok.text in "[(":
                return None
        return None

    def _after_bracket(self) -> bool:
        before = self.tokens[self.i - 1] if self.i > 0 else None
        return before is not None and before.kind == "sym" and before.text in ")]"

    def _superscript(self, node):
        start = self.i
        group = self._raw_group()
        euler = isinstance(node, Name) and node.base == "e" and node.sub is None and not node.hat
        mark = re.sub(r"[\s{}]", "", group)
        if mark in _TRANSPOSE_MARKS and not (euler and mark == "t"):  # e^{t} is exp(t), never eᵀ
            return Transpose(node)
        word = _word_label(group)
        if word and isinstance(node, Name) and node.sup is None:  # w^{\mathrm{new}}, θ^{(\mathrm{old})}
            return Name(_labelled(node.base, word), node.sub, node.hat)
        label = _LABEL.fullmatch(group.replace(" ", ""))
        if label and (label.group(1) or label.group(2)) and isinstance(node, Name) and node.sup is None:
            layer, example, transposed = label.groups()  # W^{[2]} (layer 2), x^{(i)} (example i), a^{[2](i)}
            named = Name(f"{node.base}[{layer}]" if layer else node.base, node.sub, node.hat, example)
            return Transpose(named) if transposed else named
        if group.replace(" ", "") in ("\\star", "*", "\\ast") and isinstance(node, Name) and \
                not node.base.endswith("*"):  # w^\star: a name of its own, the optimum
            return Name(node.base + "*", node.sub, node.hat, node.sup)
        if group.replace(" ", "") == "+" and isinstance(node, Name) and not node.base.endswith("+"):
            return Name(node.base + "+", node.sub, node.hat, node.sup)  # x^+: the next iterate, a name of its own
        self.i = start
        exponent = self._script_node()
        if isinstance(node, Name) and node.base == "e" and node.sub is None and node.sup is None and not node.hat:
            return Call("exp", exponent, euler=True)  # not (e^{(i)})², the square of example i's e
        return Pow(node, exponent)

    def _script_node(self):
        if self.at_sym("{"):
            self.take()
            node = self.expr()
            self.expect_sym("}")
            return node
        tok = self.take()
        if tok.kind == "num":
            if len(tok.text) > 1 and tok.text.isdigit():  # x^23 is x² · 3, as TeX reads it
                self.tokens.insert(self.i, Token("num", tok.text[1:], tok.col + 1))
                return Num(tok.text[0])
            return Num(tok.text)
        if tok.kind == "letter":
            return Name(tok.text, None, False)
        if tok.kind == "sym" and tok.text == "-":
            return Neg(self._script_node())
        raise self.error(f"cannot read the superscript '{tok.text}'", tok)

    def _raw_group(self) -> str:
        """The source text of the next group ({…} or one token), without braces or spaces."""
        tok = self.peek()
        if tok is None:
            raise self.error("a sub- or superscript is missing")
        if tok.kind == "sym" and tok.text == "{":
            depth, start = 0, self.i
            while True:
                t = self.take()
                if t.kind == "sym" and t.text == "{":
                    depth += 1
                elif t.kind == "sym" and t.text == "}":
                    depth -= 1
                    if depth == 0:
                        break
            inner = self.tokens[start + 1:self.i - 1]
        elif tok.kind == "cmd" and tok.text in _WRAPPERS | {"text", "hat", "widehat"}:
            start = self.i
            self.take()
            self._raw_group()
            inner = self.tokens[start:self.i]
        else:
            inner = [self.take()]
        return _join(inner)

    def _frac_group(self) -> str:
        """A fraction's argument: \\frac12 is ½, as TeX takes one digit where no braces stand."""
        tok = self.peek()
        if tok is not None and tok.kind == "num" and tok.text.isdigit() and len(tok.text) > 1:
            self.tokens[self.i:self.i + 1] = [Token("num", tok.text[0], tok.col), Token("num", tok.text[1:], tok.col + 1)]
            return self.take().text
        return self._raw_group()

    def primary(self):
        tok = self.peek()
        if tok is None:
            raise self.error("the expression ends too early")
        if tok.kind == "num":
            self.take()
            if tok.text == "1" and self.at_sym("_"):  # 1_{w = o}: the indicator
                self.take()
                return _indicator_from(self._raw_group(), self, tok)
            if tok.text == "1" and self.at("cmd", "{"):  # 1\{i = y\}: the indicator
                return self._indicator("}")
            if len(tok.text.replace(".", "")) > MAX_DIGITS:
                raise self.error(f"the number {tok.text[:20]}… is too large", tok)
            return Num(tok.text)
        if tok.kind == "sym":
            if tok.text == "[" and self._iverson() is not None:  # Iverson's [w = o]
                close = self._iverson()
                condition = _join(self.tokens[self.i + 1:close])
                self.i = close + 1
                return _indicator_from(condition, self, tok)
            if tok.text in "([":
                self.take()
                inner = self.expr()
                if self.at_sym(","):  # (u_1, u_2, \dots, u_{|V|})
                    return read_listing(self, inner, ")" if tok.text == "(" else "]")
                self.expect_sym(")" if tok.text == "(" else "]")
                return inner
            if tok.text == "|" and self.at_sym("|") is not None and self.at("sym", "|", ahead=1):
                self.take()
                self.take()
                return self._norm("||")
            if tok.text == "|" and not self.open_norms:  # |w|^2: Shewchuk's norm, or a number's |x|
                self.take()
                try:
                    return self._norm("bar")
                except Unparsed:
                    raise self.error("cannot read '|' here", tok) from None
            if tok.text == "{":
                self.take()
                if self.at_sym("}"):
                    self.take()
                    if self._prefix_transpose():  # {}^t M: the transpose written before, as in French texts
                        return Transpose(self.factor())
                    raise self.error("an empty group {}")
                inner = self.expr()
                if self.at("cmd", "over"):  # {a \over b}, TeX's own fraction
                    self.take()
                    inner = Div(inner, self.expr())
                self.expect_sym("}")
                if isinstance(inner, Deriv) and inner.body is None:  # {\partial \over \partial v_c} J
                    inner = Deriv(inner.var, self.term_operand())
                return inner
            raise self.error(f"cannot read '{tok.text}' here", tok)
        if tok.kind == "word":
            return self._word()
        if tok.kind == "letter":
            return self._letter()
        return self._command()

    def _word(self):
        tok = self.take()
        func = {"ln": "log", "sigmoid": "sigma", "ReLU": "relu"}.get(tok.text, tok.text)
        if func == "Vocab":
            raise self.error("'Vocab' may only stand under a sum", tok)
        if func == "CE":  # CE(y, \hat{y}): the cross-entropy of the one-hot y and ŷ
            if self.at_sym("("):
                self._raw_arguments()
            return Loss("crossentropy", ())
        return self._call(self._primed(func))

    def _primed(self, func: str) -> str:
        """relu'(z), \\tanh'(z), \\tanh''(u): a derivative of a known function, named with primes."""
        primes, most = "", {"relu": 1, "sigma": 1, "tanh": 2}.get(func, 0)
        while len(primes) < most and (self.at_sym("'") or self._at_prime_superscript()):
            if self.take().text == "^":
                self._raw_group()
            primes += "'"
        return func + primes

    def _call(self, func: str):
        """f(x), f \\left( x \\right), or f x: without brackets the operand is the next factor.
        ``\\sigma^2(x)`` and ``\\log^2 x`` are powers of the value, as ``\\sin^2 x`` is."""
        power = self._function_power()
        if power is not None:
            return Pow(self._call(func), power)
        start = self.i
        if self.at_sym("("):
            self.take()
            arg = self.expr()
            if self.at_sym(","):  # diag(1 - h_1^2, \dots, 1 - h_d^2): a listing
                return Call(func, read_listing(self, arg, ")"))
            self.expect_sym(")")
            if func == "log" and self._at_power_of_the_brackets():  # \log (2πσ²)^{-n/2} e^{…}: the brackets
                self.i = start  # are the power's, where \log(x)^2 is (log x)²
                return Call(func, self._rest_of_product(self.factor()))
        elif self.at_sym("["):
            self.take()
            arg = self.expr()
            self.expect_sym("]")
        else:
            arg = self.factor()
            after = self.peek()
            if isinstance(arg, Transpose) and after is not None and (
                    after.kind == "letter" or after.kind == "cmd" and after.text in _GREEK | _WRAPPERS):
                raise self.error(f"\\{func} without brackets before a product, uᵀv: whether it takes uᵀ alone or "
                                 "the product is not clear", after)
            if func == "log":
                arg = self._rest_of_product(arg)
        return Call(func, arg)

    def _letter(self):
        tok = self.take()
        if self._names_loss(tok.text):
            return self._loss(tok.text)
        if tok.text == "l" and self._at_arguments() and not self._in_word(tok):  # l(y, ŷ), l_i(θ): d2l's ℓ
            return self._loss("ell")
        if tok.text in "Pp" and self.at_sym("(") and self._at_event():
            return self._probability()
        if tok.text.islower() and self._of_several_names():  # f(w, c): a function of its variables, read
            return self._loss(tok.text)  # as a loss is (not ε(t, θ), whose t is often an index)
        return self._name(tok.text, hat=False)

    def _of_several_names(self) -> bool:
        """Whether (a, b, …) follows, two or more names: f(w, c); not f(x), a product, nor (1, h)."""
        return len(self._names_ahead() or ()) >= 2

    def _names_ahead(self) -> list[str] | None:
        """The names in the brackets ahead, (w, c), as written without spaces; None where anything else
        stands there. The parser stays where it is."""
        if not self.at_sym("("):
            return None
        start = self.i
        try:
            args = self._raw_arguments(keep=True)
        except Unparsed:
            return None
        finally:
            self.i = start
        names = [re.sub(r"\s+", "", a) for a in args]
        return names if all(name and _SIMPLE_ARGUMENT.fullmatch(name) for name in names) else None

    def _at_event(self) -> bool:
        """Whether the brackets ahead hold an event, P(y = j | x), P(o | c), P(w): not p(1 − p) or
        p(𝟏ᵀy), a product, where no bar, equals sign or comma stands and arithmetic does."""
        start = self.i
        try:
            text = ",".join(self._raw_arguments())
        except Unparsed:
            return True
        finally:
            self.i = start
        return bool(re.search(r"[|=;,]|\\mid", text)) or not re.search(r"^\d|[+\-]|\^(?:T|\\top)", text)

    def _at_name(self) -> bool:
        """Whether a plain name follows \\Delta (a letter, a Greek or a bold one) with nothing between;
        ΔL, Δℓ(…), the change of a loss, is not read: the loss at two points is no name."""
        tok = self.peek()
        named = tok is not None and (tok.kind == "letter" or tok.kind == "cmd" and tok.text in _GREEK | _WRAPPERS
                                     | {"ell", "mathcal"})
        if not named:
            return False
        start = self.i
        try:
            node = self.primary()
        except Unparsed:
            node = None
        self.i = start
        if isinstance(node, Loss):
            raise self.error("the change of a loss (ΔL) is not read", tok)
        return isinstance(node, Name)

    def _in_word(self, tok: Token) -> bool:
        """Whether ``tok`` is the last letter of a word written without spaces (the l of eval)."""
        before = self.tokens[self.i - 2] if self.i >= 2 else None
        return before is not None and before.kind == "letter" and before.col == tok.col - 1

    def _at_arguments(self) -> bool:
        """Whether an argument list follows, directly or after one subscript: (…, …) or _i(…)."""
        return self.at_sym("(") or self.at_sym("_") and self._after_subscript("(")

    def _after_subscript(self, sym: str) -> bool:
        """Whether ``sym`` follows the subscript group the parser stands at (_i(…), \\nabla_w^2)."""
        start = self.i
        self.take()
        self._raw_group()
        found = self.at_sym(sym)
        self.i = start
        return found

    def _name(self, base: str, hat: bool):
        sub = None
        if self.at_sym("_"):
            self.take()
            raw = self._raw_group()
            word = _word_label(raw)
            if word:  # w_{\text{old}}: a name of its own, whose index a second subscript gives
                return Name(_labelled(base, word), None, hat)
            sub = _index_text(raw)
        return Name(base, sub, hat)

    def _names_loss(self, letter: str) -> bool:
        """J and L name the loss; E too where it takes arguments, E(w) (an error function)."""
        return letter in _LOSS_LETTERS or letter == "E" and self._at_arguments()  # E(w), E_λ(w)

    def _loss(self, letter: str = ""):
        name = ""
        if self.at_sym("_"):
            self.take()
            name = _loss_name(self._raw_group())
        example = None
        if self.at_sym("^"):  # L^{(i)}: the loss of example i, a label, not an exponent
            save = self.i
            self.take()
            label = self._raw_group().strip()
            if label.startswith("(") and label.endswith(")"):
                example = label[1:-1].strip() or None
            else:
                self.i = save
        args, at = (), ()
        if self.at_sym("("):
            written = self._raw_arguments(keep=True)
            raw = tuple(member for text in written for member in _pair_members(text))
            args = tuple(_index_text(text) for text in raw)
            at = self._argument_trees(args, raw, paired=len(raw) > len(written))
        return Loss(name, args, letter, example, at)

    def _argument_trees(self, args: tuple, raw: tuple, paired: bool = False) -> tuple:
        """The trees of a loss's arguments where one is more than a name (L(σ(θᵀx + θ₀), y)) or the
        example is written as a pair (ℓ(w, (x_i, y_i)): the loss of ℓ(w, (x, y)) = … at x_i, y_i);
        none where one does not parse (J(v_c, o, U) and J(θ) need none)."""
        if not paired and all(_SIMPLE_ARGUMENT.fullmatch(arg) for arg in args):
            return ()
        try:
            return tuple(_parse(text, self.depth + 1) for text in raw)
        except Unparsed:
            return ()

    def _bernoulli(self, tok: Token):
        """Ber(y | μ): the Bernoulli probability of y ∈ {0, 1}, μ^y (1 − μ)^{1−y}."""
        text = ",".join(self._raw_arguments(keep=True))
        parts = re.split(r"\||\\mid|;", text)
        if len(parts) != 2:
            raise self.error(f"cannot read the Bernoulli probability Ber({text})", tok)
        y, mu = (_parse_group(part, self, tok) for part in parts)
        return Mul((Pow(mu, y), Pow(Add((Num("1"), Neg(mu))), Add((Num("1"), Neg(y))))), (False,))

    def _raw_arguments(self, keep: bool = False) -> tuple:
        """The arguments of (…, …) as text, normalised, or with ``keep`` as written."""
        clean = (lambda text: text) if keep else _index_text
        self.expect_sym("(")
        depth, parts, current = 0, [], []
        while True:
            tok = self.take()
            if tok.kind == "sym" and tok.text in "([{":
                depth += 1
            elif tok.kind == "sym" and tok.text in ")]}":
                if depth == 0:
                    break
                depth -= 1
            if depth == 0 and tok.kind == "sym" and tok.text == ",":
                parts.append(clean(_join(current)))
                current = []
            else:
                current.append(tok)
        parts.append(clean(_join(current)))
        return tuple(parts)

    def _probability(self):
        args = self._raw_arguments()
        text = ",".join(args)
        given = re.search(r"\||\\mid|/", text)  # P(O=o/C=c) writes the bar as a slash
        outside = re.split(r"\||\\mid|/|,", text)[0]
        outside = outside.split("=")[-1]
        if not re.fullmatch(r"[a-z]", outside) and not (given and re.fullmatch(r"\\?[A-Za-z]+(?:[_^].*)?", outside)):
            raise self.error(f"cannot read the probability P({text})")
        event = re.sub(r"\\mid", "|", text)
        head, bar, rest = event.partition("|")
        outcome = re.sub(r"\s+", "", event) if bar and "=" not in head else ""
        event = re.sub(r"=[^=]*$", "=#", head) + bar + rest if "=" in head else ""
        return Prob(outside, joint=given is None and len(args) > 1, event=event,  # p(y⁽ⁱ⁾ | x⁽ⁱ⁾; θ): kept whole
                    outcome=outcome)

    def _command(self):
        tok = self.take()
        name = tok.text
        if name in ("frac", "dfrac", "tfrac"):
            return self._frac(tok)
        if name == "sqrt" and not self.at_sym("["):  # \sqrt{N}: the square root (no \sqrt[3]{…})
            return Pow(self._group_node(), Div(Num("1"), Num("2")))
        if name == "partial" and (self.at_sym("_") or self.at_sym("^")):
            return self._partial_operator(tok)
        if name == "partial":
            return self._slash_derivative(tok)
        if name == "sum" or name == "Sigma" and self._sigma_sums():
            return self._sum(tok)
        if name == "Sigma":
            return self._name("Sigma", hat=False)
        if name == "prod":
            return self._prod(tok)
        if name == "begin":
            return read_matrix(self, tok)
        if name == "nabla":  # \nabla_{v_c} J: the gradient operator, applied to the rest of the term
            if self.at_sym("^") or (self.at_sym("_") and self._after_subscript("^")):  # \nabla_w^2
                return self._hessian(tok)
            if not self.at_sym("_"):  # ∇E(w), ∇f_S(w): by the one argument of what follows
                applied = self._applied_to()
                return self._by_the_argument(self.term_operand(), applied, tok, hessian=False)
            self.take()
            var = _variable(self._raw_group(), self, tok)
            return _gradient_of(var, self.term_operand())
        if name == "delta" and self.at_sym("_"):  # Kronecker delta δ_{wo}
            self.take()
            raw = re.sub(r"\s+", "", _strip_wrappers(self._raw_group()))
            pair = _DELTA_PAIR.fullmatch(raw)  # δ_{wo}, δ_{w,o}, δ_{w_j w_k}, δ_{w_{j},w_{k}}
            if not pair:  # δ_1, δ_{out}: an error signal of backpropagation, a name
                return Name("delta", _index_text(raw), False)
            clean = lambda s: s.replace("{", "").replace("}", "")  # noqa: E731
            return Indicator(clean(pair.group(1)), clean(pair.group(2)), True, delta=True)
        if name == "log" and self.at_sym("_"):  # \log_e is ln; another base is not read as ln
            self.take()
            base = _index_text(self._raw_group())
            if base != "e":
                raise self.error(f"only the natural logarithm is supported (\\log_{{{base}}})", tok)
            return self._call("log")
        if name in ("log", "ln", "exp", "tanh", "sinh", "cosh", "sech"):
            return self._call(self._primed("log" if name == "ln" else name))
        if name == "det":
            return self._call("det")
        if name == "max":
            return self._max(tok)
        if name in _NORM_BARS:
            return self._norm(_NORM_BARS[name])
        if name == "ell":
            return self._loss("ell")
        if name == "mathcal":
            inner = _strip_wrappers(self._raw_group())
            if inner in _LOSS_LETTERS or inner in ("E", "C", "R"):  # 𝓔, 𝓒: the cost (Grosse; French texts), 𝓡 the risk
                return self._loss(inner)
            if re.fullmatch(r"[A-Z]", inner):  # 𝓘(β), the information matrix: a name apart from I
                return self._name(f"{inner}{{mathcal}}", hat=False)
            raise self.error(f"cannot read \\mathcal{{{inner}}}", tok)
        if name == "sigma":
            primes = 0
            while self.at_sym("'") or self._at_prime_superscript():
                if self.take().text == "^":
                    self._raw_group()
                primes += 1
            if primes > 1:
                raise self.error("only the first derivative σ' is supported", tok)
            start = self.i
            power = self._function_power()
            if power is not None and not primes and not (self.at_sym("(") or self.at_sym("[")):
                self.i = start  # σ^2 alone, 1/(2σ^2): the variance, a number squared
                return self._name("sigma", hat=False)
            if power is not None:
                return Pow(self._call("sigma'" if primes else "sigma"), power)
            if not (self.at_sym("(") or self.at_sym("[")):
                if primes:
                    raise self.error("σ' needs its argument in brackets: \\sigma'(x)", tok)
                return self._name("sigma", hat=False)
            return self._call("sigma'" if primes else "sigma")
        if name in ("underbrace", "overbrace"):  # \underbrace{U}_{d \times V}: U, with a note
            node = self._group_node()
            if self.at_sym("_" if name == "underbrace" else "^"):
                self.take()
                self._raw_group()
            return node
        if name in ("tilde", "widetilde", "bar", "overline"):  # \tilde{y}: a name of its own, the document says what
            inner = _strip_wrappers(self._raw_group()).strip()
            greek = re.fullmatch(r"\\([a-zA-Z]+)", inner)  # \tilde{\theta}: θ̃
            if greek and greek.group(1) in _GREEK:
                inner = greek.group(1)
            elif not re.fullmatch(r"[a-zA-Z]", inner):
                raise self.error(f"cannot read \\{name}{{{inner}}}", tok)
            if self._names_loss(inner):  # \tilde J: a second loss, defined by the document
                return self._loss(f"{inner}{_DECORATION[name]}")
            return self._name(f"{inner}{_DECORATION[name]}", hat=False)
        if name in ("hat", "widehat"):
            inner = self._raw_group()
            base = _strip_wrappers(inner)
            under = re.fullmatch(r"([a-zA-Z])\s*_\s*(.+)", base)  # \hat{y_w}: the hat over the subscript too
            if under and not self.at_sym("_"):
                return Name(under.group(1), _index_text(under.group(2)), True)
            greek = re.fullmatch(r"\\([a-zA-Z]+)", base)
            if greek and greek.group(1) in _GREEK:  # \hat{\beta}, \hat{\boldsymbol\theta}: the estimate
                return self._name(greek.group(1), hat=True)
            if not re.fullmatch(r"[a-zA-Z]", base):
                raise self.error(f"cannot read \\hat{{{inner}}}", tok)
            return self._name(base, hat=True)
        if name in _WRAPPERS:
            raw = self._raw_group()
            hat = re.fullmatch(r"\\(?:hat|widehat)\s*\{?\s*([a-zA-Z])\s*\}?", raw.strip())
            if hat:  # \bm{\hat y}
                return self._name(hat.group(1), hat=True)
            inner = _strip_wrappers(raw)
            if inner in ("0",):
                return Num("0")
            if inner in ("1", "I"):
                node = self._one_or_identity(inner, tok)
                if node is not None:
                    return node
            if inner == "CE":
                if self.at_sym("("):
                    self._raw_arguments()
                return Loss("crossentropy", ())
            if inner in _FUNCTIONS:
                return self._call(self._primed(_FUNCTIONS[inner]))
            if inner in ("Ber", "Bern", "Bernoulli") and self.at_sym("("):
                return self._bernoulli(tok)
            if inner in ("step", "Step", "Heaviside"):  # \mathrm{step}(z): 1 where z > 0, ReLU's derivative
                return Step(self._call("step").arg)
            if inner in ("sign", "sgn") and self.at_sym("("):  # sign(r) = 𝟙[r > 0] − 𝟙[−r > 0], entrywise
                arg = self._call("sign").arg
                return Add((Step(arg), Neg(Step(Neg(arg)))))
            if inner in _OPERATORS:  # Var(β̂), det A, rank X: no loss, and not read
                raise self.error(f"cannot read \\{tok.text}{{{inner}}}", tok)
            if re.fullmatch(r"[A-Za-z]{2,12}", inner):  # \mathrm{NLL}(w), \text{RSS}: a named quantity, as a loss
                return self._loss(inner)
            if re.fullmatch(r"[a-zA-Z]", inner):
                if self._names_loss(inner):
                    return self._loss(inner)
                if inner in "Pp" and self.at_sym("("):  # \mathrm{P}(O = o | C = c)
                    return self._probability()
                return self._name(inner, hat=False)
            node = _wrapped_name(raw, self)  # \mathbf{v_c}, \mathbf{u_o^T}, \boldsymbol{\theta}
            if node is not None:
                return node
            raise self.error(f"cannot read \\{name}{{{inner}}}", tok)
        if name in ("mathbb", "mathbbm", "mathds"):
            inner = _strip_wrappers(self._raw_group())
            if inner == "E" and self.at_sym("_"):  # E_{w ~ ŷ}[f(w)] = Σ_w ŷ_w f(w)
                return self._expectation(tok)
            if inner in ("1", "I"):
                node = self._one_or_identity(inner, tok)
                if node is not None:
                    return node
            raise self.error(f"cannot read \\{name}{{{inner}}}", tok)
        if name == "{":
            inner = self.expr()
            if not self.at("cmd", "}"):
                raise self.error("expected '\\}'")
            self.take()
            return inner
        if name == "Delta" and self._at_name():  # ΔW, Δθ: the step, a name of its own, not Δ times W
            node = self.primary()
            return Name(_labelled(node.base, "Delta"), node.sub, node.hat, node.sup)
        if name == "Omega" and self._at_arguments():  # Ω(W): a regularizer, a scalar of the parameters, as a loss
            return self._loss("Omega")
        if name in _GREEK:
            return self._name(name, hat=False)
        if name == "langle":  # ⟨u_o, v_c⟩, ⟨Γ, Y⟩_F: the sum of the entrywise products, a number for matrices too
            left = self.expr()
            self.expect_sym(",")
            right = self.expr()
            if not self.at("cmd", "rangle"):
                raise self.error("expected \\rangle")
            self.take()
            start = self.i
            if self.at_sym("_"):
                self.take()
                if _index_text(self._raw_group()) != "F":
                    self.i = start
            return Mul((left, right), ("frobenius",))
        if name in DOTS:
            raise self.error("'\\dots' may only stand among a function's arguments, a matrix's "
                             "entries, a listing's or a sum's terms (+ \\cdots +)", tok)
        raise self.error(f"unknown command \\{name}", tok)

    def _max(self, tok: Token):
        """\\max(0, z), \\max\\{z, 0\\}: the rectifier, entrywise; another maximum is not read."""
        close = ")" if self.at_sym("(") else "]" if self.at_sym("[") else None
        if close is None and not self.at("cmd", "{"):
            raise self.error("\\max needs its arguments in brackets: \\max(0, z)", tok)
        self.take()
        first = self.expr()
        if not self.at_sym(","):
            raise self.error("only \\max(0, z) is supported", tok)
        self.take()
        second = self.expr()
        if close is None:
            if not self.at("cmd", "}"):
                raise self.error("expected '\\}'")
            self.take()
        else:
            self.expect_sym(close)
        for zero, arg in ((first, second), (second, first)):
            if zero == Num("0"):
                return Call("relu", arg)
        raise self.error("only \\max(0, z) is supported", tok)

    def _norm(self, close: str):
        """‖x‖, ‖x‖_2, ‖W‖_F (also written ||x|| and |x|): the Euclidean or Frobenius norm."""
        self.open_norms += 1
        arg = self.expr()
        self.open_norms -= 1
        if close in ("bar", "||"):  # the closing bar, or two, as plain symbols
            for _ in range(1 if close == "bar" else 2):
                self.expect_sym("|")
        elif self.at("cmd", close):
            self.take()
        else:
            raise self.error(f"expected the closing \\{close} of a norm")
        if self.at_sym("_"):
            self.take()
            kind = _index_text(self._raw_group())
            if kind not in ("2", "F", "fro"):
                raise self.error(f"only the 2-norm and the Frobenius norm are supported (‖·‖_{kind})")
        return Norm(arg, single=close == "bar")

    def _hessian(self, tok: Token):
        """\\nabla^2_w L, \\nabla_w^2 L: the Hessian, applied to the rest of the term."""
        var = None
        for _ in range(2):
            if self.at_sym("^"):
                self.take()
                if self._raw_group() != "2":
                    raise self.error("only the first and second derivatives are supported", tok)
            elif self.at_sym("_"):
                self.take()
                var = _variable(self._raw_group(), self, tok)
        if var is None:
            applied = self._applied_to()
            return self._by_the_argument(self.term_operand(), applied, tok, hessian=True)
        operand = self.term_operand()
        if isinstance(operand, Mul) and isinstance(operand.factors[0], Loss):  # vᵀ∇²_w J(w) v: J's Hessian times v
            return Mul((Deriv(var, operand.factors[0], second=var), *operand.factors[1:]), operand.dots)
        return Deriv(var, operand, second=var)

    def _by_the_argument(self, operand, applied: str | None, tok: Token, hessian: bool):
        """∇E(w), ∇²L(β) v, ∇f_S(w), ∇J_λ: a gradient (or Hessian) without a subscript, by the one
        argument of the loss or function that follows; the factors after the loss are not
        differentiated. A loss written bare is taken by a blank variable, which the reader fills in
        with the one the document defines the loss with (J_λ(θ) = …)."""
        head, rest, dots = operand, (), ()
        if isinstance(operand, Mul) and isinstance(operand.factors[0], Loss):
            head, rest, dots = operand.factors[0], operand.factors[1:], operand.dots
        if isinstance(head, Loss) and len(head.args) == 1:
            var = _variable(head.args[0], self, tok)
        elif isinstance(head, Loss) and not head.args:
            var = Name("", None, False)
        elif applied is not None:
            var = _variable(applied, self, tok)
            head, rest = operand, ()
            if isinstance(operand, Mul) and len(operand.factors) > 2 and operand.factors[1] == var \
                    and isinstance(operand.factors[0], Name):  # ∇²f_S(w) u: f_S's Hessian times u
                head, rest, dots = Mul(operand.factors[:2], operand.dots[:1]), operand.factors[2:], operand.dots[1:]
        else:  # ∇{−t_n ln y_n − …}: by the one variable of the document's losses, where it has one
            head, rest, var = operand, (), Name("", None, False)
        derivative = Deriv(var, head, second=var if hessian else None)
        return Mul((derivative, *rest), dots) if rest else derivative

    def _prefix_transpose(self) -> bool:
        """Whether ^t, ^T or ^\top follows (taken if so): the mark of {}^t M."""
        if not self.at_sym("^"):
            return False
        start = self.i
        self.take()
        if re.sub(r"[\s{}]", "", self._raw_group()) in _TRANSPOSE_MARKS - {"'", "\\prime"}:
            return True
        self.i = start
        return False

    def _applied_to(self) -> str | None:
        """The argument of a function written next, f_S(w), where it is one name: ∇f_S(w) is the
        gradient by w; None where what follows is no such application."""
        tok = self.peek()
        if tok is None:
            return None
        found = _APPLIED.match(self.text, tok.col)
        return found.group(1) if found else None

    def _ones(self) -> Ones:
        size = None
        if self.at_sym("_"):
            self.take()
            size = _index_text(self._raw_group())
        return Ones(size)

    def _expectation(self, tok: Token) -> Sum:
        self.take()
        under = re.fullmatch(r"([a-z])\\sim\\hat(?:\\mathbf|\\boldsymbol|\\bm)?y",
                             re.sub(r"[\s{}]", "", self._raw_group()))
        if not under or not self.at_sym("["):
            raise self.error("only an expectation over ŷ is supported: \\mathbb{E}_{w \\sim \\hat{y}}[…]", tok)
        self.take()
        body = self.expr()
        self.expect_sym("]")
        var = under.group(1)
        return Sum(var, "words", (), Mul((Name("y", var, True), body), (False,)))

    def _one_or_identity(self, inner: str, tok: Token):
        """A bold or blackboard 1 or I: \\mathbf{I}_n the identity, 𝟙[y = k] an indicator, 𝟏 the
        all-ones vector; None for an I that is none of these (a name)."""
        if inner == "I" and self._at_size_subscript():  # never 𝟏_n
            return self._name("I", hat=False)
        if self._at_indicator_condition():
            return self._indicator_condition(tok)
        return self._ones() if inner == "1" else None

    def _at_size_subscript(self) -> bool:
        if not self.at_sym("_"):
            return False
        start = self.i
        self.take()
        sized = bool(_SIZE.fullmatch(_index_text(self._raw_group())))
        self.i = start
        return sized

    def _at_indicator_condition(self) -> bool:
        return self.at_sym("[") or self.at_sym("(") or self.at_sym("_") or self.at("cmd", "{")

    def _indicator_condition(self, tok: Token) -> Indicator | Step | Ones:
        """The condition after 𝟙: [w = o], \\{w = o\\}, (w = o) or a subscript _{w = o}, _{[w = o]}."""
        if self.at_sym("_"):
            self.take()
            group = self._raw_group()
            if _SIZE.fullmatch(_index_text(group)):  # 𝟏_m: the all-ones vector of size m
                return Ones(_index_text(group))
            return _indicator_from(group, self, tok)
        close = {"[": "]", "(": ")"}.get(self.peek().text, "}")
        return self._indicator(close)

    def _indicator(self, close: str):
        self.take()
        start = self.i
        depth = 0
        while True:
            tok = self.take()
            if (tok.kind == "sym" and tok.text == close and depth == 0) or \
                    (close == "}" and tok.kind == "cmd" and tok.text == "}" and depth == 0):
                break
            if tok.kind == "sym" and tok.text in "[{(":
                depth += 1
            elif tok.kind == "sym" and tok.text in ")]}":
                depth -= 1
        return _indicator_from(_join(self.tokens[start:self.i - 1]), self, self.tokens[start - 1])

    def _frac(self, tok: Token):
        num_start = self.i
        numerator = _upright_d(self._frac_group())
        den_start = self.i
        denominator = _upright_d(self._frac_group())
        var = _differential(denominator)
        kind = _differential_head(numerator)
        second = _SECOND_ORDER.fullmatch(numerator.strip())
        if var is not None and second:  # ∂²L/∂w∂wᵀ, ∂²L/∂w²: the Hessian
            first, other = _second_variables(var, self, tok)
            if second.group(1).strip():
                return self._at_its_point(Deriv(first, _parse_group(second.group(1), self, tok), second=other), tok)
            return Deriv(first, self.term_operand(), second=other)
        if var is not None and kind is not None:
            if kind == "":  # \frac{\partial}{\partial v_c} f: the operand runs to the end of the term
                return Deriv(_variable(var, self, tok), self.term_operand())
            return self._at_its_point(Deriv(_variable(var, self, tok), _parse_group(kind, self, tok)), tok)
        self.i = num_start
        num = self._group_node()
        self.i = den_start
        self._raw_group()
        den = _parse_group(denominator, self, tok)
        return Div(num, den)

    def _at_its_point(self, node: Deriv, tok: Token):
        """∂f/∂c (w, c), dg/dc (c): the derivative at the point its variables name, which is the
        derivative itself (its body the function of those names); a point of names that leaves out the
        variable, ∂J/∂w (w*), is another point, not read. Anything else in brackets is a factor."""
        names = self._names_ahead()
        if names is None:
            return node
        variables = {key_of(node.var), key_of(node.second) if node.second is not None else key_of(node.var)}
        if not variables <= {_index_text(a) for a in names} | {argument_key(a) for a in names}:
            if len(names) == 1 and not re.search(r"\^|\\hat|\\tilde|\\bar", names[0]):
                return node  # ∂L/∂z (x_j): a factor, as the chain rule writes one
            raise self.error("a derivative at another point than its variables is not read", tok)
        self._raw_arguments()
        if isinstance(node.body, Name) and node.body.sub is None and not node.body.hat and len(names) > 1:
            return replace(node, body=Loss("", tuple(_index_text(a) for a in names), node.body.base))
        return node

    def _group_node(self):
        if self.at_sym("{"):
            self.take()
            node = self.expr()
            self.expect_sym("}")
            return node
        return self.factor()

    def term_operand(self):
        """What a ∂-operator or a sum applies to: the rest of the term, a leading minus allowed."""
        negative = self._sign()
        node = self.term()
        return Neg(node) if negative else node

    def _slash_derivative(self, tok: Token):
        """\\partial f / \\partial v_c, and TeX's {\\partial f \\over \\partial v_c}; the operator
        {\\partial \\over \\partial v_c} has no body yet: the group around it takes the operand."""
        body = None if self.at("cmd", "over") else self.factor()
        if not (self.at_sym("/") or self.at("cmd", "over")):
            raise self.error("a lone \\partial (write \\frac{\\partial f}{\\partial x})", tok)
        self.take()
        if not self.at("cmd", "partial"):
            raise self.error("expected \\partial after '/'")
        self.take()
        var = self._raw_group()
        for _ in range(2):  # ∂C/∂w^{[2]}_{jk}: a layer or an example above, an index below
            if self.at_sym("_"):
                self.take()
                var += "_{" + self._raw_group() + "}"
            elif self.at_sym("^"):
                save = self.i
                self.take()
                label = self._raw_group()
                if not re.fullmatch(r"\[.*\]|\(.*\)", label.strip()):
                    self.i = save
                    break
                var += "^{" + label + "}"
        return Deriv(_variable(var, self, tok), body)

    def _partial_operator(self, tok: Token):
        """\\partial_{o_j} l, \\partial_x f (d2l's operator with a subscript) and \\partial^2_{o_j} l, the
        second derivative by the same variable; applied to the rest of the term, as \\nabla_w is."""
        var, order = None, 1
        for _ in range(2):
            if self.at_sym("^"):
                self.take()
                exponent = self._raw_group().replace(" ", "")
                if exponent != "2":
                    raise self.error("only the first and second derivatives are supported "
                                     f"(\\partial^{{{exponent}}})", tok)
                order = 2
            elif self.at_sym("_"):
                self.take()
                var = _variable(self._raw_group(), self, tok)
        if var is None:
            raise self.error("\\partial^2 needs a subscript: \\partial^2_x f", tok)
        if order == 2:
            return Deriv(var, self.term_operand(), second=var)
        return _gradient_of(var, self.term_operand())

    def _sigma_sums(self) -> bool:
        """Whether \\Sigma is the sum sign written as a capital letter (\\Sigma_{w} u_w), not a name
        (Σ^{-1}, Σ_n^2, e^{u_k}Σ − …): a name has no limits that run anywhere, or nothing to sum."""
        start = self.i
        try:
            lower, upper = self._limits()
        except Unparsed:
            return True
        following = self.peek()
        summed = True
        if not _index_text(lower) and not _index_text(upper):  # U Σ Vᵀ: no index to run over
            try:
                summed = len(_index_letters(self.term_operand())) == 1
            except Unparsed:
                summed = False
        self.i = start
        if self.at_sym("^") or re.fullmatch(r"-?\d+|T|\\top", _index_text(upper)) and "=" not in lower:
            return False
        return summed and following is not None and not (following.kind == "sym" and following.text in ")]}+-=,/|.:") \
            and not (following.kind == "cmd" and following.text in ("in", "coloneqq", "equiv", "cdot", "times"))

    def _limits(self) -> tuple[str, str]:
        """The raw lower and upper limits of a sum or product, in either order."""
        lower = upper = ""
        for _ in range(2):
            if self.at_sym("_"):
                self.take()
                lower = self._raw_group()
            elif self.at_sym("^"):
                self.take()
                upper = self._raw_group()
        return lower, upper

    def _prod(self, tok: Token):
        """\\prod_{i=1}^{m}: a likelihood's product, over the limits a sum may have; only written limits
        are read (a product without them has no range a loss could settle, as \\sum_k's has)."""
        lower, upper = self._limits()
        if not _index_text(lower):
            raise self.error("a product needs its limits: \\prod_{i=1}^{m}", tok)
        var, domain, excluded = _domain(lower, upper, self, tok)
        return Prod(var, domain, excluded, self.term_operand(), _index_text(upper), _origin(lower))

    def _sum(self, tok: Token):
        lower, upper = self._limits()
        limits = re.sub(r"\s+|\\substack|[{}]", "", lower).replace("\\\\", ",")
        same = _SAME_DRAW.fullmatch(limits)
        if not same and _index_text(upper) in ("", "K"):  # \sum_{j : w_j = w_k}: the draws are all there is
            same = _SAME_DRAW_SUCH_THAT.fullmatch(limits)
        if same and (_index_text(upper) == "K" or same.re is _SAME_DRAW_SUCH_THAT):  # \sum_{j=1, w_j = w_k}^{K}: the draws of the same word
            var, other = same.groups()
            return Sum(var, "samples", (), Mul((Indicator(f"w_{var}", f"w_{other}", True), self.term_operand()),
                                               (False,)))
        pair = re.fullmatch(r"([a-z]'*),([a-z]'*)", limits)
        if pair and not _index_text(upper) and pair.group(1) != pair.group(2):  # \sum_{i,c} G_{ic} dZ_{ic}:
            return Sum(pair.group(1), "bare", (), Sum(pair.group(2), "bare", (), self.term_operand()))  # both
        if not _index_text(lower) and not _index_text(upper):  # \sum u_w: the summand's index is the range
            body = self.term_operand()
            letters = _index_letters(body)
            if len(letters) != 1:
                raise self.error("a sum without limits whose summand has "
                                 + ("no index" if not letters else f"several indices ({', '.join(sorted(letters))})")
                                 + ": write \\sum_{w}", tok)
            return Sum(letters.pop(), "bare", (), body)
        var, domain, excluded = _domain(lower, upper, self, tok)
        self.bound.append(var)
        try:
            body = self.term_operand()
        finally:
            self.bound.pop()
        return Sum(var, domain, excluded, body, _index_text(upper), _origin(lower))


# ^T, ^{\top}, ^{\mathsf T}, ^t (written without braces and spaces): the transpose
_TRANSPOSE_MARKS = frozenset({"T", "t", "\\top", "\\intercal", "\\mathsfT", "\\mathrmT", "\\mathbfT", "\\textT",
                              "\\mathsf\\top", "\\prime", "'"})
_LABEL = re.compile(r"(?:\[([A-Za-z0-9+-]+)\])?(?:\(([a-z0-9]+|[A-Z]|[a-z]\+1)\))?(T|\\top|\\intercal)?")  # the (i) of
# x^{(i)}, the [2] of W^{[2]}, the (N) of x^{(N)}: the last example, the (t+1) of w^{(t+1)}: the next iterate
_SIZE = re.compile(r"[a-zA-Z](?:_[a-zA-Z0-9]+)?")  # m, d, n_h: a size a document declares
_SIZE_UPPER = re.compile(_SIZE.pattern + r"(?:[+-][0-9])?")  # m, n_h, n+1, n-1: a sum's upper limit
_NORM_BARS = {"|": "|", "lVert": "rVert", "Vert": "Vert"}
_SECOND_ORDER = re.compile(r"\\partial\s*\^\s*\{?\s*2\s*\}?(.*)", re.S)
_SAME_DRAW = re.compile(r"([a-z])=1,w_\1=w_([a-z])")
_SAME_DRAW_SUCH_THAT = re.compile(r"([a-z])(?::|\\mid|\||\\colon)w_\1=w_([a-z])")
_DELTA_INDEX = r"([a-z](?:_(?:[a-z0-9]|\{[a-z0-9]\}))?)"
_DELTA_PAIR = re.compile(_DELTA_INDEX + ",?" + _DELTA_INDEX)
_DECORATION = {"tilde": "~", "widetilde": "~", "bar": "-", "overline": "-"}  # ỹ is not y: its own name
# upright words that name an operation of statistics or algebra, never a loss or a quantity
def _gradient_of(var: Name, operand):
    """∇_w applied to the rest of the term, ∇_w ½‖w‖²; but ∇_z J xᵀ and ∂_z L h: the gradient of the loss,
    times what follows it."""
    if isinstance(operand, Mul) and isinstance(operand.factors[0], Loss):
        return _mul([Deriv(var, operand.factors[0]), *operand.factors[1:]], list(operand.dots))
    return Deriv(var, operand)


def _ends_term(tok) -> bool:
    """Whether ``tok`` ends a product of factors side by side."""
    return tok is None or (tok.kind == "sym" and tok.text in "+-)]},|=&:<>") or \
        (tok.kind == "cmd" and tok.text in ("}", "mid", "neq", "ne", "in", "leq", "le", "over", "geq", "ge", "rangle",
                                            "\\", "end", "|", "rVert", "Vert", "gt") + DOTS)


_EXPLICIT_PRODUCT = ("cdot", "times", "odot", "circ", "oslash", "log", "ln", "sum", "prod", "quad", "qquad")
_OPERATORS = {"Var", "var", "Cov", "cov", "Corr", "corr", "Pr", "det", "rank", "sign", "sgn", "vec", "argmin",
              "argmax", "arg", "min", "max", "erf", "span", "null", "dim", "const", "rk"}
# w^old, \beta^(old): a loss's argument w^{\text{old}} as its text holds it (written, base, word)
WORD_LABELLED_ARGUMENT = re.compile(r"(\\?([A-Za-z]+))\^\(?([a-z]{2,12})\)?")
# w^{\mathrm{new}}, w_{\text{old}}, θ^{(\mathrm{old})}: a word written upright above or below a name
_WORD_LABEL = re.compile(r"(\(?)\\(?:mathrm|text|textrm|textit|mathit|operatorname|rm)\{([A-Za-z]{2,12})\}(\)?)")
# an argument that is a name (θ, v_c, w^*, y^(i)), not a value computed from names (σ(θᵀx + θ₀), w + h)
_SIMPLE_ARGUMENT = re.compile(r"\\?[A-Za-z]+(?:_\\?[A-Za-z0-9]+)?(?:\^(?:\([a-z0-9]+\)|[*~A-Za-z0-9]+|\\[a-z]+))?|")
_APPLIED = re.compile(r"\s*(?:\\[A-Za-z]+|[A-Za-z])\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?\s*(?:\\left\s*)?\(\s*"
                      r"((?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?\\?[A-Za-z]+\s*\}?)\s*(?:\\right\s*)?\)")  # f_S(w)
_LOSS_LETTERS = ("J", "L")  # J, L, \ell, \mathcal{L}: the loss, named by its subscript
_GREEK = {"theta", "alpha", "beta", "gamma", "delta", "epsilon", "eta", "lambda", "mu", "phi",
          "psi", "omega", "xi", "zeta", "tau", "rho", "nu", "kappa", "pi", "Theta", "Phi", "Psi", "Delta", "Omega",
          "Gamma", "Lambda", "Xi", "Upsilon",
          "varphi", "vartheta", "varepsilon", "varrho"}


def _word_label(raw: str) -> str | None:
    """The word of a sub- or superscript that is one upright word (new, old, true), or None."""
    match = _WORD_LABEL.fullmatch(re.sub(r"\s+", "", raw))
    if not match or bool(match.group(1)) != bool(match.group(3)):
        return None
    return match.group(2)


def _labelled(base: str, word: str) -> str:
    """The base of a name labelled by a word: w{new}. Braces never stand in an index letter or a
    Greek name, so w{new} is neither w nor any entry of it (and, unlike ~, it survives as a symbol's stem)."""
    return f"{base}{{{word}}}"


def delta_times(node):
    """``node`` with each ΔX (the name X{Delta}) read as Δ times X, ΔXᵀ as Δ times Xᵀ: for a document
    that gives Δ a value of its own (Δ := ∂L/∂Z), where ΔX is no step of X."""
    return rewrite(node, _delta_product)


def _delta_product(node):
    if isinstance(node, Name) and node.base.endswith("{Delta}") and not node.sub and not node.sup:
        return Mul((Name("Delta", None, False), Name(node.base[:-len("{Delta}")], None, node.hat)), (False,))
    if isinstance(node, Transpose) and isinstance(node.arg, Name) and node.arg.base.endswith("{Delta}"):
        product = _delta_product(node.arg)
        return Mul((product.factors[0], Transpose(product.factors[1])), (False,)) if product is not None else node
    return None


def stem(base: str) -> str:
    """The name a word labels: w for w{new} and w{old}; w^{new} = w^{old} - ηg is an update of w, as
    w = w - ηg is, not the definition of a name of its own. ΔW (W{Delta}) is a name of its own."""
    return re.sub(r"\{(?!Delta\})[A-Za-z]+\}$", "", base)


def written_key(key: str) -> str:
    """A definition's key as the author wrote it, for messages: loss:ell: → \\ell, loss:J:reg → J_{reg}
    (the inverse of ``loss_key``), any other key as ``written``."""
    loss = re.fullmatch(r"loss:([^:]*):(.*)", key)
    if not loss:
        return written(key)
    letter = ("\\" if len(loss.group(1)) > 1 else "") + loss.group(1)
    return letter + (f"_{{{loss.group(2)}}}" if loss.group(2) else "")


def written(base: str) -> str:
    """A labelled base as the author wrote it, for messages: w{new} → w^{\\mathrm{new}}, W{Delta} → \\Delta W,
    I{mathcal} → \\mathcal{I}."""
    match = re.fullmatch(r"(.+)\{([A-Za-z]+)\}", base)
    if not match:
        return base
    if match.group(2) == "Delta":
        return f"\\Delta {match.group(1)}"
    if match.group(2) == "mathcal":
        return f"\\mathcal{{{match.group(1)}}}"
    return f"{match.group(1)}^{{\\mathrm{{{match.group(2)}}}}}"


def display(node: Name) -> str:
    """A name as LaTeX, for messages: \\hat{y}_{i}^{(n)}."""
    text = ("\\hat{" + written(node.base) + "}" if node.hat else written(node.base))
    text += f"_{{{node.sub}}}" if node.sub else ""
    return text + (f"^{{({node.sup})}}" if node.sup else "")


def function_named(node, functions) -> str | None:
    """The key, among ``functions`` (the keys of functions a document defines), of the one ``node``
    names: h_θ for h_θ, and for h alone where the document defines h_θ and no other h, as CS229
    writes h(x⁽ⁱ⁾) once θ is understood."""
    if not isinstance(node, Name):
        return None
    if key_of(node) in functions:
        return key_of(node)
    if node.sub or node.sup or key_of(node) != node.base:
        return None
    subscripted = [key for key in functions if key.startswith(node.base + "_")]
    return subscripted[0] if len(subscripted) == 1 else None


def _absorbed(terms: list) -> list:
    """Σ_i a_i + b_i as authors write it: a term after a sum that uses the sum's index is part of the
    sum's body (CS229's Σ_i y⁽ⁱ⁾ log h(x⁽ⁱ⁾) + (1 − y⁽ⁱ⁾) log(1 − h(x⁽ⁱ⁾))). Outside the sum the index
    would be free, naming no example, and no author means that."""
    out: list = []
    for term in terms:
        last = _trailing_sum(out[-1]) if out else None
        if last is not None and _uses_index(term, last.var):
            out[-1] = _extended(out[-1], term)
        else:
            out.append(term)
    return out


def _trailing_sum(term):
    """The sum a term ends with, whose body the parser cut at a + or −: −(1/m)Σ_i body."""
    if isinstance(term, Neg):
        term = term.arg
    if isinstance(term, Mul):
        term = term.factors[-1]
    return term if type(term) is Sum and term.domain != "samples" else None


def _extended(term, more):
    if isinstance(term, Neg):
        return Neg(_extended(term.arg, more))
    if isinstance(term, Mul):
        return Mul(term.factors[:-1] + (_extended(term.factors[-1], more),), term.dots)
    terms = term.body.terms if isinstance(term.body, Add) else (term.body,)
    return replace(term, body=Add(terms + (more,)))


def _uses_index(node, var: str) -> bool:
    """Whether ``node`` uses the index letter ``var`` where no sum of its own binds it."""
    if isinstance(node, Sum):
        return node.var != var and _uses_index(node.body, var)
    if isinstance(node, Name):
        return node.sup == var or bool(node.sub) and re.fullmatch(r"[a-z0-9,]+", node.sub) is not None \
            and var in node.sub.split(",") + list(node.sub)
    if isinstance(node, Index) and node.sub == var:
        return True
    if isinstance(node, Indicator):
        return any(re.search(rf"(?<![A-Za-z\\]){re.escape(var)}(?![A-Za-z])", side) for side in (node.left, node.right))
    if isinstance(node, Loss):
        return node.example == var or any(_uses_index(tree, var) for tree in node.at)
    if isinstance(node, tuple):
        return any(_uses_index(item, var) for item in node)
    if hasattr(node, "__dataclass_fields__"):
        return any(_uses_index(getattr(node, f), var) for f in node.__dataclass_fields__)
    return False


def index_parts(sub: str) -> list[str]:
    """"i" → [i]; "ij", "i,j" → [i, j]; "nk'" → [n, k']; "12" → [1, 2]; "iy_i", "y^(n)n" → [i, y_i],
    [y^(n), n]: an example and its class, P_{i y_i}."""
    if "," in sub:
        return [part.strip() for part in sub.split(",")]
    primed = re.fullmatch(r"([a-z]'*)([a-z]'*)", sub)
    if primed and "'" in sub:
        return list(primed.groups())
    if len(sub) == 2 and sub.isalnum():
        return list(sub)
    labelled = _LABELLED_PAIR.fullmatch(sub)
    if labelled and len(sub) > 2:
        return list(labelled.groups())
    return [sub]


_INDEX_OR_LABEL = r"([a-z]_[a-z]|[a-z]\^\([a-z0-9]\)|[a-z])"  # y_i, y^(n): the class of an example, or a letter
_LABELLED_PAIR = re.compile(_INDEX_OR_LABEL * 2)


def _index_letters(node) -> set[str]:
    """The one-letter indices other than o and c that names in ``node`` carry (the w of u_w, ŷ_w)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Name):
            sub = item.sub[2:] if item.sub and item.sub.startswith("w_") else item.sub
            if sub and re.fullmatch(r"[a-z]", sub) and sub not in "oc":
                found.add(sub)
        elif isinstance(item, Sum):
            found |= _index_letters(item.body) - {item.var}
        elif isinstance(item, tuple):
            stack.extend(item)
        elif hasattr(item, "__dataclass_fields__"):
            stack.extend(getattr(item, f) for f in item.__dataclass_fields__)
    return found


def _mul(factors: list, dots: list):
    return factors[0] if len(factors) == 1 else Mul(tuple(factors), tuple(dots))


def _pair_members(text: str) -> tuple[str, ...]:
    """The members of an example written as a pair, ℓ(w, (x, y)): x and y, each an argument of the
    loss; any other argument is itself."""
    pair = re.fullmatch(r"\(([^(),]+(?:,[^(),]+)+)\)", text.strip())
    return tuple(member.strip() for member in pair.group(1).split(",")) if pair else (text,)


def _join(tokens) -> str:
    out = []
    for t in tokens:
        if t.kind == "word" and out and out[-1][-1:].isalnum():
            out.append(" ")  # x exp(…) must not come back as the letters x, e, x, p
        out.append("\\" + t.text if t.kind == "cmd" else t.text)
        if t.kind in ("cmd", "word") and t.text.isalpha():
            out.append(" ")
    return "".join(out).strip()


_TEXT_WRAP = re.compile(r"\\(?:textrm|textbf|text|mathrm|mathbf|boldsymbol|bm|pmb|mathit|operatorname|"
                        r"vec|mathsf)(?![a-zA-Z])\s*(?:\{([^{}]*)\}|\s([a-zA-Z0-9])|(\\[a-zA-Z]+))")


def _strip_wrappers(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _TEXT_WRAP.sub(lambda m: next(g for g in m.groups() if g is not None), text)
    text = text.strip()
    while text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    return text


def _index_text(text: str) -> str:
    return re.sub(r"[\s{}]", "", _strip_wrappers(text))


def _loss_name(text: str) -> str:
    """J_{naive-softmax}: naivesoftmax; J_1: 1; ℓ_i: i, the loss of example i; L_S, L_N: S, N, a label
    (the training set, the sample size), never an example's index."""
    capital = re.fullmatch(r"[A-Z]", _strip_wrappers(text).strip())
    return capital.group(0) if capital else re.sub(r"[^a-z0-9]", "", _strip_wrappers(text).lower())


def _parse_group(text: str, parser: _Parser, tok: Token):
    try:
        return _parse(text, parser.depth)
    except Unparsed as e:
        raise Unparsed(e.reason, parser.text, tok.col) from None


def _upright_d(text: str) -> str:
    """\\mathrm{d}x → d x: the upright differential d of careful typesetting."""
    return re.sub(r"\\(?:mathrm|text|operatorname|mathit|rm)\s*\{\s*d\s*\}", "d ", text)


def _differential(denominator: str) -> str | None:
    """The variable of ``\\partial v_c`` or ``dx``, or None."""
    text = denominator.strip()
    for head in ("\\partial", "d"):
        if text.startswith(head) and (head != "d" or re.fullmatch(r"d\s*[a-zA-Z\\].*", text)):
            rest = text[len(head):].strip()
            if rest:
                return rest
    return None


def _differential_head(numerator: str) -> str | None:
    """'' for a bare ∂ or d; the function's text for ∂f or d\\sigma(x); None otherwise."""
    text = numerator.strip()
    if text.startswith("\\partial"):
        return text[len("\\partial"):].strip()
    if text == "d":
        return ""
    if text.startswith("d") and (text[1:2] in ("\\", " ") or text[1:2].isupper()
                                 or re.fullmatch(r"d[a-z](?:_\{?\w+\}?)?", text)):  # da/dz
        return text[1:].strip()
    return None


def _second_variables(text: str, parser: _Parser, tok: Token) -> tuple[Name, Name]:
    """The two variables of ∂w ∂wᵀ, ∂w_i ∂w_j or ∂w²."""
    parts = [p.strip() for p in text.split("\\partial")]
    if len(parts) == 2:
        first = _parse_group(parts[0], parser, tok)
        second = _parse_group(parts[1], parser, tok)
        if isinstance(second, Transpose):
            second = second.arg
        if isinstance(first, Name) and isinstance(second, Name):
            return first, second
    if len(parts) == 1:
        squared = _parse_group(parts[0], parser, tok)
        if isinstance(squared, Pow) and isinstance(squared.base, Name) and squared.exp == Num("2"):
            return squared.base, squared.base
    raise Unparsed(f"cannot read the variables of the second derivative '{text}'", parser.text, tok.col)


def _variable(text: str, parser: _Parser, tok: Token) -> Name:
    word = WORD_LABELLED_ARGUMENT.fullmatch(text)  # w^old of ∇J(w^{\text{old}}): w{old}
    if word and _parse_group(word.group(1), parser, tok) == Name(word.group(2), None, False):
        return Name(_labelled(word.group(2), word.group(3)), None, False)
    node = _parse_group(re.sub(r"\^\(([^(){}]+)\)$", r"^{(\1)}", text), parser, tok)  # w^(k), a loss's argument
    if isinstance(node, Name):
        return node
    if isinstance(node, Index) and isinstance(node.arg, Name) and not node.arg.hat and node.arg.sup is None:
        return Name(key_of(node.arg), node.sub, False)  # ∂L/∂(W_1)_{pj}: entry pj of the matrix W_1
    raise Unparsed(f"cannot take a derivative with respect to '{text}'", parser.text, tok.col)


_WORD_SET = (r"(?:Vocabulary|vocabulary|Vocab|vocab|Vocb|\|Vocab\||V|W|\\mathcal\{V\}|\\mathcal\{W\}|\\mathcal V|"
             r"\\mathcal W|\[V\]|\\\{1,\\dots,V\\\})")


_WORD_COUNT = ("V", "|V|", "|Vocab|", "N", "|\\mathcal{V}|", "|\\mathcal{W}|", "|W|")


def _domain(lower: str, upper: str, parser: _Parser, tok: Token):
    """(variable, domain, excluded) of a sum's limits."""
    lower = re.sub(r"\\substack\s*\{(.*)\}", lambda m: m.group(1).replace("\\\\", ","), lower)
    lower = lower.replace("\\atop", ",")
    text = re.sub(r"\s+", "", _strip_wrappers(lower)).replace("\\leq", "\\le").replace("\\neq", "\\ne")
    text = text.replace("\\ne", "!=").replace("\\,", "").replace("\\", "\\")
    up = re.sub(r"\s+", "", _strip_wrappers(upper))
    window = re.fullmatch(r"-m(\\le|<)([a-z]'*)(\\le|<)m(,\2!=0)?", text)
    if window:  # -m ≤ j ≤ m, j ≠ 0; a strict bound leaves out that end (-m ≤ j < m: no j = m)
        low, var, high, center = window.groups()
        return var, "offsets", (("0",) if center else ()) + (("-m",) if low == "<" else ()) + \
            (("m",) if high == "<" else ())
    window = up == "m" and re.fullmatch(r"([a-z]'*)=-m(,\1!=0)?", text)
    if window:  # the center itself included when j ≠ 0 is not written: w_{t+0} is the center word
        return window.group(1), "offsets", ("0",) if window.group(2) else ()
    match = re.fullmatch(r"([a-z]'*)=1", text)
    if match and up in _WORD_COUNT:
        return match.group(1), "words", ()
    if match and up == "K":
        return match.group(1), "samples", ()
    if match and up == "d":  # \sum_{i=1}^{d} u_{o,i} v_{c,i}: over the entries of a vector
        return match.group(1), "components", ()
    match = re.fullmatch(r"([a-z]'*)=1,\1!=([a-z]'*)", text)  # \sum_{w=1, w \neq o}^{V}
    if match and up in _WORD_COUNT:
        return match.group(1), "words", (match.group(2),)
    match = re.fullmatch(rf"([a-z]'*)\\in{_WORD_SET}(?:\\setminus|\\backslash|-)\\\{{([a-z]'*)\\\}}", text)
    if match and not up:  # \sum_{w \in V \setminus \{o\}}
        return match.group(1), "words", (match.group(2),)
    match = re.fullmatch(rf"([a-z]'*)\\in{_WORD_SET}", text)
    if match and not up or re.fullmatch(r"[a-z]'*", text) and up in _WORD_COUNT:  # \sum_{w \in V}, \sum_w^V
        return text.split("\\")[0], "words", ()
    if re.fullmatch(r"[a-z]'*", text) and not up:  # \sum_k: the vocabulary or the draws, as the loss says
        return text, "bare", ()
    match = re.fullmatch(rf"([a-z]'*)!=([a-z]'*)(?:,\1\\in{_WORD_SET})?|([a-z]'*)\\in{_WORD_SET},\3!=([a-z]'*)", text)
    if match and not up:
        var = match.group(1) or match.group(3)
        return var, "words", (match.group(2) or match.group(4),)
    match = re.fullmatch(r"([a-z]'*)\\in\\\{1,\\dots,K\\\}|([a-z]'*)\\in\[?K\]?", text)
    if match:
        return match.group(1) or match.group(2), "samples", ()
    match = re.fullmatch(r"([a-z]'*)=([012])", text)
    if match and (_SIZE_UPPER.fullmatch(_index_text(upper)) or _index_text(upper).isdigit()):  # \sum_{i=1}^{m}: over
        # a size the document declares; \sum_{c=1}^{10}: over ten, or a size 10; \sum_{j=2}^{p}: all but the first;
        # \sum_{j=0}^{n}, \sum_{j=0}^{n-1}: from an entry numbered 0
        return match.group(1), "range", ("1",) if match.group(2) == "2" else ()
    raise Unparsed(f"cannot read the limits of this sum: _{{{lower}}}" + (f"^{{{upper}}}" if upper else ""),
                   parser.text, tok.col)


def _origin(lower: str) -> int:
    """0 for a sum that starts at 0 (\\sum_{j=0}^{n}); 1 for any other."""
    return 0 if re.fullmatch(r"[a-z]'*=0", re.sub(r"\s+", "", _strip_wrappers(lower))) else 1


def _wrapped_name(raw: str, parser: _Parser):
    """The name inside a bold or upright wrapper, read as if unwrapped: v_c, u_o^T, \\theta; or None."""
    try:
        node = _parse(raw, parser.depth + 1)
    except Unparsed:
        return None
    if isinstance(node, Transpose) and isinstance(node.arg, Name) or isinstance(node, (Name, Loss)):
        return node
    return None


def _indicator_condition_text(tokens) -> str | None:
    """``w = o`` when the tokens are one index relation (Iverson's [w = o]), else None."""
    if not 3 <= len(tokens) <= 24:
        return None
    text = re.sub(r"\s+", "", _join(tokens)).replace("\\neq", "!=").replace("\\ne", "!=")
    return text if _INDICATOR.fullmatch(text) else None


def _against_zero(tokens) -> bool:
    """Whether the tokens compare a value with 0 (Iverson's [a_j > 0], "applied entrywise")."""
    text = re.sub(r"\s+", "", _strip_wrappers(_join(tokens))) if tokens else ""
    return bool(_POSITIVE.fullmatch(text) or _NEGATIVE.fullmatch(text))


_POSITIVE = re.compile(r"(.+?)(>|\\gt|\\geq|\\ge|≥)0")
_NEGATIVE = re.compile(r"(.+?)(<|\\lt|\\leq|\\le|≤)0")
_CLOSED = ("\\geq", "\\ge", "≥", "\\leq", "\\le", "≤")
# a side is an index (w, w_k, t+1) or the label of one example, y^{(i)}: its class
_INDICATOR_SIDE = r"([a-z](?:_\{?[a-z0-9+\-]+\}?|\^\{?\([a-z0-9]\)\}?)?)"
_INDICATOR = re.compile(_INDICATOR_SIDE + "(=|!=)" + _INDICATOR_SIDE)


def _indicator_from(text: str, parser: _Parser, tok: Token) -> Indicator:
    cleaned = re.sub(r"\s+", "", _strip_wrappers(text)).replace("\\neq", "!=").replace("\\ne", "!=")
    for opening, closing in (("[", "]"), ("\\{", "\\}"), ("(", ")")):  # 1_{[w = o]}, 1_{\{w = o\}}
        if cleaned.startswith(opening) and cleaned.endswith(closing):
            cleaned = cleaned[len(opening):-len(closing)]
            break
    positive = _POSITIVE.fullmatch(cleaned)
    if positive:  # 𝟙[z > 0], 𝟙_{z_1 ≥ 0}: entrywise, where the entry is positive
        return Step(_parse_group(positive.group(1), parser, tok), positive.group(2) in _CLOSED)
    negative = _NEGATIVE.fullmatch(cleaned)
    if negative:  # 𝟙[z < 0]: where the entry is negative
        return Step(Neg(_parse_group(negative.group(1), parser, tok)), negative.group(2) in _CLOSED)
    match = _INDICATOR.fullmatch(cleaned)
    if not match:
        raise Unparsed(f"cannot read the indicator condition '{text}'", parser.text, tok.col)
    clean = lambda s: s.replace("{", "").replace("}", "")  # noqa: E731
    return Indicator(clean(match.group(1)), clean(match.group(3)), match.group(2) == "=")
