"""Where PSIS-LOO warns, finish the job: refit the flagged observations exactly.

PSIS-LOO (``information_criteria.loo``) is unreliable for an observation whose Pareto k exceeds 0.7
(Vehtari, Gelman & Gabry 2017; Vehtari et al. 2024). For each such observation i the model is refitted
without it — the twins' ``holdout=i`` option masks observation i's likelihood term and keeps every
parameter (for no pooling, theta_i then follows its prior, which is what leaving school i out means) —
through the same machinery as the original fit (``context.fit_many``: one process per fit, a resumable
record, the backend's default NUTS ``BACKEND_NUTS``, the study's scale). The exact
``elpd_i = log mean_s p(y_i | theta_s)`` is then the full model's pointwise log-likelihood
(``loglik.pointwise_log_likelihood``, holdout off) of the refit's draws, column i. PSIS stays for the
observations with k <= 0.7 — unless more than half of a fit's observations are flagged: then every observation
is refitted (brute-force LOO, ``EXACT_ALL``), since PSIS can still be off by nats at k just under 0.7 (21.8's
five pages) and the few extra refits cost little.

Written plainly rather than through ArviZ's ``reloo`` + ``SamplingWrapper``: ``reloo`` calls the
wrapper's ``sample`` once per flagged observation, in this process and one after another, whereas our
fits must go through ``context.fit_many`` (each in its own process, recorded under
``results/runs/studies/<name>/`` and resumed on a rerun, several at once with ``--jobs``); the arithmetic
``reloo`` does (replace elpd_i, recompute elpd, se and p) is the few lines below. The corrected result is
an ArviZ ``ELPDDataLOO`` with the corrected pointwise elpd, so ArviZ's ``compare`` recomputes the
differences' SE (dse) and the stacking weights from the corrected pointwise values.

When the exact refits of one fit would number more than ``KFOLD_ABOVE`` (20), K-fold cross-validation
(K = 10, ``models.holdout``: fold k holds the observations whose index is k modulo 10) replaces PSIS for
every observation: ten refits, each without one fold (the twins' ``fold=k`` option), and each observation's
elpd_i from the refit that left its fold out (ArviZ's ``loo_kfold`` arithmetic, written here for the same
reason as above). A posterior whose twins offer no ``fold`` option is refused with a ValueError rather
than reported with PSIS where it warned.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.special import logsumexp

from harness.studies.context import BACKEND_NUTS, StudyContext
from harness.studies.predictive.information_criteria import PARETO_K_BAD, loo
from harness.studies.predictive.loglik import pointwise_log_likelihood
from models.holdout import KFOLD_K, left_out

KFOLD_ABOVE = 20  # more exact refits than this for one fit: K-fold (K = KFOLD_K) instead
NOISY_MCSE = 1.0  # a corrected elpd whose Monte Carlo error exceeds this (nats) is said to be noisy
REFIT_ALL_SHARE = 0.5  # more than this share of a fit's observations flagged: refit every one (brute-force LOO)
EXACT = "exact refit"
EXACT_ALL = "exact refit of every observation (brute-force LOO)"
KFOLD = f"K-fold cross-validation (K = {KFOLD_K}, fold = index mod {KFOLD_K})"
NONE = "none (every Pareto k <= 0.7)"


@dataclass(frozen=True)
class LooTarget:
    """One fit whose PSIS-LOO is to be checked: the posterior, the backend, its pointwise log-likelihood
    (chain, draw, observation), and the options it was fitted with (holdout is added per refit)."""

    posterior: str
    backend: str
    log_lik: np.ndarray
    options: dict = field(default_factory=dict)


def exact_elpd_i(log_lik_i: np.ndarray) -> float:
    """log mean_s p(y_i | theta_s) of the (chain, draw) log-likelihood of observation i under the refit's draws."""
    values = np.asarray(log_lik_i, dtype=float).ravel()
    return float(logsumexp(values) - math.log(values.size))


def standard_error(elpd_i: np.ndarray) -> float:
    """sqrt(n) times the sample sd of the pointwise elpd, as ArviZ 1's ``loo`` computes se."""
    return float(math.sqrt(len(elpd_i) * np.var(elpd_i, ddof=1)))


