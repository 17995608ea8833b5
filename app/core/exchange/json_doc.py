"""Everything as one JSON document: the CSV contract's records and values, typed and nested.

The document (schema: `app/resources/kith-journal.schema.json`, described in
docs/exports.md) holds what a CSV export holds, with the same field names and
values, but typed: ids and scales are numbers, `knows_goal`/`agrees_outcome`
booleans, an empty date or choice `null`, free text as written (no apostrophe in
front of `=`: JSON is never read as a formula), a moment's and a joint action's
people a list of ids. A coalition's memberships and joint actions sit inside it
(`members`, `joint_actions`). The journal's stored settings and its UUID (which
the calendar and vCard UIDs derive from) come along, so a restore keeps them.

It is written from a CSV export and read back through the CSV import, so the two
can never disagree about what a record may hold: `import_json` turns the document
into the CSV files (in a private temporary folder, removed after) and imports
them, all or nothing, with every problem named by its place in the document
(`favors[3].weight`). Into an empty journal it is a full restore with ids kept:
export → import → export gives the same document. No timestamp of the export is
written, for that reason.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from app import __version__
from app.core.changes import Changed
from app.core.csvio import format as f
from app.core.csvio.export import export_journal
from app.core.csvio.kith_import import RESTORE, import_kith_csv, preview_kith_csv
from app.core.errors import CsvImportError, CsvProblem, JsonImportError
from app.core.exchange.files import write_private
from app.core.exchange.identity import SETTING as UUID_SETTING
from app.core.exchange.identity import journal_uuid
from app.core.models import Setting
from app.core.services.settings import stored_settings
from app.core.store import Journal

FORMAT = "kith-journal"
FORMAT_VERSION = 1
SCHEMA = "kith-journal.schema.json"
MAX_BYTES = 1 << 30

_INTEGERS = frozenset(
    [
        "id",
        "keep_in_touch_days",
        "warmth",
        "weight",
        "my_commitment",
        "commitment",
        "contact_id",
        "coalition_id",
        "returns_favor_id",
    ]
)
_BOOLEANS = frozenset(("knows_goal", "agrees_outcome"))
_ID_LISTS = frozenset(("contact_ids",))
# Document key of each file, in the order the CSV import reads them; memberships and
# joint actions are nested in their coalition.
_KEYS = {
    f.CONTACTS.name: "people",
    f.COALITIONS.name: "coalitions",
    f.INTERACTIONS.name: "moments",
    f.FAVORS.name: "favors",
    f.JOURNAL.name: "journal_entries",
}
_NESTED = {f.MEMBERSHIPS.name: "members", f.JOINT_ACTIONS.name: "joint_actions"}


@dataclass(frozen=True)
class JsonSummary:
    path: Path
    counts: dict[str, int]

    def __str__(self) -> str:
        said = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        return f"exported to {self.path}: {said}"


@dataclass(frozen=True)
class JsonImportSummary:
    """What `import_json` did; `changed` is for the window's change bus."""

    path: Path
    mode: str  # RESTORE or MERGE, as the CSV import
    rows: int
    seconds: float
    changed: Changed

    def __str__(self) -> str:
        how = "restored" if self.mode == RESTORE else "merged"
        return f"{how} {self.rows} records from {self.path} in {self.seconds:.1f} s"


def schema() -> dict[str, Any]:
    """The JSON Schema of the document (draft 2020-12)."""
    text = (resources.files("app") / "resources" / SCHEMA).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


# ---- export -------------------------------------------------------------------------------


