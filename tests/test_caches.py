"""What a record says about the compilation caches (harness/records/caches.py), on folders made here, and
the cold and warm cache modes (harness/execution/cache_modes.py) through the worker."""
from dataclasses import replace

import pytest

from harness.records.caches import cache_dirs, cache_use, snapshot


def test_cache_use_tells_a_cold_a_warm_and_a_partly_warm_cache_apart(tmp_path, monkeypatch):
    pytensor, jax = tmp_path / "pytensor", tmp_path / "jax"
    monkeypatch.setenv("PYTENSOR_FLAGS", f"floatX=float64,base_compiledir={pytensor}")
    monkeypatch.setenv("JAX_COMPILATION_CACHE_DIR", str(jax))
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    assert cache_dirs() == {"pytensor": pytensor, "numba": None, "jax": jax}
    empty = snapshot()
    (pytensor / "m").mkdir(parents=True)
    (pytensor / "m" / "mod.so").write_bytes(b"x")
    cold = cache_use(empty, snapshot())  # the run filled an empty cache
    assert cold["pytensor"] == {"dir": str(pytensor), "on": True, "entries_before": 0, "entries_added": 1, "hit": False}
    assert cold["numba"]["on"] is False and cold["numba"]["hit"] is False
    warm_before = snapshot()
    assert cache_use(warm_before, snapshot())["pytensor"]["hit"] is True  # everything came from the cache
    jax.mkdir()
    (jax / "a").write_bytes(b"x")
    partly = snapshot()
    (jax / "b").write_bytes(b"x")
    assert cache_use(partly, snapshot())["jax"] == {"dir": str(jax), "on": True, "entries_before": 1,
                                                    "entries_added": 1, "hit": "partial"}


@pytest.mark.sampling
def test_cold_runs_fill_empty_caches_and_warm_runs_hit_the_primed_ones(tmp_path, monkeypatch):
    """--caches through the real worker: cold finds nothing and compiles everything; warm is primed by one run
    of the same cell (recorded apart, under primes/) and then compiles nothing PyTensor or JAX had not kept."""
    from harness.execution.process import RunSpec
    from harness.execution.sweep import PRIMES_DIR, run_sweep
    from harness.records.config import RunConfig
    from harness.records.store import read_records

    monkeypatch.setenv("TWINBENCH_CACHE_DIR", str(tmp_path / "warm"))
    config = RunConfig(draws=40, tune=40, chains=1, seed=3)
    posterior = "eight_schools-noncentered"
    specs = [RunSpec(posterior, "pymc.nuts", replace(config, caches="cold")),
             RunSpec(posterior, "pymc.nuts", replace(config, caches="warm")),
             RunSpec(posterior, "numpyro.nuts", replace(config, caches="warm"))]
    cold, warm, warm_jax = run_sweep(specs, tmp_path / "runs", log=lambda line: None)
    assert cold.ok and warm.ok and warm_jax.ok
    assert cold.extra["caches"]["pytensor"]["entries_before"] == 0 and cold.extra["caches"]["pytensor"]["entries_added"] > 0
    assert cold.extra["caches"]["pytensor"]["hit"] is False and cold.extra["caches"]["jax"]["on"] is False
    assert warm.extra["caches"]["pytensor"]["dir"] == str(tmp_path / "warm" / "pytensor")
    assert warm.extra["caches"]["pytensor"]["hit"] is True  # everything PyMC's NUTS compiled came from the cache
    assert warm_jax.extra["caches"]["jax"]["on"] is True and warm_jax.extra["caches"]["jax"]["hit"] is True
    primes = read_records(tmp_path / "runs" / PRIMES_DIR)
    assert sorted(r.method for r in primes) == ["numpyro.nuts", "pymc.nuts"]
    assert all(r.config["caches"] == "prime" for r in primes)
    assert primes[0].extra["caches"]["pytensor"]["entries_added"] > 0 or primes[1].extra["caches"]["jax"]["entries_added"] > 0
    assert len(read_records(tmp_path / "runs")) == 3  # the primes are not among the sweep's runs
    assert all(r.extra["startup_seconds"] > 0 for r in (cold, warm, warm_jax))
    assert all(r.extra["load_average"]["cores"] >= 1 and r.extra["load_average"]["before"] >= 0 for r in (cold, warm))
    # another seed of a primed cell is not primed again, and still finds every program in the cache
    (other_seed,) = run_sweep([RunSpec(posterior, "numpyro.nuts", replace(config, caches="warm", seed=4))],
                              tmp_path / "runs", log=lambda line: None)
    assert other_seed.ok and other_seed.extra["caches"]["jax"]["hit"] is True
    assert len(read_records(tmp_path / "runs" / PRIMES_DIR)) == 2


def test_a_cell_is_primed_once_for_all_its_seeds_while_its_cache_folders_exist(tmp_path):
    from harness.execution.process import RunSpec
    from harness.execution.sweep import _to_prime
    from harness.records.config import RunConfig
    from harness.records.schema import RunRecord
    from harness.records.store import write_record

    kept, removed = tmp_path / "kept", tmp_path / "removed"
    kept.mkdir()
    for method, folder in (("numpyro.nuts", kept), ("pymc.nuts", removed)):
        write_record(RunRecord(posterior="p", method=method, status="ok",
                               config=RunConfig(seed=0, caches="prime").to_dict(),
                               extra={"caches": {"jax": {"dir": str(folder), "on": True, "entries_added": 3},
                                                 "numba": {"dir": str(tmp_path / "never"), "on": True,
                                                           "entries_added": 0}}}), tmp_path / "primes")
    warm = [RunSpec("p", m, RunConfig(seed=s, caches="warm")) for m in ("numpyro.nuts", "pymc.nuts", "pymc.default")
            for s in range(3)]
    chosen = _to_prime(warm, tmp_path / "primes", log=lambda line: None)
    # numpyro.nuts is primed and its cache is there; pymc.nuts's cache is gone; pymc.default never primed
    assert [(s.method, s.config.seed) for s in chosen] == [("pymc.nuts", 0), ("pymc.default", 0)]
    assert _to_prime(warm, tmp_path / "nothing", log=lambda line: None)[0].method == "numpyro.nuts"
