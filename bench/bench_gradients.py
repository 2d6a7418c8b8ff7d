"""One log-density-and-gradient evaluation per posterior x backend: the least noisy signal we have.

``time_gradient`` is one call from Python at the backend's initial point (a regression signal kept
comparable across commits; ``twinbench gradbench``'s floors cycle through posterior draws instead), as
harness/compare/gradbench.py builds it (PyTensor's compiled function as PyMC's NUTS calls it; a jitted ``jax.value_and_grad``
for PyMC-on-JAX and the NumPyro twin, dispatch included); asv's own repeats and statistics apply.
"""
from .compat import harness_module
from .sets import active_set, params_of, skip_unless_selected


class Gradients:
    """Seconds of one gradient of each representative posterior on each backend."""

    params = params_of("gradients")
    param_names = ["posterior", "backend"]
    version = "1"
    timeout = 300
    # a round = a fresh process (compile): 5 min of the full set at 2; the gate's sets need 2, since with one round
    # asv's statistics call even a 4x slower gradient "not significantly changed"
    rounds = 2 if active_set() in ("presubmit", "gate") else 1
    repeat = (5, 10, 2.0)
    warmup_time = 0.2

    def setup(self, posterior, backend):
        """Compile the backend's value-and-gradient once per process; warm it up."""
        skip_unless_selected("gradients", (posterior, backend))
        import jax

        from models import catalog

        gradbench = harness_module("gradbench")

        jax.config.update("jax_enable_x64", True)
        entry = catalog.get(posterior)
        data, options = entry.load_data(), entry.model_options()
        if backend.startswith("pytensor_"):
            model = entry.pymc_build()(data, **options)
            if not hasattr(gradbench, "pytensor_gradient"):  # a commit before gradbench timed posterior draws
                self.call = gradbench.pytensor_value_and_grad(model, backend.split("_", 1)[1])
            else:
                gradient, ravel = gradbench.pytensor_gradient(model, backend.split("_", 1)[1])
                x0 = ravel(model.initial_point())
                self.call = lambda: gradient(x0)
        else:
            if backend == "pymc_jax":
                model = entry.pymc_build()(data, **options)
                fn, x0 = gradbench.pymc_jax_value_and_grad(model)
                if isinstance(x0[0], str):  # value-variable names (since gradbench timed posterior draws)
                    x0 = [model.initial_point()[name] for name in x0]
            else:
                fn, x0 = gradbench.numpyro_value_and_grad(entry, data, options)
            jitted = jax.jit(fn)
            self.call = lambda: jax.block_until_ready(jitted(x0))
        self.call()

    def time_gradient(self, posterior, backend):
        """One log density and its gradient."""
        self.call()
