#!/usr/bin/env python3
"""Generate a synthetic, deterministic Dutch-like corpus for benchmarking kb.

Two modes:

  gen_corpus.py html  --count N --out DIR  [--seed S] [--dirs 100]
      N realistic web pages (doctype, head with meta/og/JSON-LD, <style>,
      two <script> blocks, header/nav, cookie banner, breadcrumbs, article,
      aside, footer) spread over --dirs subfolders of DIR.

  gen_corpus.py jsonl --count N --out FILE|-  [--seed S]
      N JSON Lines records of about 2.5 KB each, written to FILE or stdout.

The text is Dutch-like: real function words and ~300 real topical words,
plus ~40,000 pseudo-Dutch words built from Dutch onsets/nuclei/codas,
derivational affixes and compounds (with linking -s-/-en-).  Nouns, verbs
and adjectives are sometimes inflected.  Word frequencies follow a Zipf law
(s = 1.07 by default), so a large corpus holds tens of thousands of distinct
words with a long tail of rare ones, as real text does.

Only the standard library is used.  The same --seed (and Python version)
always gives byte-identical output.  A summary (files/records, MB, distinct
words) is printed to stderr.
"""

import argparse
import bisect
import html
import itertools
import json
import os
import re
import random
import sys
import time

# --------------------------------------------------------------------------
# Real Dutch words
# --------------------------------------------------------------------------

# Roughly in order of frequency in running Dutch text.
FUNCTION_WORDS = """
de en van het een in is dat op te zijn die met voor niet aan er ook als
door bij om dan of maar nog wel over naar uit tot worden wordt heeft hebben
deze was kan zo al werd meer dit zich geen moet na wat omdat waar hun
onder tegen kunnen zal zou veel nu hij zij ze we wij ons onze haar hem
men iets alle alleen andere tussen zonder tijdens binnen sinds via
echter dus toch steeds eerst daarna waarbij waarin waarop hierbij daarom
volgens ongeveer bijna zeer heel vaak soms nooit altijd reeds weer even
mogelijk verder goed nieuwe eigen grote groot klein eerste tweede twee drie
vier vijf tien honderd jaar jaren waren werden had kon zouden moeten mag
hier daar toen wanneer hoe wie welke welk elk elke ieder iedere beide
""".split()

TOPICAL_WORDS = """
vrouwen vrouw vrede veiligheid resolutie resoluties mensenrechten regering
ministerie minister ministers kabinet parlement kamer gemeente gemeenten
provincie provincies overheid beleid wetgeving wet wetten rapport rapporten
onderzoek onderzoeken gezondheid zorg ziekenhuis ziekenhuizen onderwijs
school scholen leerlingen studenten universiteit wetenschap cultuur kunst
muziek geschiedenis oorlog oorlogen conflict conflicten verdrag verdragen
samenwerking ontwikkeling ontwikkelingen economie werkgelegenheid banen
inkomen armoede rijkdom belasting belastingen begroting financiering subsidie
klimaat energie duurzaamheid milieu natuur water landbouw voedsel boeren
vervoer verkeer wegen spoor fietsers mobiliteit woningen woningbouw huur
huurders wijk wijken stad steden dorp dorpen bevolking inwoners burgers
gemeenschap samenleving democratie verkiezingen partij partijen stemmen
rechtspraak rechter rechters rechtbank advocaat politie criminaliteit
justitie gevangenis straf slachtoffers geweld discriminatie gelijkheid
gelijke rechten vrijheid vluchtelingen migratie asiel integratie taal
kinderen jongeren ouderen gezin gezinnen ouders moeders vaders meisjes
jongens arbeid arbeidsmarkt werknemers werkgevers vakbond pensioen
pensioenen uitkering uitkeringen sociale zekerheid zorgverzekering
ziekte ziekten patienten artsen verpleegkundigen vaccinatie preventie
voorlichting informatie communicatie media krant kranten nieuws
journalistiek internet digitale technologie innovatie bedrijven bedrijf
ondernemers handel export import markt markten prijzen kosten
investeringen bank banken geld euro crisis herstel groei
europese unie verenigde naties internationale nationale regionale lokale
afspraken akkoord overeenkomst onderhandelingen besluit besluiten
maatregelen maatregel plannen plan strategie doelen doelstellingen
resultaten evaluatie monitoring uitvoering toezicht inspectie
verantwoordelijkheid transparantie participatie inclusie diversiteit
emancipatie gendergelijkheid leiderschap vertegenwoordiging besluitvorming
bescherming preventie wederopbouw ontwapening vredesmissie vredesoperaties
militairen defensie krijgsmacht grenzen grens buitenland buitenlandse
ambassade diplomatie hulp noodhulp humanitaire organisatie organisaties
stichting vereniging vrijwilligers netwerk projecten project programma
programmas activiteiten bijeenkomst conferentie vergadering commissie
raad bestuur voorzitter directeur medewerkers personeel afdeling
dienstverlening aanvraag aanvragen vergunning vergunningen regels regel
procedure procedures termijn termijnen kwaliteit capaciteit toegang
toegankelijkheid aandacht behoefte behoeften situatie omstandigheden
gevolgen oorzaken risico risicos kansen uitdagingen problemen probleem
oplossingen oplossing aanpak advies adviezen aanbevelingen conclusies
""".split()

