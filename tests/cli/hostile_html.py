#!/usr/bin/env python3
"""Writes HTML pages built to make an HTML5 tree builder do quadratic work, and a plain page of the
same size to compare them with.

    hostile_html.py KIND BYTES          one page on stdout
    hostile_html.py --kinds             the kinds, one per line

Each hostile kind repeats one small unit until the page has BYTES bytes. The units target the
places where a tree builder scans lists that grow with the input: the stack of open elements, the
list of active formatting elements, and the adoption agency's loops.
"""
import random
import sys

WORDS = ("vrouwen vrede veiligheid resolutie actieplan gendergelijkheid organisaties "
         "onderhandelingen mensenrechten verdedigers wapenhandel beleid").split()

# name -> (page head, repeated unit, page tail). A unit may hold {i}, replaced by its number.
UNITS = {
    "deep-div": ("", "<div>", "tekst"),
    # A stray quote inside a tag: a naive scanner reads it as an attribute quote and skips the
    # markup up to the next quote, where a real tokenizer sees a plain character.
    "quote-in-tag": ("", "<div><x a=1\">", "tekst"),
    "quote-end-tag": ("", "<div></q a=1\">", "tekst"),
    # Outside <head>, <noscript> is ordinary markup for a parser without scripting.
    "noscript": ("<noscript>", "<div>", "tekst"),
    # Elements whose end tag is implied inside their parent nest when the parent is missing.
    "rb": ("", "<rb>", "tekst"),
    "rt-rp": ("", "<rt><rp>", "tekst"),
    "li-section": ("", "<li><section>", "tekst"),
    "dd-article": ("", "<dd><article>", "tekst"),
    "option-span": ("", "<option><span>", "tekst"),
    "p-button": ("", "<p><button>", "tekst"),
    "a-div": ("", "<a><div>", "tekst"),
    "b-distinct": ("", "<b id={i}>", "tekst"),
    "b-i-misnested": ("", "<b><i></b></i>x", ""),
    "b-i-chain": ("", "<b><i><b><i>x", ""),
    "formatting-reopen": ("", "<p><b id={i}>x</p>", ""),
    "table-in-table": ("", "<table><tr><td>", "tekst"),
    "font-unclosed": ("", "<font color=red>x<p>", ""),
    # Not the tree builder: JSON-LD nested as deep as the page is long.
    "json-ld-deep": ("<script type=\"application/ld+json\">", "[[{\"a\":", "</script>"),
}


def plain(size):
    rng = random.Random(1325)
    parts = ["<!doctype html><html lang=nl><head><title>Vrede</title></head><body><main>\n"]
    n = len(parts[0])
    while n < size:
        para = "<p>" + " ".join(rng.choice(WORDS) for _ in range(40)) + "</p>\n"
        parts.append(para)
        n += len(para)
    return "".join(parts)[:size]


def nested(size, seed=8):
    """Deep and wide: random trees of ordinary elements, some left open, some closed twice."""
    rng = random.Random(seed)
    tags = ("div", "span", "section", "b", "i", "em", "p", "li", "ul", "table", "td", "a", "font", "rb")
    out, n, stack = [], 0, []
    while n < size:
        r = rng.random()
        if r < 0.55:
            t = rng.choice(tags)
            piece = f"<{t} class=c{rng.randrange(9)}>"
            stack.append(t)
        elif r < 0.75 and stack:
            piece = f"</{stack.pop() if rng.random() < 0.7 else rng.choice(tags)}>"
        else:
            piece = rng.choice(WORDS) + " "
        out.append(piece)
        n += len(piece)
    return "".join(out)


def unit_page(kind, size):
    head, unit, tail = UNITS[kind]
    parts, n, i = [head], len(head) + len(tail), 0
    while n < size:
        piece = unit.replace("{i}", str(i))
        parts.append(piece)
        n += len(piece)
        i += 1
    parts.append(tail)
    return "".join(parts)


def main():
    if sys.argv[1:] == ["--kinds"]:
        print("\n".join(list(UNITS) + ["nested"]))
        return
    kind, size = sys.argv[1], int(sys.argv[2])
    page = plain(size) if kind == "plain" else nested(size) if kind == "nested" else unit_page(kind, size)
    sys.stdout.write(page)


if __name__ == "__main__":
    main()
