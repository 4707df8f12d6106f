"""What the names of a document mean, beyond word2vec: its declarations and its one-hot labels.

A document that declares its objects (``$x \\in \\mathbb{R}^d$, $W \\in \\mathbb{R}^{k \\times d}$,
$b \\in \\mathbb{R}^k$``, ``$y$ one-hot``) is read in these terms: every declared size becomes a small
number in each Space, every declared vector or matrix a grid of symbols. A word2vec derivation keeps
its own notation (checks/semantics.py): it is recognised by its names (v_c, u_o, Uᵀv_c) and words.

    >>> from checks.document import read_text
    >>> notation = read_notation(read_text("Let $W \\\\in \\\\mathbb{R}^{k \\\\times d}$ and $x \\\\in \\\\mathbb{R}^d$.", "md"))
    >>> [(leaf.key, leaf.rows, leaf.cols) for leaf in notation.leaves]
    [('W', 'k', 'd'), ('x', 'd', 1)]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from typing import Iterable, Mapping

from checks.adjoints import read_adjoints
from checks.chains import Chain, assignment
from checks.conditions import SIGN_PAIR
from checks.document import Document, table_cells
from checks.errors import GradproofError
from checks.ellipsis import Dots, Matrix, Series
from checks.shapes import Conflict, Inferred, infer
from checks.subscripts import Subscripts, read_subscripts
from checks.syntax import (HATTED_ARGUMENT, MEMBER, Add as ast_Add, Call, Deriv, Indicator, Loss, Mul as ast_Mul, Name, Neg,
                           Num, Pow, Prob, Step, Sum, Transpose, argument_key, capital, family_key, index_parts, key_of,
                           loss_key, parse, stem, walk)
from derive.spaces import Leaf

_WORD2VEC = re.compile(r"word2vec|skip[\s-]?gram|negative[\s-]*sampl|center word|outside word|(?-i:Vocab)|词向量|"
                       r"P\s*\(\s*O\s*=|"
                       r"(?:\\(?:mathbf|bm|boldsymbol|vec|pmb)\s*\{\s*)?[uv]\s*\}?\s*_\s*\{?\s*[oc](?![a-zA-Z])|"
                       r"\\hat\s*\{?\s*(?:\\(?:mathbf|bm|boldsymbol)\s*\{\s*)?y\s*\}?\s*\}?\s*_\s*\{?\s*o(?![a-zA-Z])|"
                       r"U\^\{?(?:T|\\top)\}?\s*\\?(?:mathbf\{|bm\{|boldsymbol\{)?v", re.I)
_SPACE = re.compile(r"\\in\s*(?:\\mathbb\s*\{?\s*R\s*\}?|\\mathbf\s*\{\s*R\s*\}|\\Bbb\s*\{?\s*R\s*\}?|\\R(?:e)?(?![a-zA-Z])|ℝ|"
                    r"(?P<bits>\\\{\s*0\s*,\s*1\s*\\\})|"
                    r"(?P<signs>\\\{\s*" + SIGN_PAIR + r"\s*\\\})|"
                    r"\\\{\s*1\s*,\s*(?:2\s*,\s*)?\\(?:dots|ldots|cdots|dotsc)\s*,\s*(?P<classes>[A-Za-z])\s*\\\})")
_GREEK_SCALARS = ("lambda", "eta", "alpha", "beta", "gamma", "mu", "rho", "epsilon", "varepsilon", "tau",
                  "sigma")  # σ alone: σ²
# a Greek letter said positive or in an interval is a number: those above, and the constants authors bound so
# (δ of Huber, κ, ε's other spelling), but σ, whose "> 0" is as often said of the function's values
_BOUNDED = tuple(g for g in _GREEK_SCALARS if g != "sigma") + ("delta", "kappa", "nu", "xi", "omega")
_GREEK_SCALAR = r"(\\(?:" + "|".join(_BOUNDED) + r")(?:_\{?[A-Za-z0-9]+\}?)?)"
_POSITIVE = re.compile(r"(?:^|,|\\quad|\\text\s*\{[^{}]*\})\s*(?:" + _GREEK_SCALAR + r"\s*(?:>|\\geq?(?![a-zA-Z])|\\ge(?![a-zA-Z])|≥|"
                       r"\\in\s*(?:\\left)?\s*[(\[]\s*-?\d)|-?\d+(?:\.\d+)?\s*(?:<|\\leq?(?![a-zA-Z])|≤)\s*" + _GREEK_SCALAR + ")")
_NUMBER_WORDS = r"(?:scalar|real\s+number|constant|hyperparameter|step\s+size|learning\s+rate|temperature)"
_WORDED_SCALAR = re.compile(r"\b" + _NUMBER_WORDS + r"\s*\$\s*([^$]{1,20}?)\s*\$|\$\s*([^$]{1,20}?)\s*\$\s*,?\s*(?:is|be|denotes)\s+"
                            r"(?:an?|the)\s+(?:[a-z-]+\s+){0,2}" + _NUMBER_WORDS + r"\b", re.I)
_EXPONENT = re.compile(r"\s*\^\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|[A-Za-z0-9])")
# prose between declarations ("\text{ and }"); a \text{…} in a sub- or superscript is part of a name, w_{\text{old}}
_BOUNDARY = re.compile(r"\\quad|\\qquad|;|(?<![_^{])\\text\s*\{[^{}]*\}|\\\\|&|\\mathrm\s*\{\s*and\s*\}|\band\b|:(?!=)")
_UPRIGHT_WORD = re.compile(r"\\(?:text|mathrm|textrm|rm|mathit)\s*\{([A-Za-z0-9]+)\}")
_DIM = re.compile(r"[0-9]+|[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?(?:\s*[+-]\s*[0-9]+)?")  # d, n_h, n+1
_WORDED_VECTOR = re.compile(  # "$x$ is a $d$-dimensional …", "$y$ the $N$-dimensional …", "a $d$-dimensional vector $x$"
    r"\$([^$]{1,30})\$(?:[^$.;]{0,30}?\b(?:is|be|denotes)\s+(?:also\s+)?(?:an?|the)|\s*,?\s*the)"
    r"\s*\$?([A-Za-z0-9_{}]{1,12})\$?\s*[-\s]\s*dimensional\b|"
    r"\ban?\s*\$?([A-Za-z0-9_{}]{1,12})\$?\s*[-\s]\s*dimensional\s+(?:[a-z]+\s+){0,2}?vector\s+\$([^$]{1,30})\$")
_WORDED_MATRIX = re.compile(  # "$W$ is a $k \\times d$ matrix", "$X$ is $n \\times d$", "the $N \\times D$ design matrix $X$"
    r"\$([^$]{1,30})\$\s*(?:(?:is|be|denotes)\s*(?:(?:an?|the)\s*)?|,?\s*the\s*)"
    r"\$([^$]{1,40}\\times[^$]{1,40})\$(?!\s*[a-z]+\s+(?:vector|array|tensor))|"
    r"\b(?:an?|the)\s*\$([^$]{1,40}\\times[^$]{1,40})\$\s+(?:[a-z]+\s+)?matrix\s*\$([^$]{1,30})\$")
_SHAPED = re.compile(  # "$X$ has shape $(N, D)$", "$b$ is a vector of length $H$"
    r"\$([^$]{1,30})\$\s*(?:(?:has|have|is\s+of|of)\s+(?:the\s+)?shape\s*\$([^$]{1,40})\$|"
    r"(?:is|be)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?vector\s+(?:of\s+)?(?:length|size|dimension)\s*\$([^$]{1,12})\$)")
# | $W$ | $D\times K$ |, and several in one row: | $W_1, b_1$ | $D \times M,\ 1 \times M$ |
_TABLED_MATRIX = re.compile(  # "| $W$ | $d \\times k$ |", "| $W_1$, $c_1$ | $n \\times h$, $h$ |"
    r"\|\s*(\$[^$|]{1,60}\$(?:\s*,\s*\$[^$|]{1,60}\$)*)\s*\|\s*\$([^$|]{1,40}(?:\\times|×)[^|]{1,80})\$\s*\|")
_WORDED_SIGNS = re.compile(r"\$([^$]{1,20})\$[^$.;]{0,40}?\b(?:values?|in)\s*(?:the\s+set\s*)?"
                           r"\$\s*\\\{\s*(?:-\s*1\s*,\s*\+?\s*1|\+?\s*1\s*,\s*-\s*1|\\pm\s*1)\s*\\\}\s*\$")
_SIGN_SET = re.compile(r"\$\s*\\mathcal\s*\{?\s*([A-Z])\s*\}?\s*=\s*\\\{\s*(?:-\s*1\s*,\s*\+?\s*1|\+?\s*1\s*,"
                       r"\s*-\s*1|\\pm\s*1)\s*\\\}\s*\$")  # the label set $\mathcal{Y} = \{\pm 1\}$: each y is ±1
_SQUARE_ONE = re.compile(  # "using $y_i^2 = 1$", $(y^{(i)})^2 = 1$, "the labels $y_i$ are $\pm 1$": the letter of a
    r"\$\s*[{(]?\s*([A-Za-z])(?:_\{?[a-z]\}?|\^\{?\([a-z]\)\}?)?\s*[})]?\^\{?2\}?\s*=\s*1\s*\$"  # label of value ±1
    r"|\$\s*([A-Za-z])(?:_\{?[a-z]\}?|\^\{?\([a-z]\)\}?)?\s*\$\s*(?:are|is|take\s+values?|equals?)\s*\$\s*\\pm\s*1\s*\$")
_SAME_SHAPE = re.compile(  # "has the same shape as", "形状相同", "cùng kích thước", "dieselbe Form", "même forme"
    r"(?:same|identical)\s+(?:shape|size|dimensions?)|the\s+shape\s+of\s+(?:the\s+)?(?:thing|variable|parameter)"
    r"|\bha(?:s|ve)\s+the\s+shape\s+of\s+[`$]"  # "`dX` always means $∂L/∂X$ and has the shape of `X`"
    r"|形状相同|同形状|相同的?形状|同じ(?:形|サイズ)|cùng\s+(?:kích\s+thước|chiều)|(?:dieselbe|gleiche)\s+(?:Form|Gestalt)"
    r"|m[êe]mes?\s+(?:forme|taille|dimensions?)|(?:misma|mesma)\s+(?:forma|dimensi[óo]n|dimens[ãa]o)", re.I)
_OF_A_DERIVATIVE = re.compile(r"grad|deriv|\\partial|\\nabla|\\bar|求导|导数|梯度|微分|勾配|Đạo\s+hàm|Ableitung|"
                              r"d[ée]riv[ée]e|derivada|gradien", re.I)
_CODED_TABLE = re.compile(  # a README's "| `W1`, `b1` | D × H, H |": code names, plain sizes
    r"^\|\s*((?:`[A-Za-z][A-Za-z0-9_]{0,11}`\s*,?\s*)+)\|\s*([^|`$\n]{0,40}(?:\\times|×)[^|`$\n]{1,40})\|", re.M)
_CODED_SHAPED = re.compile(  # a post's "`W1` is D x h, `b1` is 1 x h": a code name, plain sizes
    r"`([A-Za-z]{1,3}_?[0-9]?)`\s+(?:is|are|has\s+shape)\s+\(?([A-Za-z0-9+\-]{1,8})\s*(?:×|x|\*|,)\s*"
    r"([A-Za-z0-9+\-]{1,8})\)?(?![\w(])")
_CODED_TUPLE = re.compile(  # a NumPy post's "`X` of shape `(N, D)`", "`W` is $(784, K)$", "`b` is $(K,)$"
    r"`([A-Za-z]{1,3}_?[0-9]?)`\s+(?:(?:is|are)\s+shaped|shaped|is|are|(?:has|with|of)\s+(?:the\s+)?shape"
    r"|(?:de|con|di)\s+(?:formato|forma|forme|tamaño|taille)|(?:mit\s+)?der\s+(?:Form|Größe)|формы|の形状は?|형태|크기[가는]?)"
    r"\s*([`$])\s*(\([^()`$]{1,24}\))\s*\2"  # "de formato `(N, D)`"
    r"|`([A-Za-z]{1,3}_?[0-9]?)(?:\.shape\s*==?|\s*:)\s*(\([^()`$]{1,24}\))\s*`")  # `X.shape == (N, D)`, `X: (N, D)`
_COLON_TUPLE = re.compile(r"\s*([^:()$]{1,24}?)\s*:\s*(\(\s*[A-Za-z0-9_{}+\-]{1,8}\s*(?:,\s*[A-Za-z0-9_{}+\-]{1,8}\s*)?,?\s*\))\s*")
_CODE_NAME = re.compile(r"`([A-Za-z]+?)_?([0-9]*)`")  # `W1`, `W_1`, `X`
_PLAIN_SHAPED = re.compile(  # in plain text, as a forum post writes it: "X has shape (m, n)", "Y with shape (m, K)"
    r"(?<![\w$\\])([A-Za-z])\s+(?:has|with|of)\s+(?:the\s+)?shape\s*"
    r"\(\s*([A-Za-z0-9]{1,6}\s*,\s*[A-Za-z0-9]{1,6})\s*\)")
_PLAIN_SPACE = re.compile(  # typed notes: "y in R^m", "θ in R^{n+1}", "x^(i) in R^{n+1}"
    r"(?<![\w$\\^])([A-Za-zθβαλμ](?:\^\([a-z]\))?)\s+in\s+R\^(\{[A-Za-z0-9+\-\s]{1,12}\}|[A-Za-z0-9])")
_SPACE_APART = re.compile(  # "$y$ one-hot in $\mathbb{R}^k$", "$b$ a vector in $\mathbb{R}^{h}$": the space in math of its own
    r"\$([^$]{1,20})\$\s*,?\s*(?:(?:is|be|a|an|one[\s-]?hot|vector|column|label|target)\s+){0,3}in\s*"
    r"\$\s*(?:\\mathbb\s*\{?\s*R\s*\}?|ℝ)\s*\^\s*(\{[^{}$]{1,20}\}|[A-Za-z0-9])\s*\$", re.I)
_PLAIN_MATRIX = re.compile(  # "X = the m × (n+1) matrix", "W is an n x k matrix"
    r"(?<![\w$\\])([A-Z])\s+(?:=|is)\s+(?:the|an?)\s+(\(?[A-Za-z0-9+\-]{1,8}\)?)\s*(?:×|x|\*)\s*"
    r"(\(?[A-Za-z0-9+\-]{1,8}\)?)\s+matrix")
_BY_MATRIX = re.compile(  # "$\\theta$ is the $k$-by-$(n+1)$ matrix", "let $X$ be the $m$-by-$n$ design matrix"
    r"\$([^$]{1,30})\$\s*(?:is|be|denotes)\s+(?:an?|the)\s*\$\(?([^$()]{1,12})\)?\$\s*-?\s*by\s*-?\s*"
    r"\$\(?([^$()]{1,12})\)?\$\s+(?:[\w\"'-]+\s+){0,2}?matrix")
_COLONED_MATRIX = re.compile(  # a list's "- input $X$: $N \\times D$", full-width "：" too
    r"\$([^$]{1,30})\$\s*[:：]\s*\$([^$]{1,40}(?:\\times|×)[^$]{1,40})\$")
_BRACKETED_MATRIX = re.compile(  # "the design matrix $X$ ($n \\times p$, full column rank)", "$Z$ ($K \\times N$)"
    r"\$([^$]{1,30})\$\s*\(\s*\$([^$]{1,40}(?:\\times|×)[^$]{1,40})\$\s*[,;)]")
_WORDED_DEFINITION = re.compile(  # "$P$ is the row-wise softmax of $S$", "$a$ denotes the sigmoid of $z$", "$\hat Y$
    # is the softmax of each row of $Z$"
    r"\$([^$]{1,20})\$\s*,?\s*(?:(?:is|be|denotes)\s+)?the\s+(?:[\w-]+\s+){0,2}?(softmax|sigmoid|tanh|ReLU|relu)\s+"
    r"(?:of\s+(?:each|every)\s+(?:row|column)\s+)?of\s*\$([^$]{1,30})\$")
_APPLIED_DEFINITION = re.compile(  # "Apply softmax to each row of $S$ to get $P$"
    r"\b[Aa]ppl(?:y|ying|ied)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?(softmax|sigmoid|tanh|ReLU|relu)\s+(?:to|on)\s*"
    r"(?:(?:each|every)\s+(?:row|column|entry|element)\s+of\s*)?\$([^$]{1,30})\$\s*,?\s*"
    r"(?:to\s+(?:get|obtain|give)|gives|giving|yields)\s*\$([^$]{1,20})\$")
_NAMED_FUNCTION = re.compile(  # "$g$ the sigmoid", "where $g$ is the logistic function", "$g = \sigma$", "$f(\cdot) =
    # \tanh(\cdot)$", "$\phi$ is the hyperbolic tangent", "$g$ denotes tanh"
    r"\$\s*(\\?[A-Za-z]+)\s*(?:\(\s*([a-z])\s*\))?\s*\$\s*,?\s*(?:(?:is|be|being|denotes|as)\s+(?:(?:the|a)\s+)?|(?:the|a)\s+)"
    r"(?:logistic\s+)?(sigmoid|logistic|softmax|tanh|ReLU|relu|rectifier|hyperbolic\s+tangent)(?!\s+of\b)"
    r"|\$\s*(\\?[A-Za-z]+)\s*(?:\(\s*\\cdot\s*\))?\s*(?:=|:=|\\equiv)\s*\\(sigma|tanh|operatorname\s*\{\s*(?:softmax|ReLU|relu)\s*\}|"
    r"mathrm\s*\{\s*(?:softmax|ReLU|relu)\s*\})\s*(?:\(\s*\\cdot\s*\))?\s*\$", re.I)
_ADDED_TO_A_LOSS = re.compile(  # "add $\lambda\|W\|^2$ to $J$, call it $J_\lambda$", "adding … to $L$ gives …"
    r"\b[Aa]dd(?:s|ing)?\s*(?:the\s+[\w-]+\s+(?:term\s*)?)?\$([^$]{1,120})\$\s*to\s*\$([^$]{1,20})\$\s*[,;]?\s*"
    r"(?:and\s+)?(?:call\s+(?:it|this|the\s+sum)|which\s+gives|gives|giving|to\s+get|to\s+obtain|yields?)"
    r"\s*\$([^$]{1,20})\$")
_MAP = re.compile(r"\$([^$:]{1,40}?)\s*:\s*(?:\\mathbb\s*\{?\s*R\s*\}?|ℝ|\\R(?![a-zA-Z]))[^$]{0,40}?\\(?:to|rightarrow)(?![a-zA-Z])")
_QUANTIFIER = re.compile(r"(?:(?:for\s+(?:any|all|every|each|arbitrary)|para\s+tod[oa]s?|pour\s+tou[ts]|"
                         r"für\s+(?:alle|jedes?)|任意|任何)"
                         r"(?:\s*(?:nonzero|non-zero|real|square|vectors?|directions?|matri(?:x|ces)|向量|矩阵|方阵))*"
                         r"\s*\$([^$]{1,40})\$"
                         r"(?:\s*(?:and|和|与|y|et|und)\s*(?:[a-z]+|向量|矩阵|方阵)?\s*\$([^$]{1,40})\$)?"
                         r"|\\forall\s*([^$]{1,40})|(?:for|para|pour|für)\s*\$([^$]{1,30}\\neq?\s*[^$]{1,20})\$)"
                         r"(?!\s*(?:[a-z]+\s+)?(?:symmetric|orthogonal|invertible|nonsingular|non-singular|"
                         r"positive|negative|diagonal|unitary|idempotent|such|satisfying|with|where|that|in\s+the|"
                         r"sym|orth))", re.I)
# words that make a matrix symmetric, said of it: "symmetric", "a covariance matrix", "the Hessian", "positive
# definite" (a matrix of a quadratic form, as every text here means it), in the languages authors write
_SYMMETRIC_WORDS = (r"symmetric|symmetrisch\w*|sim[eé]tric[ao]s?|sym[eé]trique|simmetric[ao]|симметричн\w*|对称|対称|"
                    r"covariance|Hessian|Gram|kernel\s+matrix|precision\s+matrix|positive[\s-]+(?:semi[\s-]*)?definite|"
                    r"(?<![A-Za-z])(?:SPD|PSD)(?![A-Za-z])|半?正定")
# what no value this reader draws has: "$W$ diagonal", "$Q$ has orthonormal columns"
_OTHER_STRUCTURE = (r"diagonal|orthogonal|orthonormal|unitary|triangular|idempotent|projection|permutation|"
                    r"cent(?:red|ered)|zero[\s-]mean|mean[\s-]zero|standardi[sz]ed|whitened|中心化|"
                    r"对角|正交|diagonale?|orthogonale?|ortogonal|zentriert|centr[ée]e?s?")
_STRUCTURE = re.compile(rf"(?P<symmetric>{_SYMMETRIC_WORDS})|(?P<other>{_OTHER_STRUCTURE})", re.I)
_SAID_OF_REACH = 120
_EACH_OF = re.compile(r"\b(?:both|all|each|alle|beide|tous|toutes|ambas|ambos)\b[^$]{0,20}$", re.I)
_IDENTITY_WORDS = re.compile(r"\bidentity(?:\s+matrix)?\b|Einheitsmatrix|matrice\s+identit[ée]|matriz\s+identidad|"
                             r"单位矩阵|単位行列|단위\s*행렬", re.I)
_ONES_WORDS = re.compile(r"\b(?:[a-z$\\-]{1,24}\s*-)?vector\s+of\s+(?:all\s+)?ones\b|\ball[\s-]ones\s+vector|Einsvektor|全\s*1\s*向量", re.I)
_ZERO_OR_ONE = re.compile(r"\$\s*([A-Za-z])(?:_\{?[a-z]\}?|\^\{?\([a-z]\)\}?)?\s*\$\s*(?:are|is|be|take\s+values?)\s+"
                          r"(?:either\s+)?\$?\s*0\s*\$?\s+or\s+\$?\s*1\s*\$?")  # "let every $y_i$ be 0 or 1"
_BINARY = re.compile(r"\bbinary\b|\b(?:zero-one|0/1|0-1)\s+(?:mask|vector|matrix|entries)|\bmasque\s+binaire|二值", re.I)
_SENTENCE_BREAK = re.compile(r"(?<!e\.g)(?<!i\.e)[.;!?。](?:\s|$)|\n\s*\n")
_SIZE_MATH = re.compile(r"\s*[A-Za-z0-9]+\s*(?:\\times|×)\s*[A-Za-z0-9]+\s*|\s*[0-9]+\s*")  # n × n, 3
_SAID_OF_AFTER = re.compile(r"\s*(?:(?:matrix|matrices|matrice|matriz|positive|negative|semi-?definite|definite|"
                            r"square|real|of\s+weights|labels?|targets?|responses?|outcomes?|masks?|vectors?|"
                            r"矩阵|方阵)\s*)*(?:(?!(?:and|or|with|for|in|of|to|is|are|be|the|und|oder|mit|sowie|sei|et|ou|avec|con|"
                            r"sia|seja|para|que|dann|then|where|let|so)\b)[a-z]{3,}\s*){0,2}",
                            re.I)  # "symmetric positive definite matrix $A$", "… definite precision $P$",
# "a diagonal matrix of weights $W$", but no "and $w$"
_SYMMETRIC_SET = re.compile(r"\$([^$]{1,40}?)\\in\s*\\mathbb\s*\{?\s*S\s*\}?")  # S ∈ 𝕊^n: the symmetric matrices
_TRANSPOSED = r"\s*\^\s*\{?\s*(?:T|\\top|\\intercal|\\mathsf\s*\{\s*T\s*\}|')\s*\}?"
# S = Sᵀ (in a chain too, A = Aᵀ ∈ ℝ^{n×n}), Sᵀ = S, A_{ij} = A_{ji}, Σ ≻ 0, Σ ⪰ 0: a symmetric matrix
_SELF_TRANSPOSE = re.compile(rf"(?<![A-Za-z\\])(\\?[A-Za-z]+)\s*=\s*\1{_TRANSPOSED}(?![A-Za-z_^])"
                             rf"|(?<![A-Za-z\\])(\\?[A-Za-z]+){_TRANSPOSED}\s*=\s*\2(?![A-Za-z_^])"
                             r"|(?<![A-Za-z\\])(\\?[A-Za-z]+)_\{?([a-z])\s*,?\s*([a-z])\}?\s*=\s*\3_\{?\5\s*,?\s*\4\}?"
                             r"|(?<![A-Za-z\\])(\\?[A-Za-z]+)\s*\\succ(?:eq)?\s*0")
_RELATION_AFTER = re.compile(r"\\neq?(?![a-zA-Z])|\\not\s*=|\\in(?![a-zA-Z])|\\ne(?![a-zA-Z])|[=<>:]")
_NAMED_RESULT = re.compile(r"\b(?:[Ww]e\s+)?(?:[Cc]all|[Dd]enote|[Nn]ame)\s+(?:this|it|the\s+result)(?:\s+[a-z]+){0,2}?"
                           r"\s*(?:by\s+|as\s+)?\$([^$]{1,20})\$")
_WORDED_FUNCTIONS = {"softmax": "softmax", "sigmoid": "sigma", "tanh": "tanh", "relu": "relu"}
_FUNCTION = re.compile(r"(?:[A-Za-z]|\\[A-Za-z]+"
                       r"|\\(?:mathbf|boldsymbol|bm|hat|widehat|mathcal)\s*\{\s*\\?[A-Za-z]+\s*\}"
                       r"|\\(?:hat|widehat)\s+[A-Za-z])"  # h(x), \mathbf{g}(\mathbf{w}), \hat{p}(x_i)
                       r"(?:_\{?(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*\\?[A-Za-z]+\s*\}|\\?[A-Za-z0-9]+)\}?)?"  # h_{\boldsymbol{\theta}}
                       r"\s*(?:\\left)?\(\s*"
                       r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*\\?[A-Za-z]+\s*\}|\\?[A-Za-z]+)(?:_\{?[A-Za-z0-9]\}?)?"
                       r"(?:\^\{?\([a-z]\)\}?)?\s*(?:\\right)?\)")
_LETTER_LIMIT = re.compile(r"_\{\s*([a-z])\s*=\s*1\s*\}\s*\^\s*\{?\s*([A-Za-z](?:_[A-Za-z0-9]+)?)\s*\}?")
# "with exactly one 1 per row", "a single 1 in each column": a 0/1 matrix so said is one-hot
_ONE_ONE_PER = r"(?:one|a\s+single)\s+\$?1\$?\s+(?:per|in\s+(?:each|every))\s+(?:row|column|example)"
_ONE_HOT = re.compile(r"one[\s-]?hot|独热|ワンホット|원[\s-]?핫|(?:1|one)[\s-]of[\s-]\$?[KCkn]\$?[\s-]+(?:en)?cod(?:ing|ed)|"
                      r"(?:1|un)\s+parmi\s+\$?[KCkn]\$?|codage\s+disjonctif|1-aus-\$?[KCkn]\$?|унитарн\w*\s+код|"
                      + _ONE_ONE_PER, re.I)
# words that may make a label one-hot, or a distribution (which a step about one-hot labels holds for too)
_ONE_HOT_LIKE = re.compile(_ONE_HOT.pattern + r"|(?:1|one)[\s-]of[\s-]\$?(?:K|C|k|n)\b|sums?\s+to\s+(?:one|1)\b|"
                           r"exactly\s+one\s+(?:entry|component|element|coordinate|non-?zero|1\b|one\b)|"
                           r"(?:standard\s+)?basis\s+vectors?|\b(?:0|zeros?)\$?\s+(?:elsewhere|everywhere\s+else|for\s+(?:every|all)"
                           r"\s+other)|\b1\$?\s+(?:at|in|for)\s+the\s+(?:true|correct|target|right)\b|"
                           r"\b(?:0|zero)\$?\s+(?:otherwise|else)\b|(?:all\s+)?other\s+entries\s+(?:are\s+)?(?:\$?0\$?|zero)|"
                           r"single\s+(?:one|1)\b|summing\s+to\s+(?:one|1)\b|Einheitsvektor|处为\s*\$?1|"
                           r"probability\s+(?:vector|distribution)|distribution\s+over|target\s+distribution|"
                           r"soft\s+labels?|simplex|indicator(?:\s+[a-z]+)?\s+(?:vector|matri(?:x|ces))|vecteur\s+indicateur|"
                           r"vettore\s+indicatore|概率分布", re.I)
# Σ_k y_k = 1, 𝟏ᵀy = 1, Y𝟏 = 𝟏, y ∈ Δ^{K−1}: a block that says its names sum to one
_SUMS_TO_ONE = re.compile(r"^\s*\\sum.*=\s*1\s*$|\\mathbf\s*\{\s*1\s*\}[^=]*=\s*(?:1|\\mathbf\s*\{\s*1\s*\})\s*$|"
                          r"\\in\s*\\Delta(?![a-zA-Z])")
_LABEL_LETTER = re.compile(r"[yYtT](?![A-Za-z])")  # a one-hot vector is a label; W (or Θ) near "one-hot" is not one
_CALLED_ONE_HOT = re.compile(r"one[\s-]?hot(?:[\s-]+[a-z]+){0,2}\s*$", re.I)  # "a one-hot target $r$"
_FIRST_CELL = re.compile(r"(?:^|\n)\s*\|\s*$")  # "| $R$ | $B \times C$ | one-hot targets |": R's row
_SAID_ONE_HOT = re.compile(r"^\s*(?:is|are)\s+(?:a\s+|the\s+)?one[\s-]?hot", re.I)  # "$r$ is one-hot"
_ENTRY = re.compile(r"([i-n]),?(?!\1)[i-n]")  # ij, i,k: two index letters, an entry of a matrix (not W_{hh})
_LEADING_SPACE = re.compile(r"^(?:\s|\\q?quad\b|\\[,;:! ]|&)+")  # \qquad φ(t) = …: a second claim of a line
_DIAGONAL = re.compile(r"([a-z]),?\1")  # nn, i,i: the diagonal entries of a matrix
_TWO_LETTERS = re.compile(r"([a-z])('*),?(?!\1\2(?![a-z']))[a-z]'*")  # nc, i,c, ir': the two indices of an entry


@dataclass(frozen=True)
class Indexed:
    """``\\hat y_i = e^{z_i} / \\sum_j e^{z_j}``, ``L_i = …``: a name defined entry by entry;
    ``p_{ij} = …`` by two indices, ``var`` then holds both ("ij"). ``argument``: the loss's variable
    the entries are written as functions of, ``\\pi_i(\\beta) = …``; π_i(β) anywhere is then π_i."""
    var: str
    body: object
    argument: str | None = None


@dataclass(frozen=True)
class Upstream:
    """``dA = \\frac{\\partial L}{\\partial A}`` before the document says what L is: the gradient the
    layers above hand down, a free value of A's shape. Until L is defined the loss is ⟨dA, A⟩, dA
    held fixed, whose derivatives are those of every loss with that gradient at A."""
    name: str  # the key of dA
    derivative: Deriv  # ∂L/∂A

    def loss(self) -> Call:
        """⟨dA, A⟩ as a tree: tr(dAᵀA)."""
        return Call("tr", ast_Mul((Transpose(Name(self.name, None, False)), self.derivative.var), (False,)))

    def states(self, left, right) -> bool:
        """Whether ``left = right`` says what dA is: dA = ∂L/∂A, or entry by entry, dA_{ij} = ∂L/∂A_{ij}."""
        return isinstance(left, Name) and left.base == self.name and isinstance(right, Deriv) \
            and right.second is None and right.body == self.derivative.body and isinstance(right.var, Name) \
            and right.var.base == self.derivative.var.base and right.var.sub == left.sub


@dataclass(frozen=True)
class Map:
    """``\\phi : \\mathbb{R}^D \\to \\mathbb{R}^K``: a map the document names but never defines;
    a step that uses it cannot be judged, and φ beside Φ is no example of Φ."""
    name: str


@dataclass(frozen=True)
class Members:
    """``\\mathbf{q} = (q_1, \\ldots, q_n)^\\top`` beside q_i = σ(b_i): the vector of the family's
    members, ``count`` (a size's name, or a number) of them."""
    family: str  # the family's key, q^()
    count: str


@dataclass(frozen=True)
class Stacked:
    """``\\Delta = [\\delta_1, \\dots, \\delta_n]`` beside δ := ∇_z ℓ, defined for one example: δ at each
    example, side by side (``across``) or one under another."""
    name: str  # the key of the name defined for one example, delta
    count: str
    across: bool


@dataclass(frozen=True)
class Function:
    """``h_\\theta(x) = \\sigma(\\theta^\\top x)``: a function the document defines; ``h_\\theta(x^{(i)})``
    is its body with the parameter given that value."""
    parameter: str  # the parameter's key
    body: object
    entries: Indexed | None = None  # s_i = s(X_i · w): the vector s of the function at each example


@dataclass(frozen=True)
class Notation:
    leaves: tuple[Leaf, ...]  # what the document declared (or what was inferred), in order
    sizes: tuple[str, ...]  # the sizes those use, in order of first appearance
    scalars: tuple[str, ...]  # undeclared Greek names read as scalars (λ, η): said in the report
    inferred: tuple[Leaf, ...] = ()  # the leaves whose shapes were inferred: said in the report
    meets: tuple[tuple[str, str], ...] = ()  # sizes that are one defined matrix's rows and columns
    subscripts: Subscripts = Subscripts()  # which subscripts are examples (x_n) or labels (h_t)
    variables: frozenset[str] = frozenset()  # the declared arguments of the loss: the θ of J(θ)
    arguments: frozenset[str] = frozenset()  # the arguments of each loss defined, ℓ(w) = …, declared or not
    parameters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a loss's key → the names it is defined in,
    # L(g, y) = …: used at other values, L(σ(θᵀx + θ₀), y^{(i)}), it is its body there
    worded: tuple[tuple[str, object], ...] = ()  # definitions in words: P the softmax of S
    ahead: tuple[tuple[str, object], ...] = ()  # definitions known before their line: every function
    # ("h(x) = g(θᵀx), where g(z) = 1/(1 + e^{−z})") and a name just used ("= XᵀSX, where S ≜ diag(…)")
    upstream: tuple[Upstream, ...] = ()  # gradients handed down before the loss is defined: dA = ∂L/∂A
    index_ranges: tuple[tuple[str, str], ...] = ()  # a letter every sum over it runs to one size: n to N
    families: frozenset[str] = frozenset()  # the families it declares, y^() of y_i ∈ {0, 1}: their
    # vector (y_1, …, y_N)ᵀ is their members
    factorized: tuple[tuple[str, object], ...] = ()  # a declared matrix and a factorisation said of it, A = QR
    layout: bool = False  # the document says a derivative has its variable's shape: its transpose is no convention
    structured: tuple[tuple[str, str], ...] = ()  # a matrix and the structure the text gives it that no value
    # drawn here has ("diagonal", "orthonormal"): a step refuted with it drawn freely is not refuted
    classes: frozenset[str] = frozenset()  # the c of "$y$ one-hot with $y_c = 1$": the class of the label
    einstein: bool = False  # the text sums over repeated indices (Einstein's convention), which this reader does not
    near_one_hot: frozenset[str] = frozenset()  # declared names not read as one-hot that stand near the word:
    # a step refuted with them general and holding with them one-hot is not refuted
    by_rows: bool | None = None  # softmax and one-hot labels said to go by rows (True) or columns (False) of a
    # batch; None where the text says neither, or both
    reshaped: tuple[tuple[str, int], ...] = ()  # a name declared again transposed (in a second exercise) and the
    # line where: this reader holds the first shape

    def leaf(self, key: str) -> Leaf | None:
        return next((leaf for leaf in self.leaves if leaf.key == key), None)


def is_word2vec(doc: Document) -> bool:
    text = " ".join(b.prose_before + " " + b.latex for b in doc.blocks)
    return bool(_WORD2VEC.search(text))


def _depends_on_outcome(body, outside: str) -> bool:
    """Whether a probability's value names its outcome (t_n in Π y_n^{t_n}, y_i in a Gaussian of y_i): one
    that does not, p(y | x) = σ(wᵀx), is the probability of one class written loosely, not a density."""
    plain = re.sub(r"\\(?:math[a-z]+|bm|boldsymbol)\s*\{([^{}]*)\}", r"\1", outside)
    outcome = re.match(r"\\?([A-Za-z]+)", plain)
    return outcome is not None and any(isinstance(n, Name) and n.base == outcome.group(1) for n in walk(body))


def definition(left, right, sides: int, known: Mapping, latex: str = "", variables=frozenset(),
               last=None, arguments=frozenset(), solving: bool = False,
               families=frozenset()) -> tuple[str, object] | None:
    """(key, meaning) when ``left = right`` defines a name: ``z = Wx + b``, ``L = -\\sum_i …``,
    ``\\hat y_i = …`` (entry by entry), ``h_\\theta(x) = …`` (a function: ``latex``, the left side as
    written, shows its brackets); the first time a name is given a value, never after (``known``:
    the definitions so far, key → meaning), except s_i = s(X_i · w) beside a function s; and never a
    chain that uses the name on its right, nor a variable of the loss (``variables``: the θ of J(θ),
    whose ``θ = (XᵀX)⁻¹Xᵀy`` is the solution, not a name).
    A model's probability gives no value (``E(w) = -\\ln p(t | w) = -\\sum_n …``): the chain's
    ``last`` side defines the name then. ``π_i(β) = …``, β among the ``arguments`` of a loss the
    document defines, defines π entry by entry: the argument only says what π depends on; such an
    argument given a value where an equation is being solved (``solving``: "⟹ w = (XXᵀ)⁻¹Xyᵀ") is
    the minimizer, not a name. ``q = (q_1, …, q_n)ᵀ`` of a family the document defines or declares (its
    keys among ``families``) is the vector of its members."""
    if from_zero_over_a_defined_name(right, known):
        return None
    if _inverse_of_name(left):  # S_N^{-1} = αI + βΦᵀΦ: S_N, its inverse given
        key = key_of(left.base)
        return None if key in known or key in variables else (key, Pow(right, left.exp))
    if isinstance(left, Prob) and left.event and not left.joint and not any(isinstance(n, Prob) for n in walk(right)):
        key = f"prob:{left.event}"  # p(y^{(i)} = j | x^{(i)}; θ) = e^{θ_jᵀx^{(i)}} / …: the model, at any class j
        return None if key in known else (key, Indexed(left.outside, right))
    if isinstance(left, Prob) and left.outcome and not any(isinstance(n, Prob) for n in walk(right)) \
            and _depends_on_outcome(right, left.outside):  # p(t | w) = Π_n y_n^{t_n}(1 − y_n)^{1 − t_n}
        key = f"prob:{left.outcome}"
        return None if key in known else (key, right)
    if last is not None and any(isinstance(n, Prob) for n in walk(right)):
        right = last
    applied = _FUNCTION.fullmatch(_LEADING_SPACE.sub("", latex).strip())
    if applied and isinstance(left, ast_Mul) and len(left.factors) == 2 and \
            all(isinstance(f, Name) for f in left.factors):
        function, parameter = left.factors
        key = key_of(function)
        if key in known:
            return None
        entry = function.sub and len(function.sub) == 1 and function.sub.isalpha() and function.sub.islower()
        if entry and key_of(parameter) in variables | arguments:
            whole = key_of(Name(function.base, None, function.hat))
            return None if whole in known else (whole, Indexed(function.sub, right, key_of(parameter)))
        return key, Function(key_of(parameter), right)
    if (entries := _entries_of_function(left, right, known)) is not None:
        return entries  # s_i = s(X_i · w) beside s(γ) = 1/(1 + e^{−γ})
    if isinstance(left, Loss):
        key, var = loss_key(left), left.name if len(left.name) == 1 and left.name.islower() else None
    elif isinstance(left, Name) and left.sup:  # z^{(i)} = w^T x^{(i)} + b: one per example
        entry = left.sub if left.sub and len(left.sub) == 1 and left.sub.isalpha() and left.sub != left.sup else None
        if not left.sup.isalpha() or left.sub and not entry:
            return None
        key, var = key_of(Name(left.base, None, left.hat, left.sup)), left.sup
        if entry:  # q^{(j)}_k = e^{u^{(j)}_k} / Σ_l e^{u^{(j)}_l}: example j's vector, entry by entry
            right = Indexed(entry, right)
    elif isinstance(left, Name):
        if left.sub and left.base.islower() and _TWO_LETTERS.fullmatch(left.sub) \
                and key_of(Name(capital(left.base), None, left.hat)) in known:
            return None  # z_{kn} = Σ_j W_{kj} x_{jn} + b_k beside Z = WX + b𝟏ᵀ: an entry of Z, claimed
        diagonal = left.sub and (repeated := _DIAGONAL.fullmatch(left.sub)) and any(
            isinstance(n, Name) and (n.sup == repeated.group(1) or n.sub and repeated.group(1) in index_parts(n.sub))
            for n in walk(right))  # R_{nn} = y_n(1 − y_n): a diagonal matrix (W_{hh}, no index on the right, a name)
        var = left.sub if left.sub and (diagonal or len(left.sub) == 1 and left.sub.isalpha()
                                        or _ENTRY.fullmatch(left.sub)
                                        or _indexes_right(left.sub, right) or _TWO_LETTERS.fullmatch(left.sub)
                                        and key_of(Name(left.base, None, left.hat)) in known) \
            else None  # ŷ_i = …; p_{ij} = …, entry (i, j); Y_{nc} = e^{S_{nc}} / …; Z_{ic} = … of a Z defined
        if not var and left.sub and _indexes_left_free(left.sub, right):
            return None  # e_{i0} = y_i − x_iᵀb_0: entry i of e_0, in a form this reader does not read
        key = key_of(Name(left.base, None if var else left.sub, left.hat))
    else:
        return None
    if _picture(right) and last is not None and not _picture(last):
        right = last  # E = [e_1, …, e_N] = A − Y: the value after the picture
    count = _count_of_members(left, right)
    family = key_of(Name(left.base, None, left.hat, "i")) if isinstance(left, Name) else None
    if count is not None and (family in known or family in families) and key not in known and key not in variables:
        return key, Members(family, count)  # q = (q_1, …, q_n)ᵀ after q_i = σ(b_i)
    if _picture(right):  # X = [x^{(1)}, …, x^{(m)}], Φ := [φ(x_1), …, φ(x_N)]ᵀ: a picture of X, not a value
        stacked = _stack_of_defined(left, right, known)
        return None if stacked is None or key in known or key in variables else (key, stacked)
    if isinstance(right, Name) and right.sub and _ENTRY.fullmatch(right.sub) and not var:  # P = (p_{ij})
        if not (isinstance(left, Name) and left.base == capital(right.base) and left.hat == right.hat):
            return None
        right = Name(right.base, None, right.hat)  # the matrix of p's entries
    if key in known or key in variables or solving and key in arguments \
            or isinstance(right, Num) and not isinstance(left, Loss) \
            or isinstance(left, Name) and _updates(left, right) or _model(left, right):  # θ = θ − α∇J: an update
        return None
    return key, Indexed(var, right) if var else right


def _inverse_of_name(node) -> bool:
    return isinstance(node, Pow) and isinstance(node.base, Name) and node.exp == Neg(Num("1"))


def _indexes_left_free(sub: str, right) -> bool:
    """Whether ``sub`` joins an index letter to a label, i0, that the right side leaves free (e_{i0} =
    y_i − …): then the left is an entry of something, not a name of its own."""
    if not re.fullmatch(r"[a-z]\d+|\d+[a-z]", sub):
        return False
    letters = set(re.findall(r"[a-z]", sub)) - {n.var for n in walk(right) if isinstance(n, Sum)}
    return any(isinstance(n, Name) and n.sub and letters & set(index_parts(n.sub)) for n in walk(right))


def _model(left, node) -> bool:
    """Whether ``left = node`` is the model data come from, y = Xβ + ε or y_i = f(x_i) + σε_i: its β is the true
    one, not the loss's variable, and the y it gives is data, free to take any value. The noise is a term of its
    own; ε inside a product is a number like any other (label smoothing's q = εy, (1 − ε)y + ε/K), and what is
    not data is a name given a value (the reparameterisation's z = μ + σε)."""
    if isinstance(left, Name) and left.base not in ("y", "Y", "t", "T", "x", "X"):
        return False
    def noise(term) -> bool:
        term = term.arg if isinstance(term, Neg) else term
        last = term.factors[-1] if isinstance(term, ast_Mul) else term
        return isinstance(last, Name) and last.base in ("epsilon", "varepsilon")
    return isinstance(node, ast_Add) and any(noise(term) for term in node.terms)


def _count_of_members(left, right) -> str | None:
    """n, where ``right`` shows the bare name ``left`` as its entries one to n: (q_1, …, q_n)ᵀ, or
    q_1 ⋮ q_n in a column."""
    picture = right.arg if isinstance(right, Transpose) else right
    if not isinstance(left, Name) or left.sub or left.sup or not left.base.islower() \
            or not isinstance(picture, Matrix) or len(picture.rows) > 1 and any(len(r) != 1 for r in picture.rows):
        return None
    entries = [e for row in picture.rows for e in row]
    if len(entries) != 3 or not isinstance(entries[1], Dots) or not all(
            isinstance(e, Name) and (e.base, e.hat, e.sup) == (left.base, left.hat, None) for e in entries[::2]):
        return None
    first, last = entries[0].sub, entries[2].sub
    return last if first == "1" and last and (last.isalpha() or last.isdigit()) else None


def _stack_of_defined(left, right, known) -> Stacked | None:
    """Δ = [δ_1, …, δ_n] (or its transpose) where δ is a vector the document defined for one example."""
    pictured = _members_pictured(left, right)
    if pictured is None or not pictured[1].isalpha():
        return None
    name, count, across = pictured
    if name not in known or isinstance(known[name], (Indexed, Members, Function, Stacked)):
        return None
    return Stacked(name, count, across)


def _members_pictured(left, right) -> tuple[str, str, bool] | None:
    """(the key of y, n, whether side by side) where ``left = right`` pictures a capital batch Y as its
    lowercase members y_1 … y_n: ``Y = [y_1, \\dots, y_n]``, or ``[y_1, \\dots, y_n]^\\top`` one under another."""
    picture, transposed = (right.arg, True) if isinstance(right, Transpose) else (right, False)
    if not isinstance(left, Name) or left.sub or left.sup or not left.base[:1].isupper() \
            or not isinstance(picture, Matrix) or len(picture.rows) != 1 and any(len(r) != 1 for r in picture.rows):
        return None
    members = [e for row in picture.rows for e in row if not isinstance(e, Dots)]
    base = left.base[:1].lower() + left.base[1:]
    if len(members) < 2 or any(not isinstance(m, Name) or (m.base, m.hat, m.sup) != (base, left.hat, None)
                               for m in members) or members[0].sub != "1" or not members[-1].sub:
        return None
    return key_of(Name(base, None, left.hat)), members[-1].sub, (len(picture.rows) == 1) != transposed


def _picture(node) -> bool:
    return isinstance(node.arg if isinstance(node, Transpose) else node, (Matrix, Series))


def _indexes_right(sub: str, right) -> bool:
    """Whether two letters, ``nc``, index an entry of another name on the right, S_{nc}, or are the two
    sides of an indicator there, [t_n = c]: then they are an entry's indices whatever letters they are."""
    if not _TWO_LETTERS.fullmatch(sub):
        return False
    letters = set(index_parts(sub))
    return any(isinstance(n, Name) and n.sub == sub or isinstance(n, Indicator) and {
        re.sub(r"^[a-z]_", "", n.left), re.sub(r"^[a-z]_", "", n.right)} == letters for n in walk(right))


def _stacking(parsed: list[tuple[Chain, list]]) -> dict[str, bool]:
    """The batches a picture shows stacked, by key: True where the members are its columns
    (X = [x_1, …, x_N]), False where its rows ([x_1, …, x_N]ᵀ, or x_iᵀ one under another)."""
    found: dict[str, bool] = {}
    for _, sides in parsed:
        if len(sides) < 2 or not isinstance(left := sides[0], Name) or left.sub or left.sup:
            continue
        picture, transposed = (sides[1].arg, True) if isinstance(sides[1], Transpose) else (sides[1], False)
        if not isinstance(picture, Matrix):
            continue
        members = [e for row in picture.rows for e in row if not isinstance(e, Dots)]
        plain = [e for e in members if isinstance(e, Name)]
        flipped = [e.arg for e in members if isinstance(e, Transpose) and isinstance(e.arg, Name)]
        if len(plain + flipped) != len(members) or len(members) < 2 or plain and flipped \
                or any(m.base.lower() != left.base.lower() for m in plain + flipped):
            continue
        across = len(picture.rows) == 1  # [x_1, …, x_N]: side by side
        found.setdefault(key_of(left), across != (transposed or bool(flipped)))
    return found


def _pictured_batches(parsed: list[tuple[Chain, list]], leaves: dict, sizes: list) -> dict[str, Leaf]:
    """The batches a picture declares, by key: Y = [y_1, …, y_n] of a declared y ∈ ℝ^d is d × n (n × d
    for [y_1, …, y_n]ᵀ), where n is a size of the document."""
    found: dict[str, Leaf] = {}
    for _, sides in parsed:
        pictured = _members_pictured(sides[0], sides[1]) if len(sides) >= 2 else None
        if pictured is None or pictured[1] not in sizes:
            continue
        name, count, across = pictured
        member = leaves.get(name) or leaves.get(family_key(Name(name.removesuffix("^"), None, name.endswith("^"))))
        if member is None or member.cols != 1:
            continue
        rows, cols = (member.rows, count) if across else (count, member.rows)
        found.setdefault(key_of(sides[0]), Leaf(key_of(sides[0]), rows, cols))
    return found


_MATH = re.compile(r"\$([^$]+)\$")  # any length: a long span skipped would pair the next ones wrongly
_ROW_OR_COLUMN = re.compile(r"\b(?:(rows?|lignes?|Zeilen?|righe|riga|filas?)"
                            r"|(columns?|colonnes?|Spalten?|colonna|columnas?))\b|(行)|(列)", re.I)


_ROW_OF = re.compile(r"\b(rows?|columns?)\s+of\s*\$([^$]{1,30})\$")  # "the $i$-th row of $X$"


def _stacked_in_words(prose: str) -> list[tuple[str, Name, bool]]:
    """(batch key, member, True where the members are its columns) for each batch prose says is
    stacked: "Φ is the N × M design matrix whose nth row is φ_nᵀ", "X ∈ ℝ^{n×N} (la k-ième colonne x_k
    est le k-ième exemple)", "the design matrix X contains the inputs (x^{(i)})ᵀ in its rows". The batch
    comes first, the word before or just after the member, within one sentence."""
    found = []
    spans = [(m.start(), m.end(), _leading_name(m.group(1))) for m in _MATH.finditer(prose)]
    for index, (_, end, batch) in enumerate(spans):
        if batch is None or not batch.base[:1].isupper() or batch.sub or batch.sup:
            continue
        for start, stop, member in spans[index + 1:]:
            if start - end > 150:
                break
            if member is None or member.base not in (batch.base[:1].lower() + batch.base[1:], batch.base) \
                    or not (member.sub or member.sup):  # x_i of X, or X_i: "its ith row is X_i^⊤" (CS189)
                continue
            between = prose[end:start]
            words = list(_ROW_OR_COLUMN.finditer(between)) or _said_after(prose[stop:stop + 160], batch)
            if words and not re.search(r"[.;]\s|\n\s*\n", between):
                found.append((key_of(batch), member, bool(words[-1].group(2) or words[-1].group(4))))
    return found


def _said_after(text: str, batch: Name) -> list[re.Match]:
    """The row or column words that the text just after a member says it is: "$x_i^T$ in its rows", or, in
    the member's own clause, "$X_i$ …, i.e. the transpose of the $i$-th row of $X$" (not "$x_i'$, and the
    first column of $X$ is …", which says nothing of x_i)."""
    after = re.match(r"\s*(?:in|as)\s+(?:its|the)\s+(\w+)", text[:30])
    if after and (words := list(_ROW_OR_COLUMN.finditer(after.group(1)))):
        return words
    clause = re.split(r"\.\s+[A-Z]|;|,?\s+and\s|\n\s*\n", text)[0]
    of_batch = next((m for m in _ROW_OF.finditer(clause) if _leading_name(m.group(2)) == batch), None)
    return list(_ROW_OR_COLUMN.finditer(of_batch.group(1))) if of_batch else []


def _batches_in_words(stacked: list, known: set[str], members: dict[str, Leaf], ranges: dict) -> tuple[Leaf, ...]:
    """A batch prose stacks (``stacked``, as ``_stacked_in_words`` finds them) from examples it declares
    nowhere else ("the design matrix $X$ contains the inputs $(x^{(i)})^T$ in its rows", the sums over i
    running to m): as many rows (or columns) as the examples, each as long as one. ``known``: the keys
    declared or defined; ``members``: the leaves of examples, by key; ``ranges``: each index letter's sizes."""
    found: dict[str, Leaf] = {}
    for batch, member, columns in stacked:
        leaf = members.get(family_key(Name(member.base, None, member.hat)))
        letter = (member.sup or "").strip("()") or member.sub
        count = ranges.get(letter, set())
        if batch in known or batch in found or leaf is None or leaf.cols != 1 or len(count) != 1:
            continue
        size = next(iter(count))
        rows, cols = (leaf.rows, size) if columns else (size, leaf.rows)
        found[batch] = Leaf(batch, rows, cols, inferred=True, columns=columns)
    return tuple(found.values())


def _leading_name(latex: str) -> Name | None:
    """The name a span of prose math starts with (X in "X \\in \\mathbb{R}^{n×d}", x_i in "x_i^\\top")."""
    head = re.split(r"\\in(?![a-zA-Z])|∈|=|,|\\colon", latex, maxsplit=1)[0]
    try:
        node = parse(head)
    except GradproofError:
        return None
    node = node.arg if isinstance(node, Transpose) else node
    return node if isinstance(node, Name) else None


def _parameters(parsed: list[tuple[Chain, list]], rewrite) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each loss defined as a function of distinct names, L(g, y) = …, with those names' keys."""
    found: dict[str, tuple[str, ...]] = {}
    for _, sides in parsed:
        left = sides[0] if len(sides) >= 2 else None
        if isinstance(left, Loss) and left.args and loss_key(left) not in found:
            keys = tuple(_declared_key(arg, rewrite) or (argument_key(arg) if HATTED_ARGUMENT.fullmatch(arg) else None)
                         for arg in left.args)  # Cost(\hat Y, Y): the argument's text lost its braces
            if None not in keys and len(set(keys)) == len(keys):
                found[loss_key(left)] = keys
    return tuple(found.items())


def _forward_values(parsed: list[tuple[Chain, list]], variables: frozenset[str], rewrite) -> frozenset[str]:
    """The variables of a loss that the document computes from names it differentiates by: with
    L(Y) = ⟨Γ, Y⟩, Y = tanh(Z) and ∂L/∂Z, Y is a step of the forward pass, not the θ of J(θ), whose
    θ = (XᵀX)⁻¹Xᵀy is the solution (``definition``)."""
    differentiated = {key_of(Name(node.var.base, None, node.var.hat, node.var.sup)) for _, sides in parsed
                      for side in sides if side is not None for node in walk(side)
                      if isinstance(node, Deriv) and isinstance(node.var, Name)}  # by Z or by its entry Z_{no}
    found = set()
    for _, sides in parsed:
        if len(sides) < 2 or sides[0] is None or sides[1] is None:
            continue
        left, right = rewrite(sides[0]), rewrite(sides[1])
        if isinstance(left, Name) and (key := key_of(left)) in variables \
                and any(isinstance(n, Name) and key_of(n) in differentiated - {key} for n in walk(right)):
            found.add(key)
    return frozenset(found)


def loss_variables(node, rewrite=lambda node: node) -> frozenset[str]:
    """The keys of the names a loss is written as a function of: the w of ℓ(w); none for anything else."""
    if not isinstance(node, Loss):
        return frozenset()
    return frozenset(key for arg in node.args if (key := _declared_key(arg, rewrite)) is not None)


def _updates(left: Name, right) -> bool:
    """Whether ``left = right`` gives a name a new value from its own (θ = θ − α∇J, w^{(t+1)} = w^{(t)} − …)
    rather than defines one layer from another that shares its letter (A_2 = A_1 W_2, h^{[2]} = σ(h^{[1]}))."""
    def layer(text: str | None) -> str | None:
        found = re.fullmatch(r"\s*[\[(]?\s*(\d+)\s*[\])]?\s*", text or "")
        return found.group(1) if found else None
    return any(isinstance(n, Name) and stem(n.base) == stem(left.base) and not n.hat
               and not (layer(n.sub) and layer(left.sub) and layer(n.sub) != layer(left.sub))
               and not (layer(n.sup) and layer(left.sup) and layer(n.sup) != layer(left.sup)) for n in walk(right))


def mentions(node, base: str) -> bool:
    """Whether a name with ``base`` (θ, θ_w, and θ^{old} for θ^{new}) occurs anywhere in ``node``."""
    return any(isinstance(n, Name) and stem(n.base) == stem(base) and not n.hat for n in walk(node))


_COST_LETTERS = ("C", "E", "R")  # the cost (Nielsen's C), the error or energy, the risk


def _costs(parsed: list[tuple[Chain, list]], definitions: Mapping) -> frozenset[str]:
    """C = ½ Σ_j (y_j − a_j)², then ∂C/∂z_j: a cost a capital letter names is the loss where the
    document both defines it and differentiates it (C alone also counts classes, E an expectation)."""
    differentiated = {node.body.base for _, sides in parsed for side in sides if side is not None
                      for node in walk(side) if isinstance(node, Deriv) and isinstance(node.body, Name)
                      and not (node.body.sub or node.body.sup or node.body.hat)}
    return frozenset(letter for letter in _COST_LETTERS if letter in definitions and letter in differentiated
                     and not isinstance(definitions[letter], Function))  # R(α) = …: a function, read as one


def read_notation(doc: Document, chains: Iterable[Chain] = ()) -> Notation | None:
    """The declarations of a derivation that is not word2vec's, and the shapes of the names it
    leaves undeclared, inferred from ``chains``; None for word2vec, or where the document neither
    declares anything nor defines a loss (the word2vec reader then keeps its meanings)."""
    if is_word2vec(doc):
        return None
    parsed = _parsed(chains)
    prose = _prose(doc.blocks)
    sizes: list[str] = []
    for block in doc.blocks:  # \sum_{i=1}^{N}, \{(x^{(i)}, y^{(i)})\}_{i=1}^{N}: N counts the examples
        sizes += [n for _, n in dict.fromkeys(_LETTER_LIMIT.findall(block.latex)) if n not in sizes]
    ranges: dict[str, set[str]] = {}
    for block in doc.blocks:
        for letter, size in _LETTER_LIMIT.findall(block.latex):
            ranges.setdefault(letter, set()).add(size)
    raw = _declared(doc, prose, lambda node: node)
    _, raw_definitions, _ = _read_chains(parsed, list)
    subscripts = replace(read_subscripts(raw, [sides for _, sides in parsed],
                                         wholes=[k for k, v in raw_definitions.items()
                                                 if not isinstance(v, (Indexed, Members))],
                                         sizes=sizes),
                         adjoints=read_adjoints([sides for _, sides in parsed], prose),
                         losses=frozenset(key.split(":")[1] for key in raw_definitions
                                          if re.fullmatch(r"loss:[A-Z]:", key) and key[5] not in ("J", "L"))
                         | _costs(parsed, raw_definitions),
                         variables=tuple((key, names[0]) for key, names in _parameters(parsed, lambda node: node)
                                         if len(names) == 1),
                         maps=frozenset(key for key in _maps(prose, lambda node: node) if key not in raw_definitions),
                         renamed=_sigma_as_softmax(doc, prose), euler="e" in raw_definitions or "e" in raw)
    leaves = _declared(doc, prose, subscripts.canonical, _compared_with_a_class(parsed))
    variables = frozenset(key for _, sides in parsed for side in sides if side is not None
                          for node in walk(side) for key in loss_variables(node, subscripts.canonical) if key in leaves)
    variables -= _forward_values(parsed, variables, subscripts.canonical)
    arguments = frozenset().union(*(loss_variables(sides[0], subscripts.canonical) for _, sides in parsed
                                    if sides and isinstance(sides[0], Loss)))
    worded = worded_definitions(prose, subscripts.canonical) + _named_results(doc, parsed, subscripts.canonical)
    families = frozenset(key for key in leaves if key.endswith("^()"))
    trees, definitions, defined_elsewhere = _read_chains(parsed, subscripts.definition_sides, variables,
                                                         dict(worded), arguments, families)
    factorized = _factorizations(parsed, subscripts.canonical, leaves, set(definitions) | set(sizes))
    for key, value in factorized:
        if definitions.get(key) == value:
            definitions.pop(key)
    upstream = _upstream({k: v for k, v in definitions.items() if k not in dict(worded)}, leaves)
    symmetric, structured = _structure(doc, prose, subscripts.canonical, leaves)
    for chain, _ in parsed:  # φ(t) = t for t > 0, αt for t < 0: a function this reader does not define
        if piece_of_a_function(chain) and (name := re.match(r"\s*\\?([A-Za-z]+)", chain.sides[0].latex)):
            structured.setdefault(name.group(1), "a function defined piece by piece")
    symmetric -= {key for key in definitions if key not in leaves}  # a declared A keeps it until a value is given
    handed = {gradient.name for gradient in upstream}
    for gradient in upstream:
        definitions.pop(gradient.name)
        trees.append(ast_Mul((Name(gradient.name, None, False), gradient.derivative.var), ("elementwise",)))
    maps = tuple((key, Map(key)) for key in _maps(prose, subscripts.canonical)
                 if key not in definitions and key not in leaves)
    worded += maps
    definitions.update(maps)
    if not leaves and not any(key.startswith("loss:") for key in definitions):
        return None
    leaves = _literal_sizes(leaves, trees)
    sizes = [d for leaf in leaves.values() for d in (leaf.rows, leaf.cols) if isinstance(d, str)] + sizes
    sizes = list(dict.fromkeys(sizes))
    for key, leaf in _pictured_batches(parsed, leaves, sizes).items():
        if key not in leaves and key not in definitions:
            leaves[key] = leaf
    stacked = _stacked_in_words(prose)
    for batch, member, columns in stacked:  # "let $P$ have rows $p_i^\top$" beside p_i = softmax(Wx_i): P is
        if batch in leaves and member.base in definitions:  # drawn freely, its rows are not
            structured.setdefault(batch, f"the {'columns' if columns else 'rows'} {member.base}_{member.sub or 'i'} "
                                         "it defines, stacked")
    in_words = {batch: columns for batch, _, columns in reversed(stacked)}  # the first a sentence says wins
    for key, columns in {**in_words, **_stacking(parsed)}.items():
        if key in leaves and leaves[key].cols != 1:
            leaves[key] = replace(leaves[key], columns=columns)
    classes = [key for key, leaf in leaves.items() if leaf.one_hot and leaf.family]  # y_i ∈ {1, …, k}
    for key in dict.fromkeys(_one_hot_names(doc, leaves, subscripts.canonical, definitions) + classes):
        leaves[key] = replace(leaves[key], one_hot=True)
        batch = leaves.get(capital(key[:-3])) if key.endswith("^()") else None  # y_i one-hot: their Y too,
        length = leaves[key].rows  # a column each where it is as long as y_i, a row each where as wide
        if batch is not None and length in (batch.rows, batch.cols) and batch.rows != batch.cols:
            leaves[batch.key] = replace(batch, one_hot=True, columns=batch.rows == length)
    named = {node.base for tree in trees for node in walk(tree) if isinstance(node, Name)} \
        | _names_in(definitions.values())  # λ only in g = Xᵀ(Xw − y) + λw and H = XᵀX + λI: a scalar too
    vectors = _vectors(trees, subscripts.canonical, definitions, arguments)
    scalars = tuple(g for g in _GREEK_SCALARS if g in named and g not in vectors
                    and not {g, f"{g}^()"} & (set(leaves) | set(definitions)))  # μ_n = σ(a_n): μ is no scalar
    scalar_leaves = tuple(Leaf(g, 1, 1, positive=True) for g in scalars)
    declared = {leaf.key: (leaf.rows, leaf.cols) for leaf in (*leaves.values(), *scalar_leaves)}
    for leaf in (leaf for leaf in leaves.values() if leaf.columns is not None):  # X with rows x_iᵀ: each
        base = leaf.key[:1].lower() + leaf.key[1:]  # x_i, x^{(i)} as long as X is wide
        members = {key_of(n) for tree in trees for n in walk(tree) if isinstance(n, Name) and n.base == base
                   and (n.sup or n.sub and len(n.sub) == 1 and n.sub.isalpha()) and not (n.sub and n.sup)}
        for member in members - set(declared) - set(definitions):
            declared[member] = (leaf.rows if leaf.columns else leaf.cols, 1)
    try:
        batches = set(leaves) | set(definitions)  # x beside X, w_j beside W: examples and rows, not names
        only = {k for k in _names_in(definitions.values()) if capital(k) == k or capital(k) not in batches}
        only = only - set(defined_elsewhere) | handed  # dA = A − T: once L is said; ∇Q(β): β, the
        only |= {body.parameter for body in definitions.values()  # variable of a function defined, Q(β) = …
                 if isinstance(body, Function) and body.parameter in vectors and body.parameter not in leaves}
        only |= _names_in(value for _, value in factorized)  # A = QR: the shapes of Q and R
        only |= _quantified(prose, subscripts.canonical) - set(ranges) - set(sizes)  # "for any v ≠ 0": vᵀHv
        only |= symmetric
        shapes = infer(trees, declared, definitions, only=only, sizes=sizes,
                       own=_variables_of_losses(trees, subscripts.canonical, definitions, arguments),
                       parameters=dict(_parameters(parsed, subscripts.canonical)))
    except Conflict:  # two declared sizes would have to be equal: the names stay unread
        shapes = Inferred({}, ())
    described = _described(parsed)
    squared = {a or b for a, b in _SQUARE_ONE.findall(prose)}  # "using $y_i^2 = 1$": each y is −1 or +1, declared so or not
    for key, leaf in list(leaves.items()):
        if key in squared or key.endswith("^()") and key[:-3] in squared:
            leaves[key] = replace(leaf, signs=True)
    signed = {leaf.key + "^()" for leaf in leaves.values() if leaf.signs and (leaf.rows, leaf.cols) == (1, 1)} \
        | {key + "^()" for key in squared} | squared
    binary, identities = _binary_keys(prose, subscripts.canonical), _identity_keys(prose, subscripts.canonical)
    ones = _ones_keys(prose, subscripts.canonical)
    inferred = tuple(Leaf(key, rows, cols, family=key.endswith("^()"), inferred=True, symmetric=key in symmetric,
                          signs=key in squared or key in signed and (rows, cols) == (1, 1),  # y ∈ {±1}: its
                          bits=key in binary and key not in squared,  # examples y_i too; "binary labels $y$"
                          identity=key in identities and rows == cols, ones=key in ones and cols == 1)
                     for key, (rows, cols) in shapes.names.items()
                     if key not in described - handed)
    inferred += _batches_in_words(stacked, set(leaves) | set(definitions) | {leaf.key for leaf in inferred},
                                  {leaf.key: leaf for leaf in (*leaves.values(), *inferred) if leaf.family}, ranges)
    labels_inferred = {leaf.key: leaf for leaf in inferred if leaf.rows != 1 and not leaf.family}
    hot = set(_one_hot_names(doc, labels_inferred, subscripts.canonical, anonymous=False))  # "and $y$ one-hot",
    # "labels $Y$ one-hot": a vector, or a matrix of them
    inferred = tuple(_like_its_examples(replace(leaf, one_hot=True) if leaf.key in hot else leaf, leaves)
                     for leaf in inferred)
    for leaf in inferred:
        sizes += [d for d in (leaf.rows, leaf.cols) if isinstance(d, str) and d not in sizes]
    for key in symmetric & set(leaves):
        leaves[key] = replace(leaves[key], symmetric=True)
    return Notation(tuple(leaves.values()) + scalar_leaves + inferred, tuple(sizes), scalars, inferred,
                    shapes.meets, subscripts, variables, arguments, _parameters(parsed, subscripts.canonical), worded,
                    tuple((k, v) for k, v in definitions.items() if isinstance(v, Function))
                    + tuple((k, v) for k, v in _defined_after_use(parsed, subscripts.canonical, definitions)
                            if k not in arguments | variables), upstream,  # "Setzt man $b = …$ ein": a value of
                    # the loss's variable substituted, never what b was all along
                    tuple((letter, size.pop()) for letter, size in ranges.items()
                          if len(size) == 1 and size <= set(sizes)), families, tuple(factorized),
                    layout=_stated_layout(prose), near_one_hot=_near_one_hot(doc, leaves, subscripts.canonical),
                    reshaped=_reshaped(doc, subscripts.canonical),
                    classes=_class_letters(doc, leaves, subscripts.canonical),
                    structured=tuple((key, words) for key, words in structured.items() if key not in definitions),
                    einstein=bool(_EINSTEIN.search(prose)), by_rows=_said_by_rows(prose))


_EINSTEIN = re.compile(r"summation\s+convention|einstein|repeated\s+(?:\w+\s+)?ind(?:ex|ices)\b[^.]{0,40}\bsummed|"
                       r"implied\s+summation|Summenkonvention|sommation\s+d'Einstein|求和约定", re.I)


def _prose(blocks) -> str:
    """The document's text, its inline math as written and each display a line break: each block's text
    before it, and the text after the last block of each notebook cell (a table's last row, "| $Y$ |
    $N \\times C$ | one-hot labels |", ends a cell and starts no block's text)."""
    ends = {i for i, b in enumerate(blocks) if i + 1 == len(blocks) or blocks[i + 1].cell != b.cell}
    return "".join(b.prose_before + ("\n" if b.display else "")  # "… be given. $$…$$ where": two sentences
                   + ("" if i not in ends else b.prose_after + "\n" if b.display else f"${b.latex}${b.prose_after}\n")
                   for i, b in enumerate(blocks))


def _vectors(trees, rewrite, definitions=None, defined=frozenset()) -> set[str]:
    """The names a derivation treats as more than a number: transposed (βᵀβ), or a variable of a loss
    (``_variables_of_losses``). A Greek letter among them is no scalar; its shape is inferred."""
    transposed = {key_of(node.arg) for tree in trees for node in walk(tree)
                  if isinstance(node, Transpose) and isinstance(node.arg, Name)}
    return transposed | _variables_of_losses(trees, rewrite, definitions, defined)


def _variables_of_losses(trees, rewrite, definitions=None, defined=frozenset()) -> frozenset[str]:
    """The arguments a loss (or a function the document defines, Q(β)) is a function of and that the
    document differentiates by (ℓ(β), ∂ℓ/∂β, ∇Q(β); not the λ of RSS(β, λ)); ``defined``: the arguments
    of the losses the document defines, ℓ(β) = …. Each is a name of its own: S(b_0) beside b = …."""
    variables = set()
    arguments = {body.parameter for body in (definitions or {}).values() if isinstance(body, Function)} | defined
    for tree in trees:
        for node in walk(tree):
            if isinstance(node, Loss):
                arguments |= loss_variables(node, rewrite)
            elif isinstance(node, Deriv) and isinstance(node.var, Name):
                variables.add(key_of(node.var))
    return frozenset(arguments & variables)


def _reshaped(doc: Document, rewrite) -> tuple[tuple[str, int], ...]:
    """The keys the document declares again transposed (x ∈ ℝ^d, then x ∈ ℝ^{1×d} in an exercise in rows), each
    with the line where it first does; not a batch after one example (y ∈ ℝ, then y ∈ ℝ^m), which the
    readings of examples hold."""
    first: dict[str, tuple] = {}
    again: dict[str, int] = {}
    for block in doc.blocks:
        for leaf in declarations(block.latex, rewrite):
            rows, cols = first.setdefault(leaf.key, (leaf.rows, leaf.cols))
            if rows != cols and (leaf.rows, leaf.cols) == (cols, rows):
                again.setdefault(leaf.key, block.line)
    return tuple(again.items())


def _declared(doc: Document, prose: str, rewrite, classed: frozenset = frozenset()) -> dict[str, Leaf]:
    """The leaves the document declares, by key (the first declaration of a name wins, but for labels
    declared a class, y^{(i)} ∈ {1, …, k}, after a number, y^{(i)} ∈ {0, 1}, where a formula compares them
    with a class, 𝟙{y^{(i)} = j}: ``classed``, their keys); a batch of labels takes the values its
    examples are declared to take (y ∈ ℝ^N, y_n ∈ {−1, +1})."""
    leaves: dict[str, Leaf] = {}
    for leaf in [leaf for b in doc.blocks for leaf in declarations(b.latex, rewrite)] + \
            worded_declarations(prose, rewrite):
        first = leaves.get(leaf.key)
        if first is None or leaf.one_hot and leaf.key in classed and first.rows == first.cols == 1:
            leaves[leaf.key] = replace(leaf, family=leaf.key.endswith("^()"))
    for key in [key for key in leaves if re.fullmatch(r"e_[a-z](?:_[a-z])?", key) and "e" not in leaves]:
        del leaves[key]  # e_y ∈ ℝ^K, "the y-th standard basis vector": a unit vector, not a variable
    for key, leaf in list(leaves.items()):
        if leaf.family and (leaf.signs or leaf.bits):  # y_i ∈ {±1}, y^{(i)} ∈ {0, 1}: their batch y too
            for batch in dict.fromkeys((key[:-3], capital(key[:-3]))):
                if batch in leaves:
                    leaves[batch] = replace(leaves[batch], signs=leaves[batch].signs or leaf.signs,
                                            bits=leaves[batch].bits or leaf.bits)
    for key, leaf in list(leaves.items()):
        whole, _, sub = key.partition("_")
        if re.fullmatch(r"[a-z]", sub) and (leaf.bits or leaf.signs) and leaf.rows == leaf.cols == 1 \
                and whole in leaves and not leaves[whole].family:  # m ∈ ℝ^n with entries m_i ∈ {0, 1}: m's values
            leaves[whole] = replace(leaves[whole], bits=leaves[whole].bits or leaf.bits,
                                    signs=leaves[whole].signs or leaf.signs)
            del leaves[key]
    for key in _binary_keys(prose, rewrite):  # "$m \in \mathbb{R}^n$ a fixed binary mask": 0s and 1s
        if key in leaves and not leaves[key].signs:
            leaves[key] = replace(leaves[key], bits=True)
    for key in _identity_keys(prose, rewrite):  # "let $E$ be the $p \times p$ identity matrix", "Einheitsmatrix"
        if key in leaves and leaves[key].rows == leaves[key].cols:
            leaves[key] = replace(leaves[key], identity=True)
    for key in _ones_keys(prose, rewrite):
        if key in leaves and leaves[key].cols == 1:  # "let $e \in \mathbb{R}^n$ be a vector of ones"
            leaves[key] = replace(leaves[key], ones=True)
    for key, rows, count in [listing for b in doc.blocks for listing in _listings(b.latex, rewrite)]:
        if key not in leaves and capital(key) not in leaves and rows != count:  # "θ_1, …, θ_k ∈ ℝ^n" and no θ
            # (nor Θ, nor W for w_1, …, w_K): θ is the n × k matrix of them
            leaves[key] = Leaf(key, rows, count)
    for key, leaf in list(leaves.items()):
        listed = _listed_members(key, leaf, leaves)
        if listed is not None:  # θ_1, …, θ_k ∈ ℝ^d beside θ ∈ ℝ^{k×d}: its rows, no names of their own
            members, columns = listed
            for member in members:
                del leaves[member]
            leaves[key] = replace(leaf, columns=columns)
    return leaves


def _compared_with_a_class(parsed) -> frozenset[str]:
    """The labels a formula compares with an index letter, 𝟙{y^{(i)} = j}: the keys of classes, not
    numbers (a number is compared with a number, 𝟙{y^{(i)} = 1})."""
    return frozenset(f"{member.group(1)}^()" for _, sides in parsed for side in sides if side is not None
                     for node in walk(side) if isinstance(node, Indicator)
                     for text, other in ((node.left, node.right), (node.right, node.left))
                     if (member := MEMBER.fullmatch(text)) and re.fullmatch(r"[a-z]", other))


def _listed_members(key: str, matrix: Leaf, leaves: dict) -> tuple[list[str], bool] | None:
    """The declared vectors θ_1, θ_2, θ_k that are the rows (or the columns) of a declared matrix θ,
    k of them, and whether they are its columns; None where there are none, or the matrix is square."""
    if matrix.rows == 1 or matrix.cols == 1 or matrix.rows == matrix.cols or matrix.family:
        return None
    pattern = re.compile(rf"{re.escape(key)}_\{{?(\d+|[a-z])\}}?")
    members = {other: found.group(1) for other, leaf in leaves.items()
               if (found := pattern.fullmatch(other)) and leaf.cols == 1 and not leaf.family}
    lengths = {leaves[member].rows for member in members}
    if not members or len(lengths) != 1 or lengths.pop() not in (matrix.rows, matrix.cols):
        return None
    columns = leaves[next(iter(members))].rows == matrix.rows
    count = matrix.cols if columns else matrix.rows
    if not any(index == count or index.isdigit() for index in members.values()) \
            or any(index.isdigit() and isinstance(count, int) and int(index) > count for index in members.values()):
        return None
    return list(members), columns


def _names_in(trees) -> set[str]:
    """The keys of the names the trees use (a function's parameter is its own, not the document's)."""
    found: set[str] = set()
    for tree in trees:
        body = tree.body if isinstance(tree, (Function, Indexed)) else tree
        own = {tree.parameter} if isinstance(tree, Function) else set()
        names = [n for n in walk(body) if isinstance(n, Name)]
        found |= {key_of(n) for n in names} - own
        found |= {key_of(Name(n.base, None, n.hat)) for n in names  # f_j, f_{y_i}: entries of f
                  if n.sub and re.fullmatch(r"[a-z](?:_[a-z])?|[a-z],?[a-z]", n.sub) and n.sup is None} - own
    return found


def _defined_after_use(parsed: list[tuple[Chain, list]], rewrite, definitions) -> tuple[tuple[str, object], ...]:
    """A name first used in one of the two chains just before the one that defines it: "… =
    \\frac{1}{N}X^T S X, where S ≜ diag(…)" says what S was already, as "L = \\frac{1}{m}\\sum_i \\ell_i, \\qquad
    \\ell_i = …" says what the loss of example i was; a name defined entry by entry, in one
    of the four ("P_{ik} = e^{Z_{ik}}/…", two claims on ∂/∂Z_{ij}, then "Since $Z_{ij} = \\sum_r X_{ir}W_{rj} +
    b_j$"): the author gave Z its value in words before (a forum post's "Z = XW + b"), never another one."""
    first_use: dict[str, int] = {}
    first_entry: dict[str, int] = {}  # Z of Z_{ik}: where an entry of the name is first used
    found = []
    for index, (_, sides) in enumerate(parsed):
        trees = [rewrite(side) for side in sides if side is not None]
        left = trees[0] if len(trees) >= 2 and sides[0] is not None else None
        if isinstance(left, Loss) or isinstance(left, Name) and not left.sub and not left.sup or _inverse_of_name(left):
            key = loss_key(left) if isinstance(left, Loss) else key_of(left.base if _inverse_of_name(left) else left)
            if index - 2 <= first_use.get(key, index) < index and key in definitions:
                found.append((key, definitions[key]))
        elif isinstance(left, Name) and left.sub and not left.sup:
            key = key_of(Name(left.base, None, left.hat))
            if isinstance(definitions.get(key), Indexed) and definitions[key].var == left.sub \
                    and (index - 4 <= first_entry.get(key, index) < index and key not in first_use
                         or index - 2 <= first_use.get(key, index) < index):  # "… = ΦᵀRΦ, where R_{nn} = …"
                found.append((key, definitions[key]))
        for tree in trees:
            for node in walk(tree):
                if isinstance(node, Loss):
                    first_use.setdefault(loss_key(node), index)
                if isinstance(node, Name):
                    first_use.setdefault(key_of(node), index)
                    if node.sub:
                        first_entry.setdefault(key_of(Name(node.base, None, node.hat)), index)
    return tuple(found)


def _described(parsed: list[tuple[Chain, list]]) -> set[str]:
    """Names whose entries a line gives, R_{nn} = y_n(1 - y_n) for "the diagonal matrix R with
    elements …": what R is, said in words; free symbols for R would refute what holds of it."""
    return {key_of(Name(side.base, None, side.hat)) for _, sides in parsed
            if len(sides) >= 2 and isinstance(side := sides[0], Name) and side.sub and not side.sup
            and re.fullmatch(r"[a-z]{1,2}|[a-z],[a-z]", side.sub)  # R_{nn}, not w_{t+1}
            and not any(mentions(other, side.base) for other in sides[1:] if other is not None)}  # nor θ_j := θ_j + α…


def _parsed(chains: Iterable[Chain]) -> list[tuple[Chain, list]]:
    """Each chain with its sides parsed (None for a side that does not parse)."""
    out = []
    for chain in chains:
        sides = []
        for side in (assignment(chain) or chain).sides:
            try:
                sides.append(parse(side.latex))
            except GradproofError:
                sides.append(None)
        out.append((chain, sides))
    return out


def piece_of_a_function(chain: Chain) -> bool:
    """Whether ``chain`` gives one piece of a name's value, under a case on its argument or index: s(u) = 1
    for u > 0, h_j = 1 where z_j > 0 (not a = W_1x + b_1 beside "label $y \\in \\{1..C\\}$")."""
    said = " ".join(chain.conditions + chain.unread)
    if not re.search(r"[<>≤≥]|\\(?:[lg]eq?|[lg]t)(?![A-Za-z])|otherwise", said):  # x ≠ 0: a domain, no piece
        return False
    head = re.fullmatch(r"\s*\\?[A-Za-z]+\s*(?:_\{?([^{}]*)\}?)?\s*(?:\(([^()]*)\))?\s*", chain.sides[0].latex)
    if head is None:
        return False
    letters = set(_LONE_LETTER.findall(" ".join(g for g in head.groups() if g)))
    return bool(letters & set(_LONE_LETTER.findall(said)))


_LONE_LETTER = re.compile(r"(?<![A-Za-z\\])[a-z](?![A-Za-z])")  # the u of s(u), the j of h_j, not the s of \sigma


def _read_chains(parsed: list[tuple[Chain, list]], rewrite, variables=frozenset(),
                 worded=None, arguments=frozenset(), families=frozenset()) -> tuple[list, dict, list]:
    """Every side that parses, the definitions among them in document order, and the names that
    stand alone on the left of an equation that is no definition (a second value, a slip): those
    are not free to take any value, so their shapes are never inferred. ``rewrite``: what each
    chain's sides become before they are read (Subscripts.definition_sides)."""
    trees, definitions, elsewhere = [], dict(worded or {}), []
    for chain, written in parsed:
        sides = rewrite(written)
        if len(sides) >= 2 and sides[0] is not None and sides[1] is not None \
                and not piece_of_a_function(chain):  # s(u) = 1 for u > 0: one piece, never the value
            found = definition(sides[0], sides[1], len(sides), definitions, chain.sides[0].latex, variables,
                               sides[-1] if len(sides) > 2 else None, arguments, chain.solving, families)
            if found is not None:
                definitions[found[0]] = found[1]
                sides = sides[1:] if len(sides) > 2 else []
                second = definition(sides[0], sides[1], len(sides), definitions, variables=variables) \
                    if sides and isinstance(sides[0], Name) else None  # ŷ = a = softmax(z)
                if second is not None:
                    definitions[second[0]] = second[1]
                    sides = sides[1:]
            elif isinstance(sides[0], Name) and not _updates(sides[0], sides[1]) and not _model(sides[0], sides[1]) \
                    and key_of(sides[0]) not in arguments:  # θ := θ − α∇J: an update; w = (XᵀX)⁻¹Xᵀy: a minimizer
                elsewhere.append(key_of(sides[0]))
        trees += [t for t in sides if t is not None]
    return trees, definitions, elsewhere


def from_zero_over_a_defined_name(node, definitions: Mapping) -> bool:
    """Whether ``node`` has a sum from 0 over a name defined entry by entry (b_k = \\sum_{j=0}^{D} \\beta_{kj}
    z_j, z_j = max(0, a_j) for j = 1, …, D beside z_0 = 1): which entry of z is its 0 is not clear, so
    such a line defines nothing (see declared._from_zero)."""
    return any(isinstance(total, Sum) and total.origin == 0 and any(
        isinstance(n, Name) and n.sub and total.var in index_parts(n.sub)
        and key_of(Name(n.base, None, n.hat)) in definitions for n in walk(total.body)) for total in walk(node))


def _entries_of_function(left, right, definitions: Mapping) -> tuple[str, Function] | None:
    """(s, s with its entries) where ``left = right`` reads s_i = s(X_i · w) and s(γ) is a function the
    document defined: the letter names both the function and the vector of its values, one per i."""
    if not (isinstance(left, Name) and left.sub and len(left.sub) == 1 and left.sub.isalpha() and not left.sup):
        return None
    key = key_of(Name(left.base, None, left.hat))
    function = definitions.get(key)
    applied = isinstance(right, ast_Mul) and len(right.factors) == 2 \
        and right.factors[0] == Name(left.base, None, left.hat)
    if not isinstance(function, Function) or function.entries is not None or not applied:
        return None
    return key, replace(function, entries=Indexed(left.sub, right))


def declarations(latex: str, rewrite=lambda node: node) -> list[Leaf]:
    """``x, w \\in \\mathbb{R}^d``, ``W \\in \\mathbb{R}^{k \\times d}``, ``y \\in \\{0, 1\\}^k``,
    ``y_n \\in \\{-1, +1\\}`` (labels of value ±1); ``\\kappa > 0``, ``\\varepsilon \\in (0, 1)``: a Greek
    letter said positive or in an interval, a number. ``rewrite``: as in ``_read_chains``."""
    found: list[Leaf] = []
    for match in _POSITIVE.finditer(latex):  # κ > 0, 0 < ε < 1
        key = _declared_key(match.group(1) or match.group(2), rewrite)
        if key is not None:
            found.append(Leaf(key, 1, 1, positive=True))
    colon = _COLON_TUPLE.fullmatch(latex)  # $X:(m, d)$, $b : (k,)$: NumPy's shape after the name
    if colon and (key := _declared_key(colon.group(1), rewrite)) is not None and (shape := _shape(colon.group(2))):
        found.append(Leaf(key, *shape))
    previous = 0
    for match in _SPACE.finditer(latex):
        exponent = _EXPONENT.match(latex, match.end())
        end = exponent.end() if exponent else match.end()
        shape = _shape(exponent.group(1) if exponent else "")
        names = latex[previous:match.start()]
        previous = end
        if match.group("classes"):  # y_i ∈ {1, …, k}: a class, held as the one-hot vector of it
            shape = None if exponent else (match.group("classes"), 1)
        if shape is None:
            continue
        cut = list(_BOUNDARY.finditer(names))
        names = names[cut[-1].end():] if cut else names
        names = names.split("=")[0].rstrip().removesuffix(":")  # X := [x_1, …, x_n] ∈ ℝ^{d×n}: the name on the left
        for part in names.split(","):
            key = _declared_key(part, rewrite)
            classes = bool(match.group("classes"))
            if key is not None and (not classes or _LABEL_LETTER.match(key)):
                found.append(Leaf(key, *shape, signs=bool(match.group("signs")), one_hot=classes,
                                  bits=bool(match.group("bits"))))
    return found


_LISTING = re.compile(r"(\\?[A-Za-z]+)\s*_\s*\{?\s*1\s*\}?\s*,\s*(?:\\[lc]?dots|…)\s*,\s*\1\s*_\s*\{?\s*([A-Za-z])\s*\}?\s*$")


def _listings(latex: str, rewrite=lambda node: node) -> list[tuple[str, str | int, str]]:
    """(key, length, count) of each family of vectors listed as ``\\theta_1, \\dots, \\theta_k \\in \\mathbb{R}^n``:
    the matrix whose columns they are, which the document names only by its members."""
    found = []
    for match in _SPACE.finditer(latex):
        exponent = _EXPONENT.match(latex, match.end())
        shape = _shape(exponent.group(1)) if exponent and not match.group("classes") else None
        listed = _LISTING.search(latex[max(0, match.start() - 120):match.start()])  # the names just before
        key = listed and _declared_key(listed.group(1), rewrite)
        if shape is not None and shape[1] == 1 and key is not None:
            found.append((key, shape[0], listed.group(2)))
    return found


def _orientation(line: str) -> str:
    return (rf"softmax[^.\n]{{0,60}}\b(?:(?:each|every|per)\s+{line}|{line}[\s-]?wise|(?:over|along)\s+(?:the\s+)?{line}s)"
            rf"|{line}[\s-]?wise\s+(?:\$[^$]{{0,20}}\$\s*)?softmax|one[\s-]?hot\s+{line}s|{line}s?\s+(?:are|is)\s+one[\s-]?hot"
            rf"|(?:one|a\s+single)\s+\$?1\$?\s+(?:per|in\s+(?:each|every))\s+{line}")


_BY_COLUMNS = re.compile(_orientation("column"), re.I)  # "$A = \mathrm{softmax}(Z)$ applied to each column"
_BY_ROWS = re.compile(_orientation("row"), re.I)  # "one-hot rows", "a row-wise softmax"


def _said_by_rows(prose: str) -> bool | None:
    """True where the text says softmax acts on each row of a batch or its labels are one-hot rows, False for
    columns; None where it says neither or both."""
    rows, columns = bool(_BY_ROWS.search(prose)), bool(_BY_COLUMNS.search(prose))
    return None if rows == columns else rows


def _stated_layout(prose: str) -> bool:
    """Whether a sentence of ``prose`` says a derivative has its variable's shape: "$\\bar v$ has the
    same shape as $v$", "标量对矩阵求导的结果与该矩阵形状相同"."""
    return any(_SAME_SHAPE.search(sentence) and _OF_A_DERIVATIVE.search(sentence)
               for sentence in re.split(r"(?<=[.!?。])\s|\n\s*\n|\n\s*[-*]\s", prose))


def worded_declarations(prose: str, rewrite=lambda node: node) -> list[Leaf]:
    """"$x$ is a $d$-dimensional vector", "a $d$-dimensional vector $x$", "$W$ is a $k \\times d$
    matrix", "$X$ has shape $(N, D)$", a table's row "| $W$ | $d \\times k$ |" (or "| `W1` | D × H |"), a list's
    "$X$: $N \\times D$", a shape in brackets after its name, "$X$ ($n \\times p$)":
    the shapes prose gives."""
    found = []
    for match in _WORDED_VECTOR.finditer(prose):
        found.append(_worded_leaf(*_name_first(match), rewrite, vector=True))
    for match in _SHAPED.finditer(prose):
        found.append(_worded_leaf(match.group(1), match.group(2) or match.group(3), rewrite, vector=not match.group(2)))
    for match in _TABLED_MATRIX.finditer(prose):
        found.extend(_tabled_leaves(match.group(1).replace("$", ""), match.group(2), rewrite))
    found.extend(_shape_column(prose, rewrite))
    for match in _WORDED_SCALAR.finditer(prose):  # "a positive scalar $\kappa$", "$C$ is a constant"
        found.append(_worded_leaf(match.group(1) or match.group(2), "", rewrite))
    for match in _WORDED_SIGNS.finditer(prose):  # "$y_i$ takes values in the set $\{-1, 1\}$"
        leaf = _worded_leaf(match.group(1), "", rewrite)
        found.append(replace(leaf, signs=True) if leaf is not None else None)
    for match in _SIGN_SET.finditer(prose):
        leaf = _worded_leaf(match.group(1).lower(), "", rewrite)
        found.append(replace(leaf, signs=True) if leaf is not None else None)
    for match in _CODED_TABLE.finditer(prose):
        names = ",".join(f"{letters}_{digits}" if digits else letters
                         for letters, digits in _CODE_NAME.findall(match.group(1)))
        found.extend(_tabled_leaves(names, match.group(2), rewrite))
    for match in _CODED_SHAPED.finditer(prose):
        letters, digits = _CODE_NAME.fullmatch(f"`{match.group(1)}`").groups()
        found.append(_worded_leaf(f"{letters}_{digits}" if digits else letters,
                                  f"{match.group(2)} \\times {match.group(3)}", rewrite))
    for match in _CODED_TUPLE.finditer(prose):
        letters, digits = _CODE_NAME.fullmatch(f"`{match.group(1) or match.group(4)}`").groups()
        found.append(_worded_leaf(f"{letters}_{digits}" if digits else letters, match.group(3) or match.group(5),
                                  rewrite))
    for match in _PLAIN_SHAPED.finditer(prose):
        found.append(_worded_leaf(match.group(1), f"({match.group(2)})", rewrite))
    for match in _PLAIN_SPACE.finditer(prose):
        found.append(_worded_leaf(match.group(1), match.group(2), rewrite))
    for match in _SPACE_APART.finditer(prose):
        found.append(_worded_leaf(match.group(1), match.group(2), rewrite))
    for match in _PLAIN_MATRIX.finditer(prose):
        found.append(_worded_leaf(match.group(1), f"{match.group(2)} \\times {match.group(3)}", rewrite))
    for match in _BY_MATRIX.finditer(prose):
        found.append(_worded_leaf(match.group(1), f"{match.group(2)} \\times {match.group(3)}", rewrite))
    for match in _COLONED_MATRIX.finditer(prose):
        found.append(_worded_leaf(match.group(1), match.group(2), rewrite))
    for match in _BRACKETED_MATRIX.finditer(prose):
        found.append(_worded_leaf(match.group(1), match.group(2), rewrite))
    for match in _WORDED_MATRIX.finditer(prose):
        found.append(_worded_leaf(*_name_first(match), rewrite))
    return [leaf for leaf in found if leaf is not None]


_TABLE = re.compile(r"(?:^[ \t]*\|.*\|[ \t]*\n?)+", re.M)
_SHAPE_HEADER = re.compile(r"shape|dim|size|form|taille|größe|dimensione|tamaño|形状|维度|大小", re.I)
_TABLED_NAMES = re.compile(r"\$[^$]{1,30}\$(?:\s*,\s*\$[^$]{1,30}\$)*")
_TABLED_SHAPES = re.compile(r"\$[^$]{1,40}\$(?:\s*,\s*\$[^$]{1,40}\$)+")
_SCALAR_CELL = re.compile(r"\s*(?:scalar|\$\s*1\s*\$|1|\$\s*1\s*\\times\s*1\s*\$)\s*", re.I)


def _shape_column(prose: str, rewrite) -> list[Leaf | None]:
    """A table whose header names a shape column ("| symbol | shape | meaning |"): each row's name (its
    first cell, one math span) with the shape that column gives, "$N$" a vector, "scalar" a number."""
    found = []
    for table in _TABLE.finditer(prose):
        rows = [table_cells(line) for line in table.group(0).splitlines()]
        header = next((i for i, cell in enumerate(rows[0]) if _SHAPE_HEADER.search(cell)), None) if rows else None
        if header is None or header == 0:
            continue
        for row in rows[1:]:
            if all(re.fullmatch(r":?-*:?", cell) for cell in row):  # |---|---|, where markdown has one
                continue
            name = re.fullmatch(r"\$([^$]{1,30})\$", row[0]) if len(row) > header else None
            names = _TABLED_NAMES.fullmatch(row[0]) if len(row) > header else None
            cell = row[header] if names else ""
            if name is not None and _SCALAR_CELL.fullmatch(cell):
                found.append(_worded_leaf(name.group(1), "", rewrite))
            elif name is not None and (size := re.fullmatch(r"\$([^$]{1,40})\$(?:\s*[,;(—–-][^$]*)?", cell)) is not None:
                # "$N \times C$, one-hot rows": the shape, then words about it
                found.append(_worded_leaf(name.group(1), size.group(1), rewrite))
            elif name is None and names is not None and _TABLED_SHAPES.fullmatch(cell):
                # | $W_1$, $b_1$ | $(d, h)$, $(1, h)$ |: a shape for each name
                found.extend(_tabled_leaves(row[0].replace("$", ""), cell, rewrite))
    return found


def _tabled_leaves(names: str, sizes: str, rewrite) -> list[Leaf | None]:
    """A table's row of names and their shapes, paired in order where the cells hold as many of each
    ("$W_1, b_1$" and "$D \\times M,\\ 1 \\times M$" or "$D \\times M$, $1 \\times M$"); nothing where they do
    not pair."""
    names_in = [n for n in names.split(",") if n.strip()]
    if len(names_in) == 1:
        return [_worded_leaf(names, sizes, rewrite)]
    parts = re.split(r",(?![^()\[\]{}]*[)\]}])", sizes)  # the commas between shapes, not inside (N, D)
    sizes_in = [part.replace("\\ ", " ").replace("$", "") for part in parts if part.strip()]
    if len(sizes_in) != len(names_in):
        return []
    return [_worded_leaf(name, size, rewrite) for name, size in zip(names_in, sizes_in)]


def _name_first(match: re.Match) -> tuple[str, str]:
    """(name, size) of a match that holds them in groups 1 and 2, or, written size first ("a $d$-dimensional
    vector $x$"), in groups 4 and 3."""
    return (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))