# Common Dutch word endings; used to derive plausible pseudo-words.
DERIV_SUFFIXES = ["heid", "ing", "lijk", "schap", "baar", "achtig", "isch",
                  "ig", "te", "nis", "ster", "aar", "erij", "dom", "sel"]
PREFIXES = ["be", "ge", "ver", "ont", "her", "over", "onder", "voor", "uit",
            "mee", "aan", "door", "op", "af", "toe"]

# Onsets, nuclei and codas with rough weights.
ONSETS = [("", 8), ("b", 5), ("d", 6), ("f", 2), ("g", 5), ("h", 5),
          ("j", 2), ("k", 6), ("l", 6), ("m", 6), ("n", 4), ("p", 4),
          ("r", 5), ("s", 6), ("t", 6), ("v", 6), ("w", 5), ("z", 4),
          ("bl", 2), ("br", 2), ("dr", 2), ("fl", 1), ("fr", 1), ("gl", 1),
          ("gr", 3), ("kl", 2), ("kn", 1), ("kr", 2), ("pl", 2), ("pr", 2),
          ("sch", 4), ("schr", 1), ("sl", 2), ("sm", 1), ("sn", 1),
          ("sp", 2), ("spr", 1), ("st", 4), ("str", 1), ("tr", 2),
          ("vl", 1), ("vr", 3), ("zw", 2), ("wr", 1), ("ch", 1), ("kw", 1)]
NUCLEI = [("a", 8), ("e", 12), ("i", 6), ("o", 6), ("u", 3), ("aa", 4),
          ("ee", 4), ("oo", 3), ("uu", 1), ("ie", 4), ("oe", 3), ("ui", 2),
          ("ij", 3), ("ei", 2), ("eu", 1), ("ou", 2), ("au", 1)]
CODAS = [("", 10), ("n", 8), ("r", 6), ("l", 5), ("s", 4), ("t", 6),
         ("k", 4), ("m", 2), ("p", 2), ("d", 2), ("f", 1), ("g", 2),
         ("ng", 3), ("nk", 1), ("cht", 2), ("ft", 1), ("st", 2), ("rd", 1),
         ("rt", 1), ("ld", 1), ("lt", 1), ("nd", 3), ("nt", 2), ("rk", 1),
         ("rm", 1), ("rn", 1), ("ls", 1), ("ks", 1), ("ts", 1), ("ch", 1)]

FIRST_NAMES = """Jan Pieter Sanne Emma Lotte Daan Sem Lucas Julia Tess Noah
Anna Fleur Bram Thijs Ruben Eva Lisa Maud Iris Femke Joost Koen Wouter Marieke
Esther Ingrid Hanneke Gerrit Hendrik Willem Maarten Sofie Noor Yara Fatima
Mohammed Sarah Anouk Floor Jesse Lars Milan Roos Vera Anke Bas Dirk Els""".split()
LAST_NAMES = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser",
              "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos",
              "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
              "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
              "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
              "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
              "de Bruijn", "de Jong", "Koster", "Willems", "Verhoeven",
              "Hoekstra", "Maas", "Verbeek", "Kuipers", "Schouten"]
