#!/usr/bin/env python3
"""Generate Samples/example-com-keywords.csv, the bundled sample keyword list.

A fictional home-and-garden / outdoor-gear site (example.com) exported ~3,000 keywords
from Ahrefs Keywords Explorer. Every keyword belongs to one of ~75 topics: a head term
expanded with the modifiers real lists carry (how to, best, vs, near me, price, for
beginners, ideas, city names for local services...). Volumes follow a long tail: topics
get a Zipf-like head volume and each keyword a Zipf-like share of it, with noise.

Deterministic: a fixed seed, no clock, no network. Run from the package root:

    python3 Samples/make_sample.py                       # writes the CSV
    python3 Samples/make_sample.py --topics topics.tsv   # also writes keyword -> topic

The product never runs this script; the CSV it wrote is committed.
"""

import argparse
import csv
import math
import random

SEED = 20261129
HEADER = [
    "#", "Keyword", "Country", "Difficulty", "Volume", "CPC", "CPS", "Parent Keyword",
    "Last Update", "SERP Features", "Global volume", "Traffic potential",
    "Global traffic potential", "First seen", "Intents",
]
CITIES = [
    "austin", "denver", "seattle", "portland", "phoenix", "dallas", "houston", "atlanta",
    "chicago", "san diego", "charlotte", "nashville", "minneapolis", "tampa", "raleigh",
    "sacramento", "columbus", "kansas city", "boise", "salt lake city",
]

