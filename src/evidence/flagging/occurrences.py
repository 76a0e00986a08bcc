"""Where the lexicon's strings occur in a transcript: exactly, by sound, or one syllable off.

Many rules share a string (a word class such as 你妈 appears in dozens of frames), so the tries
hold each distinct string once; a transcript is scanned three times, each string's occurrences
are worked out once, and only then handed to every rule part (role) that uses the string.

Roles come out in the order in which a scan meets them (exact matches by start, then sound
matches, then one-syllable-off matches), which is the order rules are tried in; when two rules
give the same flag on the same words the first one is kept.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, fields

from ..asr.whisper import to_simplified
from . import compiled_cache
from .hits import CLAUSE_MARKS, MatchText, Occ, clause_break  # noqa: F401 (re-exported)
from .lexicon import Lexicon
from .rule_kinds import RULE_KINDS
from .textnorm import SoundKeys, normalise_char
from .tries import Frozen, Trie

# Phrases shorter than this match by sound only where the entry says `sound: always` (for a
# co-occurrence, `always` covers its first list, the verbs; targets always need 3 characters).
SOUND_MIN_CHARS = 3
ALWAYS_SOUND_MIN = 2
# Strings of at least this many syllables also match with one syllable wrong (Whisper base
# replaces whole syllables: 执行局 → 只行举), unless the entry says `sound: never`.
NEAR_MIN_CHARS = 4
EDGE_NEAR_MIN_CHARS = 6  # from this length the first or last syllable may be the one off
# A syllable off may not be one of these: 没有委托手续 is not 的有委托手续.
# Nor a person: 让我丢工作 is not 让你丢工作.
POLARITY = frozenset("不没别无非未否莫勿甭你您我他她妈爸哥姐弟妹爹娘")


@dataclass(frozen=True)
class _Role:
    rule: int  # index into rules, or -1 for exemptions/negators
    part: str  # pattern | first | second | s0, s1 … | lawful | quote | negator
    text: str
    ref: str = ""  # exemption id
    norm: str = ""  # the text in matching form, filled in when the lexicon is compiled
    sid: int = -1  # the index of norm among the compiled lexicon's distinct strings
    seq: int = -1  # the order the role was added in
    sound: bool = False  # also matches by sound
    near: bool = False  # also matches one syllable off
    mode: int = 0  # 0: as written only, 1: also by sound, 2: also one syllable off


_ROLE_FIELDS = tuple(f.name for f in fields(_Role))


class CompiledLexicon:
    """A lexicon turned into tries; built once per lexicon version."""

    def __init__(self, lex: Lexicon, state: dict | None = None):
        self.lex = lex
        self.sound = SoundKeys(lex.sound_alikes)
        self.rules = lex.rules + lex.context  # context markers are rules too, never reported
        self.reach = {ex.id: ex.reach for ex in lex.exemptions}
        self.max_reach = max(self.reach.values(), default=12)
        self.negators_from: dict[str, tuple[str, ...]] = {}  # negators by their first character
        for n in lex.negators:
            self.negators_from[n[:1]] = (*self.negators_from.get(n[:1], ()), n)
        # frames whose first slot is the start of a turn: tried even without any occurrence
        self.turn_frames = [i for i, r in enumerate(self.rules) if r.kind == "frame" and r.slots[0] == ("^",)]
        self.cancels = {ex.id: ex.categories for ex in lex.exemptions}
        self.whole_turn = frozenset(ex.id for ex in lex.exemptions if ex.whole_turn)
        # per rule, the exemptions that never take it back (`spares:` in exemptions.yaml)
        self.spared_by: dict[str, frozenset[str]] = {}
        for ex in lex.exemptions:
            for rule_id in ex.spares:
                self.spared_by[rule_id] = self.spared_by.get(rule_id, frozenset()) | {ex.id}
        # rules that hold only in a call made to a third party, and rules marked `sure` (a veiled
        # threat reads harmless sentence by sentence): the second opinion never takes them back
        self.kept_rules = frozenset(r.id for r in lex.rules if r.when or r.sure)
        if state is not None:
            self._restore(state)
        else:
            self._build(lex)

    def state(self) -> dict:
        """What a later run needs to skip building (see compiled_cache): plain data only."""
        return {"norms": self.norms, "sound_roles": self.sound_roles,
                "roles": [tuple(getattr(r, f) for f in _ROLE_FIELDS) for r in self.roles],
                "exact": self.exact.root, "by_sound": self.by_sound.root,
                "sound_keys": self.sound.state()}

    def _restore(self, state: dict) -> None:
        self.norms = state["norms"]
        self.sound_roles = state["sound_roles"]
        self.roles = [_Role(*r) for r in state["roles"]]
        self.roles_of = [[] for _n in self.norms]
        for role in self.roles:  # in the order they were added
            self.roles_of[role.sid].append(role)
        self.exact, self.by_sound = (Frozen.of(state[k]) for k in ("exact", "by_sound"))
        self.sound.restore(state["sound_keys"])
        self._index_parts()

    def _build(self, lex: Lexicon) -> None:
        self.exact: Trie | Frozen = Trie()  # norm -> its string id
        # sound keys -> (string ids); and sound keys with one WILD -> {the key it replaced: [string ids]}
        # (one-syllable-off keys live in the same trie, so one walk finds both)
        self.by_sound: Trie | Frozen = Trie()
        self.norms: list[str] = []
        self.sid_of: dict[str, int] = {}
        self.roles_of: list[list[_Role]] = []  # per string id, in the order they were added
        self.sound_roles: list[bool] = []  # per string id: whether any of its roles matches by sound
        self.roles: list[_Role] = []
        self._seen: set[tuple] = set()
        self._norm_of: dict[str, str] = {}
        for i, rule in enumerate(self.rules):
            for part, pattern in RULE_KINDS[rule.kind].strings(rule):
                sound = rule.sound
                if rule.kind == "cooccur" and part == "second" and sound == "always":
                    sound = "auto"
                self._add(_Role(i, part, pattern), pattern, sound, near=rule.near)
        for ex in lex.exemptions:
            for pattern in ex.patterns:
                # a short exemption only as written: 向法院 must not cancel 县法院
                sound = "auto" if len(pattern) >= NEAR_MIN_CHARS else "never"
                self._add(_Role(-1, ex.kind, pattern, ex.id), pattern, sound, near=False)
        for neg in dict.fromkeys((*lex.negators, *lex.wide_negators)):
            self._add(_Role(-1, "negator", neg), neg, "never")
        self.exact, self.by_sound = (t.freeze() for t in (self.exact, self.by_sound))
        del self._seen, self._norm_of, self.sid_of
        self._index_parts()

    def _index_parts(self) -> None:
        """Per rule, how many parts (pattern; first and second; a frame's slots) must occur for
        it to give a flag, and per string whether an exemption or a negator uses it."""
        bits: list[dict[str, int]] = [{} for _r in self.rules]
        self.unruled = [False] * len(self.norms)
        for role in self.roles:
            if role.rule < 0:
                self.unruled[role.sid] = True
            else:
                found = bits[role.rule]
                found.setdefault(role.part, 1 << len(found))
        self._bits = bits
        self.full_mask = [(1 << len(b)) - 1 for b in bits]
        self._parts_of: dict[int, tuple[tuple[int, int, int], ...]] = {}

    def parts_of(self, sid: int) -> tuple[tuple[int, int, int], ...]:
        """(rule, the bit of its part, the role's match mode) for every rule role of a string."""
        found = self._parts_of.get(sid)
        if found is None:
            found = self._parts_of[sid] = tuple((r.rule, self._bits[r.rule][r.part], r.mode)
                                                for r in self.roles_of[sid] if r.rule >= 0)
        return found

    def _add(self, role: _Role, pattern: str, sound: str, near: bool = True) -> None:
        norm = self._norm_of.get(pattern)
        if norm is None:  # a class's strings recur in many rules: each is normalised once
            norm = self._norm_of[pattern] = "".join(normalise_char(c) for c in to_simplified(pattern))
        if not norm:
            return
        ident = (role.rule, role.part, role.text, role.ref, norm)
        if ident in self._seen:  # the same string twice in one place: one role
            return
        self._seen.add(ident)
        sid = self.sid_of.get(norm)
        if sid is None:
            sid = self.sid_of[norm] = len(self.norms)
            self.norms.append(norm)
            self.roles_of.append([])
            self.sound_roles.append(False)
            self.exact.set(norm, sid)
        minimum = ALWAYS_SOUND_MIN if sound == "always" else SOUND_MIN_CHARS
        by_sound = sound != "never" and len(norm) >= minimum
        near = by_sound and near and len(norm) >= NEAR_MIN_CHARS
        role = _Role(role.rule, role.part, role.text, role.ref, norm, sid, len(self.roles), by_sound, near,
                     2 if near else 1 if by_sound else 0)
        self.roles.append(role)
        self.roles_of[sid].append(role)
        if by_sound:
            self.sound_roles[sid] = True
            keys = self.sound.keys(norm)
            _add_once(self.by_sound, keys, sid)
            if near:
                # only an inner syllable may be off in a short string: an edge one leaves a shorter
                # match that runs into its neighbours (你的公司 ~ 你的功耗; 跟您父母说 ~ 跟您父母没);
                # a string of EDGE_NEAR_MIN_CHARS or more keeps enough as heard (贴满你们小区 ~ 接满你们小区)
                # (shorter strings: the first syllable may be off, as 缩头乌龟 ~ 桌头乌龟, never the last,
                # which is where a match runs into the next word: 要不要脸 ~ 要不要上)
                edges = len(keys) >= EDGE_NEAR_MIN_CHARS
                content = [c not in FUNCTION_CHARS for c in norm]
                for k in range(0, len(keys) if edges else len(keys) - 1):
                    # find() never takes a negation or a person heard wrong, and needs two content
                    # syllables as said: such keys would only cost scanning time
                    if norm[k] not in POLARITY and sum(content) - content[k] >= 2:
                        self.by_sound.add_near(keys, k, sid)

    def keys(self, text: str) -> str:
        """The sound keys of a match text."""
        return self.sound.keys(text)


def _add_once(trie: Trie, key: str, sid: int) -> None:
    node = trie.root
    for ch in key:
        node = node.setdefault(ch, {})
    found = node.get(None, ())
    if sid not in found:
        node[None] = (*found, sid)


_COMPILED: dict[str, CompiledLexicon] = {}


def compiled(lex: Lexicon) -> CompiledLexicon:
    """The compiled form of a lexicon, cached by its version hash."""
    found = _COMPILED.get(lex.version)
    if found is None:
        # the tries are about a million long-lived containers: the cycle collector would walk
        # them again and again while they are built (doubling the time) and at every full
        # collection afterwards, so it is off while they are built and they are frozen after
        enabled = gc.isenabled()
        gc.disable()
        try:
            state = compiled_cache.load(lex.version)
            if state is not None:
                found = CompiledLexicon(lex, state)
            else:
                found = CompiledLexicon(lex)
                compiled_cache.save(lex.version, found.state())
            _COMPILED[lex.version] = found
        finally:
            if enabled:
                gc.enable()
        gc.freeze()
    return found


def _same(text: str, i: int, norm: str) -> int:
    """How many characters of text at i are as written in norm."""
    return sum(1 for a, b in zip(text[i:i + len(norm)], norm, strict=False) if a == b)


FUNCTION_CHARS = frozenset("是不了的你您我他她它们个这那就都也还吗吧啊呢在有要会得把给跟和去来说么没别再又很太")


def _keeps_content(cl: CompiledLexicon, pairs: list[tuple[str, str]]) -> bool:
    """A syllable heard wrong must leave at least two of the phrase's content syllables as said:
    是不是傻了 is mostly function words, and one wrong syllable turns it into 是不是打了."""
    key = cl.sound.key
    return sum(1 for a, b in pairs if b not in FUNCTION_CHARS and key(a) == key(b)) >= 2


def _edges_rhyme(cl: CompiledLexicon, text: str, keys: str, i: int, size: int, norm: str) -> bool:
    """A first or last syllable heard wrong must still rhyme with the lexicon's (贴满 ~ 接满,
    养出 ~ 亮出, 缩头 ~ 桌头: the recogniser keeps the final and loses the initial); an edge
    syllable that does not rhyme is a neighbouring word (管理公司的员工 is not 贵公司的员工)."""
    want = cl.sound.keys(norm)
    for p in (0, size - 1):
        if keys[i + p] != want[p]:
            return cl.sound.rhyme(text[i + p]) == cl.sound.rhyme(norm[p])
    return True


NUMERALS = frozenset("零〇一二三四五六七八九十百千万亿两0123456789")


def _numerals(text: str, i: int, size: int) -> bool:
    """Whether text[i:i + size] is a number read out (一万两千三百七十八): it sounds like words
    (七十八 ~ 去死吧) but is never one, so it matches nothing by sound."""
    return all(c in NUMERALS for c in text[i:i + size])


def _alive_rules(cl: CompiledLexicon, exact: dict, sound: dict, near_at: dict) -> set[int]:
    """The rules every part of which the scans met, each part in a way its role matches (as
    written, by sound, one syllable off): only they can flag. Most rules met at all lack a part
    (a frame's person without its verb), and their occurrences need not be worked out."""
    have: dict[int, int] = {}  # rule -> bit mask of the parts met
    parts_of = cl.parts_of
    for sid in exact.keys() | sound.keys() | near_at.keys():
        mode = 0 if sid in exact else 1 if sid in sound else 2
        for rule, bit, least in parts_of(sid):
            if least >= mode:
                have[rule] = have.get(rule, 0) | bit
    full = cl.full_mask
    return {r for r, mask in have.items() if mask == full[r]}


def find(cl: CompiledLexicon, mt: MatchText, near: bool = True) -> list[tuple[_Role, list[Occ]]]:
    """Every role with its occurrences in the doc's match text, in the order the scans meet them
    (see the module's docstring); a role met only by sound or one-syllable-off matches that do
    not count keeps an empty list."""
    text, keys, segment = mt.text, mt.keys, mt.segment
    exact: dict[int, list[int]] = cl.exact.starts(text)
    near_at: dict[int, list[int]] = {}
    near_first: dict[int, int] = {}
    if near:
        by_sound, near_hits = cl.by_sound.starts_and_near(keys)
        for i, _j, visit, sids in near_hits:
            for sid in sids:
                found = near_at.get(sid)
                if found is None:
                    near_at[sid] = [i]
                    near_first[sid] = visit
                elif found[-1] != i:
                    found.append(i)
    else:
        by_sound = cl.by_sound.starts(keys)
    sound: dict[int, list[int]] = {sid: found for sids, found in by_sound.items()
                                   for sid in sids}  # a string's sound keys end in one node

    alive = _alive_rules(cl, exact, sound, near_at)
    # one entry per string: (where the scans first met it, string id, occurrences per mode)
    met: list[tuple[tuple[int, int, int], int, tuple[list[Occ], list[Occ], list[Occ]]]] = []
    norms, sound_roles, unruled, roles_of = cl.norms, cl.sound_roles, cl.unruled, cl.roles_of
    for sid in exact.keys() | sound.keys() | near_at.keys():
        if not unruled[sid] and not any(role.rule in alive for role in roles_of[sid]):
            continue  # every rule using the string lacks another of its parts: it cannot flag
        norm = norms[sid]
        size = len(norm)
        starts = exact.get(sid, ())
        at_sound = sound.get(sid, ())
        if starts:
            key = (0, starts[0], size)
        elif at_sound:
            key = (1, at_sound[0], size)
        else:
            key = (2, near_first[sid], 0)
        occ_exact = [Occ(i, i + size, "exact", size) for i in starts]
        if not sound_roles[sid]:
            met.append((key, sid, (occ_exact, occ_exact, occ_exact)))
            continue
        taken = set(starts)
        with_sound = occ_exact + [Occ(i, i + size, "sound", _same(text, i, norm))
                                  for i in at_sound if i not in taken and not clause_break(mt, i, i + size - 1)
                                  and not _numerals(text, i, size)]
        with_near = with_sound
        if sid in near_at:
            with_near = list(with_sound)
            taken.update(at_sound)
            least = size - 1 if size == NEAR_MIN_CHARS else 2
            for i in near_at[sid]:
                if (i in taken or segment[i] != segment[i + size - 1] or clause_break(mt, i, i + size - 1)
                        or _numerals(text, i, size)):
                    continue
                pairs = list(zip(text[i:i + size], norm, strict=False))
                same = sum(1 for a, b in pairs if a == b)
                if same < least or any((a in POLARITY or b in POLARITY) and a != b for a, b in pairs):
                    continue  # enough characters as written, and never a negation or person guessed
                if not _edges_rhyme(cl, text, keys, i, size, norm) or not _keeps_content(cl, pairs):
                    continue
                with_near.append(Occ(i, i + size, "sound", same, near=True))
        met.append((key, sid, (occ_exact, with_sound, with_near)))
    met.sort(key=lambda m: m[0])

    out: list[tuple[_Role, list[Occ]]] = []
    k, n = 0, len(met)
    while k < n:
        key, sid, occs = met[k]
        if key[0] == 0:  # strings met as written: every role, in the order they were added
            out.extend((role, occs[role.mode]) for role in roles_of[sid] if role.rule < 0 or role.rule in alive)
            k += 1
            continue
        # met by sound (every role that matches by sound) or one syllable off (those that
        # match so): strings with the same sound keys share a place, their roles in the order added
        end = k + 1
        while end < n and met[end][0] == key:
            end += 1
        phase = key[0]
        group = [(role.seq, role, o[role.mode]) for _key, s, o in met[k:end] for role in roles_of[s]
                 if role.mode >= phase and (role.rule < 0 or role.rule in alive)]
        if end > k + 1:
            group.sort(key=lambda g: g[0])
        out.extend((role, o) for _seq, role, o in group)
        k = end
    return out
