"""The writer contract: what every output declares and gives the pipeline (guidegen.pipeline).

The pipeline does what all outputs share: the no-op check, loading and checking the
content, selecting, drawing the figures, publishing and recording. A writer declares what
it takes (its name, the image types it can show, the format figures are drawn in, the
nodes of the content tree it cannot print), what it publishes (the file names it owns),
its own options (a dataclass), and the writers it builds on; then it does the rest: its
own checks, whose findings it returns, and its files, made in the work folder from them.

A writer holds no state: `check` returns a Checked, and the pipeline hands it to `write`.
A new output is one folder here with a writer, one line in guidegen.outputs.WRITERS, and
one command that hands it to the pipeline."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from guidegen.cache import Cache
    from guidegen.errors import Problem
    from guidegen.model import Bank, Question
    from guidegen.requests import Request

Sections = list  # [(Topic, [Question, ...]), ...]: a booklet's questions under their topics


@dataclass(frozen=True)
class Plan:
    """One booklet to make: what was asked, the questions chosen, and their order, one
    per version ("" when there are no versions; else A, B, ...)."""

    request: Request
    chosen: list[Question]
    orders: list[tuple[str, Sections]]


@dataclass(frozen=True)
class Job:
    """What a writer is given to make its files."""

    project: Path
    work: Path  # the build folder's work area, where the files are made
    bank: Bank
    plans: list[Plan]
    drawn: dict[str, Path]  # figure script (relative to figures/) -> its drawing, in the writer's format
    store: Cache


@dataclass(frozen=True)
class Made:
    """A finished file in the work area, the name it is published under in the output
    folder, and how much it holds (pages, or notes)."""

    path: Path
    name: str
    count: int


@dataclass(frozen=True)
class Checked:
    """What a writer's check found: the problems (each labelled with the writer by the
    pipeline), and what it learned that `write` uses (the LaTeX writer: every question in
    LaTeX), so nothing is worked out twice and nothing is kept on the writer."""

    problems: list
    learned: Any = None


@dataclass(frozen=True)
class NoOptions:
    """A writer without options of its own."""


@dataclass(frozen=True)
class Writer:
    """The base of every writer: its declarations, and its options as its only field."""

    # The writer's name: its command's, `check --for`'s, and the label of its problems.
    name: ClassVar[str] = ""
    # The format figure scripts are drawn in for this output: "pdf" or "svg".
    figure_format: ClassVar[str] = "pdf"
    # The suffixes of the image files it can show (lower case, with the dot), and what it
    # makes, for messages ("a card cannot show a PDF image").
    image_types: ClassVar[tuple[str, ...]] = ()
    makes: ClassVar[str] = ""
    # The dataclass of its options: the command line and guide.yaml's `defaults:` read it.
    Options: ClassVar[type] = NoOptions
    # The writers it builds on, by name: a package may import another writer's package only then.
    depends: ClassVar[tuple[str, ...]] = ()
    # The walker that prints a question's tree in this format (held to the checker's node
    # set by the tests), and the node types it declares it cannot print (`check` says so).
    renderer: ClassVar[str] = ""  # "module:Class", imported only by the tests and `check`
    # Its content.assembly.Printer ("module:Class"): the parts of a question in its format.
    printer: ClassVar[str] = ""
    cannot_print: ClassVar[frozenset[str]] = frozenset()
    # False: it reads no questions (the cards' calibration sheet); it is given the guide alone.
    reads_content: ClassVar[bool] = True
    # False: `guidegen check` (and import's checks) ask it only when named with --for: what
    # a learning platform's format cannot carry is news only to whoever exports to it.
    checked_by_default: ClassVar[bool] = True

    options: Any = None

    def __post_init__(self):
        if self.options is None:
            object.__setattr__(self, "options", self.Options())

    def identity(self) -> tuple:
        """What tells this writer's runs apart for the no-op check: its name and options."""
        return (self.name, _plain(self.options))

    def publishes(self, name: str) -> tuple[str, ...]:
        """The names of the files it publishes for output name `name` (the files it owns)."""
        raise NotImplementedError

    def before_state(self, project: Path) -> None:
        """Anything the project must hold before the no-op state is taken (the Anki writer:
        the guide's identity in guide.yaml), so a run never changes what it was keyed on."""

    def check(self, project: Path, bank: Bank, questions: list[Question], store: Cache | None = None,
              thorough: bool = False) -> Checked:
        """What this output cannot make of these (checked) questions and of the project's
        files it alone reads, one problem each with its line, and what it learned on the
        way. `store` keeps work for the run that follows; `thorough` (for `guidegen check`)
        asks for every check a run would meet, even slow ones."""
        return Checked(self.unprintable(bank, questions))

    def unprintable(self, bank: Bank, questions: list[Question]) -> list[Problem]:
        """The images of an unaccepted type, and the constructs it declares it cannot print."""
        from pathlib import PurePosixPath

        from guidegen.content.images import short
        from guidegen.errors import problem

        kinds = " or ".join(dict.fromkeys(t[1:].upper().replace("JPEG", "JPG") for t in self.image_types))
        found = [problem(q.path, ref.line, f"image '{short(ref.script)}': {self.makes or self.name} cannot show a "
                                           f"{PurePosixPath(ref.script).suffix[1:].upper()} image; save it as {kinds}, "
                                           "or draw it with a figure script")
                 for q in questions for ref in bank.figures.get(q.id, ())
                 if not ref.script.endswith(".py") and PurePosixPath(ref.script).suffix.lower() not in self.image_types]
        if self.cannot_print:
            from guidegen.content.tree import node_lines

            for q in questions:
                for node_type, line in node_lines(q):
                    if node_type in self.cannot_print:
                        found.append(problem(q.path, line, f"{self.name} cannot print a {node_type.replace('_', ' ')}"))
        return found

    def prepare(self, project: Path, bank: Bank, plans: list[Plan], store: Cache, checked: Checked) -> None:
        """Everything this output needs validated or converted before any figure is drawn
        or file written, given what its check found; raises ContentError or GuideError."""

    def write(self, job: Job, checked: Checked) -> list[Made]:
        """Make the files in the work area from what `check` found; nothing is published yet."""
        raise NotImplementedError