def _worded_leaf(name: str, size: str, rewrite, vector: bool = False) -> Leaf | None:
    """The leaf prose declares, or None where the name or the size does not read (or, for ``vector``,
    the size is no vector's)."""
    key, dims = _declared_key(name, rewrite), _shape(size)
    if key is None or dims is None or vector and dims[1] != 1:
        return None
    return Leaf(key, *dims)


def _upstream(definitions: dict, leaves) -> tuple[Upstream, ...]:
    """The names defined as the loss's derivative by a name, ``dA = ∂L/∂A``, before L is defined
    (definitions keep the document's order), and declared as nothing else than A's shape
    (``g = ∂ℓ/∂h ∈ ℝ^m``)."""
    order = list(definitions)
    found = []
    for key, body in definitions.items():
        if re.fullmatch(r"[A-Za-z]+", key) and isinstance(body, Deriv) and _shaped_as(leaves, key, body.var) \
                and body.second is None and isinstance(body.var, Name) and isinstance(body.body, Loss) \
                and not body.body.args:
            loss = loss_key(body.body)
            if loss not in definitions or order.index(loss) > order.index(key):
                found.append(Upstream(key, body))
    return tuple(g for g in found if not any(_above(other, g, definitions) for other in found))


def _above(other: Upstream, gradient: Upstream, definitions: dict) -> bool:
    """Whether ``other`` is handed down to a name computed from ``gradient``'s (G = ∂L/∂H with
    H = tanh(Z), beside D = ∂L/∂Z): then D follows from G by the chain rule, and is no gradient
    handed down of its own."""
    var = definitions.get(key_of(other.derivative.var))
    return other is not gradient and var is not None and mentions(var, gradient.derivative.var.base)


