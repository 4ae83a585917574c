"""Check untrusted math before it reaches LaTeX: an allow-list of commands and a structural parse.

Math is the one place content is passed to TeX unescaped, so everything in it is
checked: only listed commands, balanced groups and environments, arguments present
(one symbol or a group in braces), no double scripts ('°' is a superscript), and what
\bm cannot take. What passes here typesets, also in titles and captions; what fails
gets a message for people.
"""

from __future__ import annotations

import re

from guidegen.content.mathsymbols import (
    is_direct, COLUMNS, DELIMITERS, DELIMITER_COMMANDS, ENVIRONMENTS, MATH_SYMBOLS, MAX_DEPTH,
    MAX_LEFT_DEPTH, NOT_IN_BOLD, NOT_ONE_SYMBOL, NOT_ONE_SYMBOL_IN_BOLD, ONE_ARG, SIZED, SPACING_SYMBOLS,
    STYLES, SUPERSCRIPT_CHARS, SYMBOLS, TEXT_ARG, TEXT_COMMANDS, TEXT_SYMBOL_COMMANDS, TWO_ARG,
)
# MathError and tokenize are this module's API too.
from guidegen.content.mathtokens import TOKEN, MathError, excerpt, token_offsets, tokenize  # noqa: F401
from guidegen.content.unicodescripts import accents_to_math, scripts_to_math

# Environments that are a whole displayed formula in GitHub's and MathJax's Markdown
# ($$\begin{align}...\end{align}$$): set as amsmath's unnumbered display environment,
# with how many '&' a row may hold (None: any; -1: no rows at all).
DISPLAY_ENVIRONMENTS = {"align": ("align*", None), "align*": ("align*", None), "flalign": ("flalign*", None),
                        "flalign*": ("flalign*", None), "gather": ("gather*", 0), "gather*": ("gather*", 0),
                        "multline": ("multline*", 0), "multline*": ("multline*", 0), "equation": ("equation*", -1),
                        "equation*": ("equation*", -1)}
_DISPLAY = re.compile(r"\s*\\begin\{(%s)\}(.*)\\end\{\1\}\s*" % "|".join(re.escape(e) for e in DISPLAY_ENVIRONMENTS), re.DOTALL)
# Rows of an environment that cannot break across pages (all but a whole displayed align
# or gather): 40 rows of a_i &= b_i already fill an A4 page, the tallest paper, and a
# formula taller than the page is left out of the PDF without a word from TeX.
MAX_ROWS = {"": 50, "smallmatrix": 100, "substack": 100}
_HASH = re.compile(r"(?<!\\)((?:\\\\)*)#")
_DEGREE = re.compile(r"\\degree(?![A-Za-z])")


def normal_math(source: str) -> str:
    """\\degree as °, and Unicode scripts as TeX's: $Wᵀx$ is $W^{T}x$, $x²³$ is $x^{23}$."""
    # An unescaped '#' has no meaning in a formula people write ("\\text{# outcomes}"): it
    # is the sign itself, as MathJax shows it.
    return _HASH.sub(r"\1\\#", accents_to_math(scripts_to_math(_DEGREE.sub("°", source))))


