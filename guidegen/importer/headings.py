"""The role of each heading of a document: its title, a section (its questions become a
topic), a question (its deeper headings belong to the answer), an answer's sub-heading,
a Q/A marker heading, or a heading that holds no question."""

from __future__ import annotations

from guidegen.importer import blocks, segments
from guidegen.importer.blocks import heading_text, is_hr
from guidegen.importer.found import STARTS


class HeadingRoles:
    """Mixed into the splitter: reads `self.doc` and asks `self.kind` what a block is."""

    def heading_roles(self) -> dict[int, str]:
        nodes = self.doc.nodes
        heads = [i for i, n in enumerate(nodes) if n.type == "heading"]
        roles: dict[int, str] = {}
        top = [i for i in heads if nodes[i].tag == "h1"]
        if len(top) == 1 and not any(self.kind(self.doc, n) in STARTS for n in nodes[: top[0]]):
            roles[top[0]] = "title"
        info = {i: (int(nodes[i].tag[1]), heading_text(nodes[i])) for i in heads}
        numbered = {i: bool(blocks.NUMBERING.match(text)) for i, (_, text) in info.items()}
        asks = {i: text.rstrip("*_ :").endswith("?") for i, (_, text) in info.items()}
        if self.questions is not None and self.questions.level is not None:
            return self.told_roles(heads, roles, info)
        told = {i: self.questions is not None and self.questions.heading(*info[i]) for i in heads}
        current: int | None = None  # the question heading whose answer we are in
        for i in heads:
            if i in roles:
                continue
            level, text = info[i]
            if told[i]:
                roles[i] = "question"
                current = i
                continue
            if self.heading_mark(nodes[i]):
                roles[i] = "marker"
                continue
            looks = (numbered[i] or asks[i]) and self.questions is None
            if current is not None and level > info[current][0]:
                nested = numbered[i] if numbered[current] else asks[i]
                roles[i] = "question" if nested else "sub"
                continue
            current = None
            direct = self.direct(i)
            kinds = [self.kind(self.doc, n) for n in direct]
            starts = [k for k in kinds if k in ("details", "qlist") or k == ("q" if "q" in kinds else "bold")]
            first = next((k for k, n in zip(kinds, direct) if not is_hr(n)), None)
            answer_at = next((j for j, k in enumerate(kinds) if k in ("a", "adetails")), None)
            if answer_at is not None and not any(k in STARTS for k in kinds[:answer_at]):
                # An answer marker before any question of its own: the heading asks it.
                roles[i] = "question"
                current = i
                continue
            if looks:
                # A numbered chapter ("## 15. UPDATE") whose sub-sections hold the
                # questions ("**Übung 1:** ...") is a section, not one question holding them.
                section = len(starts) >= 2 or (len(starts) == 1 and first == starts[0] and first != "q") or \
                    self.starts_below(i) >= 2
            else:
                section = bool(starts) or segments.count(self.doc, direct) >= 2 or self.holds_questions(i, numbered, asks)
            if section:
                roles[i] = "section"
            elif looks:
                roles[i] = "question"
                current = i
            else:
                roles[i] = "other"
        return roles

    def told_roles(self, heads: list[int], roles: dict[int, str], info) -> dict[int, str]:
        """With --questions '###' or '### Ejercicio': the headings it names are questions,
        deeper ones under them belong to their answers, and shallower ones holding
        questions are sections."""
        nodes = self.doc.nodes
        current: int | None = None
        for n, i in enumerate(heads):
            if i in roles:
                continue
            level = info[i][0]
            if self.questions.heading(*info[i]):
                roles[i], current = "question", i
            elif self.heading_mark(nodes[i]):
                roles[i] = "marker"
            elif current is not None and level > info[current][0]:
                roles[i] = "sub"
            else:
                current = None
                below = []
                for j in heads[n + 1:]:
                    if info[j][0] <= level:
                        break
                    below.append(j)
                roles[i] = "section" if any(self.questions.heading(*info[j]) for j in below) else "other"
        return roles

    def direct(self, index: int) -> list:
        out = []
        for node in self.doc.nodes[index + 1 :]:
            if node.type == "heading" and not self.heading_mark(node):
                break
            out.append(node)
        return out

    def starts_below(self, index: int) -> int:
        """How many question starts the deeper headings under heading `index` hold, not
        counting those under deeper headings that are questions themselves ("### 22. ...")."""
        level, count = int(self.doc.nodes[index].tag[1]), 0
        nodes = self.doc.nodes
        j = index + 1
        while j < len(nodes) and nodes[j].type != "heading":
            j += 1  # its own blocks were counted already
        asking = False
        for node in nodes[j:]:
            if node.type == "heading":
                if int(node.tag[1]) <= level:
                    break
                text = heading_text(node)
                asking = bool(blocks.NUMBERING.match(text)) or text.rstrip("*_ :").endswith("?")
            elif not asking and self.kind(self.doc, node) in STARTS:
                count += 1
        return count

    def holds_questions(self, index: int, numbered, asks) -> bool:
        level = int(self.doc.nodes[index].tag[1])
        for j in range(index + 1, len(self.doc.nodes)):
            node = self.doc.nodes[j]
            if node.type == "heading":
                if int(node.tag[1]) <= level:
                    return False
                if numbered[j] or asks[j]:
                    return True
            elif self.kind(self.doc, node) in STARTS:
                return True
        return False

    # -- what a block is ---------------------------------------------------------------