# Topic kinds. Each topic: (kind, head, variants, attributes, uses, alternatives, extra)
# - product: gear and garden products people compare and buy
# - activity: a how-to subject (head is a noun phrase, "verb" the matching verb phrase)
# - plant: something to grow
# - ideas: design inspiration
# - service: a local service
PRODUCTS = [
    ("garden hose", ["garden hoses", "water hose"], ["expandable", "50 ft", "100 ft", "heavy duty", "kink free", "rubber", "lightweight", "drinking water safe"], ["for small gardens", "for hot water", "for pressure washer"], ["soaker hose", "hose reel"]),
    ("raised garden bed", ["raised garden beds", "raised bed"], ["metal", "cedar", "galvanized", "elevated", "corrugated", "wooden", "tall", "self watering"], ["for vegetables", "for beginners", "on a slope", "with legs"], ["in ground garden", "container garden"]),
    ("patio umbrella", ["patio umbrellas", "outdoor umbrella"], ["cantilever", "offset", "solar", "tilting", "10 ft", "rectangular", "market", "wind resistant"], ["for windy areas", "with base", "with lights"], ["pergola", "shade sail"]),
    ("lawn mower", ["lawn mowers", "push mower"], ["electric", "cordless", "self propelled", "riding", "reel", "gas", "robot", "battery"], ["for small yards", "for hills", "for large yards"], ["string trimmer", "lawn tractor"]),
    ("leaf blower", ["leaf blowers"], ["cordless", "backpack", "gas", "electric", "battery", "handheld", "commercial", "quiet"], ["for wet leaves", "for gutters", "with vacuum"], ["leaf vacuum", "rake"]),
    ("pressure washer", ["pressure washers", "power washer"], ["electric", "gas", "cordless", "3000 psi", "hot water", "portable", "commercial", "compact"], ["for cars", "for decks", "for concrete"], ["garden hose", "steam cleaner"]),
    ("fire pit", ["fire pits", "outdoor fire pit"], ["smokeless", "propane", "wood burning", "gas", "tabletop", "portable", "stone", "steel"], ["for patio", "for deck", "with grill"], ["patio heater", "chiminea"]),
    ("gas grill", ["gas grills", "propane grill"], ["4 burner", "built in", "portable", "natural gas", "stainless steel", "small", "infrared", "3 burner"], ["for beginners", "for small patio", "with side burner"], ["charcoal grill", "pellet grill"]),
    ("pizza oven", ["pizza ovens", "outdoor pizza oven"], ["wood fired", "gas", "portable", "brick", "multi fuel", "countertop", "pellet", "electric"], ["for home", "for backyard", "for camping"], ["grill", "kamado"]),
    ("hammock", ["hammocks", "camping hammock"], ["double", "rope", "quilted", "portable", "ultralight", "brazilian", "mayan", "waterproof"], ["with stand", "for backyard", "for two"], ["hammock chair", "tent"]),
    ("camping tent", ["camping tents", "tent"], ["2 person", "4 person", "6 person", "instant", "waterproof", "family", "ultralight", "pop up"], ["for camping in rain", "for families", "for backpacking"], ["hammock", "car camping"]),
    ("sleeping bag", ["sleeping bags"], ["down", "synthetic", "0 degree", "20 degree", "ultralight", "mummy", "double", "kids"], ["for cold weather", "for backpacking", "for summer"], ["quilt", "sleeping pad"]),
    ("hiking boots", ["hiking boot", "hiking shoes"], ["waterproof", "lightweight", "leather", "wide", "womens", "mens", "winter", "vegan"], ["for beginners", "for wide feet", "for flat feet"], ["trail runners", "hiking shoes"]),
    ("hiking backpack", ["hiking backpacks", "backpacking pack"], ["40l", "60l", "ultralight", "daypack", "womens", "waterproof", "internal frame", "small"], ["for beginners", "for day hikes", "for travel"], ["daypack", "duffel bag"]),
    ("camping chair", ["camping chairs", "folding chair"], ["lightweight", "zero gravity", "rocking", "heavy duty", "ultralight", "reclining", "low", "padded"], ["for bad back", "for heavy person", "with canopy"], ["camping stool", "beach chair"]),
    ("cooler", ["coolers", "ice chest"], ["rotomolded", "soft", "electric", "wheeled", "backpack", "50 quart", "marine", "small"], ["for camping", "for beach", "for fishing"], ["ice chest", "portable fridge"]),
    ("kayak", ["kayaks"], ["inflatable", "fishing", "sit on top", "tandem", "pedal", "sit in", "touring", "folding"], ["for beginners", "for lakes", "for ocean"], ["canoe", "paddle board"]),
    ("paddle board", ["paddle boards", "sup board"], ["inflatable", "fishing", "yoga", "touring", "electric", "kids", "hard", "all around"], ["for beginners", "for heavy person", "for dogs"], ["kayak", "surfboard"]),
    ("compost bin", ["compost bins", "composter"], ["tumbler", "kitchen", "outdoor", "worm", "dual chamber", "rotating", "wooden", "stainless steel"], ["for kitchen", "for small spaces", "for apartment"], ["compost pile", "bokashi bin"]),
    ("pruning shears", ["pruners", "garden shears"], ["bypass", "anvil", "ratchet", "electric", "heavy duty", "ergonomic", "professional", "left handed"], ["for roses", "for arthritis", "for thick branches"], ["loppers", "hedge trimmer"]),
    ("wheelbarrow", ["wheelbarrows", "garden cart"], ["electric", "two wheel", "plastic", "steel", "folding", "heavy duty", "dual wheel", "tubeless"], ["for gardening", "for concrete", "for elderly"], ["garden cart", "yard wagon"]),
    ("patio furniture", ["outdoor furniture", "patio set"], ["wicker", "aluminum", "teak", "metal", "modern", "small", "sectional", "recycled plastic"], ["for small balcony", "for deck", "for pool area"], ["outdoor sofa", "bistro set"]),
    ("outdoor string lights", ["patio string lights", "string lights"], ["solar", "led", "commercial", "waterproof", "edison", "globe", "battery", "smart"], ["for patio", "for backyard", "for trees"], ["solar lights", "lanterns"]),
    ("bird feeder", ["bird feeders"], ["squirrel proof", "window", "hanging", "hummingbird", "tube", "platform", "smart", "camera"], ["for cardinals", "for small birds", "for finches"], ["bird bath", "bird house"]),
    ("greenhouse", ["greenhouses", "backyard greenhouse"], ["small", "walk in", "polycarbonate", "mini", "lean to", "portable", "glass", "hobby"], ["for winter", "for beginners", "for tomatoes"], ["cold frame", "grow tent"]),
    ("rain barrel", ["rain barrels", "rain water collection"], ["decorative", "plastic", "wooden", "collapsible", "100 gallon", "stackable", "with pump", "slimline"], ["for garden", "with diverter", "for gutters"], ["rain chain", "cistern"]),
    ("hot tub", ["hot tubs", "spa"], ["inflatable", "2 person", "6 person", "saltwater", "wooden", "plug and play", "portable", "swim spa"], ["for small backyard", "for cold climates", "with lights"], ["sauna", "swim spa"]),
    ("solar lights", ["solar garden lights", "solar path lights"], ["outdoor", "motion sensor", "brightest", "decorative", "spot", "fence", "string", "waterproof"], ["for garden", "for driveway", "for fence"], ["low voltage lights", "string lights"]),
    ("string trimmer", ["weed eater", "weed wacker"], ["cordless", "gas", "battery", "electric", "straight shaft", "commercial", "lightweight", "brushless"], ["for thick weeds", "for small yard", "with edger"], ["lawn edger", "brush cutter"]),
    ("chainsaw", ["chainsaws"], ["electric", "battery", "gas", "mini", "pole", "top handle", "18 inch", "cordless"], ["for homeowners", "for cutting firewood", "for beginners"], ["pole saw", "reciprocating saw"]),
    ("camping stove", ["camp stove", "backpacking stove"], ["propane", "2 burner", "wood burning", "butane", "ultralight", "induction", "portable", "multi fuel"], ["for backpacking", "for car camping", "with oven"], ["jetboil", "campfire grill"]),
    ("headlamp", ["headlamps", "head torch"], ["rechargeable", "waterproof", "red light", "brightest", "lightweight", "running", "motion sensor", "kids"], ["for hiking", "for running", "for camping"], ["flashlight", "lantern"]),
    ("water filter", ["backpacking water filter", "portable water filter"], ["gravity", "squeeze", "pump", "uv", "straw", "inline", "ultralight", "bottle"], ["for hiking", "for camping", "for emergency"], ["water purifier", "purification tablets"]),
    ("sprinkler", ["lawn sprinkler", "garden sprinkler"], ["oscillating", "impact", "rotary", "smart", "in ground", "pulsating", "stationary", "drip"], ["for large lawns", "for vegetable garden", "for hills"], ["drip irrigation", "soaker hose"]),
    ("garden gloves", ["gardening gloves", "work gloves"], ["leather", "waterproof", "thorn proof", "womens", "mens", "nitrile", "kids", "breathable"], ["for roses", "for arthritis", "for winter"], ["work gloves", "garden kneeler"]),
]
ACTIVITIES = [
    ("composting", "compost", ["composting at home", "home composting"], ["in winter", "in an apartment", "with worms", "fast"]),
    ("pruning roses", "prune roses", ["rose pruning"], ["in spring", "in fall", "climbing", "knockout"]),
    ("lawn care", "take care of a lawn", ["lawn maintenance", "lawn care schedule"], ["in spring", "in summer", "in fall", "organic"]),
    ("mulching", "mulch a garden", ["garden mulch", "mulch"], ["around trees", "for vegetables", "with leaves", "in fall"]),
    ("seed starting", "start seeds indoors", ["starting seeds", "seed starting indoors"], ["without grow lights", "in paper towels", "in egg cartons", "for beginners"]),
    ("vegetable gardening", "start a vegetable garden", ["vegetable garden", "growing vegetables"], ["in containers", "in raised beds", "in shade", "for beginners"]),
    ("container gardening", "grow vegetables in containers", ["container garden", "gardening in pots"], ["on a balcony", "for vegetables", "in shade", "indoors"]),
    ("lawn aeration", "aerate a lawn", ["aerating lawn", "core aeration"], ["in spring", "in fall", "by hand", "clay soil"]),
    ("planting grass seed", "plant grass seed", ["overseeding", "seeding a lawn"], ["in spring", "in fall", "on bare spots", "without tilling"]),
    ("killing weeds", "kill weeds", ["weed control", "getting rid of weeds"], ["naturally", "in lawn", "in gravel", "without chemicals"]),
    ("attracting pollinators", "attract bees to your garden", ["pollinator garden", "bee friendly garden"], ["with native plants", "in small spaces", "in shade", "in spring"]),
    ("camping for beginners", "go camping", ["camping", "first time camping"], ["with kids", "alone", "in winter", "in the rain"]),
    ("winterizing a garden", "winterize a garden", ["garden winter prep", "fall garden cleanup"], ["in november", "raised beds", "perennials", "in cold climates"]),
    ("building a deck", "build a deck", ["diy deck", "deck building"], ["on a slope", "with pavers", "ground level", "cheaply"]),
]
PLANTS = [
    ("tomatoes", "tomato", ["in pots", "from seed", "upside down", "indoors"], ["yellow", "curling", "brown spots"]),
    ("basil", "basil", ["indoors", "from seed", "in pots", "from cuttings"], ["yellow", "drooping", "black spots"]),
    ("blueberries", "blueberry", ["in pots", "from seed", "in containers", "in clay soil"], ["red", "yellow", "brown"]),
    ("hydrangeas", "hydrangea", ["in pots", "from cuttings", "in shade", "in full sun"], ["brown", "yellow", "wilting"]),
    ("succulents", "succulent", ["indoors", "from leaves", "in pots", "outdoors"], ["soft", "brown", "shriveled"]),
    ("lavender", "lavender", ["indoors", "from seed", "in pots", "from cuttings"], ["brown", "gray", "yellow"]),
    ("potatoes", "potato", ["in containers", "in bags", "from potatoes", "in raised beds"], ["yellow", "black spots", "curling"]),
    ("peppers", "pepper", ["indoors", "from seed", "in pots", "in containers"], ["curling", "yellow", "white spots"]),
    ("strawberries", "strawberry", ["in containers", "in pots", "from seed", "in raised beds"], ["red", "brown", "yellow"]),
    ("garlic", "garlic", ["in pots", "indoors", "from cloves", "in containers"], ["yellow", "brown tips", "rust"]),
    ("cucumbers", "cucumber", ["on a trellis", "in pots", "vertically", "in containers"], ["yellow", "white spots", "wilting"]),
]
IDEAS = [
    ("backyard landscaping", ["backyard design", "backyard makeover"]),
    ("small patio", ["patio design", "patio decor"]),
    ("garden edging", ["landscape edging", "flower bed edging"]),
    ("front yard landscaping", ["front yard design", "curb appeal"]),
    ("fence", ["privacy fence", "backyard fence"]),
    ("deck", ["deck design", "deck decorating"]),
    ("vertical garden", ["wall garden", "living wall"]),
    ("flower bed", ["flower garden", "garden bed design"]),
]
SERVICES = [
    ("lawn care service", ["lawn service", "lawn mowing service"]),
    ("tree removal", ["tree service", "tree cutting"]),
    ("landscaping company", ["landscapers", "landscaping services"]),
    ("gutter cleaning", ["gutter cleaning service", "gutter cleaners"]),
    ("fence installation", ["fence company", "fence contractors"]),
    ("garden center", ["plant nursery", "nursery"]),
    ("sod installation", ["sod", "sod delivery"]),
    ("sprinkler repair", ["irrigation repair", "sprinkler system repair"]),
]
# Brand searches for the products where a brand dominates the market.
BRANDS = {
    "lawn mower": ["ryobi", "ego", "husqvarna"], "leaf blower": ["ryobi", "ego", "stihl"],
    "pressure washer": ["ryobi", "greenworks", "sun joe"], "fire pit": ["solo stove", "breeo"],
    "gas grill": ["weber", "traeger"], "pizza oven": ["ooni", "solo stove"],
    "camping tent": ["coleman", "rei"], "sleeping bag": ["rei", "coleman"],
    "cooler": ["yeti", "rtic", "coleman"], "string trimmer": ["ryobi", "ego", "stihl"],
    "chainsaw": ["stihl", "husqvarna", "ryobi"], "camping stove": ["coleman", "jetboil"],
    "hiking boots": ["merrell", "salomon", "keen"], "kayak": ["pelican", "old town"],
}