CITIES = ["Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven",
          "Groningen", "Tilburg", "Almere", "Breda", "Nijmegen", "Arnhem",
          "Haarlem", "Enschede", "Zwolle", "Leiden", "Maastricht", "Delft",
          "Leeuwarden", "Middelburg", "Assen"]
STREETS = ["Lange Voorhout", "Kerkstraat", "Stationsweg", "Dorpsstraat",
           "Molenweg", "Schoolstraat", "Julianalaan", "Beatrixlaan",
           "Prinsengracht", "Herengracht", "Markt", "Nieuwstraat"]
DOC_TYPES = ["rapport", "beleidsnota", "nieuwsbericht", "resolutie",
             "verslag", "brief", "factsheet", "handreiking", "advies"]
DEPARTMENTS = ["Buitenlandse Zaken", "Binnenlandse Zaken", "Justitie en Veiligheid",
               "Volksgezondheid", "Onderwijs, Cultuur en Wetenschap",
               "Sociale Zaken", "Economische Zaken", "Infrastructuur en Waterstaat",
               "Defensie", "Financien"]


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

def _weighted(rng, table, k):
    items = [t[0] for t in table]
    cum = list(itertools.accumulate(t[1] for t in table))
    return rng.choices(items, cum_weights=cum, k=k)


def pseudo_word(rng):
    """One pseudo-Dutch simple word (1-3 syllables, maybe affixed)."""
    nsyl = rng.choices((1, 2, 3), weights=(35, 45, 20))[0]
    ons = _weighted(rng, ONSETS, nsyl)
    nuc = _weighted(rng, NUCLEI, nsyl)
    cod = _weighted(rng, CODAS, nsyl)
    parts = []
    for i in range(nsyl):
        o = ons[i]
        # Inside a word, only simple onsets after a vowel-final syllable.
        if i > 0 and parts[-1][-1] not in "aeiouj" and len(o) > 1:
            o = o[0]
        elif i > 0 and parts[-1][-1] in "aeiouj" and o == "":
            o = rng.choice("bdgklmnprstvwz")
        parts.append(o + nuc[i] + (cod[i] if i == nsyl - 1 or rng.random() < 0.4 else ""))
    w = "".join(parts)
    r = rng.random()
    if r < 0.12:
        w = rng.choice(PREFIXES) + w
    elif r < 0.30:
        w = w + rng.choice(DERIV_SUFFIXES)
    elif r < 0.40:
        w = w + rng.choice(("en", "er", "el", "e"))
    return _TRIPLE.sub(r"\1\1", w)


_TRIPLE = re.compile(r"([aeiou])\1\1+")
NOUN_SUFFIXES = ("heid", "ing", "schap", "nis", "ster", "aar", "erij", "dom", "sel")
ADJ_SUFFIXES = ("lijk", "baar", "achtig", "isch", "ig")


