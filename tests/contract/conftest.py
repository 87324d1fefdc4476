"""Reports a schemathesis operation whose run met only instances of known findings as xfail,
with the findings' exact reasons (see `known_findings_seen` in test_schemathesis.py); any
other failure has already failed the test.

Done here rather than with `pytest.mark.xfail(strict=True)`: a known finding must not stop
the fuzzing of its operation, and schemathesis' pytest plugin (4.32.5) crashes the session
with an INTERNALERROR when one of its items XPASSes under strict=True
(`_get_pytest_report_outcome` asserts an exception). Strictness lives in the test module: a
strict xfail test on the OpenAPI document itself fails once the finding is fixed.
"""

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> object:
    result = yield
    label = getattr(pyfuncitem, "operation_label", None)  # set on schemathesis' test items
    seen = getattr(pyfuncitem.module, "known_findings_seen", None)
    reason = seen(pyfuncitem.originalname.split("[")[0], label) if label and seen else None
    if reason:
        pytest.xfail(f"{label}: {reason}")
    return result
