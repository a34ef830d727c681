"""A performance report's scorecard as councils lay it out: the partnership's own codes in a column
of codes ("PI 04", "KPI3"), a baseline, a target, then the quarters' figures — which are readings,
never taken for the year's target."""

from __future__ import annotations

from commands.imports.papers.reading import read_findings
from commands.imports.papers.text import read_paper

SCORECARD = (
    "HARBOURSIDE COMMUNITY SAFETY PARTNERSHIP\n"
    "Performance Monitoring Report – Quarter 2, 2025/26\n\n"
    "Ref\tMeasure\tReporting cycle\tBaseline 2023/24\tTarget 2025/26\tQ1 2025/26\tQ2 2025/26\tLead\n"
    "PI 04\tReported anti-social behaviour incidents\tMonthly\t4,120\t3,900\t1,010\t980\tHarbourside Police\n"
    "KPI7\tRepeat victims of domestic abuse (%)\tQuarterly\t28%\t25%\t27%\t26%\tHarbourside Council\n"
    "CSP-11\tResidents feeling safe after dark (%)\tAnnually\t61\t65\tn/a\tn/a\tHarbourside Council\n"
)


def test_own_codes_are_kept_and_quarter_columns_are_not_targets():
    findings = read_findings(read_paper("scorecard.txt", SCORECARD.encode()))
    found = {i.code: (i.title, i.targets, i.baseline, i.lead, i.frequency) for i in findings.indicators}
    assert found == {
        "PI 04": ("Reported anti-social behaviour incidents", {"2025/26": 3900}, 4120, "Harbourside Police", "monthly"),
        "KPI 07": ("Repeat victims of domestic abuse (%)", {"2025/26": 25}, 28, "Harbourside Council", "quarterly"),
        "CSP 11": ("Residents feeling safe after dark (%)", {"2025/26": 65}, 61, "Harbourside Council", "annual"),
    }
