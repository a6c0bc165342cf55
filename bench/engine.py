"""Engine throughput in CPython: eligibility + fees + renewal per generated profile."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from calculator.edges import service
from calculator.model.association import Association


def profiles(association: Association, count: int, seed: int = 10_000) -> list[dict]:
    """Plausible applicants: every fact the association asks about, random values."""
    rng = random.Random(seed)
    facts = [association.facts.get(f) for f in association.facts_used()]
    out = []
    for _ in range(count):
        profile = {}
        for fact in facts:
            if rng.random() < 0.15:
                continue  # left out: counts as not met
            if fact.kind == "choice":
                profile[fact.id] = rng.choice(fact.choice_values())
            elif fact.kind == "boolean":
                profile[fact.id] = rng.random() < 0.5
            else:
                value = round(rng.uniform(0, 80 if "hours" in fact.id else 6), 1)
                whole = getattr(fact, "step", None) is not None and fact.step >= 1
                profile[fact.id] = round(value) if whole else value  # "enter a whole number"
        out.append(profile)
    return out


def throughput(association: Association, count: int = 10_000) -> dict:
    people = profiles(association, count)
    rng = random.Random(1)
    today = date(2026, 11, 25)
    endorsed = [(today - timedelta(days=rng.randint(0, 3000))).isoformat() for _ in people]
    on = today.isoformat()
    started = time.perf_counter()
    for profile, endorsed_on in zip(people, endorsed, strict=True):
        result = service.eligibility(association, profile, on)
        service.fees(association, result["recommended"], on=on)
        service.renewal(association, endorsed_on, on, result["recommended"], result["track"])
    seconds = time.perf_counter() - started
    return {"profiles": count, "seconds": round(seconds, 3),
            "profiles_per_second": round(count / seconds),
            "microseconds_per_profile": round(seconds / count * 1e6, 1)}
