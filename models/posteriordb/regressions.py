"""posteriordb's linear regressions: mesquite (six models of one dataset), nes (eight election years), blr (two
simulated designs), kilpisjarvi and the brms diamonds regression."""
from models.posteriordb.entry import entry

_MESQUITE = {
    "mesquite": "weight on the six raw measures and group",
    "logmesquite": "log weight on the logs of the five measures and group",
    "logmesquite_logvolume": "log weight on log canopy volume",
    "logmesquite_logva": "log weight on log canopy volume, log area and group",
    "logmesquite_logvas": "log weight on log canopy volume, area, shape, total height, density and group",
    "logmesquite_logvash": "log weight on log canopy volume, area, shape, total height and group",
}

ENTRIES = [
    *(entry(f"mesquite-{variant}", "pdb_mesquite", ("beta", "sigma"),
            f"mesquite leaf biomass, {what}; flat priors", fixed={"variant": variant})
      for variant, what in _MESQUITE.items()),
    *(entry(f"nes{year}-nes", "pdb_nes", ("beta", "sigma"),
            f"NES {year} party identification on ideology, race, age dummies, education, gender, income; flat priors")
      for year in range(1972, 2001, 4)),
    entry("sblrc-blr", "pdb_blr", ("beta", "sigma"),
          "simulated linear regression, correlated predictors; beta ~ N(0, 10), sigma ~ HalfNormal(10)"),
    entry("sblri-blr", "pdb_blr", ("beta", "sigma"),
          "simulated linear regression, independent predictors; beta ~ N(0, 10), sigma ~ HalfNormal(10)"),
    entry("kilpisjarvi_mod-kilpisjarvi", "pdb_kilpisjarvi", ("alpha", "beta", "sigma"),
          "Kilpisjarvi summer temperature on the uncentred year; informative normal priors, flat sigma"),
    entry("diamonds-diamonds", "pdb_diamonds", ("b", "Intercept", "sigma"),
          "brms diamonds price regression, 24 centred predictors; b ~ N(0, 1), Intercept ~ t3(8, 10), "
          "sigma ~ half-t3(10)"),
]
