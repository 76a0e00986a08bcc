"""Character tries: every lexicon string in one tree, so a transcript is read once whatever the
size of the lexicon.

A node is a dict from the next character to the child node; the key None holds the node's
payload (what the matcher stores for the string that ends there)."""

from __future__ import annotations

from dataclasses import dataclass, field

WILD = "\0"  # in a key: any one character (one syllable off)


@dataclass
class Trie:
    root: dict = field(default_factory=dict)

    def add(self, key: str, payload) -> None:
        """Store payload under key (a list of payloads per key, in the order they were added)."""
        node = self.root
        for ch in key:
            node = node.setdefault(ch, {})
        node.setdefault(None, []).append(payload)

    def set(self, key: str, payload) -> None:
        """Store one payload under key, replacing any other."""
        node = self.root
        for ch in key:
            node = node.setdefault(ch, {})
        node[None] = payload

    def scan(self, text: str) -> list[tuple[int, int, object]]:
        """(start, end, payload) of every occurrence of every key, overlaps included, by start
        then end; a node's payload as stored (a list with add, a single value with set)."""
        root = self.root
        n = len(text)
        out = []
        for i in range(n):
            node = root.get(text[i])
            j = i + 1
            while node is not None:
                payload = node.get(None)
                if payload is not None:
                    out.append((i, j, payload))
                if j >= n:
                    break
                node = node.get(text[j])
                j += 1
        return out

    def add_near(self, key: str, k: int, payload) -> None:
        """Store payload under key with its k-th character made WILD (for Frozen.scan_near),
        once per key."""
        node = self.root
        for ch in key[:k] + WILD + key[k + 1:]:
            node = node.setdefault(ch, {})
        found = node.setdefault(None, {}).setdefault(key[k], [])
        if payload not in found:
            found.append(payload)

    def freeze(self) -> Frozen:
        """The trie for reading only, with nodes that are quicker to walk."""
        return Frozen(self)


class Frozen:
    """A finished trie: each node a tuple (children, wild child, payload), so a step is one
    dict look-up; a WILD key's node is its parent's second item."""

    def __init__(self, trie: Trie):
        self.root = self._node(trie.root)

    @classmethod
    def of(cls, root: tuple) -> Frozen:
        """A frozen trie from the root of another (as kept by compiled_cache)."""
        found = cls.__new__(cls)
        found.root = root
        return found

    def _node(self, node: dict) -> tuple:
        children = {ch: self._node(sub) for ch, sub in node.items() if ch is not None and ch != WILD}
        wild = self._node(node[WILD]) if WILD in node else None
        return children, wild, node.get(None)

    def starts(self, text: str) -> dict:
        """{payload: [start, ...]} of every key in text (payloads as stored, hashable), starts in
        ascending order, payloads in the order a scan by start then end meets them."""
        root = self.root[0]
        n = len(text)
        text = list(text)  # CJK and sound-key characters: indexing a str makes a new object each time
        out: dict = {}
        for i in range(n):
            node = root.get(text[i])
            j = i + 1
            while node is not None:
                children, _wild, payload = node
                if payload is not None:
                    found = out.get(payload)
                    if found is None:
                        out[payload] = [i]
                    else:
                        found.append(i)
                if j >= n:
                    break
                node = children.get(text[j])
                j += 1
        return out

    def starts_and_near(self, text: str) -> tuple[dict, list[tuple[int, int, int, object]]]:
        """starts(text) and scan_near(text) in one walk, for a trie that holds keys as written and
        keys with one WILD (a one-syllable-off key's characters before its WILD are the start of a
        key as written, so both are met on the same path)."""
        root = self.root
        n = len(text)
        text = list(text)  # as in starts()
        found: dict = {}
        out = []
        visit = 0
        for i in range(n):
            node, j = root, i
            while j < n:
                children, wild, _payload = node
                if wild is not None:  # below a WILD every key goes on as written
                    c = text[j]
                    k = j + 1
                    while True:
                        below, _none, payloads = wild
                        if payloads is not None:
                            for original, payload in payloads.items():
                                if original != c:
                                    out.append((i, k, visit, payload))
                            visit += 1
                        if k >= n:
                            break
                        wild = below.get(text[k])
                        if wild is None:
                            break
                        k += 1
                node = children.get(text[j])
                if node is None:
                    break
                j += 1
                payload = node[2]
                if payload is not None:
                    starts = found.get(payload)
                    if starts is None:
                        found[payload] = [i]
                    else:
                        starts.append(i)
        return found, out

    def scan_near(self, text: str) -> list[tuple[int, int, int, object]]:
        """(start, end, visit, payload) of every string in text that is one character off a key.

        Keys hold exactly one WILD character; a key's payload maps the character the WILD took
        the place of to what is stored ({original: payload}), and a payload comes out only where
        the text has another character there (a string as written is for starts). visit counts
        the trie nodes met, in order: at one start, the key with the earliest WILD comes first."""
        return self.starts_and_near(text)[1]  # a trie of WILD keys only: no starts
