"""Rebuild sources: folders of article files and JSONL files -> Documents, with what was skipped and why."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from tqdm import tqdm

from index.errors import UnsupportedDocument
from index.ingest.parse import SUPPORTED, ParseLimits, parse_document
from index.types import Document


def source_files(sources: Iterable[Path]) -> list[Path]:
    """Every supported file under the given folders (recursively, sorted), plus the files named directly."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files += sorted(
                p for p in source.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED and not p.name.startswith(".")
            )
        elif source.is_file():
            files.append(source)
        else:
            raise FileNotFoundError(f"No such file or folder: {source}")
    return files


def read_sources(
    sources: Iterable[Path], limits: ParseLimits, progress: bool = False
) -> tuple[list[Document], list[str]]:
    """Parse every source file; a file that cannot be read is skipped with "name: reason"."""
    documents: list[Document] = []
    skipped: list[str] = []
    limits = replace(limits, max_articles=sys.maxsize)  # a rebuild reads whole corpora; uploads are capped
    for path in tqdm(source_files(sources), desc="Reading", unit="file", disable=not progress):
        try:
            documents += parse_document(path.read_bytes(), path.name, limits)
        except UnsupportedDocument as error:
            skipped.append(f"{path}: {error}")
    return documents, skipped