def overlaps(a, b):
    """Whether two phrases share a word (so that joining them would repeat it)."""
    return bool(set(a.split()) & set(b.split()))


def product_keywords(head, variants, attributes, uses, alternatives):
    out = [(head, "base"), (f"best {head}", "best"), (f"{head} reviews", "review")]
    for v in variants:
        out += [(v, "base"), (f"best {v}", "best")]
    for a in attributes:
        other = random.choice([head] + variants)
        if overlaps(a, head):
            continue  # "natural gas" + "gas grill" would read "natural gas gas grill"
        out += [(f"{a} {head}", "attr"), (f"best {a} {head}", "best")]
        if not overlaps(a, other):
            out.append((f"{a} {other}", "attr"))
    for u in uses:
        out += [(f"{head} {u}", "attr"), (f"best {head} {u}", "best")]
    for alt in alternatives:
        out += [(f"{head} vs {alt}", "vs"), (f"{alt} vs {head}", "vs")]
    out += [
        (f"cheap {head}", "buy"), (f"{head} price", "buy"), (f"{head} for sale", "buy"),
        (f"buy {head}", "buy"), (f"{head} sale", "buy"), (f"{head} deals", "buy"),
        (f"{head} near me", "local"), (f"top rated {head}", "best"), (f"top 10 {head}", "best"),
        (f"how to choose a {head}", "howto"), (f"how to clean a {head}", "howto"),
        (f"how to use a {head}", "howto"), (f"what size {head} do i need", "question"),
        (f"{head} buying guide", "guide"), (f"{head} review", "review"),
        (f"{head} brands", "best"), (f"is a {head} worth it", "question"),
        (f"{head} accessories", "attr"), (f"{head} parts", "attr"), (f"used {head}", "buy"),
        (f"{head} for beginners", "guide"), (f"how long does a {head} last", "question"),
    ]
    for b in BRANDS.get(head, []):
        out.append((f"{b} {head}", "brand"))
    return out


