"""Character tries: every lexicon string in one tree, so a transcript is read once whatever the
size of the lexicon."""

from __future__ import annotations

from dataclasses import dataclass, field

WILD = "\0"  # in a key: any one character (one syllable off)


@dataclass
class Trie:
    root: dict = field(default_factory=dict)

    def add(self, key: str, payload) -> None:
        node = self.root
        for ch in key:
            node = node.setdefault(ch, {})
        node.setdefault(None, []).append(payload)

    def scan(self, text: str):
        """Yield (start, end, payload) for every occurrence of every key, overlaps included."""
        root = self.root
        n = len(text)
        for i in range(n):
            node = root.get(text[i])
            j = i + 1
            while node is not None:
                payloads = node.get(None)
                if payloads:
                    for p in payloads:
                        yield i, j, p
                if j >= n:
                    break
                node = node.get(text[j])
                j += 1

    def scan_near(self, text: str):
        """Like scan, over keys holding one WILD character that stands for any one character."""
        root = self.root
        n = len(text)
        for i in range(n):
            stack = [(root, i)]
            while stack:
                node, j = stack.pop()
                payloads = node.get(None)
                if payloads and j > i:
                    for p in payloads:
                        yield i, j, p
                if j >= n:
                    continue
                nxt = node.get(text[j])
                if nxt is not None:
                    stack.append((nxt, j + 1))
                wild = node.get(WILD)
                if wild is not None:
                    stack.append((wild, j + 1))
