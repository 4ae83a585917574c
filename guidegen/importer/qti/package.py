"""A QTI package read safely: zip members by name, never outside the package (no absolute
names, no '..', no links), within size limits (a small zip may unpack to gigabytes), and
XML parsed without entities, DTDs or network, so a package cannot read a file or blow up."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from guidegen.errors import ContentError, problem

MAX_MEMBER = 20 * 1024 * 1024  # bytes one member may unpack to
MAX_TOTAL = 200 * 1024 * 1024  # bytes the whole package may unpack to
MAX_MEMBERS = 20_000


class BadXml(Exception):
    """A member that is not well-formed XML, or holds a DTD (entities are refused)."""


@dataclass
class Package:
    """The members of a package, read on demand."""

    path: Path
    archive: zipfile.ZipFile
    names: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        info = self.names[name]
        with self.archive.open(info) as handle:
            data = handle.read(MAX_MEMBER + 1)
        if len(data) > MAX_MEMBER:
            raise ContentError([problem(self.shown(name), 1, f"larger than {MAX_MEMBER // 2**20} MB unpacked; not read")])
        return data

    def xml(self, name: str):
        return parse_xml(self.read(name))

    def shown(self, name: str) -> str:
        """How a member is named in messages: the package's path, then the member's."""
        return f"{self.path}/{name}"


def member_name(base: str, href: str) -> str | None:
    """The member an href in member `base` names, or None when it leads outside the
    package (an absolute path, an address, or one that climbs above the package's root)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
    if joined.startswith("../") or joined == ".." or joined.startswith("/"):
        return None
    return joined


def open_package(path: Path) -> Package:
    """The package at `path`; its members whose names leave it are refused."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ContentError([problem(path, 1, f"not a zip package ({error})")]) from None
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_TOTAL:
        raise ContentError([problem(path, 1, "the package unpacks to more than "
                                             f"{MAX_TOTAL // 2**20} MB or {MAX_MEMBERS} files; not read")])
    names = {}
    for info in infos:
        name = info.filename.replace("\\", "/")
        is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
        normal = posixpath.normpath(name)
        if info.is_dir() or is_link or name.startswith("/") or normal.startswith("..") or ":" in name.split("/")[0]:
            continue  # a folder, a link, or a name outside the package: never read
        names[normal] = info
    return Package(path, archive, names)


def parse_xml(data: bytes):
    """An XML document's root, with no entity resolved, no DTD loaded, no network."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise BadXml(str(error)) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise BadXml("it declares a DTD (entities are not read)")
    return root


def localname(element) -> str:
    from lxml import etree

    return etree.QName(element).localname if isinstance(element.tag, str) else ""
