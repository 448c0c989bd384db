"""Catalog import: good files in every format, each kind of bad row, dry run, all-or-nothing."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook

from backend.errors import ServiceError
from backend.models import AuditEvent, Competency, Organization, Program
from backend.services import programs_files
from tests.spreadsheets import formulas_in_csv, formulas_in_xlsx

HEADER = ("code,title,type,competency,form,distance,hours,price,free_for,municipality,"
          "organization,start_date,document,description,requirements,url,status")
GOOD = [
    "WELD-1,Электрогазосварщик,prof_training,Сварочные технологии,очная,нет,320,0,"
    "безработные; участники СВО,Вельский муниципальный округ,Вельский колледж (демо),"
    "2026-12-01,,Ручная дуговая сварка,с 18 лет,https://example.org/weld,published",
    "ACC-1,1С: бухгалтерия,повышение квалификации,Бухучёт / 1С,заочная,да,72,12000,,"
    "Архангельск,Центр ДПО (демо),15.01.2027,,Учёт в 1С,СПО или ВО,,published",
]


def csv_file(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode("utf-8-sig")


def table(*rows: str) -> list[list[str]]:
    return list(csv.reader([HEADER, *rows]))


async def problems_of(data: bytes, **options) -> list[tuple[int, str, str]]:
    report = await programs_files.import_programs(data, "catalog.csv", actor="test", **options)
    return [(p.row, p.column, p.code) for p in report.problems]


async def test_a_good_file_creates_programs_and_missing_references_on_request(mode):
    report = await programs_files.import_programs(csv_file(*GOOD), "catalog.csv", actor="test",
                                           create_missing=True)
    assert (report.rows, report.created, report.updated, report.problems) == (2, 2, 0, [])
    assert report.new_organizations == ["Вельский колледж (демо)", "Центр ДПО (демо)"]
    weld = await Program.get(code="WELD-1").prefetch_related("municipality", "competency")
    assert weld.municipality.name == "Вельский" and weld.competency.name == "Сварочные технологии"
    assert weld.free_for == ["безработные", "участники СВО"] and weld.price == 0
    assert weld.document == "свидетельство о профессии рабочего, должности служащего"
    accounting = await Program.get(code="ACC-1")
    assert accounting.type == "dpo_upskilling" and accounting.form == "zaochnaya"
    assert accounting.distance and str(accounting.start_date) == "2027-01-15"
    assert await AuditEvent.filter(action="catalog.imported").count() == 1


async def test_semicolons_and_xlsx_read_the_same(mode):
    await Organization.create(name="Вельский колледж (демо)")
    await Organization.create(name="Центр ДПО (демо)")
    await Competency.create(name="Бухучёт / 1С")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(table(*GOOD))
    assert await problems_of(buffer.getvalue().encode()) == []
    book = Workbook()
    for line in table(*GOOD):
        book.active.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    report = await programs_files.import_programs(buffer.getvalue(), "catalog.xlsx", actor="test")
    assert report.problems == [] and report.updated == 2


@pytest.mark.parametrize("row, old, new, column, code", [
    (0, ",320,", ",0,", "hours", "hours_positive"),
    (1, ",72,", ",8,", "hours", "min_hours"),
    (0, "prof_training", "курсы", "type", "unknown_type"),
    (0, "очная", "вечерняя", "form", "unknown_form"),
    (0, ",нет,", ",может,", "distance", "bad_flag"),
    (0, "2026-12-01", "01/12/2026", "start_date", "bad_date"),
    (0, "https://example.org/weld", "ftp://x", "url", "bad_url"),
    (0, "безработные; участники СВО", "", "free_for", "free_needs_categories"),
    (0, "Вельский муниципальный округ", "Атлантида", "municipality", "unknown_municipality"),
    (0, ",320,", ",много,", "hours", "bad_number"),
    (0, ",published", ",ready", "status", "unknown_status"),
    (0, "WELD-1", "", "code", "required"),
    (1, "ACC-1", "WELD-1", "code", "duplicate_code"),
])
async def test_each_kind_of_bad_row_is_reported_and_nothing_is_written(mode, row, old, new,
                                                                       column, code):
    rows = list(GOOD)
    assert old in rows[row]
    rows[row] = rows[row].replace(old, new)
    problems = await problems_of(csv_file(*rows), create_missing=True)
    assert (row + 2, column, code) in problems
    assert await Program.all().count() == 0 and await Organization.all().count() == 0


async def test_unknown_organizations_are_reported_without_create_missing(mode):
    problems = await problems_of(csv_file(*GOOD))
    assert (2, "organization", "unknown_organization") in problems
    assert (3, "competency", "unknown_competency") in problems


async def test_dry_run_lists_and_writes_nothing(mode):
    report = await programs_files.import_programs(csv_file(*GOOD), "c.csv", actor="test",
                                           dry_run=True, create_missing=True)
    assert report.created == 2 and report.problems == []
    assert await Program.all().count() == 0


async def test_one_bad_row_keeps_the_whole_file_out(mode):
    problems = await problems_of(csv_file(GOOD[0], GOOD[1].replace(",72,", ",8,")),
                                 create_missing=True)
    assert problems == [(3, "hours", "min_hours")]
    assert await Program.all().count() == 0


async def test_reimport_updates_by_code_and_export_reads_back(mode):
    await programs_files.import_programs(csv_file(*GOOD), "c.csv", actor="test",
                                         create_missing=True)
    changed = GOOD[1].replace("12000", "9900")
    report = await programs_files.import_programs(csv_file(GOOD[0], changed), "c.csv",
                                                  actor="test")
    assert (report.created, report.updated) == (0, 2)
    assert (await Program.get(code="ACC-1")).price == 9900
    for name in ("catalog.csv", "catalog.xlsx"):
        exported = await programs_files.export_programs(name)
        again = await programs_files.import_programs(exported, name, actor="test")
        assert again.problems == [] and again.updated == 2


@pytest.mark.parametrize("data, name, code", [
    (b"\xff\xfe\x00junk", "c.csv", "catalog_not_utf8"),
    (b"not a zip", "c.xlsx", "catalog_not_xlsx"),
    (b"", "c.csv", "catalog_empty"),
    (b"code,title\nX,Y", "c.csv", "catalog_missing_columns"),
])
async def test_unreadable_files_get_a_clear_error(mode, data, name, code):
    with pytest.raises(ServiceError) as error:
        await programs_files.import_programs(data, name, actor="test")
    assert error.value.code == code


HOSTILE_PROGRAM = {
    "code": "EVIL-1", "title": "Сварка;=1+1;", "type": "prof_training",
    "competency": "@SUM(A1:A9)", "form": "очная", "distance": "нет", "hours": "320",
    "price": "1000", "free_for": "-2+3; =1+1", "municipality": "",
    "organization": '=HYPERLINK("http://evil.example";"x")', "start_date": "",
    "document": "+7 911 000-00-00", "description": "x;=cmd|' /c calc'!a0\n=1+1 и '=2",
    "requirements": "a,=1+1; \"=3", "url": "", "status": "draft"}


def hostile_catalog() -> bytes:
    """A catalog file whose cells would run as formulas if exported carelessly."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([list(HOSTILE_PROGRAM), list(HOSTILE_PROGRAM.values())])
    return buffer.getvalue().encode()


