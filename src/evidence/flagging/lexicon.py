"""Loading and checking the lexicons in lexicons/zh-CN/ (YAML, edited by people).

A malformed entry stops everything with an error naming the file, the line and the problem: a
broken rule that silently matched nothing would be lost evidence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import categories
from ..errors import LexiconError
from .rule_kinds import RULE_KINDS, ParseContext
from .word_classes import WordClasses

CATEGORIES = categories.IDS
CONTEXT = "context"  # call_context.yaml: what marks a call as made to a third party
EXEMPT_KINDS = ("lawful", "quote", "disavow", "debtor")
SPECIAL_FILES = ("exemptions.yaml", "negators.yaml", "sound_alikes.yaml", "legal_basis.yaml")
OPTIONAL_FILES = ("classes.yaml", "call_context.yaml", "dialect.yaml")
WHEN = ("", "third_party_call")  # `when: third_party_call`: only in a call made to a third party


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    kind: str  # a name in rule_kinds.RULE_KINDS
    patterns: tuple[str, ...] = ()  # phrase
    first: tuple[str, ...] = ()  # cooccur: the verb/first element; qa: the question
    second: tuple[str, ...] = ()  # cooccur: the target/second element; qa: the answer
    slots: tuple[tuple[str, ...], ...] = ()  # frame: the strings each slot accepts, in order
    within: int = 6  # cooccur/frame: characters between parts; qa: seconds from question to answer
    order: str = "forward"
    one_clause: bool = False  # frame: every part in one clause (no ，。？ between them)
    also: tuple[str, ...] = ()  # further categories the same words are flagged as
    when: str = ""  # "" (always) | third_party_call
    severity: int = 2
    basis: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    licence: str = ""
    sound: str = "auto"  # auto | always | never
    near: bool = True  # strings of 4+ syllables also match with one syllable off
    sure: bool = False  # the second opinion never takes a match back (veiled threats read harmless)
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Exemption:
    id: str
    kind: str  # lawful | quote | disavow | debtor
    patterns: tuple[str, ...]
    reach: int = 12
    note: str = ""
    categories: tuple[str, ...] = ()  # the categories it cancels; () = all
    spares: tuple[str, ...] = ()  # rule ids it never takes back (a debt told to a relative stays told)
    whole_turn: bool = False  # lawful with categories: the whole turn is lawful for them (no model flag)


@dataclass(frozen=True)
class SoundAlikes:
    initials: dict[str, str] = field(default_factory=dict)
    finals: dict[str, str] = field(default_factory=dict)
    syllables: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Lexicon:
    rules: tuple[Rule, ...]
    exemptions: tuple[Exemption, ...]
    negators: tuple[str, ...]
    negator_scope: int
    negated_categories: tuple[str, ...]
    sound_alikes: SoundAlikes
    legal_basis: dict[str, str]
    context: tuple[Rule, ...]  # call_context.yaml markers (category "context", never reported)
    version: str  # SHA-256 over every lexicon file, so each flag names the lexicon that made it
    folder: Path
    wide_negators: tuple[str, ...] = ()  # negators that reach over a clause and between a frame's parts
    wide_scope: int = 8
    dialect: tuple[tuple[str, str], ...] = ()  # dialect.yaml: regional form -> Mandarin, same length


class _LineLoader(yaml.SafeLoader):
    """Records each mapping's line so errors can point at the entry."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise LexiconError(f"{path}{where}: not valid YAML ({problem})") from None
    except UnicodeDecodeError:
        raise LexiconError(f"{path}: not UTF-8 text") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}:1: expected a mapping at the top of the file")
    return data


