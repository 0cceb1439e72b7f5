"""The codebook as data: ``lexicons/deseve.yaml`` (or another framework's file) -> a validated :class:`Codebook`.

Loading keeps YAML line numbers (``yaml.compose`` nodes) so that every mistake is reported as ``file:line: what``
with the fix: unknown parent, duplicate id, missing field. No database access here.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import InvalidCodebook, PipelineError
from pipeline.paths import LEXICONS
from pipeline.records import Codebook, CodebookElement

DEFAULT_CODEBOOK = LEXICONS / "deseve.yaml"
_REQUIRED = ("id", "label_id", "label_en")
_KNOWN = {*_REQUIRED, "definition", "include", "exclude", "parent"}


@dataclass(slots=True)
class Node:
    """A YAML value with the 1-based line it starts on (mappings and lists hold Nodes)."""

    value: Any
    line: int
    key_line: int = 0  # for a mapping value: the line of its key

    def plain(self) -> Any:
        """The value without line numbers (plain dicts, lists and scalars)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def _convert(node: yaml.Node, where: str, error: type[PipelineError]) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise error(f"{where}:{key_node.start_mark.line + 1}: kunci harus teks / keys must be scalars")
            key = _resolve_scalar(key_node)
            if key in out:
                raise error(f"{where}:{key_node.start_mark.line + 1}: kunci ganda / duplicate key {key!r}; hapus salah satu")
            out[key] = _convert(value_node, where, error)
            out[key].key_line = key_node.start_mark.line + 1
        return Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(v, where, error) for v in node.value], line)
    return Node(_resolve_scalar(node), line)


def _resolve_scalar(node: yaml.Node) -> Any:
    """A scalar as YAML's safe loader would type it (int, float, bool, None, str)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def read_yaml(path: str | os.PathLike, error: type[PipelineError] = InvalidCodebook) -> Node:
    """Parse a YAML file into :class:`Node` values that keep line numbers.

    Raises:
        error: the file is missing, not UTF-8, or not valid YAML (with the line of the syntax error).
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(f"{file}: berkas tidak ditemukan / file not found") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{file}: bukan UTF-8 / not UTF-8 text ({exc})") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise error(f"{file}{line}: YAML tidak valid / invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    if root is None:
        raise error(f"{file}:1: berkas kosong / empty file")
    return _convert(root, str(file), error)


def file_hash(*paths: str | os.PathLike) -> str:
    """A short sha256 over the bytes of ``paths`` (in order): the version of a set of data files."""
    digest = hashlib.sha256()
    for p in paths:
        digest.update(Path(p).read_bytes())
    return digest.hexdigest()[:12]


def _element(item: Node, where: str) -> CodebookElement:
    if not isinstance(item.value, dict):
        raise InvalidCodebook(f"{where}:{item.line}: setiap kode harus berupa mapping / each code must be a mapping")
    fields = item.value
    for name in _REQUIRED:
        if name not in fields or not str(fields[name].value or "").strip():
            raise InvalidCodebook(f"{where}:{item.line}: kode tanpa {name!r} / code without {name!r}; tambahkan")
    for name, node in fields.items():
        if name not in _KNOWN:
            known = ", ".join(sorted(_KNOWN))
            raise InvalidCodebook(f"{where}:{node.line}: kolom tidak dikenal / unknown field {name!r} (known: {known})")
    text = {k: ("" if v.value is None else str(v.value).strip()) for k, v in fields.items()}
    return CodebookElement(
        id=text["id"],
        label_id=text["label_id"],
        label_en=text["label_en"],
        definition=text.get("definition", ""),
        include=text.get("include", ""),
        exclude=text.get("exclude", ""),
        parent=text.get("parent") or None,
    )


def _validate(elements: list[tuple[CodebookElement, Node]], where: str) -> None:
    seen: dict[str, int] = {}
    for element, node in elements:
        if element.id in seen:
            raise InvalidCodebook(
                f"{where}:{node.value['id'].line}: id ganda / duplicate id {element.id!r} "
                f"(pertama di baris / first at line {seen[element.id]}); setiap id harus unik"
            )
        seen[element.id] = node.value["id"].line
    for element, node in elements:
        if element.parent is not None and element.parent not in seen:
            raise InvalidCodebook(
                f"{where}:{node.value['parent'].line}: induk tidak dikenal / unknown parent {element.parent!r} "
                f"of {element.id!r}; known ids: {', '.join(seen)}"
            )
        if element.parent == element.id:
            raise InvalidCodebook(f"{where}:{node.value['parent'].line}: {element.id!r} is its own parent")


def codebook_lexicon_path(path: str | os.PathLike | None = None) -> Path | None:
    """The lexicon file a codebook names in its ``lexicon`` field (relative to the codebook), or None."""
    file = Path(path) if path else DEFAULT_CODEBOOK
    root = read_yaml(file)
    value = root.value.get("lexicon") if isinstance(root.value, dict) else None
    if value is None or not value.value:
        return None
    return (file.parent / str(value.value)).resolve()


def load_codebook(path: str | os.PathLike | None = None) -> Codebook:
    """Load and validate a codebook YAML file (default ``lexicons/deseve.yaml``).

    Args:
        path: the codebook file; ``None`` or ``""`` means the shipped DeSeve codebook.

    Returns:
        A :class:`pipeline.records.Codebook` whose ``version`` is a hash of the file.

    Raises:
        InvalidCodebook: with ``file:line`` for a syntax error, a missing field, a duplicate id, an unknown
            parent or an empty code list.
    """
    file = Path(path) if path else DEFAULT_CODEBOOK
    root = read_yaml(file)
    where = str(file)
    if not isinstance(root.value, dict):
        raise InvalidCodebook(f"{where}:{root.line}: codebook harus berupa mapping dengan 'codes' / must be a mapping")
    codes = root.value.get("codes")
    if codes is None or not isinstance(codes.value, list) or not codes.value:
        line = codes.line if codes is not None else root.line
        raise InvalidCodebook(f"{where}:{line}: daftar 'codes' kosong atau tidak ada / empty or missing 'codes' list")
    elements = [(_element(item, where), item) for item in codes.value]
    _validate(elements, where)
    name = root.value.get("name")
    return Codebook(
        name=str(name.value) if name is not None and name.value else file.stem,
        version=file_hash(file),
        elements=tuple(e for e, _ in elements),
    )