def _shaped_as(leaves, key: str, var) -> bool:
    """Whether ``key`` is undeclared, or declared with the shape of the declared name ``var``."""
    if key not in leaves:
        return True
    other = leaves.get(key_of(var)) if isinstance(var, Name) else None
    return other is not None and (other.rows, other.cols) == (leaves[key].rows, leaves[key].cols)


def _quantified(prose: str, rewrite) -> set[str]:
    """The names prose binds by "for any", "for all" ("for any nonzero $v$", "para todo $v \\neq 0$",
    "$\\forall u$"): arbitrary values whose shapes the products they stand in say (vᵀHv: v as long as H)."""
    keys = set()
    for match in _QUANTIFIER.finditer(prose):
        for group in filter(None, match.groups()):
            bound = _RELATION_AFTER.split(group)[0]
            keys |= {key for text in bound.split(",") if (key := _declared_key(text, rewrite)) is not None}
    return keys


def _structure(doc: Document, prose: str, rewrite, leaves: dict[str, Leaf]) -> tuple[set[str], dict[str, str]]:
    """The names the document says are symmetric matrices ("for symmetric $A$", "$\\Sigma \\in …$ (symmetric
    positive definite)", "the Hessian $H$", "$S = S^T$", "$S \\in \\mathbb{S}^n$", "对称矩阵 $A$"), and those it
    gives a structure this reader does not draw, each with its words ("$W$ is diagonal", "$Q$ has orthonormal
    columns"): the name just before the words, or just after them ("a diagonal matrix $D$"), where the
    document declares it a matrix, or declares it not at all and writes it as one does a matrix, a capital (in
    words, "… quadratic in $\\varepsilon$, so it is convex" would make ε one, and "$y$ … orthonormal" y)."""
    symmetric, other = set(), {}
    for match in _STRUCTURE.finditer(prose):
        for key in _said_of(prose, match, rewrite):
            if not (_is_matrix(leaves.get(key)) or key not in leaves and key[:1].isupper()):
                continue
            if match.group("symmetric"):
                symmetric.add(key)
            else:
                other.setdefault(key, match.group(0))
    symmetric |= {key for match in _SYMMETRIC_SET.finditer(prose)
                  if (key := _declared_key(match.group(1), rewrite)) is not None}
    for block in doc.blocks:
        for found in _SELF_TRANSPOSE.finditer(block.latex):
            key = _declared_key(next(name for name in found.group(1, 2, 3, 6) if name), rewrite)
            if key is not None:
                symmetric.add(key)
    for match in _UNNAMED_FUNCTION.finditer(prose):  # "let $h$ be a differentiable function": none drawn is it
        key = _declared_key(match.group(1) or match.group(2), rewrite)
        if key is not None:
            other.setdefault(key, "a function it does not define")
    for match in _NAMED_DERIVATIVE.finditer(prose):  # "let $H$ denote the Hessian of $J$": a value said in words
        key = _declared_key(match.group(1), rewrite)
        if key is not None:
            other.setdefault(key, f"the {match.group(2)} of a loss, in words")
    return symmetric, other