def activity_keywords(noun, verb, variants, contexts):
    out = [
        (noun, "base"), (f"how to {verb}", "howto"), (f"{noun} for beginners", "guide"),
        (f"{noun} tips", "tips"), (f"{noun} guide", "guide"), (f"{noun} mistakes", "tips"),
        (f"{noun} step by step", "guide"), (f"when to {verb}", "question"),
        (f"best time to {verb}", "question"), (f"why {verb}", "question"),
        (f"what is {noun}", "question"), (f"{noun} checklist", "guide"),
        (f"{noun} ideas", "ideas"), (f"{noun} tools", "attr"), (f"{noun} near me", "local"),
        (f"{noun} cost", "buy"), (f"best {noun} tips", "tips"), (f"easy {noun}", "attr"),
        (f"{noun} 101", "guide"), (f"how to {verb} for beginners", "howto"),
        (f"{noun} schedule", "guide"), (f"diy {noun}", "attr"),
    ]
    for v in variants:
        out += [(v, "base"), (f"{v} tips", "tips"), (f"{v} guide", "guide")]
    for c in contexts:
        out += [(f"how to {verb} {c}", "howto"), (f"{noun} {c}", "attr"), (f"tips for {noun} {c}", "tips")]
    return out


def plant_keywords(plural, singular, contexts, symptoms):
    out = [
        (f"how to grow {plural}", "base"), (f"growing {plural}", "guide"), (f"{singular} plant", "attr"),
        (f"{singular} plant care", "guide"), (f"when to plant {plural}", "question"),
        (f"{singular} growing tips", "tips"), (f"best {singular} varieties", "best"),
        (f"{singular} seeds", "buy"), (f"buy {singular} seeds", "buy"), (f"{singular} plants for sale", "buy"),
        (f"{singular} plants near me", "local"), (f"how often to water {plural}", "question"),
        (f"{singular} companion plants", "guide"), (f"how to prune {plural}", "howto"),
        (f"how to harvest {plural}", "howto"), (f"best fertilizer for {plural}", "best"),
        (f"{singular} pests", "guide"), (f"{singular} spacing", "guide"), (f"when to harvest {plural}", "question"),
        (f"how much sun do {plural} need", "question"), (f"{plural} for beginners", "guide"),
        (f"growing {plural} in {random.choice(['texas', 'florida', 'arizona'])}", "attr"),
    ]
    for c in contexts:
        out += [(f"how to grow {plural} {c}", "howto"), (f"growing {plural} {c}", "guide")]
    for s in symptoms:
        if s in ("yellow", "brown", "red", "gray"):
            out.append((f"why are my {singular} leaves turning {s}", "question"))
        else:
            out.append((f"{singular} leaves {s}", "question"))
    return out


