import datetime as dt

import pytest

from evidence.errors import BadArgument
from evidence.ingest.callmeta import normalise_number, parse_caller, parse_filename, parse_when

CASES = [
    ("通话录音@176 8831 4515(17688314515)_20180814153840.mp3", "17688314515", None, "2018-08-14 15:38:40"),
    ("通话录音@张三(13800138000)_20231103143022.mp3", "13800138000", "张三", "2023-11-03 14:30:22"),
    ("张三@13800138000_20231103143022.amr", "13800138000", "张三", "2023-11-03 14:30:22"),
    ("张三@13800138000_20231103143022.m4a", "13800138000", "张三", "2023-11-03 14:30:22"),
    ("19145520861 2019-05-16 10-06-40.amr", "19145520861", None, "2019-05-16 10:06:40"),
    ("Papa-2512232146.mp3", None, "Papa", "2025-12-23 21:46:00"),
    ("Call recording +8613800138000_200605_114902.m4a", "13800138000", None, "2020-06-05 11:49:02"),
    ("Call recording 张三_200605_114902.m4a", None, "张三", "2020-06-05 11:49:02"),
    ("13800138000_20231103143022.m4a", "13800138000", None, "2023-11-03 14:30:22"),
    ("075588886666 2026-11-14 11-11-11.m4a", "075588886666", None, "2026-11-14 11:11:11"),
    ("4008123456(4008123456)_20261107100241.mp3", "4008123456", None, "2026-11-07 10:02:41"),
    ("call_13912345678_20261112_192055.ogg", "13912345678", None, "2026-11-12 19:20:55"),
    ("录音_17091234567_20261109084510.wav", "17091234567", None, "2026-11-09 08:45:10"),
    ("0086 138-0013-8000_20231103143022.m4a", "13800138000", None, "2023-11-03 14:30:22"),
    ("李四@180-2222-3333_20261104231000.amr", "18022223333", "李四", "2026-11-04 23:10:00"),
    ("95588_20261101080000.mp3", "95588", None, "2026-11-01 08:00:00"),
    # recorder apps that put a space between date and time: the number must not swallow the date
    ("045187562390 20261105 134722.amr", "045187562390", None, "2026-11-05 13:47:22"),
    ("17085530912 20261112 102145.ogg", "17085530912", None, "2026-11-12 10:21:45"),
]


@pytest.mark.parametrize("name,caller,contact,when", CASES)
def test_recorder_names(name, caller, contact, when):
    meta = parse_filename(name)
    assert meta.caller == caller
    assert meta.contact == contact
    assert meta.call_start == dt.datetime.fromisoformat(when)


def test_name_without_metadata():
    meta = parse_filename("新录音 3.m4a")
    assert meta.call_start is None


def test_impossible_date_is_not_a_time():
    assert parse_filename("13800138000_20261345250000.mp3").call_start is None


@pytest.mark.parametrize("raw,number", [
    ("+86 138 0013 8000", "13800138000"), ("0086-138-0013-8000", "13800138000"),
    ("8613800138000", "13800138000"), ("010-8765 4321", "01087654321"), ("400-812-3456", "4008123456"),
])
def test_numbers_normalised(raw, number):
    assert normalise_number(raw) == number


def test_overrides_parse_and_fail_clearly():
    assert parse_when("2026-11-03 14:30") == dt.datetime(2026, 11, 3, 14, 30)
    with pytest.raises(BadArgument, match="2026-11-03 14:30"):
        parse_when("yesterday")
    with pytest.raises(BadArgument, match="not a phone number"):
        parse_caller("abc")
