"""The tries under the matcher: every key found once per place, one-syllable-off matches only
where the text really differs, and a string shared by many rules found for each of them."""

from evidence.flagging import current_lexicon, matcher, occurrences
from evidence.flagging.explain import segments_from_text
from evidence.flagging.occurrences import compiled
from evidence.flagging.tries import Trie


def test_starts_finds_every_key_overlaps_included():
    t = Trie()
    for key, payload in (("ab", 1), ("abc", 2), ("bc", 3), ("c", 4)):
        t.set(key, payload)
    assert t.freeze().starts("xabcab") == {1: [1, 4], 2: [1], 4: [3], 3: [2]}
    assert list(t.freeze().starts("xabcab")) == [1, 2, 3, 4]  # by start, then end


def test_scan_near_only_where_one_character_differs():
    t = Trie()
    t.add_near("abcd", 1, "P")  # a?cd, where ? is not b
    t.add_near("abcd", 2, "P")  # ab?d, where ? is not c
    near = t.freeze()
    assert [(i, j, p) for i, j, _v, p in near.scan_near("xaxcd")] == [(1, 5, ["P"])]
    assert [(i, j, p) for i, j, _v, p in near.scan_near("abxd")] == [(0, 4, ["P"])]
    assert near.scan_near("abcd") == []  # as written: not one syllable off
    assert near.scan_near("xbcd") == []  # the first syllable may not be off in four


def test_a_string_shared_by_rules_reaches_each_rule_that_can_flag():
    lex = current_lexicon()
    cl = compiled(lex)
    # a string that is the whole of several rules (a phrase), and also one part of a longer rule
    shared = next(sid for sid, roles in enumerate(cl.roles_of)
                  if len({r.rule for r in roles if r.rule >= 0 and cl.full_mask[r.rule] == 1}) >= 2
                  and any(r.rule >= 0 and cl.full_mask[r.rule] > 1 for r in roles))
    whole = [r for r in cl.roles_of[shared] if r.rule >= 0 and cl.full_mask[r.rule] == 1]
    assert len(cl.norms) == len(set(cl.norms))  # each distinct string once
    doc = matcher.run(segments_from_text(cl.norms[shared] + "。"), lex)
    mt = matcher.MatchText(doc.user_data["tokens"], doc._.match_text, doc._.sound_text,
                           doc._.match_to_token, doc.user_data["timing"])
    occ = occurrences.find(cl, mt)
    found = {role for role, occs in occ if occs}
    assert set(whole) <= found
    # a rule none of whose other parts was said gets nothing: its occurrences are not worked out
    said = {role.rule: set() for role, occs in occ if role.rule >= 0}
    for role, occs in occ:
        if role.rule >= 0 and occs:
            said[role.rule].add(role.part)
    assert all(len(parts) == bin(cl.full_mask[rule]).count("1") for rule, parts in said.items())