def ideas_keywords(head, variants):
    out = [(f"{head} ideas", "base"), (head, "attr")]
    for mod in ["cheap", "diy", "modern", "simple", "easy", "rustic", "low maintenance", "small", "creative", "unique"]:
        if not overlaps(mod, head):
            out.append((f"{mod} {head} ideas", "ideas"))
    for suffix in ["on a budget", "for small spaces", "with rocks", "with pavers", "pictures", "2026", "for beginners", "with lights"]:
        out.append((f"{head} ideas {suffix}", "ideas"))
    out += [(f"how to design a {head}", "howto"), (f"{head} designs", "ideas"), (f"{head} inspiration", "ideas"),
            (f"{head} cost", "buy"), (f"{head} near me", "local"), (f"best {head} ideas", "best")]
    for v in variants:
        out += [(f"{v} ideas", "ideas"), (v, "base"), (f"{v} tips", "tips")]
    return out


def service_keywords(head, variants):
    out = [
        (head, "service"), (f"{head} near me", "local"), (f"{head} cost", "buy"), (f"{head} prices", "buy"),
        (f"best {head} near me", "local"), (f"cheap {head}", "buy"), (f"affordable {head} near me", "local"),
        (f"how much does {head} cost", "question"), (f"{head} open now", "local"), (f"local {head}", "local"),
        (f"{head} estimate", "buy"), (f"{head} reviews", "review"), (f"diy {head}", "howto"),
    ]
    for v in variants:
        out += [(v, "service"), (f"{v} near me", "local"), (f"{v} cost", "buy")]
    for city in CITIES:
        out += [(f"{head} {city}", "city"), (f"{head} in {city}", "city"), (f"{variants[0]} {city}", "city")]
    return out


