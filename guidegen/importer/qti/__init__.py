"""guidegen import of QTI packages: a QTI 2.1 content package or a QTI 1.2 package
(Canvas's, Blackboard's, text2qti's, guidegen's own export), told from its content. The
package is read safely (package.py), its items become Markdown (markdown.py; read21.py,
read12.py) and content files (write.py), with the guarantees of every import: best
effort, a warning for every loss, --dry-run, a re-import updates the files it wrote."""

from __future__ import annotations

from pathlib import Path


def detect(path: Path) -> bool:
    """Whether `path` is a QTI package (a zip holding QTI 2.1 items or a QTI 1.2
    questestinterop), whatever its name ends with."""
    import zipfile

    from guidegen.errors import ContentError
    from guidegen.importer.qti import read12, read21
    from guidegen.importer.qti.package import open_package

    try:
        if not path.is_file() or not zipfile.is_zipfile(path):
            return False
        package = open_package(path)
    except (OSError, ContentError):
        return False
    try:
        return read21.is_qti21(package) or read12.is_qti12(package)
    except ContentError:
        return False
    finally:
        package.archive.close()