class _Checker:
    def __init__(self, tokens: list[str], display: bool = False, top: tuple[str, ...] = (), offsets: list[int] = ()):
        self.offsets = offsets  # where each token starts in the source
        self.begins: list[int] = []  # the token index of each \\begin not yet closed
        self.display = display  # a displayed formula: \tag and split are allowed at its top level
        self.top = top  # the displayed formula's own environment, if any
        self.tagged = False  # this row has a \tag already
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.lefts = 0  # \left delimiters not yet closed by their \right, at any depth
        self.bold = 0  # inside \bm{...} or \boldsymbol{...}

    def peek(self, skip_space: bool = True) -> str | None:
        pos = self.pos
        while skip_space and pos < len(self.tokens) and self.tokens[pos] == " ":
            pos += 1
        return self.tokens[pos] if pos < len(self.tokens) else None

    def take(self) -> str | None:
        while self.pos < len(self.tokens) and self.tokens[self.pos] == " ":
            self.pos += 1
        if self.pos >= len(self.tokens):
            return None
        self.pos += 1
        return self.tokens[self.pos - 1]

    # -- math mode -------------------------------------------------------------------------
    def math_list(self, envs: tuple[str, ...], closer: str | None, columns: int | None = -1) -> None:
        """Check tokens until `closer` ('}' or '\\end') or the end; tracks scripts per atom.

        `columns` is how many '&' a row of the enclosing alignment may hold (None: any;
        -1: this list is not an alignment row, e.g. a brace group, so '&' and '\\\\' are errors).
        """
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise MathError("formula is nested too deeply")
        has_sup = has_sub = after_prime = False
        degree = ""  # a SUPERSCRIPT_CHARS character (°) whose superscript has_sup is
        left_count = 0
        tabs = 0
        rows = 1
        while True:
            tok = self.take()
            if tok is None:
                if closer == "}":
                    raise MathError("unbalanced braces: a '{' is never closed")
                if closer == "\\end":
                    raise MathError(f"\\begin{{{envs[-1]}}} is never closed with \\end{{{envs[-1]}}}")
                if left_count:
                    raise MathError("\\left without a matching \\right")
                break
            if tok == "}":
                if closer != "}":
                    raise MathError("unbalanced braces: '}' without a matching '{'")
                if left_count:
                    raise MathError("\\left without a matching \\right")
                break
            if tok in ("^", "_"):
                if tok == "^" and has_sup and not after_prime:
                    if degree:
                        raise MathError(f"double superscript: '{degree}' is a superscript already; group it, e.g. {{x{degree}}}^2")
                    raise MathError("double superscript: group it, e.g. x^{a b} or {x^a}^b")
                if tok == "_" and has_sub:
                    raise MathError("double subscript: group it, e.g. x_{i j} or {x_i}_j")
                following = self.peek() or ""
                if following in ("", "}", "^", "_", "&", "\\\\", "'") or following.startswith("\\end"):
                    raise MathError(f"'{tok}' needs something after it, e.g. x{tok}2 or x{tok}{{i+1}}")
                if tok == "^" and after_prime and self.bold and following != "{":
                    raise MathError("inside \\bm{...} a superscript after a prime needs braces: write x'^{2}")
                self.argument(envs, tok)
                has_sup, has_sub = has_sup or tok == "^", has_sub or tok == "_"
                after_prime = False
                continue
            if tok == "'":
                # TeX folds primes and one directly following ^ into a single superscript.
                if has_sup and not after_prime:
                    if degree:
                        inner = SUPERSCRIPT_CHARS[degree][1:-1]
                        raise MathError(f"double superscript: a prime after '{degree}', which is a superscript; write x^{{{inner}\\prime}}")
                    raise MathError("double superscript: a prime after a superscript; write x^{a\\prime}")
                has_sup = after_prime = True
                continue
            if tok in SUPERSCRIPT_CHARS:
                # Typeset as {}^{\circ}: an empty atom that already has its superscript.
                has_sup, has_sub, after_prime, degree = True, False, False, tok
                continue
            # Anything else starts a new atom, which may take its own scripts.
            has_sup = has_sub = after_prime = False
            degree = ""
            if tok in ("\\dots", "…") and self.peek() in ("\\bm", "\\boldsymbol"):
                # amsmath's \dots looks at the next token to choose its dots, and fails on \bm.
                raise MathError(f"{tok} right before {self.peek()} fails in LaTeX; write \\cdots or \\ldots there, "
                                f"or put a comma between, e.g. \\bm{{x}}_1, {tok}, \\bm{{x}}_n")
            if tok == "{":
                self.math_list(envs, "}")
            elif tok == "&":
                if columns == -1:
                    raise MathError("'&' outside a matrix or aligned environment (or inside braces there); write \\& for an ampersand")
                if left_count:
                    raise MathError("'&' between \\left and \\right; close the \\right first")
                tabs += 1
                if columns is not None and tabs > columns:
                    raise MathError(f"too many '&' in a row of {envs[-1]} (at most {columns})")
            elif tok == "#":
                raise MathError("'#' is not allowed in math; write \\# for the symbol")
            elif tok == "%":
                raise MathError("'%' is not allowed in math (LaTeX would ignore the rest of the line); write \\%")
            elif tok == "$":
                raise MathError("'$' inside math; write \\$ for a dollar sign")
            elif tok == "\\\\":
                if columns == -1:
                    raise MathError("'\\\\' (new line) is only allowed inside an environment such as aligned or bmatrix, outside braces")
                if left_count:
                    raise MathError("'\\\\' between \\left and \\right; close the \\right first")
                tabs = 0
                rows += self.peek() != "\\end"  # a \\ before \end adds no row to count
                self.tagged = False
                if self.peek(skip_space=False) == "[":
                    self.bracket_option(r"^\s*-?\d+(\.\d+)?\s*(pt|em|ex|mm|cm)\s*$", "\\\\[...] needs a length such as 4pt")
            elif tok.startswith("\\"):
                if tok == "\\middle" and not left_count:
                    raise MathError("\\middle is only allowed between \\left and \\right")
                left_count += self.command(tok[1:], envs, closer)
                if left_count < 0:
                    raise MathError("\\right without a matching \\left")
                if tok == "\\end":
                    break
            elif tok.isascii():
                if not (tok.isprintable() or tok == " "):
                    raise MathError(f"control character U+{ord(tok):04X} in math")
            elif tok not in MATH_SYMBOLS:
                raise MathError(f"character '{tok}' (U+{ord(tok):04X}) cannot be used in math; write it as a command")
            elif self.bold and MATH_SYMBOLS[tok].lstrip("\\") in NOT_IN_BOLD:
                raise MathError(f"'{tok}' cannot be used inside \\bm{{...}}; put it outside, e.g. \\bm{{x}}_1, {tok}, \\bm{{x}}_n")
        if rows > 1 and envs and (closer == "\\end" or envs[-1] == "substack"):
            limit = MAX_ROWS.get(envs[-1], MAX_ROWS[""])
            if rows > limit:
                raise MathError(f"{envs[-1]} has {rows:,} rows, and it cannot break across pages: more than {limit} "
                                "do not fit on one (they run off the page, or TeX leaves the formula out); split it "
                                "into several, or write the whole display as $$\\begin{align}...\\end{align}$$, "
                                "which breaks between rows")
        self.depth -= 1

    def argument(self, envs: tuple[str, ...], owner: str) -> None:
        """One mandatory argument of `owner` ('^', '_' or a command such as '\\frac'): a
        group or a single symbol (not a closing brace)."""
        tok = self.take()
        if tok is None or tok in ("}", "&", "^", "_", "\\\\", "#", "%", "$", "\\end", "\\right"):
            raise MathError("a command is missing its argument")
        if tok == "{":
            self.math_list(envs, "}")
            return
        if tok == "\\middle":
            raise MathError("\\middle is only allowed between \\left and \\right, not as a superscript, subscript or argument")
        if tok in SUPERSCRIPT_CHARS and owner == "^":
            raise MathError(f"double superscript: '{tok}' right after '^' is a second superscript; write x^{SUPERSCRIPT_CHARS[tok]}")
        if tok.startswith("\\"):
            name = tok[1:]
            if name in ONE_ARG or name in TWO_ARG or name in TEXT_ARG or name in ("begin", "left", "right") or name in SIZED:
                raise MathError(f"put {tok} inside braces when it is the argument of another command")
            if name.rstrip("*") in NOT_ONE_SYMBOL:
                self.needs_braces(tok, owner, name in STYLES)
            if self.bold and name in NOT_ONE_SYMBOL_IN_BOLD:
                where = f"after '{owner}'" if owner in ("^", "_") else f"as the argument of {owner}"
                example = f"x{owner}{{{tok}}}" if owner in ("^", "_") else f"{owner}{{{tok}}}"
                raise MathError(f"inside \\bm{{...}}, {tok} {where} fails in LaTeX; put it in braces: {example}")
            self.command(name, envs, None)
        elif tok == "~":
            self.needs_braces(tok, owner)
        elif not tok.isascii():
            if tok not in MATH_SYMBOLS:
                raise MathError(f"character '{tok}' (U+{ord(tok):04X}) cannot be used in math; write it as a command")
            latex = MATH_SYMBOLS[tok]
            if not re.fullmatch(r"\\[A-Za-z]+|\\.|[^\\{}]", latex) or latex[1:] in NOT_ONE_SYMBOL:
                self.needs_braces(tok, owner)  # e.g. ℝ is \mathbb{R}, ∑ is \sum
            if self.bold and latex[1:] in NOT_IN_BOLD:
                raise MathError(f"'{tok}' cannot be used inside \\bm{{...}}; put it outside, e.g. \\bm{{x}}_1, {tok}, \\bm{{x}}_n")

    @staticmethod
    def needs_braces(tok: str, owner: str, switch: bool = False) -> None:
        """Refuse `tok` (not one math symbol) as the unbraced argument of `owner`."""
        shown = "'\\ ' (a space)" if tok == "\\ " else tok if tok.startswith("\\") else f"'{tok}'"
        inside = tok + (" ..." if switch else "")
        if owner in ("^", "_"):
            kind = "superscript" if owner == "^" else "subscript"
            raise MathError(f"'{owner}' takes one symbol or a group in braces, and {shown} is not one symbol; "
                            f"put the {kind} in braces: x{owner}{{{inside}}}")
        raise MathError(f"{owner} takes one symbol or a group in braces, and {shown} is not one symbol; "
                        f"put its argument in braces: {owner}{{{inside}}}")

    def bracket_option(self, pattern: str, message: str) -> str:
        """An optional [..] argument whose content must match `pattern`."""
        self.take()  # the '['
        content = []
        while True:
            tok = self.take() if self.peek(skip_space=False) != " " else self.tokens[self.pos]
            if tok == " ":
                self.pos += 1
            if tok is None:
                raise MathError(message)
            if tok == "]":
                break
            content.append(tok)
        text = "".join(content)
        if not re.match(pattern, text):
            raise MathError(message)
        return text

    def command(self, name: str, envs: tuple[str, ...], closer: str | None) -> int:
        """Check one control sequence and its arguments; returns +1/-1 for \\left/\\right."""
        bare = name.rstrip("*")
        if self.bold and bare in NOT_IN_BOLD:
            what = "an environment" if bare == "begin" else f"\\{bare}"
            example = {"dots": "\\bm{x}_1, \\dots, \\bm{x}_n", "iint": "\\iint \\bm{F}", "iiint": "\\iiint \\bm{F}"}.get(
                bare, "\\frac{\\bm{a}}{b}")
            raise MathError(f"{what} cannot be used inside \\bm{{...}} or \\boldsymbol{{...}}; "
                            f"make only the symbols bold, e.g. {example}")
        if name in SPACING_SYMBOLS or bare in SYMBOLS:
            return 0
        if bare == "substack" and self.peek() == "{":  # rows, as in \sum_{\substack{i<j \\ k}}
            self.take()
            self.math_list(envs + ("substack",), "}", 0)
            return 0
        if bare in ONE_ARG or bare in TWO_ARG:
            if bare == "sqrt" and self.peek() == "[":
                self.bracket_option(r"^[0-9A-Za-z+\- ]{1,8}$", "\\sqrt[n]{x} takes a short root index such as 3 or n")
            if bare in ("xrightarrow", "xleftarrow") and self.peek() == "[":
                raise MathError(f"\\{bare}[...] optional arguments are not supported")
            bold = bare in ("bm", "boldsymbol")
            self.bold += bold
            for _ in range(2 if bare in TWO_ARG else 1):
                self.argument(envs, "\\" + bare)
            self.bold -= bold
            return 0
        if bare in TEXT_ARG:
            self.text_argument()
            return 0
        if name == "tag":
            if not self.display or envs != self.top:
                raise MathError("\\tag is only allowed in a displayed formula ($$...$$), outside any environment inside it")
            if self.tagged:
                raise MathError("one \\tag per line of a formula")
            self.tagged = True
            self.text_argument()
            return 0
        if name in ("left", "right", "middle") or name in SIZED:
            self.delimiter(name)
            self.lefts += {"left": 1, "right": -1}.get(name, 0)
            if self.lefts > MAX_LEFT_DEPTH:
                raise MathError(f"\\left…\\right pairs are nested more than {MAX_LEFT_DEPTH} deep; "
                                "close some of them, or size the outer delimiters with \\big( \\Big( \\bigg(")
            return {"left": 1, "right": -1}.get(name, 0)
        if name == "begin":
            self.begins.append(self.pos - 1)
            env = self.environment_name()
            if env == "split" and not (self.display and envs == self.top):
                raise MathError("\\begin{split} works only as a whole displayed formula ($$\\begin{split}...\\end{split}$$); "
                                "use aligned elsewhere")
            columns = COLUMNS.get(env)
            if env in ("array", "alignedat"):
                columns = self.column_spec(env)
            self.math_list(envs + (env,), "\\end", columns)
            self.begins.pop()
            return 0
        if name == "end":
            env = self.environment_name()
            if closer == "\\end" and env != envs[-1]:
                raise MathError(f"\\end{{{env}}} closes \\begin{{{envs[-1]}}}; write \\end{{{envs[-1]}}}")
            if not envs or closer != "\\end":
                raise MathError(f"\\end{{{env}}} without a \\begin{{{env}}} before it")
            return 0
        if name in ("limits", "nolimits"):
            raise MathError(f"\\{name} is not supported; the default placement of limits is used")
        raise MathError(f"\\{name} is not allowed in math (see 'What math may use' in docs/errors-and-safety.md for the commands you can use)")

    def delimiter(self, name: str) -> None:
        tok = self.take()
        if tok is None or not (tok in DELIMITERS or (tok.startswith("\\") and tok[1:] in DELIMITER_COMMANDS)):
            raise MathError(f"\\{name} must be followed by a delimiter such as ( [ | . or \\{{")

    def environment_name(self) -> str:
        if self.take() != "{":
            raise MathError("\\begin and \\end need an environment name in braces, e.g. \\begin{bmatrix}")
        name = []
        while (tok := self.take()) not in ("}", None):
            name.append(tok)
        env = "".join(name)
        if tok is None or env not in ENVIRONMENTS:
            raise MathError(f"environment '{env}' is not allowed in math; use one of {', '.join(sorted(ENVIRONMENTS))}")
        return env

    def column_spec(self, env: str) -> int:
        if self.take() != "{":
            raise MathError(f"\\begin{{{env}}} needs its column argument, e.g. {{cc}}")
        spec = []
        while (tok := self.take()) not in ("}", None):
            spec.append(tok)
        text = "".join(spec)
        pattern = r"[lcr|]{1,30}" if env == "array" else r"[1-9]"
        if tok is None or not re.fullmatch(pattern, text):
            raise MathError(f"\\begin{{{env}}} column argument '{text}' is not supported")
        if env == "array" and not re.search(r"[lcr]", text):
            raise MathError(f"\\begin{{array}} column argument '{text}' has no column; "
                            "give each column a letter l, c or r, e.g. {c|c}")
        return sum(c in "lcr" for c in text) - 1 if env == "array" else 2 * int(text) - 1

    # -- text inside \text{...} ------------------------------------------------------------
    def text_argument(self) -> None:
        if self.take() != "{":
            raise MathError("\\text needs its argument in braces, e.g. \\text{if } x > 0")
        depth = 1
        while depth:
            tok = self.take() if self.peek(skip_space=False) != " " else self.tokens[self.pos]
            if tok == " ":
                self.pos += 1
                continue
            if tok is None:
                raise MathError("unbalanced braces: a '{' is never closed")
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth -= 1
            elif tok in ("^", "_", "&", "#", "%", "$", "~"):
                raise MathError(f"'{tok}' is not allowed inside \\text{{...}}; write it outside the text or escape it")
            elif tok.startswith("\\"):
                name = tok[1:]
                if name not in TEXT_SYMBOL_COMMANDS and name not in TEXT_COMMANDS:
                    raise MathError(f"{tok} is not allowed inside \\text{{...}}")
                if name in TEXT_COMMANDS:
                    if self.peek() != "{":
                        raise MathError(f"{tok} needs its argument in braces")
            elif not tok.isascii():
                # Raw in text mode, so only letters pdfLaTeX's utf8 input knows, and no
                # symbol that the math table would turn into a math-only command.
                if tok in MATH_SYMBOLS and tok != "…" or not (is_direct(tok) or tok in "–—‘’“”…"):
                    raise MathError(f"character '{tok}' (U+{ord(tok):04X}) cannot be used inside \\text{{...}}")
            elif not tok.isprintable():
                raise MathError(f"control character U+{ord(tok):04X} in math")

    def excerpt(self, source: str) -> str | None:
        """What of `source` to quote with an error found where the check stopped (mathtokens.excerpt)."""
        return excerpt(source, self.tokens, self.offsets, self.begins[-1] if self.begins else None, self.pos)


