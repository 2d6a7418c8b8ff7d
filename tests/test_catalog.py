"""The catalog's contract: names, exercises, options and deterministic, backend-neutral datasets."""
import numpy as np
import pytest

from models import catalog


def test_names_follow_dataset_model_convention():
    for name, entry in catalog.POSTERIORS.items():
        dataset, model = name.split("-", 1)
        assert dataset and model and entry.dataset == dataset
        assert (entry.exercise.startswith(catalog.CHAPTER_PREFIX) or entry.exercise.startswith("blog: ")
                or entry.exercise == "posteriordb")
        assert entry.params


@pytest.mark.parametrize("name", catalog.names())
def test_dataset_is_deterministic_numpy(name):
    first, second = catalog.get(name).load_data(), catalog.get(name).load_data()
    assert first.keys() == second.keys()
    for key in first:
        if catalog.get(name).suite == "posteriordb" and not isinstance(first[key], np.ndarray):
            assert isinstance(first[key], (int, float)) and first[key] == second[key]  # Stan's sizes and scalars
            continue
        assert isinstance(first[key], np.ndarray)
        np.testing.assert_array_equal(first[key], second[key])


def test_exercise_generators_recover_their_truth():
    data = catalog.get("linreg_sim-linear_regression").load_data()
    slope, intercept = np.polyfit(data["x"], data["y"], 1)
    assert data["x"].shape == (150,)
    assert abs(slope - 2.5) < 0.3 and abs(intercept - 3.0) < 0.3
    mlr = catalog.get("mlr_sim-multiple_regression").load_data()
    design = np.column_stack([np.ones(200), mlr["X"]])
    coef = np.linalg.lstsq(design, mlr["y"], rcond=None)[0]
    np.testing.assert_allclose(coef, [2.0, 1.5, -0.8, 0.3], atol=0.2)


def test_chapter_exercises_come_first_in_order_then_the_rest():
    exercises = [entry.exercise for entry in catalog.POSTERIORS.values()]
    chapter = [e for e in exercises if e.startswith(catalog.CHAPTER_PREFIX)]
    assert exercises[:len(chapter)] == chapter
    firsts = [tuple(map(int, e.split(",")[0].split("."))) for e in chapter]
    assert firsts == sorted(firsts)
    assert catalog.get("tennis_sim-bradley_terry").exercise == catalog.BLOG_EXERCISE


def test_unknown_posterior_and_option_are_rejected_with_choices():
    with pytest.raises(KeyError, match="choose from"):
        catalog.get("nope")
    with pytest.raises(ValueError, match="no option"):
        catalog.get("linreg_sim-linear_regression").model_options(prior="tight")
    with pytest.raises(ValueError, match="not in"):
        catalog.get("er_visits-poisson_regression").model_options(prior="medium")