def _strings(value, where: str, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise LexiconError(f"{where}: '{name}' must be a non-empty list of phrases")
    out = []
    for item in value:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            raise LexiconError(f"{where}: '{name}' holds an empty or non-text item ({item!r})")
        out.append(item.strip())
    return tuple(out)


def _rule(entry: dict, path: Path, defaults: dict, file_meta: dict, basis_keys: set[str],
          classes: WordClasses, categories: tuple[str, ...] = CATEGORIES) -> Rule:
    line = entry.get("__line__", 0)
    where = f"{path}:{line}"
    rid = entry.get("id")
    if not isinstance(rid, str) or not rid.strip():
        raise LexiconError(f"{where}: entry has no 'id'")
    where = f"{path}:{line} ({rid})"
    category = entry.get("category", file_meta.get("category"))
    if category not in categories:
        raise LexiconError(f"{where}: category {category!r} is not one of {', '.join(categories)}")
    kind = entry.get("kind", "phrase")
    if kind not in RULE_KINDS:
        raise LexiconError(f"{where}: kind {kind!r} is not one of {', '.join(RULE_KINDS)}")
    severity = entry.get("severity", defaults.get("severity", 2))
    if not isinstance(severity, int) or not 1 <= severity <= 3:
        raise LexiconError(f"{where}: severity must be 1, 2 or 3")
    basis = tuple(entry.get("basis", defaults.get("basis", [])))
    unknown = [b for b in basis if b not in basis_keys]
    if unknown:
        raise LexiconError(f"{where}: unknown legal basis {unknown} (see legal_basis.yaml)")
    sound = entry.get("sound", "auto")
    if sound not in ("auto", "always", "never"):
        raise LexiconError(f"{where}: sound must be auto, always or never")
    near = entry.get("near", True)
    if not isinstance(near, bool):
        raise LexiconError(f"{where}: near must be true or false")
    also = entry.get("also", [])
    also = (also,) if isinstance(also, str) else tuple(also)
    bad = [c for c in also if c not in CATEGORIES or c == category]
    if bad:
        raise LexiconError(f"{where}: 'also' must name other categories ({', '.join(CATEGORIES)}), not {bad}")
    sure = entry.get("sure", False)
    if not isinstance(sure, bool):
        raise LexiconError(f"{where}: sure must be true or false")
    when = entry.get("when", "")
    if when not in WHEN:
        raise LexiconError(f"{where}: 'when' must be third_party_call or left out")
    fields = RULE_KINDS[kind].parse(entry, ParseContext(where, classes.expand))
    return Rule(id=rid, category=category, kind=kind, severity=severity, basis=basis,
                note=str(entry.get("note", "")), sound=sound, near=near, also=also, when=when, sure=sure,
                source=str(entry.get("source", file_meta.get("source", ""))),
                licence=str(entry.get("licence", file_meta.get("licence", ""))),
                file=path.name, line=line, **fields)


def _entries(path: Path, data: dict) -> list[dict]:
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise LexiconError(f"{path}:{data.get('__line__', 1)}: expected an 'entries' list")
    for entry in entries:
        if not isinstance(entry, dict):
            raise LexiconError(f"{path}: every entry must be a mapping with id, kind, patterns")
    return entries


def lexicon_version(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load(folder: Path) -> Lexicon:
    """Load and check every lexicon file in folder."""
    if not folder.is_dir():
        raise LexiconError(f"{folder}: lexicon folder not found (set EVIDENCE_LEXICONS or reinstall)")
    needed = [folder / name for name in SPECIAL_FILES]
    for path in needed:
        if not path.is_file():
            raise LexiconError(f"{path}: missing lexicon file")
    basis_data = _read(folder / "legal_basis.yaml").get("basis")
    if not isinstance(basis_data, dict):
        raise LexiconError(f"{folder / 'legal_basis.yaml'}:1: expected a 'basis' mapping")
    legal = {k: str(v) for k, v in basis_data.items() if k != "__line__"}

    class_path = folder / "classes.yaml"
    class_data = _read(class_path).get("classes") if class_path.is_file() else {}
    if not isinstance(class_data, dict):
        raise LexiconError(f"{class_path}:1: expected a 'classes' mapping")
    classes = WordClasses(class_data, class_path)

    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name in SPECIAL_FILES or path.name in OPTIONAL_FILES:
            continue
        data = _read(path)
        defaults = data.get("defaults") or {}
        for entry in _entries(path, data):
            rule = _rule(entry, path, defaults, data, set(legal), classes)
            if rule.id in seen:
                raise LexiconError(f"{path}:{rule.line}: id '{rule.id}' is also used in {seen[rule.id]}")
            seen[rule.id] = f"{path.name}:{rule.line}"
            rules.append(rule)

    context: list[Rule] = []
    ctx_path = folder / "call_context.yaml"
    if ctx_path.is_file():
        data = _read(ctx_path)
        for entry in _entries(ctx_path, data):
            context.append(_rule(entry, ctx_path, {}, {**data, "category": CONTEXT}, set(legal),
                                 classes, (CONTEXT,)))

    exemptions = []
    rule_ids = {r.id for r in rules}
    ex_path = folder / "exemptions.yaml"
    for entry in _read(ex_path).get("entries") or []:
        where = f"{ex_path}:{entry.get('__line__', 0)}"
        kind = entry.get("kind", "lawful")
        if kind not in EXEMPT_KINDS:
            raise LexiconError(f"{where}: kind {kind!r} is not one of {', '.join(EXEMPT_KINDS)}")
        if not entry.get("id"):
            raise LexiconError(f"{where}: entry has no 'id'")
        cats = entry.get("categories", [])
        cats = (cats,) if isinstance(cats, str) else tuple(cats)
        if any(c not in (*CATEGORIES, CONTEXT) for c in cats):
            raise LexiconError(f"{where}: 'categories' must name categories ({', '.join(CATEGORIES)}, {CONTEXT})")
        spares = tuple(_strings(entry["spares"], where, "spares")) if entry.get("spares") else ()
        unknown = [s for s in spares if s not in rule_ids]
        if unknown:
            raise LexiconError(f"{where}: 'spares' names no rule: {', '.join(unknown)}")
        whole_turn = entry.get("whole_turn", False)
        if whole_turn not in (True, False) or (whole_turn and (kind != "lawful" or not cats)):
            raise LexiconError(f"{where}: 'whole_turn: true' is for a lawful exemption that names its categories")
        exemptions.append(Exemption(id=entry["id"], kind=kind, categories=cats, spares=spares, whole_turn=whole_turn,
                                    patterns=classes.expand(entry.get("patterns"), where, "patterns"),
                                    reach=int(entry.get("reach", 12)), note=str(entry.get("note", ""))))

    neg = _read(folder / "negators.yaml")
    negators = _strings(neg.get("negators"), str(folder / "negators.yaml"), "negators")
    wide = _strings(neg["wide"], str(folder / "negators.yaml"), "wide") if neg.get("wide") else ()
    sa = _read(folder / "sound_alikes.yaml")
    sound = SoundAlikes(
        initials={k: v for k, v in (sa.get("initials") or {}).items() if k != "__line__"},
        finals={k: v for k, v in (sa.get("finals") or {}).items() if k != "__line__"},
        syllables=tuple(tuple(group) for group in sa.get("syllables") or []),
    )
    return Lexicon(rules=tuple(rules), exemptions=tuple(exemptions), negators=negators,
                   dialect=_dialect(folder / "dialect.yaml"),
                   negator_scope=int(neg.get("scope", 3)),
                   negated_categories=tuple(neg.get("categories", ["third_party", "threat"])),
                   wide_negators=wide,
                   wide_scope=int(neg.get("wide_scope", 8)),
                   sound_alikes=sound, legal_basis=legal, context=tuple(context), version=lexicon_version(folder),
                   folder=folder)


def _dialect(path: Path) -> tuple[tuple[str, str], ...]:
    """Regional forms matched as their Mandarin equal (莫管 as 别管, 晓得 as 知道). Each pair keeps its
    length, so every character of the match text still points at the word that was said."""
    if not path.is_file():
        return ()
    pairs = []
    for entry in _read(path).get("forms") or []:
        where = f"{path}:{entry.get('__line__', 0)}"
        said, means = str(entry.get("said", "")), str(entry.get("means", ""))
        if not said or len(said) != len(means):
            raise LexiconError(f"{where}: 'said' and 'means' must be given and of the same length")
        pairs.append((said, means))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def count_phrases(lex: Lexicon) -> int:
    return sum(len(r.patterns) + len(r.first) + len(r.second) + sum(len(s) for s in r.slots)
               for r in lex.rules)