def corrected_elpd_data(psis_data, elpd_i: np.ndarray, lppd_i: np.ndarray):
    """A copy of ArviZ's PSIS ``ELPDDataLOO`` with ``elpd_i`` replaced and elpd, se and p recomputed from it."""
    result = copy.deepcopy(psis_data)
    result.elpd_i = result.elpd_i.copy(data=np.asarray(elpd_i).reshape(result.elpd_i.shape))
    result.elpd = float(np.sum(elpd_i))
    result.se = standard_error(elpd_i)
    result.p = float(np.sum(lppd_i) - np.sum(elpd_i))
    result.warning = False
    return result


def corrected_loo(context: StudyContext, targets: dict, threshold: float = PARETO_K_BAD, seed: int = 0,
                  refit_all_share: float | None = REFIT_ALL_SHARE, kfold_above: int = KFOLD_ABOVE) -> dict:
    """Per key of ``targets`` (key -> ``LooTarget``), PSIS-LOO with every observation whose Pareto k exceeds
    ``threshold`` replaced by its exact leave-one-out elpd from a refit without it. All refits of all
    targets run in one ``context.fit_many``. Each value: the PSIS fields of ``loo`` (``elpd_loo_psis`` its
    elpd), ``elpd_loo``, ``se_loo``, ``p_loo`` and ``elpd_loo_i`` corrected, ``elpd_data`` (ArviZ's, for
    ``compare``), ``n_refit``, ``method_of_correction``, ``refit`` (observation -> exact elpd_i),
    ``uncorrected`` (observations due a refit whose refit did not finish, or that the study scale's ``max_refits``
    left to PSIS: the tiny scale refits only the worst) and ``elpd_mcse`` (the spread of the
    per-chain corrected estimates over sqrt(chains), NaN with one chain). When more than ``refit_all_share`` of
    a fit's observations are flagged, every observation is refitted (brute-force LOO, ``EXACT_ALL``): PSIS is
    then untrustworthy as a whole, and at k just below 0.7 it can still be off by a nat or more (21.8's pages).
    When that would take more than ``kfold_above`` refits, K-fold (``KFOLD``) replaces every observation's
    elpd_i instead (``n_refit`` then counts the folds refitted; an empty fold is skipped)."""
    from models import catalog

    plans, cells = {}, []
    for key, target in targets.items():
        psis = loo(target.log_lik, elpd_data=True)
        n_obs = len(psis["pareto_k"])
        worst_first = [int(i) for i in np.argsort(-np.asarray(psis["pareto_k"]), kind="stable")]
        flagged = [i for i in worst_first if psis["pareto_k"][i] > threshold]
        refit_all = refit_all_share is not None and len(flagged) > refit_all_share * n_obs
        if refit_all:
            flagged = worst_first
        method = EXACT_ALL if refit_all else EXACT if flagged else NONE
        held_out = {i: [i] for i in flagged}  # refit -> the observations it leaves out
        if len(flagged) > kfold_above:
            if "fold" not in catalog.get(target.posterior).options:
                raise ValueError(f"{target.posterior} ({target.backend}): {len(flagged)} exact refits needed; K-fold "
                                 f"(K = {KFOLD_K}) is the method here, and its twins offer no fold option")
            folds = {k: [int(i) for i in left_out(n_obs, fold=k)] for k in range(KFOLD_K)}
            method, held_out = KFOLD, {k: observations for k, observations in folds.items() if observations}
        option = "fold" if method == KFOLD else "holdout"
        cap = getattr(getattr(context, "scale", None), "max_refits", None)
        skipped = [i for refit in list(held_out)[cap:] for i in held_out[refit]] if cap is not None else []
        held_out = dict(list(held_out.items())[:cap])
        plans[key] = (psis, held_out, len(cells), method, skipped)
        cells += [(target.posterior, BACKEND_NUTS[target.backend],
                   context.config(seed=seed, options={**target.options, option: refit})) for refit in held_out]
    fits = context.fit_many(cells) if cells else []
    results = {}
    for key, target in targets.items():
        psis, held_out, start, method, skipped = plans[key]
        entry = catalog.get(target.posterior)
        data = entry.load_data()
        samples = np.asarray(target.log_lik, dtype=float)
        lppd_i = logsumexp(samples.reshape(-1, samples.shape[-1]), axis=0) - math.log(samples.shape[0] * samples.shape[1])
        elpd_i = psis["elpd_loo_i"].copy()
        per_chain = [loo(samples[c:c + 1])["elpd_loo_i"] for c in range(samples.shape[0])] \
            if samples.shape[0] > 1 else []
        refit, uncorrected = {}, sorted(skipped)
        for offset, observations in enumerate(held_out.values()):
            fit = fits[start + offset]
            if not fit.ok:
                uncorrected += observations
                continue
            log_lik = pointwise_log_likelihood(entry, fit.draws, data, **target.options)
            for i in observations:
                refit[i] = elpd_i[i] = exact_elpd_i(log_lik[..., i])
                if len(per_chain) == log_lik.shape[0]:
                    for c, chain in enumerate(per_chain):
                        chain[i] = exact_elpd_i(log_lik[c, :, i])
        mcse = (float(np.std([chain.sum() for chain in per_chain], ddof=1) / math.sqrt(len(per_chain)))
                if len(per_chain) > 1 else math.nan)
        corrected = method != NONE
        results[key] = {**{k: v for k, v in psis.items() if k != "elpd_data"}, "elpd_loo_psis": psis["elpd_loo"],
                        "se_loo_psis": psis["se_loo"], "elpd_loo": float(elpd_i.sum()),
                        "se_loo": standard_error(elpd_i) if corrected else psis["se_loo"],
                        "p_loo": float(lppd_i.sum() - elpd_i.sum()), "elpd_loo_i": elpd_i,
                        "elpd_data": corrected_elpd_data(psis["elpd_data"], elpd_i, lppd_i) if corrected
                        else psis["elpd_data"],
                        "n_refit": sum(fits[start + offset].ok for offset in range(len(held_out))),
                        "method_of_correction": method, "refit": refit, "uncorrected": uncorrected, "elpd_mcse": mcse}
    return results