async def test_hostile_cells_are_exported_without_formulas_and_read_back_unchanged(mode):
    report = await programs_files.import_programs(hostile_catalog(), "c.csv", actor="test",
                                           create_missing=True)
    assert report.problems == []

    async def stored() -> dict:
        return programs_files.row_of(await Program.get(code="EVIL-1").prefetch_related(
            "organization", "competency", "municipality"))

    before = await stored()
    assert before["title"] == "Сварка;=1+1;"
    for name, formulas in (("catalog.csv", formulas_in_csv), ("catalog.xlsx", formulas_in_xlsx)):
        exported = await programs_files.export_programs(name)
        assert formulas(exported) == [], name
        again = await programs_files.import_programs(exported, name, actor="test")
        assert (again.problems, again.updated) == ([], 1), name
        assert await stored() == before, name


def too_many_rows() -> bytes:
    return csv_file(*["X"] * 10_001)  # the limit is 10,000 rows


def xlsx_bomb(padding: int = 40 * 1024 * 1024) -> bytes:
    """A readable catalog workbook (under 100 KB) whose sheet unpacks to 40 MB of blanks."""
    book = Workbook()
    for line in table(*GOOD):
        book.active.append(line)
    plain = io.BytesIO()
    book.save(plain)
    source, bomb = zipfile.ZipFile(plain), io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as packed:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b" " * padding + b"</worksheet>")
            packed.writestr(item.filename, data)
    return bomb.getvalue()


async def test_a_file_over_the_row_limit_is_refused_before_its_rows_are_checked(mode):
    with pytest.raises(ServiceError) as error:
        await programs_files.import_programs(too_many_rows(), "c.csv", actor="test")
    assert (error.value.code, error.value.params) == ("catalog_too_many_rows", {"max": 10_000})


async def test_an_xlsx_that_unpacks_too_big_is_refused(mode):
    bomb = xlsx_bomb()
    assert len(bomb) < 100_000
    with pytest.raises(ServiceError) as error:
        await programs_files.import_programs(bomb, "c.xlsx", actor="test", create_missing=True)
    assert (error.value.code, error.value.params) == ("catalog_unpacked_too_large", {"max": 24})
    assert await Program.all().count() == 0


async def test_the_first_100_problems_are_listed_and_the_rest_counted(mode):
    rows = [GOOD[0].replace("WELD-1", f"W-{n}").replace(",320,", ",0,") for n in range(150)]
    report = await programs_files.import_programs(csv_file(*rows), "c.csv", actor="test",
                                           create_missing=True)
    assert (len(report.problems), report.problem_count) == (100, 150)
    assert report.problems[-1].row == 101
