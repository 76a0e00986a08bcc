"""The compiled lexicon kept on disk: a later run reads it instead of building the tries again,
finds exactly what a freshly built one finds, and a damaged or stale file only means building
again."""

import marshal
import os

from evidence.flagging import compiled_cache, current_lexicon, matcher
from evidence.flagging.explain import segments_from_text
from evidence.flagging.occurrences import CompiledLexicon, compiled

from conftest import run_cli

TEXTS = [
    "你再不还钱，我们就去你单位找你领导，把你的事发到你们家长群里。",
    "我是谁不重要，你只管还钱，工号没必要告诉你。",
    "你这个老赖，真不要脸，到时候你就是失信被执行人。",
    "您好，我是某某消费金融的客服，工号八三五二，我们只和您本人沟通，不会联系您的家人。",
    "你的通信路我们都有，到时候全给你报了，看你躲到哪里去。",  # heard wrong: by sound
]


def _flags(cl: CompiledLexicon) -> list:
    lex = cl.lex
    out = []
    for text in TEXTS:
        doc = matcher.make_doc(segments_from_text(text), lex)
        doc._.lexicon = cl
        for _name, proc in matcher._nlp().pipeline:
            doc = proc(doc)
        out.append([(h.category, h.rule_id, h.start_char, h.end_char, h.match, h.confidence)
                    for h in doc.user_data["hits"]])
    return out


def test_a_restored_lexicon_finds_what_a_built_one_finds(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_CACHE", str(tmp_path / "cache"))
    lex = current_lexicon()
    built = compiled(lex)
    compiled_cache.save(lex.version, built.state())
    state = compiled_cache.load(lex.version)
    assert state is not None
    restored = CompiledLexicon(lex, state)
    expected = _flags(built)
    assert any(expected), "the texts must give flags for the comparison to mean anything"
    assert _flags(restored) == expected
    assert restored.norms == built.norms and len(restored.roles) == len(built.roles)


def test_a_damaged_or_foreign_file_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_CACHE", str(tmp_path))
    lex = current_lexicon()
    compiled_cache.save(lex.version, {"norms": ["x"]})
    path = next(tmp_path.glob("lexicon-*"))
    assert compiled_cache.load(lex.version) is not None
    assert compiled_cache.load("another version") is None  # named for the lexicon it holds
    path.write_bytes(path.read_bytes()[:5])  # cut short
    assert compiled_cache.load(lex.version) is None
    path.write_bytes(marshal.dumps(["not", "a", "state"]))
    assert compiled_cache.load(lex.version) is None
    path.write_bytes(marshal.dumps({"format": compiled_cache.FORMAT + 1, "version": lex.version}))
    assert compiled_cache.load(lex.version) is None


def test_only_the_newest_few_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_CACHE", str(tmp_path))
    for k in range(compiled_cache.KEEP + 2):
        compiled_cache.save(f"{k:016d}", {"n": k})
        os.utime(next(tmp_path.glob(f"lexicon-{k:016d}-*")), (1000 + k, 1000 + k))
    left = sorted(p.name[len("lexicon-"):][:16] for p in tmp_path.glob("lexicon-*"))
    assert left == [f"{k:016d}" for k in range(2, compiled_cache.KEEP + 2)]
    assert not list(tmp_path.glob(".tmp-*"))


def test_the_command_builds_once_then_reads_the_file(tmp_path):
    cache = tmp_path / "cache"
    env = {"EVIDENCE_CACHE": str(cache)}
    sentence = "你再不还钱我们就去你单位找你领导"
    first = run_cli("lexicon", "test", sentence, env=env, check=True)
    [path] = list(cache.glob("lexicon-*"))
    stamp = path.stat().st_mtime_ns
    second = run_cli("lexicon", "test", sentence, env=env, check=True)
    assert second.stdout == first.stdout and "third_party.frame" in first.stdout
    assert path.stat().st_mtime_ns == stamp  # read, not written again
    path.write_bytes(b"\0" * 100)  # damaged: built again, same answer, file repaired
    third = run_cli("lexicon", "test", sentence, env=env, check=True)
    assert third.stdout == first.stdout
    assert path.stat().st_size > 100
