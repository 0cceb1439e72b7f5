"""REFI-QDA export: a ``.qdpx`` project (codebook, sources, confirmed codings) and a ``.qdc`` codebook.

The XML is built from plain data (no database access here); ``write_qdpx``/``write_qdc`` write the files
atomically. Selections are plain-text selections at character offsets into the stored transcript text, which
is also the source document, so ``text[start:end]`` is exactly the coded passage. Polarity and notes travel
as the selection's description; coders become REFI users. GUIDs are derived from names (uuid5) so the same
project exports the same file twice.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from pipeline import __version__
from pipeline.errors import PipelineError
from pipeline.records import Codebook

NS = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
SCHEMA = Path(__file__).resolve().parent / "data" / "Project-mrt2019.xsd"
_BASE = uuid.UUID("6f1f0c57-6a4e-4b8e-9d4a-7e1a7e1a7e1a")
POLARITY_ID = {"supports": "mendukung", "against": "menentang"}
_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31"]


def guid(*parts: str) -> str:
    """A stable GUID for the given name parts."""
    return str(uuid.uuid5(_BASE, "\x1f".join(parts)))


def _timestamp(value: str | None) -> str:
    if value:
        try:
            return dt.datetime.fromisoformat(value).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            pass
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _codes_xml(parent: ET.Element, codebook: Codebook, ns: str) -> None:
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    nodes: dict[str, ET.Element] = {}
    for i, element in enumerate(codebook.elements):
        container = nodes.get(element.parent, codes) if element.parent else codes
        node = ET.SubElement(container, f"{{{ns}}}Code", {
            "guid": guid("code", element.id), "name": f"{element.label_id} ({element.id})",
            "isCodable": "true", "color": _COLORS[i % len(_COLORS)],
        })
        desc = [element.label_en, element.definition, element.include and f"Masuk: {element.include}",
                element.exclude and f"Tidak masuk: {element.exclude}",
                "Setiap coding membawa polaritas (mendukung/menentang) di deskripsi seleksi."]
        ET.SubElement(node, f"{{{ns}}}Description").text = "\n".join(d for d in desc if d)
        nodes[element.id] = node


def project_xml(
    codebook: Codebook,
    sources: Mapping[str, str],
    codings: Iterable[Mapping],
    *,
    name: str = "telaah",
) -> bytes:
    """Build ``project.qde``.

    Args:
        codebook: the codes (parents nest their children).
        sources: transcript name -> stored text.
        codings: rows with ``document``, ``code``, ``polarity``, ``start``, ``end``, ``coder``, ``time``,
            ``note``, ``passage_id`` (as from ``pipeline.store.scores.quotations``).
        name: the project name.
    """
    ET.register_namespace("", NS)
    rows = list(codings)
    coders = sorted({r["coder"] for r in rows})
    root = ET.Element(f"{{{NS}}}Project", {
        "name": name, "origin": f"telaah {__version__}",
        "creationDateTime": _timestamp(None),
    })
    if coders:
        users = ET.SubElement(root, f"{{{NS}}}Users")
        for coder in coders:
            ET.SubElement(users, f"{{{NS}}}User", {"guid": guid("user", coder), "name": coder})
    _codes_xml(ET.SubElement(root, f"{{{NS}}}CodeBook"), codebook, NS)
    by_doc: dict[str, list[Mapping]] = {}
    for r in rows:
        by_doc.setdefault(r["document"], []).append(r)
    if sources:
        srcs = ET.SubElement(root, f"{{{NS}}}Sources")
        for doc in sorted(sources):
            sguid = guid("source", doc)
            src = ET.SubElement(srcs, f"{{{NS}}}TextSource", {
                "guid": sguid, "name": doc, "plainTextPath": f"internal://{sguid}.txt",
            })
            for r in by_doc.get(doc, []):
                _selection(src, r)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _selection(src: ET.Element, r: Mapping) -> None:
    user = guid("user", r["coder"])
    when = _timestamp(r.get("time"))
    sel = ET.SubElement(src, f"{{{NS}}}PlainTextSelection", {
        "guid": guid("selection", r["document"], r["passage_id"], r["code"]),
        "name": f"{r['passage_id']} {r['code']}", "startPosition": str(r["start"]), "endPosition": str(r["end"]),
        "creatingUser": user, "creationDateTime": when,
    })
    polarity = r.get("polarity") or ""
    desc = f"Polaritas: {POLARITY_ID.get(polarity, polarity)} ({polarity})"
    if r.get("note"):
        desc += f"\nCatatan: {r['note']}"
    ET.SubElement(sel, f"{{{NS}}}Description").text = desc
    coding = ET.SubElement(sel, f"{{{NS}}}Coding", {
        "guid": guid("coding", r["document"], r["passage_id"], r["code"], r["coder"]),
        "creatingUser": user, "creationDateTime": when,
    })
    ET.SubElement(coding, f"{{{NS}}}CodeRef", {"targetGUID": guid("code", r["code"])})


def codebook_xml(codebook: Codebook) -> bytes:
    """Build a REFI-QDA codebook (``.qdc``): the same ``Codes`` tree in the codebook namespace."""
    ET.register_namespace("", NS_CODEBOOK)
    root = ET.Element(f"{{{NS_CODEBOOK}}}CodeBook", {"origin": f"telaah {__version__}"})
    _codes_xml(root, codebook, NS_CODEBOOK)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def validate_project(xml: bytes) -> None:
    """Validate ``project.qde`` against the official REFI-QDA schema.

    Raises:
        PipelineError: the XML does not validate (with the schema's reason).
    """
    import xmlschema

    schema = xmlschema.XMLSchema(str(SCHEMA))
    try:
        schema.validate(xml.decode("utf-8"))
    except xmlschema.XMLSchemaValidationError as exc:
        raise PipelineError(f"project.qde does not validate against REFI-QDA 1.0: {exc.reason}") from exc


def validate_codebook(xml: bytes) -> None:
    """Validate a ``.qdc`` by checking its ``Codes`` tree against the project schema's CodeBook type.

    Raises:
        PipelineError: the codebook does not validate.
    """
    root = ET.fromstring(xml)
    for node in root.iter():
        node.tag = node.tag.replace(f"{{{NS_CODEBOOK}}}", f"{{{NS}}}")
    project = ET.Element(f"{{{NS}}}Project", {"name": "codebook"})
    book = ET.SubElement(project, f"{{{NS}}}CodeBook")
    book.extend(list(root))
    validate_project(ET.tostring(project, encoding="utf-8", xml_declaration=True))


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_qdpx(path: str | os.PathLike, codebook: Codebook, sources: Mapping[str, str],
               codings: Sequence[Mapping], *, name: str = "telaah") -> Path:
    """Write a validated ``.qdpx`` (ZIP: ``project.qde`` + ``sources/<guid>.txt``)."""
    xml = project_xml(codebook, sources, codings, name=name)
    validate_project(xml)
    target = Path(path)

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("project.qde", xml)
            for doc, text in sources.items():
                zf.writestr(f"sources/{guid('source', doc)}.txt", text.encode("utf-8"))

    _atomic_write(target, write)
    return target


def write_qdc(path: str | os.PathLike, codebook: Codebook) -> Path:
    """Write the codebook alone as a REFI-QDA ``.qdc`` file."""
    target = Path(path)
    xml = codebook_xml(codebook)
    validate_codebook(xml)
    _atomic_write(target, lambda tmp: tmp.write_bytes(xml))
    return target


def read_qdc(data: bytes, *, name: str = "imported") -> Codebook:
    """Read a REFI-QDA codebook (``.qdc``) into a Codebook (nested codes become sub-elements).

    Raises:
        PipelineError: the file is not a REFI-QDA codebook.
    """
    from pipeline.records import CodebookElement

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise PipelineError(f"{name}: not XML ({exc}); is this a REFI-QDA .qdc file?") from exc
    ns = root.tag.split("}")[0].strip("{") if root.tag.startswith("{") else ""
    codes = root.find(f"{{{ns}}}Codes") if ns else root.find("Codes")
    if codes is None:
        raise PipelineError(f"{name}: no <Codes> element; is this a REFI-QDA .qdc file?")
    elements: list[CodebookElement] = []

    def walk(node: ET.Element, parent: str | None) -> None:
        for code in node.findall(f"{{{ns}}}Code" if ns else "Code"):
            label = code.get("name", "")
            cid = label.rsplit("(", 1)[1].rstrip(")") if label.endswith(")") and "(" in label else label
            desc = code.find(f"{{{ns}}}Description" if ns else "Description")
            elements.append(CodebookElement(cid, label.rsplit(" (", 1)[0], label.rsplit(" (", 1)[0],
                                            definition=(desc.text or "") if desc is not None else "",
                                            parent=parent))
            walk(code, cid)

    walk(codes, None)
    return Codebook(name=name, version="qdc", elements=tuple(elements))


def codebook_yaml(codebook: Codebook) -> str:
    """The codebook in telaah's YAML shape (``lexicons/*.yaml``), e.g. after :func:`read_qdc`.

    The imported codes have no lexicon yet: suggestions for them come from the classifier once codes are
    confirmed, or from a lexicon file the team writes (named by a ``lexicon:`` line).
    """
    import yaml

    codes = []
    for e in codebook.elements:
        item = {"id": e.id, "label_id": e.label_id, "label_en": e.label_en}
        item.update({k: v for k, v in (("definition", e.definition), ("include", e.include),
                                       ("exclude", e.exclude), ("parent", e.parent)) if v})
        codes.append(item)
    return yaml.safe_dump({"name": codebook.name, "codes": codes}, allow_unicode=True, sort_keys=False, width=110)
