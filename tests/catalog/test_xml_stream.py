"""The streaming XML reader: records one at a time, flat memory, encodings, progress."""

import tracemalloc

import pytest

import catalog
from catalog.importers.xml_stream import stream_records

OFFER = (
    '<offer id="{n}"><name>Бокал для вина номер {n}</name><price>1000</price>'
    "<description>{padding}</description></offer>\n"
)


def write_big_feed(path, offers: int) -> None:
    padding = "Хрусталь. " * 50
    with open(path, "w", encoding="utf-8") as stream:
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog><shop><offers>\n')
        for number in range(offers):
            stream.write(OFFER.format(n=number, padding=padding))
        stream.write("</offers></shop></yml_catalog>\n")


def is_offer(tag, parents):
    return tag == "offer" and parents[-1:] == ("offers",)


def test_memory_stays_flat_on_big_file(tmp_path):
    feed = tmp_path / "big.xml"
    write_big_feed(feed, 20_000)
    assert feed.stat().st_size > 15_000_000

    tracemalloc.start()
    count = sum(1 for _record in stream_records(feed, is_offer, expected_root="yml_catalog"))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert count == 20_000
    # One 64 KiB chunk and the records parsed from it, not the 15 MB file.
    assert peak < 3_000_000


def test_record_keeps_line_and_parents(tmp_path):
    feed = tmp_path / "feed.xml"
    write_big_feed(feed, 3)

    records = list(stream_records(feed, is_offer, expected_root="yml_catalog"))

    assert [record.node.line for record in records] == [3, 4, 5]
    assert records[0].parents == ("yml_catalog", "shop", "offers")
    assert records[2].node.text_at("name") == "Бокал для вина номер 2"


def test_windows_1251_file(tmp_path):
    feed = tmp_path / "cp1251.xml"
    text = '<?xml version="1.0" encoding="windows-1251"?>\n<yml_catalog><offers><offer id="1"><name>Штопор</name></offer></offers></yml_catalog>'
    feed.write_bytes(text.encode("cp1251"))

    records = list(stream_records(feed, is_offer, expected_root="yml_catalog"))

    assert records[0].node.text_at("name") == "Штопор"


@pytest.mark.django_db
def test_progress_grows_to_100(tmp_path):
    feed = tmp_path / "big.xml"
    write_big_feed(feed, 600)
    seen = []

    catalog.import_yml(feed, progress=seen.append)

    assert seen == sorted(seen)
    assert seen[-1] == 100
    assert len(seen) > 5