# Relative search volume of a keyword against its topic's head, by family.
FAMILY_WEIGHT = {
    "base": 1.0, "best": 0.45, "attr": 0.15, "review": 0.12, "vs": 0.05, "buy": 0.12,
    "local": 0.25, "howto": 0.2, "question": 0.08, "guide": 0.1, "tips": 0.1, "ideas": 0.5,
    "brand": 0.2, "service": 1.0, "city": 0.02,
}
INTENTS = {
    "base": ["Informational", "Commercial"], "best": ["Commercial"], "attr": ["Commercial"],
    "review": ["Commercial"], "vs": ["Commercial", "Informational"], "buy": ["Transactional", "Commercial"],
    "local": ["Local", "Commercial"], "howto": ["Informational"], "question": ["Informational"],
    "guide": ["Informational"], "tips": ["Informational"], "ideas": ["Informational"],
    "brand": ["Navigational", "Branded", "Commercial"], "service": ["Commercial", "Local"],
    "city": ["Local", "Commercial"],
}
SERP = {
    "base": ["Image pack", "People also ask", "Shopping", "Sitelinks", "Video preview"],
    "best": ["People also ask", "Shopping", "Discussions and forums", "Video preview", "AI Overview"],
    "attr": ["Shopping", "Image pack", "People also ask"],
    "review": ["People also ask", "Video preview", "Discussions and forums"],
    "vs": ["Featured snippet", "People also ask", "Discussions and forums", "AI Overview"],
    "buy": ["Shopping", "Local pack", "Sitelinks", "Top ads"],
    "local": ["Local pack", "Sitelinks", "People also ask", "Top ads"],
    "howto": ["Featured snippet", "Video preview", "People also ask", "AI Overview"],
    "question": ["Featured snippet", "People also ask", "AI Overview", "Discussions and forums"],
    "guide": ["Featured snippet", "People also ask", "Video preview", "Image pack"],
    "tips": ["People also ask", "Video preview", "Featured snippet"],
    "ideas": ["Image pack", "People also ask", "Video preview", "Thumbnail"],
    "brand": ["Sitelinks", "Knowledge panel", "Shopping", "Top stories"],
    "service": ["Local pack", "Top ads", "People also ask", "Sitelinks"],
    "city": ["Local pack", "Top ads", "Sitelinks"],
}


def round_volume(value):
    """Ahrefs-style rounding: two significant figures, multiples of 10 below 1,000."""
    if value < 5:
        return 0
    digits = int(math.floor(math.log10(value)))
    step = max(10, 10 ** (digits - 1))
    return int(round(value / step) * step)


