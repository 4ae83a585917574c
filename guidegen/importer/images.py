"""`guidegen import --download-images`: fetch each remote image of the imported questions
once, into the project's figures/, and point the questions at the copy. A build never
fetches anything; this is the one place guidegen reads the network, and only when asked."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from pathlib import Path, PurePosixPath

from guidegen.errors import Problem, problem
from guidegen.importer.titles import slugify

MAX_BYTES = 20_000_000
TIMEOUT = 30  # seconds per image
# Markdown images and HTML <img> whose address is on the web.
_MARKDOWN = re.compile(r"(!\[[^\]]*\]\()\s*<?(https?://[^)\s>]+)>?((?:\s+\"[^\"]*\")?\))")
_HTML = re.compile(r"(<img\b[^>]*?\bsrc\s*=\s*[\"'])(https?://[^\"']+)([\"'])", re.IGNORECASE)
_KINDS = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"%PDF-": ".pdf"}


def download(planned: list, project: Path, source: Path, problems: list[Problem]) -> tuple[list, dict[Path, bytes]]:
    """The planned files with their remote images pointing at copies in figures/, and the
    copies to write (fetched now, each address once; one already there is not fetched)."""
    figures = project / "figures"
    names: dict[str, str | None] = {}  # address -> file name in figures/, None when it failed
    downloads: dict[Path, bytes] = {}

    def local(address: str, line: int) -> str | None:
        if address not in names:
            name = _name(address, figures)
            if name is None:
                data = _fetch(address, source, line, problems)
                # A failure is remembered too: an address that hung once must not
                # cost another 30 seconds for its next use.
                name = None if data is None else _file_name(address, _kind(data))
                if data is not None:
                    downloads[figures / name] = data
            names[address] = name
        return names[address]

    out = []
    for entry in planned:
        line = entry.found.line

        def replace(match: re.Match) -> str:
            name = local(match.group(2), line)
            return match.group(0) if name is None else f"{match.group(1)}figures/{name}{match.group(3)}"

        text = _HTML.sub(replace, _MARKDOWN.sub(replace, entry.text))
        out.append(dataclasses.replace(entry, text=text))
    return out, downloads


def _file_name(address: str, suffix: str) -> str:
    """figures/ name of an address: its file name as a slug, and a hash of the address."""
    stem = slugify(PurePosixPath(address.split("?")[0].split("#")[0]).stem, 40) or "image"
    return f"{stem}-{hashlib.sha256(address.encode()).hexdigest()[:8]}{suffix}"


def _name(address: str, figures: Path) -> str | None:
    """The file an earlier import downloaded from this address, if it is still there."""
    for suffix in set(_KINDS.values()):
        if (figures / _file_name(address, suffix)).is_file():
            return _file_name(address, suffix)
    return None


def _kind(data: bytes) -> str:
    return next(suffix for magic, suffix in _KINDS.items() if data.startswith(magic))


def _fetch(address: str, source: Path, line: int, problems: list[Problem]) -> bytes | None:
    import urllib.error
    import urllib.request

    try:
        request = urllib.request.Request(address, headers={"User-Agent": "guidegen-import"})
        # urlopen's timeout bounds each socket operation, not the whole transfer: a server
        # that sends a byte now and then would never time out, so the body is read in
        # chunks against one deadline.
        deadline = time.monotonic() + TIMEOUT
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only, by the patterns
            chunks, size = [], 0
            while size <= MAX_BYTES:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no complete answer in {TIMEOUT} s")
                chunk = response.read1(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            data = b"".join(chunks)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        problems.append(problem(source, line, f"could not download the image {address}: {getattr(exc, 'reason', exc)}", warning=True))
        return None
    if len(data) > MAX_BYTES:
        problems.append(problem(source, line, f"the image {address} is over {MAX_BYTES // 1_000_000} MB", warning=True))
        return None
    if not any(data.startswith(magic) for magic in _KINDS):
        problems.append(problem(source, line, f"the image {address} is not a PNG, JPG or PDF file; save it as one", warning=True))
        return None
    return data


# Markdown images and HTML <img> whose address is a relative path.
_LOCAL_MARKDOWN = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<path>(?![a-zA-Z][\w+.-]*:|/|#)[^)\s>]+)>?(?:\s+\"[^\"]*\")?\)")
_LOCAL_HTML = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"'](?P<path>(?![a-zA-Z][\w+.-]*:|/|#)[^\"']+)[\"'][^>]*>", re.IGNORECASE)


def copy_local(planned: list, project: Path, source: Path, problems: list[Problem],
               downloaded: dict[Path, bytes]) -> tuple[list, dict[Path, bytes]]:
    """The planned files with their relative images pointing at copies in figures/, and
    the copies to write. An image is copied only from the document's own folder tree, and
    only a PNG, JPG or PDF file; one that is missing (or outside, or of another kind) is
    replaced by a printed placeholder naming it, with a warning, and its question kept."""
    from urllib.parse import unquote

    folder = source.resolve().parent
    figures = project / "figures"
    copies: dict[Path, bytes] = {}
    names: dict[str, str | None] = {}

    def local(path: str, line: int) -> str | None:
        if path in names:
            return names[path]
        if path.startswith("figures/") and (figures / path[8:] in downloaded or (figures / path[8:]).is_file()):
            return path[8:]  # a copy --download-images made, or one the project has
        target = (folder / unquote(path.split("#")[0].split("?")[0])).resolve()
        name, why = None, None
        if folder not in target.parents:
            why = "lies outside the document's folder"
        elif not target.is_file():
            why = "does not exist beside the document"
        else:
            data = target.read_bytes()
            if len(data) > MAX_BYTES:
                why = f"is over {MAX_BYTES // 1_000_000} MB"
            elif not any(data.startswith(magic) for magic in _KINDS):
                why = "is not a PNG, JPG or PDF file"
            else:
                stem = slugify(target.stem, 40) or "image"
                name = f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}{_kind(data)}"
                copies[figures / name] = data
        if why:
            problems.append(problem(source, line, f"image '{path}' {why}; a placeholder is printed in its place", warning=True))
        names[path] = name
        return name

    out = []
    for entry in planned:
        line = entry.found.line

        def markdown(match: re.Match) -> str:
            name = local(match.group("path"), line)
            if name is None:
                return f"*(image not found: {match.group('alt') or match.group('path')})*"
            return match.group(0).replace(match.group("path"), f"figures/{name}", 1)

        def html(match: re.Match) -> str:
            name = local(match.group("path"), line)
            if name is None:
                return f"*(image not found: {match.group('path')})*"
            return match.group(0).replace(match.group("path"), f"figures/{name}", 1)

        def rewrite(text: str) -> str:
            return _LOCAL_HTML.sub(html, _LOCAL_MARKDOWN.sub(markdown, text))

        found = entry.found
        # The checks before writing read the found question's parts: they name the copies too.
        found = dataclasses.replace(found, question=dataclasses.replace(found.question, text=rewrite(found.question.text)),
                                    answer=dataclasses.replace(found.answer, text=rewrite(found.answer.text)))
        out.append(dataclasses.replace(entry, text=rewrite(entry.text), found=found))
    return out, copies
