"""The second hearing: Whisper run again with other decoding options, kept beside the transcript;
what it alone hears in the collector's words is a flag marked as such (asr/second_hearing.py)."""

from __future__ import annotations

import json
import sqlite3
from types import SimpleNamespace

import pytest

from evidence import db as database
from evidence.asr import second_hearing
from evidence.asr.whisper import Segment, Word
from evidence.db.models import Recording
from evidence.flagging import current_lexicon, flag_rows
from evidence.ingest.filing import ingest_file

from conftest import call_file, run_cli


def _words(text: str, start: float, step: float = 0.25, probability: float = 0.9) -> tuple[Word, ...]:
    return tuple(Word(start=start + i * step, end=start + (i + 1) * step, text=ch, probability=probability)
                 for i, ch in enumerate(text))


def _segment(text: str, start: float, probability: float = 0.9) -> Segment:
    words = _words(text, start, probability=probability)
    return Segment(start=start, end=words[-1].end, text=text, avg_logprob=-0.3, no_speech_prob=0.01, words=words)


def test_pieces_take_the_transcripts_speakers_and_leave_corrected_lines_alone():
    transcript = [SimpleNamespace(start=0.0, end=2.5, speaker="collector", machine_text=None),
                  SimpleNamespace(start=2.5, end=3.6, speaker="debtor", machine_text=None),
                  SimpleNamespace(start=4.0, end=6.0, speaker="collector", machine_text="机器原文")]
    # one segment of the second hearing runs over both voices; another falls in a corrected line
    hearing = [_segment("你再不还钱就等着我不还你", 0.5), _segment("我们去你家", 4.5)]
    parts = second_hearing.pieces(transcript, hearing)
    assert [(p.speaker, p.index, p.text) for p in parts] == [("collector", 0, "你再不还钱就等着"),
                                                             ("debtor", 1, "我不还你")]


def test_the_second_hearing_fills_gaps_and_adds_no_category_to_flagged_words():
    first = [SimpleNamespace(category="third_party", start=10.0, end=12.0)]
    second = [SimpleNamespace(category="threat", start=11.0, end=12.5),  # the same words: nothing new
              SimpleNamespace(category="third_party", start=12.8, end=13.5),  # within NEAR of it
              SimpleNamespace(category="insult", start=20.0, end=21.0)]  # a turn the transcript lost
    assert [h.category for h in second_hearing.new_hits(first, second)] == ["insult"]


def test_the_hearing_survives_a_round_trip_through_its_json():
    hearing = [_segment("我们会去你单位", 1.0), _segment("你等着", 3.5)]
    assert second_hearing.from_json(second_hearing.to_json(hearing)) == hearing


@pytest.mark.model
def test_a_call_is_heard_twice_and_the_second_hearing_flags_only_what_the_transcript_lacks(evidence_home):
    result = ingest_file(call_file("13700001113"))  # one neutral turn: nothing flagged
    assert result.status == "filed", result.error
    with sqlite3.connect(evidence_home / "evidence.sqlite3") as conn:
        options, content = conn.execute("select options, content from second_hearings").fetchone()
    assert json.loads(options)["vad_filter"] is False and json.loads(options)["beam_size"] == 8
    assert second_hearing.from_json(content), "the second hearing holds segments"
    assert run_cli("verify").returncode == 0

    with database.session() as s:
        rec = s.query(Recording).one()
        segs = list(rec.segments)
        lex = current_lexicon()
        first = flag_rows(rec, lex)
        before = [(f.category, f.start) for f in first]
        # a collector's turn the transcript has no flag in (the second hearing fills gaps only)
        collector = next(i for i, x in enumerate(segs) if x.speaker != "debtor" and not any(
            f.start < x.end + second_hearing.NEAR and x.start < f.end + second_hearing.NEAR for f in first))
        debtor = next((i for i, x in enumerate(segs) if x.speaker == "debtor"), None)
        # the second hearing heard a threat in a collector's turn (and the same words in the debtor's)
        said = "不还钱就去你单位闹"
        heard = [_segment(said, segs[collector].start)]
        if debtor is not None:
            heard.append(_segment(said, segs[debtor].start))
        rec.second_hearing.content = second_hearing.to_json(heard)
        rows = flag_rows(rec, lex)
        second = [f for f in rows if f.match == "second"]
        assert second, [(f.category, f.text, f.match) for f in rows]
        assert all(f.segment_id == segs[collector].id and f.speaker != "debtor" for f in second)
        assert {"threat", "third_party"} & {f.category for f in second}
        assert [(f.category, f.start) for f in rows if f.match != "second"] == before
        s.rollback()


@pytest.mark.model
def test_a_second_hearing_changed_outside_the_program_fails_verification(evidence_home):
    assert ingest_file(call_file("13700001112")).status == "filed"
    assert run_cli("verify").returncode == 0
    with sqlite3.connect(evidence_home / "evidence.sqlite3") as conn:
        conn.execute("update second_hearings set content = replace(content, '\"', '\"') || ' '")
    proc = run_cli("verify")
    assert proc.returncode != 0 and "transcript" in proc.stdout + proc.stderr


def _poorly_heard_call(said: str, second: list[Segment] | None) -> SimpleNamespace:
    """A recording as flag_rows reads it: one collector turn the transcript heard poorly (word
    probability 0.6, below the second opinion's HEARD_TO_ADD) and, optionally, a second hearing."""
    words = tuple(Word(start=1.0 + i * 0.25, end=1.25 + i * 0.25, text=ch, probability=0.6)
                  for i, ch in enumerate(said))
    seg = SimpleNamespace(id=1, start=1.0, end=words[-1].end, text=said, words=words, speaker="collector",
                          avg_logprob=-0.5, no_speech_prob=0.01, machine_text=None)
    row = SimpleNamespace(content=second_hearing.to_json(second)) if second is not None else None
    return SimpleNamespace(id=1, segments=[seg], second_hearing=row, speaker_method="voices")


def test_a_poorly_heard_turn_both_hearings_read_the_same_way_gets_the_models_flag():
    lex = current_lexicon()
    said = "俺是谁你别操心，你就说还不还吧。"  # no lexicon words; the model reads identity_refusal
    alone = flag_rows(_poorly_heard_call(said, None), lex)
    assert not [f for f in alone if f.kind == "model"]
    # the second hearing heard it poorly too (alone, neither would be flagged), but the same way
    agreed = flag_rows(_poorly_heard_call(said, [_segment("俺是谁你别操心,你就说还不还吧", 1.0, 0.6)]), lex)
    assert [(f.category, f.kind, f.match) for f in agreed] == [("identity_refusal", "model", "model")]
    assert agreed[0].text == said  # the transcript's words are quoted
    # where the second hearing's own words give the flag, they stand instead of the model's reading
    worded = flag_rows(_poorly_heard_call(said, [_segment("我是谁你不用管,你就说还不还吧", 1.0, 0.6)]), lex)
    assert [(f.category, f.match) for f in worded] == [("identity_refusal", "second")]
    assert "不用管" in worded[0].text
