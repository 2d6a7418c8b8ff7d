"""Numbers as text, for log lines and tables alike."""
from __future__ import annotations

import math


def format_number(value, fmt: str) -> str:
    """``fmt.format(value)``, or '-' for a missing value (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    try:
        import pandas as pd

        if pd.isna(value):
            return "-"
    except (TypeError, ValueError):
        pass
    return fmt.format(value)