def journal_document(journal: Journal) -> dict[str, Any]:
    """The whole journal (its live records) as the JSON document."""
    journal_id = journal_uuid(journal)
    scratch = Path(tempfile.mkdtemp(prefix="kith-json-"))  # 0700: private to the user
    try:
        folder = scratch / "csv"
        export_journal(journal, folder)
        tables = {spec.name: list(_typed_rows(folder / spec.name, spec)) for spec in f.IMPORTED}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    settings = {
        key: json.loads(value)
        for key, value in stored_settings(journal).items()
        if key != UUID_SETTING and _is_json(value)
    }
    coalitions = tables[f.COALITIONS.name]
    for coalition in coalitions:
        coalition["members"] = []
        coalition["joint_actions"] = []
    by_id = {c["id"]: c for c in coalitions}
    for file, key in _NESTED.items():
        for row in tables[file]:
            by_id[row.pop("coalition_id")][key].append(row)
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "written_by": f"Kith {__version__}",
        "journal_uuid": str(journal_id),
        "settings": settings,
    }
    for file, key in _KEYS.items():
        document[key] = tables[file]
    return document


def _is_json(value: str) -> bool:
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def _typed_rows(path: Path, spec: f.CsvFile) -> Iterator[dict[str, Any]]:
    with path.open(encoding=f.READ_ENCODING, newline="") as file:
        for row in csv.DictReader(file):
            yield {column: _typed(column, row[column], spec) for column in spec.columns}


def _typed(column: str, cell: str, spec: f.CsvFile) -> Any:
    if column in spec.text:
        return f.restore(cell)
    if column in _ID_LISTS:
        return [int(part) for part in cell.split(f.ID_SEPARATOR) if part]
    if cell == "":
        return None
    if column in _INTEGERS:
        return int(cell)
    if column in _BOOLEANS:
        return cell == f.YES
    return cell


def export_json(journal: Journal, path: Path) -> JsonSummary:
    """Write the document to a new file at `path` (owner-only; never over a file)."""
    document = journal_document(journal)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    written = write_private(path, text.encode("utf-8"))
    counts = {key: len(document[key]) for key in _KEYS.values()}
    return JsonSummary(written, counts)


# ---- import -------------------------------------------------------------------------------


def read_document(path: Path) -> dict[str, Any]:
    """The document at `path`, checked against the schema; JsonImportError (one sentence)
    when it is not a Kith JSON export this Kith can read."""
    path = Path(path).expanduser()
    try:
        if path.stat().st_size > MAX_BYTES:
            raise JsonImportError(f"{path} is too large to be a Kith JSON export.")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise JsonImportError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise JsonImportError(f"{path} is a folder, not a Kith JSON export.") from None
    except UnicodeDecodeError:
        raise JsonImportError(f"{path} is not UTF-8 text, so not a Kith JSON export.") from None
    except ValueError as error:
        raise JsonImportError(
            f"{path} is not valid JSON ({error}); nothing was imported."
        ) from None
    except OSError as error:
        raise JsonImportError(f"Kith cannot read {path}: {error.strerror}.") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise JsonImportError(f"{path} is not a Kith JSON export; nothing was imported.")
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise JsonImportError(
            f"{path} was written by a newer Kith (format {version}; this Kith reads format "
            f"{FORMAT_VERSION}): update Kith to import it; nothing was imported."
        )
    validator = jsonschema.Draft202012Validator(schema())
    wrong = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if wrong is not None:
        where = _path(wrong.absolute_path)
        raise JsonImportError(
            f"{path} is not a Kith JSON export Kith can read: {where or 'the document'}: "
            f"{wrong.message}; nothing was imported."
        )
    return data


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def preview_json(journal: Journal | None, path: Path) -> list[str]:
    """What importing the document at `path` would do, in a few lines (nothing written)."""
    document = read_document(path)
    with _as_csv(document) as (folder, places):
        try:
            plan = preview_kith_csv(journal, folder)
        except CsvImportError as error:
            raise _json_error(path, error, places) from None
        return [line.replace(str(folder), str(path)) for line in plan.lines()]


