"""posteriordb's ARM regressions on the earnings, kidiq and kidiq_with_mom_work data (Gelman & Hill ch. 3-4)."""
from models.posteriordb.entry import entry

PARAMS = ("beta", "sigma")

_EARNINGS = {
    "earn_height": "earn ~ N(b1 + b2 height, sigma), flat priors",
    "log10earn_height": "log10(earn) ~ N(b1 + b2 height, sigma), flat priors",
    "logearn_height": "log(earn) ~ N(b1 + b2 height, sigma), flat priors",
    "logearn_height_male": "log(earn) ~ N(b1 + b2 height + b3 male, sigma), flat priors",
    "logearn_interaction": "log(earn) ~ N(b1 + b2 height + b3 male + b4 height*male, sigma), flat priors",
    "logearn_interaction_z": "log(earn) ~ N(b1 + b2 z(height) + b3 male + b4 z(height)*male, sigma), flat priors",
    "logearn_logheight_male": "log(earn) ~ N(b1 + b2 log(height) + b3 male, sigma), flat priors",
}
_KIDIQ = {
    "kidscore_interaction": "kid_score ~ N(b1 + b2 hs + b3 iq + b4 hs*iq, sigma), sigma ~ HalfCauchy(2.5)",
    "kidscore_momhs": "kid_score ~ N(b1 + b2 hs, sigma), sigma ~ HalfCauchy(2.5)",
    "kidscore_momhsiq": "kid_score ~ N(b1 + b2 hs + b3 iq, sigma), sigma ~ HalfCauchy(2.5)",
    "kidscore_momiq": "kid_score ~ N(b1 + b2 iq, sigma), sigma ~ HalfCauchy(2.5)",
}
_KIDIQ_WORK = {
    "kidscore_interaction_c": "kid_score ~ N(b1 + b2 hs_c + b3 iq_c + b4 hs_c*iq_c, sigma), hs_c, iq_c mean-centred, "
                              "flat priors",
    "kidscore_interaction_c2": "kid_score ~ N(b1 + b2 (hs-0.5) + b3 (iq-100) + b4 product, sigma), flat priors",
    "kidscore_interaction_z": "kid_score ~ N(b1 + b2 hs_z + b3 iq_z + b4 hs_z*iq_z, sigma), z = (x-mean)/(2 sd), "
                              "flat priors",
    "kidscore_mom_work": "kid_score ~ N(b1 + b2 [work=2] + b3 [work=3] + b4 [work=4], sigma), flat priors",
}

ENTRIES = (
    [entry(f"earnings-{m}", "pdb_earnings", PARAMS, d, fixed={"variant": m}) for m, d in _EARNINGS.items()]
    + [entry(f"kidiq-{m}", "pdb_kidiq", PARAMS, d, fixed={"variant": m}) for m, d in _KIDIQ.items()]
    + [entry(f"kidiq_with_mom_work-{m}", "pdb_kidiq", PARAMS, d, fixed={"variant": m})
       for m, d in _KIDIQ_WORK.items()]
)