_ADJECTIVES = r"(?:(?!sigmoid|logistic|softmax|tanh|relu|rectified|hyperbolic|exponential|linear)[a-z-]+\s+){0,3}"
_NAMED_DERIVATIVE = re.compile(r"\$\s*([^$]{1,12}?)\s*\$\s*,?\s*(?:denotes?|is|be|for|as)\s+the\s+(Hessian|gradient|Jacobian)"
                               r"(?:\s+matrix)?\s+of\b", re.I)
_UNNAMED_FUNCTION = re.compile(r"\$\s*([^$]{1,12}?)\s*\$\s*(?:,\s*)?(?:be|is|denotes?)\s+(?:an?|any|some)\s+" + _ADJECTIVES +
                               r"(?:function|loss|link|activation)\b(?!\s*(?:of|\$))|\b(?:an?|any|some)\s+" + _ADJECTIVES +
                               r"function\s+\$\s*([^$]{1,12}?)\s*\$(?!\s*(?:of|=))", re.I)


def _sigma_as_softmax(doc: Document, prose: str) -> tuple[tuple[str, str], ...]:
    """(("sigma", "softmax"),) where the document says σ is the softmax, in words ("where $\\sigma$ is the
    softmax function") or entry by entry (σ(z)_k = e^{z_k} / Σ_j e^{z_j}), as some authors write it; () else."""
    said = any(match.group(1) and match.group(1).strip() == "\\sigma" and match.group(3).lower() == "softmax"
               for match in _NAMED_FUNCTION.finditer(prose))
    if said or any(_SIGMA_ENTRY_SOFTMAX.match(block.latex) for block in doc.blocks):
        return (("sigma", "softmax"),)
    return ()