def build_vocabulary(rng, n_pseudo, compound_share=0.3):
    """Return (forms, cum_weights_fn) pieces: list of base entries in rank order.

    Each entry is (kind, base) with kind in {"fixed", "noun", "verb", "adj"}.
    """
    seen = set(FUNCTION_WORDS) | set(TOPICAL_WORDS)
    simple = []
    n_simple = int(n_pseudo * (1 - compound_share))
    while len(simple) < n_simple:
        w = pseudo_word(rng)
        if 2 <= len(w) <= 16 and w not in seen:
            seen.add(w)
            simple.append(w)
    compounds = []
    heads = simple[: max(100, n_simple // 3)]  # compounds use commoner words
    reals = [w for w in TOPICAL_WORDS if len(w) > 3]
    while len(compounds) < n_pseudo - n_simple:
        a = rng.choice(heads if rng.random() < 0.8 else reals)
        b = rng.choice(simple if rng.random() < 0.8 else reals)
        link = rng.choices(("", "s", "en"), weights=(6, 3, 2))[0]
        if a.endswith("s") and link == "s":
            link = ""
        w = a + link + b
        if len(w) <= 30 and w not in seen:
            seen.add(w)
            compounds.append(w)

    # Rank order: simple words roughly first, compounds spread over the tail,
    # topical words among the first few thousand ranks.
    total = len(simple) + len(compounds)
    keyed = []
    for i, w in enumerate(simple):
        keyed.append((i * (1.0 - compound_share) + rng.random() * 50, w))
    for w in compounds:
        keyed.append((rng.uniform(0.15, 1.0) * total, w))
    for w in TOPICAL_WORDS:
        keyed.append((rng.uniform(0, 3000), w))
    keyed.sort(key=lambda kw: kw[0])
    topical = set(TOPICAL_WORDS)
    entries = [("fixed", w) for w in FUNCTION_WORDS]
    kinds = ("noun", "verb", "adj")
    kind_w = (60, 22, 18)
    for _, w in keyed:
        if w in topical:
            entries.append(("fixed", w))
        elif w.endswith(NOUN_SUFFIXES):
            entries.append(("noun", w))
        elif w.endswith(ADJ_SUFFIXES):
            entries.append(("adj", w))
        else:
            entries.append((rng.choices(kinds, weights=kind_w)[0], w))
    return entries


def _plural(w):
    if w.endswith(("el", "er", "em", "je", "ie", "e")) or w[-1] in "aiouy":
        return w + "s"
    if w.endswith("heid"):
        return w[:-4] + "heden"
    return w + "en"


def forms_of(kind, w):
    """Word forms and their share of the entry's probability."""
    if kind == "noun":
        return [(w, 0.72), (_plural(w), 0.28)]
    if kind == "verb":
        past = "te" if w[-1] in "tkfschp" else "de"
        return [(w, 0.2), (w + "t", 0.28), (w + "en", 0.37), (w + past, 0.15)]
    if kind == "adj":
        return [(w, 0.6), (w + "e", 0.4)]
    return [(w, 1.0)]


class Vocab:
    def __init__(self, seed, n_pseudo=40000, zipf_s=1.07):
        rng = random.Random(f"vocab-{seed}")
        entries = build_vocabulary(rng, n_pseudo)
        forms, weights = [], []
        for rank, (kind, w) in enumerate(entries, start=1):
            base = 1.0 / rank ** zipf_s
            for f, share in forms_of(kind, w):
                forms.append(f)
                weights.append(base * share)
        self.forms = forms
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]
        self.n_entries = len(entries)
        # A small list of "content" words (not function words) for titles,
        # keywords and link texts; ranks 100..3000 are nicely topical.
        self.content = [w for k, w in entries[len(FUNCTION_WORDS):len(FUNCTION_WORDS) + 3000]]
        self.seen = set()

    def draw(self, rng, k):
        # Same as rng.choices(self.forms, cum_weights=self.cum, k=k) but
        # with the lookups hoisted (this is the generator's hot loop).
        rnd = rng.random
        total = self.total
        cum = self.cum
        forms = self.forms
        hi = len(cum) - 1
        bis = bisect.bisect
        words = [forms[bis(cum, rnd() * total, 0, hi)] for _ in range(k)]
        self.seen.update(words)
        return words

    def content_words(self, rng, k):
        # Zipf-ish over the content list too, so titles repeat sometimes.
        idx = [int(len(self.content) * (rng.random() ** 2.5)) for _ in range(k)]
        ws = [self.content[i] for i in idx]
        self.seen.update(ws)
        return ws


SENT_END = (".", ".", ".", ".", ".", ".", ".", "?", "!", ":")


def sentences(rng, words):
    """Cut a list of words into sentences of 6-20 words."""
    out = []
    i, n = 0, len(words)
    while i < n:
        L = rng.randint(6, 20)
        chunk = words[i:i + L]
        i += L
        if len(chunk) > 7 and rng.random() < 0.35:
            c = rng.randint(3, len(chunk) - 3)
            chunk[c] = chunk[c] + ","
        s = " ".join(chunk)
        out.append(s[0].upper() + s[1:] + rng.choice(SENT_END))
    return out


def text(vocab, rng, nbytes):
    """About nbytes of Dutch-like prose as a list of sentences."""
    # Average token is ~7.4 bytes including the space.
    return sentences(rng, vocab.draw(rng, max(6, int(nbytes / 7.4))))


def title_of(vocab, rng, lo=3, hi=8):
    ws = vocab.draw(rng, rng.randint(lo, hi))
    # Titles lean on content words.
    cw = vocab.content_words(rng, 2)
    ws[0:0] = cw[:1]
    ws.append(cw[1])
    s = " ".join(ws)
    return s[0].upper() + s[1:]


def slug(s, n=6):
    return "-".join(s.lower().replace(",", "").split()[:n])


def person(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def date(rng):
    return f"{rng.randint(2005, 2024):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def capital(s):
    return s[:1].upper() + s[1:]


# --------------------------------------------------------------------------
# HTML pages
# --------------------------------------------------------------------------

CSS = """
  :root {{ --accent: {accent}; --text: #1a1a1a; --muted: #5c5c5c; }}
  * {{ box-sizing: border-box; }}
  body {{ margin: 0; font-family: "Rijksoverheid Sans", Verdana, Arial, sans-serif; color: var(--text); line-height: 1.6; }}
  header.site-header {{ background: var(--accent); color: #fff; padding: 0.5rem 1rem; }}
  nav.main-nav ul {{ list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; }}
  nav.main-nav a {{ color: #fff; text-decoration: none; }}
  nav.main-nav a:hover, nav.main-nav a:focus {{ text-decoration: underline; }}
  .cookie-banner {{ position: fixed; bottom: 0; left: 0; right: 0; background: #f3f3f3; padding: 1rem; border-top: 2px solid var(--accent); }}
  .cookie-banner button {{ margin-right: .5rem; padding: .4rem 1rem; }}
  .breadcrumbs {{ font-size: .875rem; color: var(--muted); padding: .5rem 1rem; }}
  main {{ display: grid; grid-template-columns: 3fr 1fr; gap: 2rem; max-width: 72rem; margin: 0 auto; padding: 1rem; }}
  article h1 {{ font-size: 2rem; margin-top: 0; }}
  article h2 {{ font-size: 1.35rem; border-bottom: 1px solid #ddd; }}
  aside.related {{ background: #fafafa; padding: 1rem; }}
  footer.site-footer {{ background: #222; color: #ddd; padding: 2rem 1rem; font-size: .9rem; }}
  @media (max-width: 40rem) {{ main {{ grid-template-columns: 1fr; }} }}
"""

JS_ANALYTICS = """
  window.dataLayer = window.dataLayer || [];
  function gtag(){{dataLayer.push(arguments);}}
  gtag('js', new Date());
  gtag('config', 'G-{tag}', {{ 'anonymize_ip': true, 'page_path': '/{path}' }});
  (function(w, d, s, u) {{
    var f = d.getElementsByTagName(s)[0], j = d.createElement(s);
    j.async = true; j.src = u + '?id={tag}&cb=' + Date.now();
    f.parentNode.insertBefore(j, f);
  }})(window, document, 'script', 'https://stats.example.nl/collect.js');
"""

JS_SITE = """
  document.addEventListener('DOMContentLoaded', function () {{
    var banner = document.querySelector('.cookie-banner');
    var accepted = window.localStorage.getItem('cookies-{site}');
    if (accepted) {{ banner.hidden = true; }}
    document.querySelectorAll('.cookie-banner button').forEach(function (btn) {{
      btn.addEventListener('click', function () {{
        window.localStorage.setItem('cookies-{site}', btn.dataset.choice);
        banner.hidden = true;
      }});
    }});
    var toggle = document.querySelector('.menu-toggle');
    if (toggle) {{
      toggle.addEventListener('click', function () {{
        var nav = document.getElementById('hoofdmenu');
        var open = nav.getAttribute('aria-expanded') === 'true';
        nav.setAttribute('aria-expanded', String(!open));
      }});
    }}
    var labels = {{ zoeken: 'Zoeken', sluiten: 'Sluiten', menu: 'Menu', terug: 'Terug naar boven' }};
    console.debug('pagina geladen', labels.menu, {n});
  }});
"""

ACCENTS = ["#154273", "#01689b", "#007bc7", "#39870c", "#a90061", "#e17000",
           "#42145f", "#8fcae7", "#275937", "#673327"]


class HtmlGen:
    def __init__(self, vocab, seed, n_dirs):
        self.vocab = vocab
        self.seed = seed
        self.n_dirs = n_dirs
        rng = random.Random(f"sites-{seed}")
        # One "site" per folder: a name, a menu of ~15 links, an address.
        self.sites = []
        for d in range(n_dirs):
            name = capital(" ".join(vocab.content_words(rng, rng.randint(1, 3))))
            menu = [capital(" ".join(vocab.content_words(rng, rng.randint(1, 2))))
                    for _ in range(rng.randint(13, 17))]
            self.sites.append({
                "dir": f"sectie-{d:03d}",
                "name": name,
                "host": f"www.{slug(name, 2)}.example.nl",
                "menu": menu,
                "accent": rng.choice(ACCENTS),
                "street": f"{rng.choice(STREETS)} {rng.randint(1, 250)}",
                "zip": f"{rng.randint(1000, 9999)} {chr(65 + rng.randint(0, 25))}{chr(65 + rng.randint(0, 25))}",
                "city": rng.choice(CITIES),
                "tag": "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10)),
            })

    def page(self, i, n_total):
        v = self.vocab
        rng = random.Random(f"page-{self.seed}-{i}")
        per_dir = max(1, -(-n_total // self.n_dirs))
        site = self.sites[min(i // per_dir, self.n_dirs - 1)]
        e = html.escape
        title = title_of(v, rng)
        fname = f"{slug(title)}-{i:06d}.html"
        rel = f"{site['dir']}/{fname}"
        url = f"https://{site['host']}/{fname}"
        author = person(rng)
        when = date(rng)
        desc = " ".join(text(v, rng, 160))[:200]
        keywords = ", ".join(v.content_words(rng, rng.randint(4, 8)))
        section = rng.choice(site["menu"])
        ld = json.dumps({
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": title,
            "description": desc,
            "author": {"@type": "Person", "name": author},
            "datePublished": when,
            "inLanguage": "nl-NL",
            "publisher": {"@type": "Organization", "name": site["name"],
                          "url": f"https://{site['host']}/"},
            "mainEntityOfPage": url,
        }, ensure_ascii=False, indent=2)

        out = []
        w = out.append
        w("<!DOCTYPE html>\n")
        w('<html lang="nl">\n<head>\n')
        w('  <meta charset="utf-8">\n')
        w('  <meta name="viewport" content="width=device-width, initial-scale=1">\n')
        w(f"  <title>{e(title)} | {e(site['name'])}</title>\n")
        w(f'  <meta name="description" content="{e(desc)}">\n')
        w(f'  <meta name="keywords" content="{e(keywords)}">\n')
        w(f'  <meta name="author" content="{e(author)}">\n')
        w(f'  <meta name="date" content="{when}">\n')
        w(f'  <link rel="canonical" href="{url}">\n')
        w(f'  <meta property="og:type" content="article">\n')
        w(f'  <meta property="og:title" content="{e(title)}">\n')
        w(f'  <meta property="og:description" content="{e(desc)}">\n')
        w(f'  <meta property="og:url" content="{url}">\n')
        w(f'  <meta property="og:site_name" content="{e(site["name"])}">\n')
        w(f'  <meta property="og:locale" content="nl_NL">\n')
        w(f'  <meta property="og:image" content="https://{site["host"]}/beeld/{i % 97}.jpg">\n')
        w(f'  <meta property="article:published_time" content="{when}T09:00:00+01:00">\n')
        w(f'  <script type="application/ld+json">\n{ld}\n  </script>\n')
        w(f"  <style>{CSS.format(accent=site['accent'])}  </style>\n")
        w(f"  <script>{JS_ANALYTICS.format(tag=site['tag'], path=rel)}  </script>\n")
        w(f'  <script defer>{JS_SITE.format(site=site["dir"], n=i)}  </script>\n')
        w("</head>\n<body>\n")
        w('<a class="skiplink" href="#content">Direct naar de inhoud</a>\n')
        w('<header class="site-header">\n')
        w(f'  <a class="logo" href="/"><img src="/logo.svg" alt="Logo {e(site["name"])}"></a>\n')
        w('  <button class="menu-toggle" aria-controls="hoofdmenu">Menu</button>\n')
        w('  <nav class="main-nav" id="hoofdmenu" aria-label="Hoofdmenu" aria-expanded="false">\n    <ul>\n')
        for item in site["menu"]:
            w(f'      <li><a href="/{slug(item)}/">{e(item)}</a></li>\n')
        w("    </ul>\n  </nav>\n")
        w('  <form class="search" action="/zoeken" role="search"><label for="q">Zoeken</label>'
          '<input id="q" name="q" type="search"><button type="submit">Zoek</button></form>\n')
        w("</header>\n")
        w('<div class="cookie-banner" role="dialog" aria-label="Cookies">\n'
          "  <p>Wij gebruiken cookies om deze website beter te maken. Sommige cookies zijn "
          "nodig om de website goed te laten werken; andere helpen ons te meten hoe de site "
          'gebruikt wordt. <a href="/privacy">Lees meer over cookies en privacy</a>.</p>\n'
          '  <button data-choice="alle">Alle cookies accepteren</button>'
          '<button data-choice="noodzakelijk">Alleen noodzakelijke cookies</button>\n</div>\n')
        w('<nav class="breadcrumbs" aria-label="Kruimelpad"><ol>'
          '<li><a href="/">Home</a></li>'
          f'<li><a href="/{slug(section)}/">{e(section)}</a></li>'
          f"<li>{e(title)}</li></ol></nav>\n")
        w('<main id="content">\n<article>\n')
        w(f"  <h1>{e(title)}</h1>\n")
        w(f'  <p class="meta">Gepubliceerd op <time datetime="{when}">{when}</time> door '
          f'<span class="author">{e(author)}</span></p>\n')
        w(f'  <p class="intro"><strong>{e(" ".join(text(v, rng, 220)))}</strong></p>\n')
        # ~2 KB of body text over 3-5 sections.
        n_sec = rng.randint(3, 5)
        budget = rng.randint(1700, 2300)
        for _ in range(n_sec):
            w(f"  <h2>{e(title_of(v, rng, 2, 5))}</h2>\n")
            n_par = rng.randint(1, 3)
            for _ in range(n_par):
                par = " ".join(text(v, rng, budget / (n_sec * n_par)))
                w(f"  <p>{e(par)}</p>\n")
        if rng.random() < 0.4:
            w("  <ul>\n")
            for _ in range(rng.randint(3, 6)):
                w(f"    <li>{e(' '.join(text(v, rng, 60)))}</li>\n")
            w("  </ul>\n")
        w("</article>\n")
        w('<aside class="related" aria-labelledby="gerelateerd">\n'
          '  <h2 id="gerelateerd">Gerelateerde onderwerpen</h2>\n  <ul>\n')
        for _ in range(rng.randint(4, 8)):
            t = title_of(v, rng, 1, 4)
            w(f'    <li><a href="/{site["dir"]}/{slug(t)}-{rng.randint(0, n_total - 1):06d}.html">{e(t)}</a></li>\n')
        w("  </ul>\n</aside>\n</main>\n")
        w('<footer class="site-footer">\n'
          f'  <address>{e(site["name"])}<br>{e(site["street"])}<br>{site["zip"]} {e(site["city"])}<br>'
          f'Telefoon: 0{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}<br>'
          f'E-mail: <a href="mailto:info@{site["host"][4:]}">info@{site["host"][4:]}</a></address>\n'
          '  <ul class="footer-links">\n'
          '    <li><a href="/over-ons">Over ons</a></li>\n'
          '    <li><a href="/contact">Contact</a></li>\n'
          '    <li><a href="/privacy">Privacy</a></li>\n'
          '    <li><a href="/cookies">Cookies</a></li>\n'
          '    <li><a href="/toegankelijkheid">Toegankelijkheid</a></li>\n'
          '    <li><a href="/sitemap">Sitemap</a></li>\n'
          '    <li><a href="/rss">RSS</a></li>\n'
          "  </ul>\n"
          f"  <p>&copy; {when[:4]} {e(site['name'])}. Alle rechten voorbehouden.</p>\n"
          "</footer>\n</body>\n</html>\n")
        return rel, "".join(out)


def gen_html(args, vocab):
    g = HtmlGen(vocab, args.seed, args.dirs)
    for s in g.sites:
        os.makedirs(os.path.join(args.out, s["dir"]), exist_ok=True)
    total = 0
    for i in range(args.count):
        rel, doc = g.page(i, args.count)
        data = doc.encode("utf-8")
        total += len(data)
        with open(os.path.join(args.out, rel), "wb") as f:
            f.write(data)
    return args.count, total


# --------------------------------------------------------------------------
# JSON Lines records
# --------------------------------------------------------------------------

def gen_jsonl(args, vocab):
    if args.out == "-":
        f = sys.stdout.buffer
    else:
        f = open(args.out, "wb", buffering=1 << 20)
    total = 0
    try:
        for i in range(args.count):
            rng = random.Random(f"rec-{args.seed}-{i}")
            title = title_of(vocab, rng)
            paras = [" ".join(text(vocab, rng, rng.randint(300, 550)))
                     for _ in range(rng.randint(3, 5))]
            body = "\n\n".join(paras)
            # Trim/extend towards ~2 KB of body (the record is ~2.5 KB).
            while len(body) < 1700:
                body += "\n\n" + " ".join(text(vocab, rng, 300))
            body = body[:2100]
            body = body[: body.rfind(" ")] + "."
            rec = {
                "id": f"doc-{i:07d}",
                "title": title,
                "body": body,
                "summary": " ".join(text(vocab, rng, 200)),
                "authors": [person(rng) for _ in range(rng.randint(1, 3))],
                "date": date(rng),
                "lang": "nl",
                "tags": vocab.content_words(rng, rng.randint(2, 6)),
                "type": rng.choice(DOC_TYPES),
                "url": f"https://data.example.nl/{rng.choice(DOC_TYPES)}/{slug(title)}-{i:07d}",
                "department": "Ministerie van " + rng.choice(DEPARTMENTS),
            }
            line = (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")
            total += len(line)
            f.write(line)
    finally:
        if f is not sys.stdout.buffer:
            f.close()
        else:
            f.flush()
    return args.count, total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("html", "jsonl"))
    ap.add_argument("--count", "-n", type=int, default=None,
                    help="pages (html, default 20000) or records (jsonl, default 200000)")
    ap.add_argument("--out", "-o", required=True,
                    help="output directory (html) or file, '-' for stdout (jsonl)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--dirs", type=int, default=100, help="subfolders (html)")
    ap.add_argument("--vocab", type=int, default=40000,
                    help="number of pseudo-Dutch base words (default 40000)")
    ap.add_argument("--zipf", type=float, default=1.07, help="Zipf exponent s")
    args = ap.parse_args()
    if args.count is None:
        args.count = 20000 if args.mode == "html" else 200000
    if args.count < 0 or args.dirs < 1:
        ap.error("--count must be >= 0 and --dirs >= 1")

    t0 = time.time()
    vocab = Vocab(args.seed, args.vocab, args.zipf)
    if args.mode == "html":
        os.makedirs(args.out, exist_ok=True)
        n, nbytes = gen_html(args, vocab)
        what = "HTML files"
    else:
        n, nbytes = gen_jsonl(args, vocab)
        what = "JSONL records"
    print(f"gen_corpus: {n} {what}, {nbytes / 1048576:.1f} MiB, "
          f"{len(vocab.seen)} distinct words generated "
          f"(vocabulary: {vocab.n_entries} base words, {len(vocab.forms)} forms), "
          f"{time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
