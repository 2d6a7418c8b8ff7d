"""Tables: the agreement matrix marks verdicts of runs whose chains have not mixed."""
from harness.records.schema import RunRecord
from harness.report.table import UNRELIABLE_NOTE, agreement_matrix


def verdict(method, rhat_max, agrees=True, status="ok"):
    return RunRecord(posterior="eight_schools-centered", method=method, config={}, status=status, rhat_max=rhat_max,
                     agreement={"agrees": agrees, "max_z": 1.5} if status == "ok" else None)


def test_pass_with_high_rhat_is_marked_and_explained():
    text = agreement_matrix([verdict("pymc.nuts", 1.64), verdict("numpyro.nuts", 1.002, agrees=False)])
    assert "pass (z=1.5)!" in text and "FAIL (z=1.5)" in text and "FAIL (z=1.5)!" not in text
    assert UNRELIABLE_NOTE in text


def test_mixed_runs_and_failed_runs_carry_no_mark():
    text = agreement_matrix([verdict("pymc.nuts", 1.003), verdict("numpyro.nuts", None, status="timeout")])
    assert "pass (z=1.5)" in text and "!" not in text and "timeout" in text


def test_run_table_marks_the_agreement_of_unmixed_runs():
    from harness.report.table import format_table

    text = format_table([verdict("pymc.nuts", 1.64), verdict("numpyro.nuts", 1.002, agrees=False),
                         verdict("pymc.advi", None, status="timeout")])
    rows = text.splitlines()
    assert rows[1].split()[-1] == "yes!" and rows[2].split()[-1] == "NO" and rows[3].split()[-1] == "-"
    assert rows[-1] == UNRELIABLE_NOTE