_SIGMA_ENTRY_SOFTMAX = re.compile(r"\s*\\sigma\s*\([^()]*\)\s*_\s*\{?\s*[a-z]\s*\}?\s*=\s*"
                                  r"(?:\\frac\s*\{\s*)?(?:e\s*\^|\\exp)")


def _is_matrix(leaf: Leaf | None) -> bool:
    """A declared matrix: a vector or a name of no declared shape is never said orthogonal "to" the rest."""
    return leaf is not None and 1 not in (leaf.rows, leaf.cols)


def _said_by(words: re.Pattern, prose: str, rewrite) -> set[str]:
    """The keys of the names each of ``words`` is said of in ``prose`` (see ``_said_of``)."""
    return {key for match in words.finditer(prose) for key in _said_of(prose, match, rewrite)}


def _ones_keys(prose: str, rewrite) -> set[str]:
    """The names prose says are vectors of ones: "let $e$ be a vector of ones", "the $n$-vector of ones $j_n$"."""
    return _said_by(_ONES_WORDS, prose, rewrite)


def _identity_keys(prose: str, rewrite) -> set[str]:
    """The names prose says are an identity matrix: "let $E$ be the $p \\times p$ identity", "$E$ die Einheitsmatrix"."""
    return _said_by(_IDENTITY_WORDS, prose, rewrite)