def _plain(value):
    """A writer's options as plain values, for its identity (an enum by its value)."""
    if dataclasses.is_dataclass(value):
        return tuple((f.name, _plain(getattr(value, f.name))) for f in dataclasses.fields(value))
    if isinstance(value, (tuple, list)):
        return tuple(_plain(v) for v in value)
    return getattr(value, "value", value)


def resolve_options(writer: Writer, guide) -> tuple[Any, list]:
    """The writer's options with each one not given (None) taken from guide.yaml's
    `defaults:` under the writer's name, else from its field's "default"; and the problems
    with what guide.yaml gives (at its line)."""
    from guidegen.errors import problem

    given = {(key, line): value for output, key, value, line in guide.output_defaults if output == writer.name}
    fields = {f.name: f for f in dataclasses.fields(writer.Options)}
    problems = [problem(guide.path, line, f"'defaults: {writer.name}: {key}': {writer.name} has no such option "
                                          f"(its options: {', '.join(fields)})")
                for key, line in given if key not in fields]
    values = {}
    for name, f in fields.items():
        value = getattr(writer.options, name)
        found = [(v, line) for (key, line), v in given.items() if key == name]
        if value is None and found:
            value, line = found[0]
            value = _parse_option(f, value)
            if value is None:
                problems.append(problem(guide.path, line, f"'defaults: {writer.name}: {name}' must be "
                                                          f"{f.metadata.get('expects') or ' or '.join(str(c) for c in f.metadata['choices'])}"))
        values[name] = value if value is not None else f.metadata.get("default")
    return writer.Options(**values), problems


def _parse_option(f, value):
    """A value guide.yaml gives for an option field, read as the command line reads it; None if it is not one."""
    if "parse" in f.metadata:
        return f.metadata["parse"](str(value))
    for choice in f.metadata.get("choices", ()):
        if str(getattr(choice, "value", choice)).lower() == str(value).lower():
            return choice
    return None if "choices" in f.metadata else value


def unknown_outputs(guide, names) -> list:
    """Sections of guide.yaml's `defaults:` named after no output."""
    from guidegen.errors import problem

    return [problem(guide.path, line, f"'defaults: {output}:' names no output (outputs: {', '.join(names)})")
            for output, line in dict.fromkeys((o, line) for o, _, _, line in guide.output_defaults) if output not in names]


def labelled(writer: Writer, problems: list, project: Path | None = None) -> list:
    """Each problem with the content labelled with the writer it is for: `error: [anki] ...`
    (a problem in a file only that writer reads, such as its templates, names it by its path)."""
    import os
    from dataclasses import replace

    prefix = f"[{writer.name}] "
    own = os.path.join(str(project), "templates", "") if project is not None else None
    return [p if p.message.startswith(prefix) or (own and p.path.startswith(own)) else replace(p, message=prefix + p.message)
            for p in problems]
