"""The model studies (shrinkage_ranking, trajectories, loo_compare) at the tiny scale.

Their registry entries may still say ``built=False`` (``twinbench study`` refuses those), so
``run_tiny`` does what ``cmd_study`` does with an entry of its own: StudyContext, the module's
``run`` and ``write_study``.
"""
import pandas as pd
import pytest


def run_tiny(name, tmp_path):
    """Run study ``name`` at the tiny scale into tmp_path; its csv as a DataFrame and its md text."""
    from harness.report.study import write_study
    from harness.studies import STUDIES, StudyInfo
    from harness.studies.base import SCALES, StudyContext

    listed = STUDIES[name]
    info = StudyInfo(listed.name, listed.exercises, listed.question, built=True)
    context = StudyContext(name, SCALES["tiny"], tmp_path / "runs" / name)
    result = info.module().run(context)
    write_study(info, result, tmp_path / "out", f"twinbench study {name} --scale tiny", "tiny")
    assert (tmp_path / "out" / f"{name}.png").stat().st_size > 0
    return pd.read_csv(tmp_path / "out" / f"{name}.csv"), (tmp_path / "out" / f"{name}.md").read_text()


@pytest.mark.sampling
def test_shrinkage_ranking_tiny_shrinks_small_schools_most_and_ranks_on_both_backends(tmp_path):
    table, text = run_tiny("shrinkage_ranking", tmp_path)
    assert set(table["backend"]) == {"pymc", "numpyro"}
    for backend, rows in table.groupby("backend"):
        schools = rows[(rows["posterior"] == "reading_scores-hierarchical") & (rows["quantity"] == "theta")]
        assert len(schools) == 15
        assert schools["p_best"].sum() == pytest.approx(1.0)
        # the shrinkage weight se^2 / (se^2 + tau^2) falls as the sample size grows
        by_n = schools.groupby("n")["shrinkage"].mean().sort_index()
        assert by_n.is_monotonic_decreasing and (schools["shrinkage"].between(0, 1)).all()
        markets = rows[rows["posterior"] == "pricing_markets-hierarchical"]
        assert len(markets) == 8 and (markets["hdi_low"] < markets["mean"]).all()
        assert (markets["mean"] < markets["hdi_high"]).all() and markets["mean"].between(0, 1).all()
        beta = rows[rows["quantity"] == "beta"]
        assert len(beta) == 1 and beta["hdi_low"].iloc[0] < beta["hdi_high"].iloc[0]
        models = rows[rows["quantity"] == "model"]
        assert set(models["group"]) == {"reading_scores-hierarchical", "reading_scores-hierarchical_lunch"}
        assert (models["elpd_loo"] < 0).all()
    for exercise in ("21.10b", "21.10c", "21.11b", "21.11c", "21.17b", "21.17c"):
        assert exercise in text
    assert text.count("Monte Carlo error") >= 4