def _binary_keys(prose: str, rewrite) -> set[str]:
    """The names prose says are 0 or 1: "a binary mask $m$", "binary labels $y$", "let every $y_i$ be 0 or 1"
    (y's entries: y)."""
    return _said_by(_BINARY, prose, rewrite) | set(_ZERO_OR_ONE.findall(prose))


def _said_of(prose: str, match: re.Match, rewrite) -> list[str]:
    """The keys of the names a word of structure is said of: the inline math just after it ("a diagonal matrix
    $D$", "for symmetric $A$"), or else the last inline math of its sentence before it that is not a size ("let
    $A$ be an $n \\times n$ symmetric matrix", "$\\Sigma$ is $d \\times d$, symmetric", "$K$ the kernel (Gram)
    matrix"), each name it lists ("$A, B \\in …$ be symmetric"), and after "both" or "all" every such math of
    the sentence ("$A \\in …$, $B \\in …$, both symmetric"); none where that math is no name ("so $X^TX$ is
    positive definite")."""
    def keys(math: str) -> list[str]:
        names = _RELATION_AFTER.split(math)[0].split(",")
        return [key for name in names if (key := _declared_key(name, rewrite)) is not None]
    gap = _SAID_OF_AFTER.match(prose, match.end())
    if prose.startswith("$", gap.end()) and (closing := prose.find("$", gap.end() + 1)) > 0:
        return keys(prose[gap.end() + 1:closing])
    start = max(0, match.start() - _SAID_OF_REACH)
    if prose.count("$", 0, start) % 2:  # the reach begins inside a math: from its closing dollar, so they pair
        start = prose.find("$", start) + 1
    sentence = _SENTENCE_BREAK.split(prose[start:match.start()])[-1]
    def beside(math: re.Match) -> str:
        return sentence[max(0, math.start() - 4):math.start()] + sentence[math.end():math.end() + 4]
    said = [math for math in re.finditer(r"\$([^$]+)\$", sentence)
            if not (_SIZE_MATH.fullmatch(math.group(1)) or "-by-" in beside(math) or "-dim" in beside(math))]
    if not said:
        return []
    if _EACH_OF.search(sentence[said[-1].end():]):  # "$A$, $B$, both symmetric"
        return [key for math in said for key in keys(math.group(1))]
    return keys(said[-1].group(1))