def build_topics():
    topics = []
    for head, variants, attributes, uses, alternatives in PRODUCTS:
        topics.append((head, product_keywords(head, variants, attributes, uses, alternatives)))
    for noun, verb, variants, contexts in ACTIVITIES:
        topics.append((noun, activity_keywords(noun, verb, variants, contexts)))
    for plural, singular, contexts, symptoms in PLANTS:
        topics.append((f"growing {plural}", plant_keywords(plural, singular, contexts, symptoms)))
    for head, variants in IDEAS:
        topics.append((f"{head} ideas", ideas_keywords(head, variants)))
    for head, variants in SERVICES:
        topics.append((head, service_keywords(head, variants)))
    return topics


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="Samples/example-com-keywords.csv")
    parser.add_argument("--topics", help="also write keyword<TAB>topic to this file")
    args = parser.parse_args()
    random.seed(SEED)

    topics = build_topics()
    order = list(range(len(topics)))
    random.shuffle(order)  # topic popularity rank, independent of list order
    rows, seen, topic_of = [], set(), {}
    for rank, index in enumerate(order, start=1):
        name, candidates = topics[index]
        # Zipf-like head volume and topic size.
        head_volume = 180_000 / rank ** 0.95 * random.lognormvariate(0, 0.35)
        size = int(22 + 140 / rank ** 0.55)
        unique = []
        for text, family in candidates:
            text = " ".join(text.split())
            if text not in seen and text not in {t for t, _ in unique}:
                unique.append((text, family))
        base = [c for c in unique if c[1] in ("base", "service")][:1]
        rest = [c for c in unique if c not in base]
        random.shuffle(rest)
        chosen = base + rest[: max(0, size - len(base))]
        parent = chosen[0][0]
        raws = [
            head_volume * FAMILY_WEIGHT[family] / within ** 0.8
            * random.lognormvariate(0, 0.2 if within == 1 else 0.6)
            for within, (_, family) in enumerate(chosen, start=1)
        ]
        traffic_potential = round_volume(max(raws) * random.uniform(1.2, 2.5))
        for (text, family), raw in zip(chosen, raws):
            seen.add(text)
            topic_of[text] = name
            volume = round_volume(raw)
            words = len(text.split())
            difficulty = int(max(0, min(96, 13 * math.log10(raw + 10) + random.gauss(0, 9) - 1.5 * words
                                        + (10 if family in ("best", "buy", "brand") else 0))))
            cpc_base = {"buy": 1.8, "local": 4.5, "service": 5.5, "city": 5.0, "best": 1.2, "brand": 0.9,
                        "attr": 0.9, "review": 0.8}.get(family, 0.35)
            cpc = round(cpc_base * random.lognormvariate(0, 0.5), 2) if random.random() > 0.06 else None
            cps = round(random.uniform(0.35, 1.45), 2) if volume > 0 else None
            if random.random() < 0.012:
                volume_text = ""  # Ahrefs leaves a few volumes blank
            else:
                volume_text = str(volume)
            global_volume = round_volume(max(volume, 10) * random.uniform(1.3, 3.2))
            serp_pool = SERP[family]
            serp = random.sample(serp_pool, k=random.randint(1, min(4, len(serp_pool))))
            intents = INTENTS[family][: random.randint(1, len(INTENTS[family]))]
            kw_parent = parent if random.random() > 0.12 else text
            rows.append({
                "Keyword": text, "Country": "us", "Difficulty": str(difficulty), "Volume": volume_text,
                "CPC": "" if cpc is None else f"{cpc:.2f}", "CPS": "" if cps is None else f"{cps:.2f}",
                "Parent Keyword": kw_parent,
                "Last Update": f"2026-11-{random.randint(1, 27):02d} {random.randint(0, 23):02d}:{random.randint(0, 59):02d}:{random.randint(0, 59):02d}",
                "SERP Features": ", ".join(serp), "Global volume": str(global_volume),
                "Traffic potential": str(traffic_potential if kw_parent == parent else max(volume, 10)),
                "Global traffic potential": str(round_volume(traffic_potential * random.uniform(1.5, 3.0))),
                "First seen": f"{random.randint(2015, 2025)}-{random.randint(1, 12):02d}-01",
                "Intents": ", ".join(intents), "_sort": volume if volume_text else -1,
            })

    rows.sort(key=lambda r: (-r["_sort"], r["Keyword"]))
    with open(args.output, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for number, row in enumerate(rows, start=1):
            row["#"] = str(number)
            writer.writerow([row[column] for column in HEADER])
    if args.topics:
        with open(args.topics, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(f"{row['Keyword']}\t{topic_of[row['Keyword']]}\n")
    print(f"{len(rows)} keywords in {len(topics)} topics -> {args.output}")


if __name__ == "__main__":
    main()
