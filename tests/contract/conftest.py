"""Schemathesis failures that are instances of a known finding are reported as xfail, with
the finding's exact reason; any other failure, in the same run or not, fails the test.

Done here rather than with `pytest.mark.xfail`: schemathesis' pytest plugin (4.32.5) crashes
the whole session with an INTERNALERROR when one of its items XPASSes under strict=True
(`_get_pytest_report_outcome` asserts an exception). Strictness lives in the test module:
a strict xfail test on the OpenAPI document itself fails once the finding is fixed.
"""

from collections.abc import Iterator

import pytest


def _leaves(exc: BaseException) -> Iterator[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from _leaves(inner)
    else:
        yield exc


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> object:
    label = getattr(pyfuncitem, "operation_label", None)  # set on schemathesis' test items
    known_finding_of = getattr(pyfuncitem.module, "known_finding_of", None)
    if label is None or known_finding_of is None:
        return (yield)
    try:
        return (yield)
    except BaseExceptionGroup as group:
        failures = list(_leaves(group))
        reasons = {known_finding_of(label, failure) for failure in failures}
        if None in reasons:
            raise
        seen = sorted({" ".join(str(f).split()) for f in failures})
        pytest.xfail(f"{label}: {' | '.join(seen)} -- known finding: {' / '.join(sorted(reasons))}")