def _maps(prose: str, rewrite) -> list[str]:
    """The keys of the maps prose names: "$\\phi : \\mathbb{R}^D \\to \\mathbb{R}^K$"."""
    keys = (_declared_key(match.group(1), rewrite) for match in _MAP.finditer(prose))
    return list(dict.fromkeys(key for key in keys if key is not None))


_HEAVISIDE = re.compile(r"\$\s*\\?([A-Za-z]|Theta|theta|eta|chi)\s*(?:\(\s*([a-z])\s*\))?\s*\$\s*"
                        r"(?:=|is|:|denotes)?\s*(?:the\s+)?(?:Heaviside|unit\s+step|step\s+function)", re.I)


def worded_definitions(prose: str, rewrite=lambda node: node) -> tuple[tuple[str, object], ...]:
    """"$P$ is the row-wise softmax of $S$", "apply softmax to each row of $S$ to get $P$": a name defined in
    words, as P = softmax(S); "$H(t)$ =
    Heaviside": H the step function, 1 where its argument is positive; "add $\\frac{\\lambda}{2}\\|W\\|^2$ to
    $J$, call it $J_\\lambda$": the loss J_λ = J + (λ/2)‖W‖²."""
    found = [(match.group(1), Function(match.group(2) or "t", Step(Name(match.group(2) or "t", None, False))))
             for match in _HEAVISIDE.finditer(prose)]
    worded = [(m.group(1), m.group(2), m.group(3)) for m in _WORDED_DEFINITION.finditer(prose)] + \
        [(m.group(3), m.group(1), m.group(2)) for m in _APPLIED_DEFINITION.finditer(prose)]
    for name, function, written in worded:
        key = _declared_key(name, rewrite)
        try:
            argument = rewrite(parse(written))
        except GradproofError:
            continue
        if key is not None and key not in dict(found):
            found.append((key, Call(_WORDED_FUNCTIONS[function.lower()], argument)))
    for match in _NAMED_FUNCTION.finditer(prose):  # g(z) of "$g$ the sigmoid" is σ(z), not g times z
        key = _declared_key(match.group(1) or match.group(4), rewrite)
        word = re.sub(r"\\|operatorname|mathrm|[{}\s]", "", match.group(3) or match.group(5)).lower()
        function = _WORDED_FUNCTIONS.get({"logistic": "sigmoid", "rectifier": "relu",
                                          "hyperbolictangent": "tanh"}.get(word, word), word)
        parameter = match.group(2) or "t"
        if key is not None and key not in dict(found) and key != function:
            found.append((key, Function(parameter, Call(function, Name(parameter, None, False)))))
    for match in _ADDED_TO_A_LOSS.finditer(prose):  # a regularized loss said in words: J_λ = J + the term
        try:
            term, loss, total = (rewrite(parse(match.group(k))) for k in (1, 2, 3))
        except GradproofError:
            continue
        if isinstance(loss, Loss) and isinstance(total, Loss) and loss_key(total) != loss_key(loss):
            found.append((loss_key(total), ast_Add((loss, term))))
    return tuple(found)


