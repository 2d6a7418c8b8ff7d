"""The leaderboard's schedule: its seeds and the A/A test's second seed set of a few methods, interleaved.

Per posterior, round r runs seed r of every method and then seed N+r of the A/A methods, so the two
seed sets of a method are interleaved in time (a slow spell of the machine falls on both) and one
``twinbench leaderboard --resume`` completes ``twinbench aa-test`` too.
"""
from __future__ import annotations

import dataclasses


def interleaved_schedule(specs: list, first_seed: int, half: int) -> list:
    """``specs`` ordered posterior by posterior (catalog order kept), then round by round: seed
    first_seed + r of every method, then seed first_seed + half + r, methods in their given order."""
    posterior_order = {name: i for i, name in enumerate(dict.fromkeys(s.posterior for s in specs))}
    method_order = {name: i for i, name in enumerate(dict.fromkeys(s.method for s in specs))}

    def key(spec):
        offset = spec.config.seed - first_seed
        return posterior_order[spec.posterior], offset % half, offset // half, method_order[spec.method]

    return sorted(specs, key=key)


def second_seed_set(specs: list, methods: set[str], half: int) -> list:
    """For each spec of ``methods``, the same run ``half`` seeds later (the A/A test's set B)."""
    return [dataclasses.replace(s, config=dataclasses.replace(s.config, seed=s.config.seed + half))
            for s in specs if s.method in methods]
