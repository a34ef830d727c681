"""Papers in the genre, laid out the other ways councils lay them out (not like the seed papers):
minutes with an inline "MINUTES of the meeting held on …" title, "RESOLVED –", lettered
resolutions and ACTION lines; an agenda as a table; a report header as "Key: value" lines; a
Local Area Agreement indicator table with codes written three ways, notes, HTML and stray marks."""

from __future__ import annotations

PARTNERSHIP = """
organisations: [{name: Luton Borough Council, sector: statutory}, {name: Bedfordshire Police, sector: statutory}]
people:
  - {name: Bren McGowan, organisation: Luton Borough Council, title: Partnership Manager, slack_user: U0BREN001, role: officer}
  - {name: Hazel Simmons, title: Councillor, slack_user: U0HAZEL01, role: chair}
  - {name: Peter Adams, slack_user: U0PETAD01, role: member}
  - {name: Nicky Dahl, title: "Chair, Stronger and Safer Communities Board", slack_user: U0NICKD01, role: chair}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01, chair: Hazel Simmons}
  - {name: Stronger and Safer Communities Board, slug: safer, parent: forum, channel: C0SAFER01, chair: Nicky Dahl}
  - {name: Health and Well-being Board, slug: health, parent: forum}
"""

SAFER_MINUTES = """STRONGER AND SAFER COMMUNITIES BOARD

MINUTES of the meeting held on Monday 14 March 2011 at 10.00 am
Venue: Town Hall, George Street, Luton

Present:
Nicky Dahl (Chair)
Cllr Mike Colbourne, Bedfordshire Police
Sarah Allen, Luton Borough Council

Also in attendance:
Bren McGowan (Partnership Manager)

Apologies:
Dave Fothergill, Anita Briddon

1. MINUTES OF THE LAST MEETING

RESOLVED – that the minutes of the meeting held on 10 January 2011 be approved.

2. DOMESTIC ABUSE STRATEGY

Sarah Allen introduced the draft strategy. Comments should be sent to Sarah Allen by 1 April 2011.

RESOLVED:
(a) that the draft strategy be noted;
(b) that the Chair write to the Home Office about the funding of the IDVA post by 31st March.

ACTION: Bren McGowan to add the strategy to the Forum's next agenda – by 20 May 2011

3. ANY OTHER BUSINESS

None.

The meeting closed at 11.45 am.
"""

HEALTH_AGENDA = """<b>HEALTH AND WELL-BEING BOARD</b>

Date: Tuesday 12 April 2011
Time: 2.30 pm
Venue: Committee Room 1, Town Hall, Luton

AGENDA

Item\tSubject\tLead\tPurpose
1\tApologies and introductions\tChair\t
2\tMinutes of the last meeting\tChair\tFor approval
3\tJoint Strategic Needs Assessment refresh (report attached)\tGerry Taylor, Director of Public Health\tFor discussion
4\tDementia strategy (presentation)\tMorag Stewart\tFor information

Report to:\tHealth and Well-being Board
Date:\t12 April 2011
Agenda item:\t3
Report of:\tGerry Taylor, Director of Public Health
Subject:\tJoint Strategic Needs Assessment – refresh

Purpose of report
To seek the Board's views on the refreshed JSNA.

Recommendations
That the Board comments on the draft priorities.

The consultation on the JSNA refresh closes on 15th April 2011; responses to Gerry Taylor.
"""

LAA_TABLE = """LOCAL AREA AGREEMENT 2008-11: STRONGER AND SAFER COMMUNITIES

Theme\tIndicator\tBaseline\t2008/09\t2009/10\t2010/11\tPartners
Stronger and Safer Communities\tNI 15* Serious violent crime rate (per 1,000 population)\t0.80 (2007/08)\t0.78\t0.75\t0.72\tBedfordshire Police*, Luton Borough Council
\tNI 016 Serious acquisitive crime rate\t<b>21.3</b>\t20.5\t19.9\t19.2 (revised Feb 2010)\tBedfordshire Police*; Luton Borough Council
\t032* Repeat incidents of domestic violence\t28%\t27%\t26%\t25%\tLuton Borough Council*, NHS Luton
\tNI 1 % of people who believe people from different backgrounds get on well together\t66.1\t68\t69 / 70\t72\tLuton Borough Council*
\tThriving third sector (local)\t21\t22\t23\t24\tVoluntary Action Luton*
"""