@contextlib.contextmanager
def _as_csv(document: dict[str, Any]) -> Iterator[tuple[Path, dict[tuple[str, int], str]]]:
    scratch = Path(tempfile.mkdtemp(prefix="kith-json-"))  # 0700: private to the user
    try:
        folder = scratch / "csv"
        folder.mkdir(mode=0o700)
        yield folder, _write_csv(document, folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def import_json(journal: Journal, path: Path) -> JsonImportSummary:
    """Take in a JSON export: a full restore into an empty journal (ids, settings and
    UUID kept), or a merge, as the CSV import does. All or nothing: JsonImportError
    names the first bad record by its place in the document."""
    document = read_document(path)
    with _as_csv(document) as (folder, places):
        try:
            plan = preview_kith_csv(journal, folder)
            summary = import_kith_csv(journal, folder, plan=plan)
        except CsvImportError as error:
            raise _json_error(path, error, places) from None
    if plan.mode == RESTORE:
        _restore_settings(journal, document)
    rows = sum(plan.rows.values())
    return JsonImportSummary(Path(path), plan.mode, rows, summary.seconds, summary.changed)


def _restore_settings(journal: Journal, document: dict[str, Any]) -> None:
    values = {key: json.dumps(value) for key, value in document["settings"].items()}
    values[UUID_SETTING] = json.dumps(document["journal_uuid"])
    with journal.session() as session:
        for key, value in values.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value


def _write_csv(document: dict[str, Any], folder: Path) -> dict[tuple[str, int], str]:
    """The document as Kith CSV files in `folder`; the place in the document of each row,
    by (file, line where the row starts)."""
    rows: dict[str, list[tuple[str, dict[str, Any]]]] = {spec.name: [] for spec in f.IMPORTED}
    for file, key in _KEYS.items():
        rows[file] = [(f"{key}[{n}]", record) for n, record in enumerate(document[key])]
    for number, coalition in enumerate(document["coalitions"]):
        for file, key in _NESTED.items():
            for n, record in enumerate(coalition[key]):
                place = f"coalitions[{number}].{key}[{n}]"
                rows[file].append((place, {**record, "coalition_id": coalition["id"]}))
    places: dict[tuple[str, int], str] = {}
    for spec in f.IMPORTED:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=f.LINE_END)
        buffer.write(",".join(spec.columns) + f.LINE_END)
        line = 2
        for place, record in rows[spec.name]:
            places[(spec.name, line)] = place
            before = buffer.tell()
            writer.writerow([_cell(c, record.get(c), spec) for c in spec.columns])
            line += buffer.getvalue()[before:].count("\n")
        (folder / spec.name).write_text(f.BOM + buffer.getvalue(), encoding="utf-8", newline="")
    return places


def _cell(column: str, value: Any, spec: f.CsvFile) -> str:
    if value is None:
        return ""
    if column in spec.text:
        return f.neutralise(str(value))
    if column in _ID_LISTS:
        return f.ID_SEPARATOR.join(str(v) for v in value)
    if column in _BOOLEANS:
        return f.YES if value else f.NO
    return str(value)


def _json_error(
    path: Path, error: CsvImportError, places: dict[tuple[str, int], str]
) -> JsonImportError:
    def said(problem: CsvProblem) -> str:
        reason = problem.reason
        for file, key in (*_KEYS.items(), *_NESTED.items()):
            reason = reason.replace(f"in {file}", f"in {key}")
        place = places.get((problem.file, problem.line or 0))
        if place is None:
            return f"{_KEYS.get(problem.file, problem.file)}: {reason}"
        where = f"{place}.{problem.column}" if problem.column else place
        return f"{where}: {reason}"

    first = said(error.problems[0]).rstrip(".")
    total = len(error.problems) + error.more
    text = f"Nothing was imported from {path}: {first}."
    if total > 1:
        text = f"Nothing was imported from {path}: {total} problems, the first: {first}."
    refused = JsonImportError(text)
    if total > 1:
        refused.details = tuple(said(p) for p in error.problems)
    return refused