def trust_sentence(label: str, result: dict) -> str:
    """One sentence: which elpd of this fit to trust and why."""
    if result["n_k_above_0_7"] == 0:
        return (f"{label}: trust PSIS-LOO ({result['elpd_loo']:.2f}): every Pareto k <= 0.7 (max "
                f"{result['max_pareto_k']:.2f}), so nothing was refitted.")
    if result["uncorrected"]:
        return (f"{label}: trust neither: {len(result['uncorrected'])} observation(s) due a refit were not refitted "
                f"(a refit did not finish, or this study scale caps the refits), so elpd_loo {result['elpd_loo']:.2f} "
                f"still leans on PSIS where it warned.")
    how = {EXACT_ALL: f"every observation was refitted exactly without it ({result['n_refit']} refits)",
           KFOLD: f"every observation's elpd comes from {KFOLD_K}-fold cross-validation ({result['n_refit']} refits, "
                  f"each without one fold; exact refits of each would have taken more than {KFOLD_ABOVE})",
           }.get(result["method_of_correction"], f"those were refitted exactly without them ({result['n_refit']} refits)")
    noisy = (f"; its Monte Carlo error is large (MCSE {result['elpd_mcse']:.2f} from the chains' spread: a refit draws "
             f"a left-out observation's own parameters from the population, and a narrow likelihood makes the "
             f"average of p(y_i | draws) rest on a few draws), so differences smaller than a few MCSE are not "
             f"resolved" if result["elpd_mcse"] > NOISY_MCSE else "")
    return (f"{label}: trust the corrected elpd_loo {result['elpd_loo']:.2f}, not PSIS's "
            f"{result['elpd_loo_psis']:.2f}: {result['n_k_above_0_7']} of {len(result['pareto_k'])} observations had "
            f"Pareto k > 0.7 (max {result['max_pareto_k']:.2f}), so {how}{noisy}.")