def _checked(checker: _Checker, source: str, envs: tuple[str, ...], columns: int | None = -1) -> None:
    """Run `checker` over `source` (what it was made from); an error knows what to quote."""
    try:
        checker.math_list(envs, None, columns)
    except MathError as exc:
        exc.excerpt = checker.excerpt(source)
        raise


def _checker(source: str, display: bool, top: tuple[str, ...] = ()) -> _Checker:
    tokens = token_offsets(source)
    return _Checker([t for t, _ in tokens], display, top, [offset for _, offset in tokens])


def check_math(source: str, display: bool = False) -> None:
    """Raise MathError if `source` (the inside of $...$ or $$...$$) is not safe, valid math."""
    normal = normal_math(source)
    _checked(_checker(normal, display), normal, ())


def check_display(source: str) -> None:
    """A displayed formula ($$...$$) held to the allow-list, whole environment included;
    MathError if it is not allowed. Nothing is converted: every output checks alike."""
    whole = _DISPLAY.fullmatch(source)
    if whole is None:
        return check_math(source, display=True)
    env, body = whole.groups()
    normal = normal_math(body)
    _checked(_checker(normal, True, (env,)), normal, (env,), DISPLAY_ENVIRONMENTS[env][1])


def whole_environment(source: str) -> tuple[str, str] | None:
    """(environment, body) when a displayed formula is one whole align, gather, multline or
    equation environment; else None."""
    whole = _DISPLAY.fullmatch(source)
    return None if whole is None else (whole.group(1), whole.group(2))