def _named_results(doc: Document, parsed, rewrite) -> tuple[tuple[str, object], ...]:
    """"We call this vector $g$": the name of what the display before it states (its first side)."""
    found = []
    for block in doc.blocks:
        text = block.prose_before[-120:] + ("" if block.display else f"${block.latex}$")  # "… this vector" + "$g$"
        match = _NAMED_RESULT.search(text)
        if not match:
            continue
        function = _function_key(match.group(1))
        if function is not None:  # "we call this objective $f(w, c)$" after $$\min_{w, c} …$$
            displays = [b for b in doc.blocks if b.display and b.line < block.line and b.cell == block.cell]
            value = _minimized(displays[-1].latex) if displays else None
            if value is not None and function not in dict(found):
                found.append((function, rewrite(value)))
            continue
        before = [sides for chain, sides in parsed if chain.display and chain.line < block.line
                  and chain.cell == block.cell]
        if not before or before[-1][0] is None:
            continue
        key = _declared_key(match.group(1), rewrite)
        if key is not None and key not in dict(found):
            found.append((key, rewrite(before[-1][0])))
    return tuple(found)


def _factorizations(parsed, rewrite, leaves: dict, known: set) -> list[tuple[str, object]]:
    """A = UΣVᵀ, A = QR said of a matrix the document declares, in names it neither declares nor defines
    (only their shapes can be inferred): factorisations, never a value that replaces the declared one.
    A step that names the factors reads the matrix as their product (see verify)."""
    found = []
    given = set(leaves) | known | set(_GREEK_SCALARS) | {"I", "e"} \
        | {str(size) for leaf in leaves.values() for size in (leaf.rows, leaf.cols)}  # the n of I_n − 𝟏𝟏ᵀ/n
    for chain, sides in parsed:
        if len(sides) < 2 or not isinstance(sides[0], Name) or sides[1] is None:
            continue
        left, right = rewrite(sides[0]), rewrite(sides[1])
        leaf = leaves.get(key_of(left)) if isinstance(left, Name) else None  # dW may read as ∂L/∂W: no name
        if leaf is None or leaf.cols == 1 or leaf.rows == 1 or isinstance(right, Matrix):
            continue
        if any(isinstance(n, Name) and key_of(n) not in given and n.base not in given for n in walk(right)):
            found.append((key_of(left), right))
    return found


_LITERAL_SIZE = 5  # X ∈ ℝ^{m×784}: a size this large, written as a number, is checked at small values


def _literal_sizes(leaves: dict[str, Leaf], trees) -> dict[str, Leaf]:
    """The leaves with each large size written as a number (784 pixels, 10 classes) made a size of its
    own, named by the number, which the Spaces give a small value as they give m one: a derivation
    reads the same at any size. Not where the number also stands in the math as a value (1/10)."""
    written = {node.value for node in walk(tuple(trees)) if isinstance(node, Num)}

    def named(size):
        return str(size) if isinstance(size, int) and size >= _LITERAL_SIZE and str(size) not in written else size
    return {key: replace(leaf, rows=named(leaf.rows), cols=named(leaf.cols)) for key, leaf in leaves.items()}


def _function_key(text: str) -> str | None:
    """The key of f in "we call this objective $f(w, c)$": a function of several names, read as a loss is."""
    try:
        node = parse(text.strip())
    except GradproofError:
        return None
    return loss_key(node) if isinstance(node, Loss) and len(node.args) > 1 else None


_MINIMIZED = re.compile(r"\\min(?:imize)?(?:\\limits)?\s*_\s*(?:\{[^{}]{1,40}\}|\\?[A-Za-z])\s*(.+)", re.S)


def _minimized(latex: str):
    """What \\min_{w, c} … minimizes: the objective a later "we call this objective f(w, c)" names; None
    where the display is no minimization."""
    match = _MINIMIZED.fullmatch(latex.strip())
    try:
        return parse(match.group(1).strip().rstrip(".,")) if match else None
    except GradproofError:
        return None


def _shape(exponent: str) -> tuple[str | int, str | int] | None:
    text = _UPRIGHT_WORD.sub(r"\1", exponent.strip())  # d_\text{in}, n_{\text{in}}: the sizes d_in, n_in
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    if not text.strip():
        return 1, 1
    text = re.sub(r"^\s*[(\[]([^()\[\]]*?),?\s*[)\]]\s*$", r"\1", text)  # (N, D), (K,): NumPy's shapes; [m × f]
    dims = [re.sub(r"^\((.*)\)$", r"\1", d.strip()).strip() for d in re.split(r"\\times|×|\*|,", text)]
    if not 1 <= len(dims) <= 2 or not all(_DIM.fullmatch(d) for d in dims):
        return None
    read = [int(d) if d.isdigit() else re.sub(r"[{}\s]", "", d) for d in dims]
    return (read[0], 1) if len(read) == 1 else (read[0], read[1])


def _declared_key(text: str, rewrite=lambda node: node) -> str | None:
    text = text.strip().strip("$").strip()
    if not text or len(text) > 60:
        return None
    try:
        node = parse(text)
    except GradproofError:
        return None
    if isinstance(node, Transpose):
        return None
    node = rewrite(node)
    return key_of(node) if isinstance(node, Name) else None


def _like_its_examples(leaf: Leaf, leaves: dict[str, Leaf]) -> Leaf:
    """y of "we drop the superscript (i)" beside a declared one-hot y^{(i)}: an undeclared name as long as the
    family of its name is one of them, one-hot, ±1 or 0/1 as they are."""
    family = leaves.get(leaf.key + "^()")
    if family is None or (family.rows, family.cols) != (leaf.rows, leaf.cols):
        return leaf
    return replace(leaf, one_hot=leaf.one_hot or family.one_hot, signs=leaf.signs or family.signs,
                   bits=leaf.bits or family.bits)


def _whole_of_entry(key: str | None, leaves: dict[str, Leaf]) -> str | None:
    """t of "a one-hot target $t_l$": the declared vector whose entry the prose names, where only the vector
    is declared."""
    entry = re.fullmatch(r"([A-Za-z]+)_\{?([a-z]{1,2})\}?", key or "")  # t_l, t_{nk}
    return entry.group(1) if key not in leaves and entry and entry.group(1) in leaves else key


def _rest_of_line(blocks, index: int) -> str:
    """The text after a block to its line's end, the math on the way included: a table's row,
    "$T$ | $N \\times K$ | labels, one-hot |"."""
    text = blocks[index].prose_after
    following = index + 1
    while "\n" not in text and following < len(blocks) and blocks[following].line == blocks[index].line \
            and blocks[following].cell == blocks[index].cell:
        text += f"${blocks[following].latex}$" + blocks[following].prose_after
        following += 1
    return text.split("\n")[0]


def _near_one_hot(doc: Document, leaves: dict[str, Leaf], rewrite) -> frozenset[str]:
    """The declared names, not read as one-hot, of any block that has the word one-hot within 80
    characters of it or on its table row: the text may say they are ("the one-hot labels form the
    columns of $R$"), in words this reader does not parse; and of the blocks near words, or stating,
    that they sum to one ("a probability vector", "$\\sum_k y_k = 1$"): a step about one-hot labels
    holds for those too."""
    near = set()
    for index, block in enumerate(doc.blocks):
        if _ONE_HOT_LIKE.search(block.prose_before[-80:] + " " + block.prose_after[:80]) \
                or _ONE_HOT_LIKE.search(_rest_of_line(doc.blocks, index)):
            near |= {key for key in _block_keys(block.latex, rewrite) if key}
        if _SUMS_TO_ONE.search(block.latex):  # Σ_k y_k = 1: y, whole
            near |= _summed_names(block.latex, rewrite)
    return frozenset(key for key in near if key in leaves and not leaves[key].one_hot
                     and (leaves[key].rows, leaves[key].cols) != (1, 1))


def _class_letters(doc: Document, leaves: dict[str, Leaf], rewrite) -> frozenset[str]:
    """The letters the document says a one-hot label is 1 at ("with $y_c = 1$"): its class, one value in
    each Space, not an index a step must hold for at every value."""
    found = set()
    for block in doc.blocks:
        entry = None if block.display else _ENTRY_IS_ONE.fullmatch(block.latex)
        key = entry and _declared_key(entry.group(1), rewrite)
        if key is not None and key in leaves and leaves[key].one_hot and leaves[key].cols == 1:
            found.add(entry.group(2))
    return frozenset(found)


_ENTRY_IS_ONE = re.compile(r"\s*((?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?[A-Za-z]\s*\}?)\s*_\s*\{?\s*([a-z])\s*\}?\s*=\s*1\s*")


def _summed_names(latex: str, rewrite) -> set[str]:
    """The keys of the names, whole, a relation's left side uses: y for Σ_k y_k = 1, Y for Y𝟏 = 𝟏."""
    try:
        left = rewrite(parse(re.split(r"\\in(?![a-zA-Z])", latex)[0].rsplit("=", 1)[0]))
    except GradproofError:
        return set()
    return {key_of(Name(n.base, None, n.hat)) for n in walk(left) if isinstance(n, Name) and n.base not in ("1", "I")}


def _says_one_hot(doc: Document) -> bool:
    return any(_ONE_HOT.search(b.prose_before + b.prose_after + b.latex) for b in doc.blocks)


def _block_keys(latex: str, rewrite) -> list[str | None]:
    """The key of each name a block lists or declares, in order ("y, Y \\in …", "R = …"); None for a part
    that is no name."""
    return [_declared_key(part, rewrite) for part in re.split(r",|\\in|=", latex)]


def _one_hot_names(doc: Document, leaves: dict[str, Leaf], rewrite, defined=(), anonymous: bool = True) -> list[str]:
    """The declared names the prose calls one-hot ("$y$ is one-hot", "a one-hot label $y$", a table's
    row "| $T$ | $N \\times K$ | labels (one-hot) |", whatever the letter); where the prose says one-hot
    of no name in particular (and ``anonymous``), the labels y and Y that the document does not define
    (``defined``: the keys it does)."""
    if not _says_one_hot(doc):
        return []
    named = []
    for index, block in enumerate(doc.blocks):
        row = _ONE_HOT.search(_rest_of_line(doc.blocks, index))
        near = _ONE_HOT.search(block.prose_after[:40]) or _ONE_HOT.search(block.prose_before[-40:]) \
            or _ONE_HOT.search(block.latex) or row
        if not near:
            continue
        called = _CALLED_ONE_HOT.search(block.prose_before) or _SAID_ONE_HOT.search(block.prose_after) \
            or _FIRST_CELL.search(block.prose_before) and row
        for number, key in enumerate(_block_keys(block.latex, rewrite)):
            key = _whole_of_entry(key, leaves)
            if key in leaves and key not in named and (_LABEL_LETTER.match(key) or called and number == 0):
                named.append(key)
    return named or [k for k in ("y", "Y", "y^()") if anonymous and k in leaves and k not in defined]
