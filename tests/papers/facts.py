"""The facts a careful officer would record from each paper of the corpus, written out BY HAND
from reading the papers (not from what the reader finds).

A paper's facts, each a key and a value:
- meetings: day → (start "HH:MM" or None when the paper gives none, end or None, venue as written)
- attendance: day → [(name, kind, substitute for)] — kinds: present, apologies, substitute, observer,
  officer; people under "Absent", "CC" or "Distribution" are not attendance
- minutes: day → [(number or None when the paper does not number them, title)]
- decisions: day → [(minute number or title, text)]
- actions: [(meeting day, words of what is to be done, owner, due day or None)]
- consultations: [(closes, owner)]
- items: day → [(number, title)] (an agenda)
- indicators: code → {"baseline": value, "2009/10": target, "reading 2009/10 Q2": a figure reported, …}
Names are written without honorifics or ranks, as the reader records them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paper:
    family: str
    board: str
    meetings: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    attendance: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    minutes: dict[str, list[tuple[str | None, str]]] = field(default_factory=dict)
    decisions: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    actions: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    consultations: list[tuple[str, str]] = field(default_factory=list)
    items: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    indicators: dict[str, dict[str, float]] = field(default_factory=dict)


def people(kind: str, *names: str) -> list[tuple[str, str, str | None]]:
    return [(name, kind, None) for name in names]


MINUTES, NOTES, WEB, PACK, LOG, INDICATORS, WORD, PDF, FLATTENED = (
    "printed minutes",
    "notes of meeting",
    "committee web page",
    "agenda pack",
    "action log",
    "indicator table",
    "Word (.docx)",
    "PDF",
    "text from tables",
)

CORPUS: dict[str, Paper] = {
    "a01_westbury_csp_minutes.txt": Paper(
        MINUTES,
        "Westbury Community Safety Partnership",
        meetings={"2009-09-09": ("10:00", "11:50", "Westbury Police Station, Queens Road, Westbury")},
        attendance={
            "2009-09-09": [
                *people("present", "Alan Marsh", "Joan Pike", "Jane Smith", "Raj Patel", "Mark Ellis"),
                *people("officer", "Helen Ward"),
                *people("apologies", "Tom Reeve", "Bill Hardy"),
            ]
        },
        minutes={
            "2009-09-09": [
                ("1", "Welcome and apologies"),
                ("2", "Minutes of the last meeting"),
                ("3", "Strategic assessment 2009"),
                ("4", "Any other business"),
            ]
        },
        decisions={
            "2009-09-09": [
                ("2", "That the minutes of the meeting held on 10 June 2009 be approved as a correct record"),
                ("3", "That the draft strategic assessment be endorsed"),
                ("3", "That the priorities be reported to the Council's Cabinet"),
            ]
        },
        actions=[
            ("2009-09-09", "circulate the final assessment", "Jane Smith", "2009-09-30"),
            ("2009-09-09", "arrange a visit to the new fire station", "Mark Ellis", "2009-10-31"),
        ],
    ),
    "a02_harrowfield_hwb_minutes.txt": Paper(
        MINUTES,
        "Harrowfield Health and Wellbeing Board",
        meetings={"2010-01-14": ("14:00", "16:05", "Civic Centre, Committee Room 2, Harrowfield")},
        attendance={
            "2010-01-14": [
                *people("present", "Ann Rowe", "Paul Kettle", "Sarah Quinn", "Alan Grey", "Linda Moss"),
                *people("officer", "Gary Fox", "Kim Rhodes"),
                *people("apologies", "Tom Vance", "Sue Hart", "Rob Lyle"),
            ]
        },
        minutes={
            "2010-01-14": [
                ("36", "APOLOGIES FOR ABSENCE"),
                ("37", "MINUTES OF THE PREVIOUS MEETING"),
                ("38", "JOINT STRATEGIC NEEDS ASSESSMENT"),
                ("39", "ANY OTHER BUSINESS"),
            ]
        },
        decisions={
            "2010-01-14": [
                ("37", "That the minutes of the meeting held on 12 November 2009 be confirmed"),
                ("38", "That the refreshed JSNA be approved for publication"),
                ("38", "That the Board receive a progress report in six months"),
            ]
        },
        actions=[("2010-01-14", "draft the carers' strategy", "Sarah Quinn", "2010-03-31")],
    ),
    "a03_kelby_notes.md": Paper(
        NOTES,
        "Kelby Partnership Executive",
        meetings={"2010-03-03": ("09:30", "11:00", "Kelby House, Market Square, Kelby")},
        attendance={
            "2010-03-03": [
                *people("present", "Peter Bond", "Mary O'Connor", "Sunita Rao", "Gareth Hughes"),
                *people("apologies", "Colin Dart"),
            ]
        },
        minutes={
            "2010-03-03": [
                ("1", "Welcome and introductions"),
                ("2", "Terms of reference"),
                ("3", "Date of next meeting"),
            ]
        },
        decisions={"2010-03-03": [("2", "That the revised terms of reference be adopted")]},
        actions=[
            ("2010-03-03", "circulate the revised terms of reference", "Mary O'Connor", "2010-03-31"),
            ("2010-03-03", "nominate a voluntary sector deputy", "Sunita Rao", None),
        ],
    ),
    "a04_thornbury_ctb.txt": Paper(
        MINUTES,
        "Thornbury Children's Trust Board",
        meetings={"2010-06-22": ("14:00", "16:00", "Room 4, Thornbury House, Station Road")},
        attendance={
            "2010-06-22": [
                *people("present", "Karen Lowe", "Neil Ashby", "Ruth Kemp"),
                ("Jo Bell", "substitute", "Dave Rich"),
                *people("apologies", "Dave Rich", "Pat Lomas"),
            ]
        },
        minutes={
            "2010-06-22": [
                (None, "MINUTES OF THE LAST MEETING"),
                (None, "CHILDREN AND YOUNG PEOPLE'S PLAN REVIEW"),
                (None, "SCHOOL TRAVEL"),
            ]
        },
        decisions={
            "2010-06-22": [
                (
                    "CHILDREN AND YOUNG PEOPLE'S PLAN REVIEW",
                    "That the annual review be published on the Trust's website",
                )
            ]
        },
        actions=[
            ("2010-06-22", "annual review be published", "Ruth Kemp", None),
            ("2010-06-22", "meet the transport team", "Karen Lowe and Ruth Kemp", "2010-09-21"),
        ],
    ),
    "a05_dunmore_committee_page.html": Paper(
        WEB,
        "Safer Communities Committee",
        meetings={"2010-07-08": ("18:00", None, "Council Chamber, Dunmore Town Hall, High Street")},
        attendance={
            "2010-07-08": [
                *people("present", "Joan Pike", "Dev Patel", "Ruth Okafor", "Sam Hedges"),
                *people("officer", "Lee Carver", "Nadia Shah"),
                *people("apologies", "Amy Stone", "Phil Dunn"),
            ]
        },
        minutes={
            "2010-07-08": [
                ("1", "Apologies for absence"),
                ("2", "Declarations of interest"),
                ("3", "Anti-social behaviour update"),
                ("4", "Night-time economy"),
            ]
        },
        decisions={
            "2010-07-08": [
                ("3", "That the update be noted and that a further report be brought to the October meeting"),
                ("4", "That the pilot be extended to March 2011"),
            ]
        },
    ),
    "a06_ashcombe_panel_saved.txt": Paper(
        WEB,
        "Health Scrutiny Panel",
        meetings={"2010-11-16": ("19:30", None, "Meeting Room 3, Ashcombe Civic Offices")},
        attendance={
            "2010-11-16": [
                *people("present", "Margaret Hale", "Keith Boyd", "Priya Singh"),
                *people("officer", "Owen Price"),
                *people("observer", "Gwen Lister"),
                *people("apologies", "Frank Webb"),
                ("Nina Cole", "substitute", "Frank Webb"),
            ]
        },
        minutes={
            "2010-11-16": [
                ("11", "Apologies and substitutions"),
                ("12", "Minutes"),
                ("13", "Ambulance response times"),
                ("14", "Work programme"),
            ]
        },
        decisions={
            "2010-11-16": [
                ("12", "That the minutes of the meeting held on 21 September 2010 be approved"),
                ("13", "That the report be noted"),
                ("13", "That the Ambulance Trust be invited to the next meeting"),
                ("14", "That the work programme be agreed"),
            ]
        },
        actions=[("2010-11-16", "write to the Ambulance Trust", "Owen Price", "2010-11-30")],
    ),
    "a07_fenwick_agenda_pack.txt": Paper(
        PACK,
        "Fenwick Local Strategic Partnership Board",
        meetings={
            "2010-10-18": ("10:00", None, "The Guildhall, Fenwick"),
            "2010-07-19": (None, "12:15", "The Guildhall, Fenwick"),
        },
        items={
            "2010-10-18": [
                ("1", "Welcome and apologies"),
                ("2", "Minutes of the meeting held on 19 July 2010"),
                ("3", "Local Area Agreement performance"),
                ("4", "Worklessness strategy"),
                ("5", "Any other business"),
            ]
        },
        attendance={
            "2010-07-19": [
                *people("present", "Michael Reid", "Rebecca Hart", "Ian Stead", "Carol Finch"),
                *people("apologies", "Derek Lamb"),
            ]
        },
        minutes={
            "2010-07-19": [
                ("1", "Minutes of the previous meeting"),
                ("2", "Performance report"),
                ("3", "Housing strategy"),
            ]
        },
        decisions={"2010-07-19": [("2", "That a task group be set up on worklessness")]},
        actions=[
            ("2010-07-19", "convene the worklessness task group", "Ian Stead", "2010-10-18"),
            ("2010-07-19", "circulate the draft housing strategy", "Carol Finch", "2010-07-31"),
        ],
    ),
    "a08_marlow_action_log.txt": Paper(
        LOG,
        "Marlow Community Safety Partnership",
        meetings={"2011-05-12": (None, None, None)},
        actions=[
            ("2011-05-12", "revised information sharing protocol", "Dan Moore", "2011-05-31"),
            ("2011-05-12", "briefing on hate crime reporting", "Fiona Clarke", "2011-06-30"),
            ("2011-05-12", "cctv funding bids", "Dan Moore", "2011-07-14"),
            ("2011-05-12", "partnership risk register", "Fiona Clarke", "2011-06-15"),
        ],
    ),
    "a09_ellsworth_laa_appendix.txt": Paper(
        INDICATORS,
        "Ellsworth Partnership",
        indicators={
            "NI 15": {"baseline": 0.65, "2008/09": 0.62, "2009/10": 0.60, "2010/11": 0.58},
            "NI 16": {"baseline": 18.2, "2008/09": 17.5, "2009/10": 16.9, "2010/11": 16.0},
            "NI 8": {"baseline": 21.3, "2008/09": 22, "2009/10": 23},
            "NI 56": {"2008/09": 18.1, "2009/10": 17.8},
            "LI 23": {"baseline": 44, "2008/09": 46, "2009/10": 48, "2010/11": 50},
        },
    ),
    "a10_calder_vale_performance.md": Paper(
        INDICATORS,
        "Calder Vale Partnership Board",
        indicators={
            "NI 15": {"baseline": 0.9, "2009/10": 0.85, "2010/11": 0.8},
            "NI 152": {"baseline": 12.4, "2009/10": 12.0, "2010/11": 11.5},
            "NI 195": {"baseline": 11, "2009/10": 10},
            "NI 40": {"baseline": 410, "2009/10": 430, "2010/11": 450},
        },
    ),
    "b01_ravensworth_minutes.docx": Paper(
        WORD,
        "Ravensworth Safer and Stronger Communities Board",
        meetings={"2011-02-03": ("13:30", "15:15", "Committee Room A, Ravensworth Town Hall")},
        attendance={
            "2011-02-03": [
                *people("present", "Graham Tate", "Helen Brook", "Amir Khan", "Debbie Lyons"),
                *people("apologies", "Neil Parry"),
            ]
        },
        minutes={
            "2011-02-03": [
                ("1", "Minutes of the last meeting"),
                ("2", "Domestic violence"),
                ("3", "Date of next meeting"),
            ]
        },
        decisions={
            "2011-02-03": [
                ("1", "That the minutes of the meeting held on 4 November 2010 be approved"),
                ("2", "That a review of MARAC capacity be commissioned"),
            ]
        },
        actions=[
            ("2011-02-03", "commission the marac capacity review", "Debbie Lyons", "2011-02-28"),
            ("2011-02-03", "report the review findings", "Amir Khan", "2011-05-05"),
        ],
    ),
    "b02_ravensworth_agenda.docx": Paper(
        WORD,
        "Ravensworth Safer and Stronger Communities Board",
        meetings={"2011-05-05": ("13:30", None, "Committee Room A, Ravensworth Town Hall")},
        items={
            "2011-05-05": [
                ("1", "Apologies for absence"),
                ("2", "Minutes of the meeting held on 3 February 2011"),
                ("3", "MARAC capacity review"),
                ("4", "Hate crime action plan"),
                ("5", "Any other business"),
            ]
        },
    ),
    "b03_greyford_action_log.docx": Paper(
        WORD,
        "Greyford Health Partnership",
        meetings={"2011-04-27": (None, None, None)},
        actions=[
            ("2011-04-27", "winter pressures plan", "Alison Brent", "2011-09-30"),
            ("2011-04-27", "dementia pathway", "Omar Said", "2011-05-31"),
            ("2011-04-27", "carers' grant allocations", "Alison Brent", "2011-06-29"),
        ],
    ),
    "b04_oakfield_minutes.pdf": Paper(
        PDF,
        "Oakfield Environment Partnership",
        meetings={"2011-03-15": ("10:00", "11:40", "Oakfield Library, Church Lane")},
        attendance={
            "2011-03-15": [
                *people("present", "Roger Hay", "Emma Dean", "Tim Walsh", "Joy Barker"),
                *people("apologies", "Steve Carr"),
            ]
        },
        minutes={
            "2011-03-15": [
                ("1", "Minutes of the previous meeting"),
                ("2", "Recycling performance"),
                ("3", "Climate change strategy"),
            ]
        },
        decisions={
            "2011-03-15": [
                ("2", "That the recycling performance be noted"),
                ("3", "That the draft climate change strategy be approved for consultation"),
            ]
        },
        actions=[("2011-03-15", "food waste collection", "Joy Barker", "2011-06-30")],
    ),
    "b05_hollin_indicators.pdf": Paper(
        PDF,
        "Hollin Partnership Board",
        indicators={
            "NI 151": {"baseline": 72.1, "2008/09": 72.5, "2009/10": 73.0, "2010/11": 73.5},
            "NI 117": {"baseline": 7.2, "2008/09": 6.9, "2009/10": 6.5, "2010/11": 6.0},
            "NI 192": {"baseline": 31, "2008/09": 33, "2009/10": 35, "2010/11": 38},
        },
    ),
    "b06_linford_notes.pdf": Paper(
        PDF,
        "Linford Economic Forum",
        meetings={"2011-02-09": ("14:30", "16:00", "Linford Enterprise Centre")},
        attendance={
            "2011-02-09": [
                *people("present", "Sue Naylor", "Raj Mehta", "Claire Dunn"),
                *people("apologies", "Gordon Pryce"),
            ]
        },
        minutes={"2011-02-09": [("1", "Business support"), ("2", "Any other business")]},
        decisions={"2011-02-09": [("1", "That the scheme be promoted through the Chamber")]},
        actions=[("2011-02-09", "apprenticeship numbers", "Claire Dunn", "2011-03-31")],
    ),
    "c01_norbridge_flattened.txt": Paper(
        FLATTENED,
        "Norbridge Partnership Board",
        meetings={"2011-04-14": ("10:00", "12:05", "West Offices, Norbridge")},
        attendance={
            "2011-04-14": [*people("present", "Ann Lee", "Bob Marsh", "Cath North"), *people("apologies", "David Penn")]
        },
        minutes={"2011-04-14": [("1", "Welcome"), ("2", "Budget 2011/12"), ("3", "Community grants")]},
        decisions={
            "2011-04-14": [
                ("2", "The Board noted the budget position for 2011/12"),
                ("3", "That the grants panel be reconvened"),
            ]
        },
        actions=[
            ("2011-04-14", "circulate budget details", "Bob Marsh", "2011-04-30"),
            ("2011-04-14", "grants panel", "Cath North", None),
        ],
    ),
    "c02_quarrington_police.txt": Paper(
        MINUTES,
        "Quarrington Community Safety Board",
        meetings={"2011-01-21": ("09:30", "11:00", "Quarrington Police Headquarters")},
        attendance={
            "2011-01-21": [
                *people("present", "Mark Dunne", "Helen Ross", "Peter Vaughan", "Carl Boyle"),
                ("Lisa Tran", "substitute", "Martin Hale"),
                ("Jim Ogden", "substitute", "Ben Ward"),
                *people("apologies", "Martin Hale", "Ben Ward"),
            ]
        },
        minutes={
            "2011-01-21": [
                ("1", "Minutes of the last meeting"),
                ("2", "Police and crime plan"),
                ("3", "Reducing reoffending"),
            ]
        },
        decisions={
            "2011-01-21": [
                ("2", "The Board endorsed the draft police and crime plan"),
                ("3", "That the integrated offender management scheme be extended to young adults"),
            ]
        },
        consultations=[("2011-02-18", "Helen Ross")],
    ),
    "c03_stourton_housing.txt": Paper(
        MINUTES,
        "Stourton Housing Partnership",
        meetings={"2009-11-05": (None, None, None)},
        attendance={
            "2009-11-05": [
                *people("present", "Claire Ford", "Nigel Shaw", "Amina Begum", "Robert Lane"),
                *people("apologies", "Gail Turner"),
            ]
        },
        minutes={
            "2009-11-05": [
                ("1", "APOLOGIES"),
                ("2", "HOMELESSNESS STRATEGY"),
                ("3", "PRIVATE RENTED SECTOR"),
                ("4", "DATE OF NEXT MEETING"),
            ]
        },
        decisions={
            "2009-11-05": [
                ("2", "The Partnership noted that rough sleeping had fallen"),
                ("2", "That the homelessness strategy action plan be adopted"),
            ]
        },
        actions=[("2009-11-05", "briefing on tenancy deposits", "Amina Begum", "2009-12-15")],
    ),
    "c04_sedgecombe_decisions.txt": Paper(
        MINUTES,
        "Sedgecombe Children and Young People's Partnership",
        meetings={"2010-12-08": ("16:00", None, "Sedgecombe Youth Centre, Mill Road")},
        attendance={
            "2010-12-08": [
                *people("present", "Jenny Howe", "Lucy Frame", "Mike Tull", "Adrian Cole"),
                *people("apologies", "Grace Obi"),
            ]
        },
        minutes={"2010-12-08": [("4", "Youth offer"), ("5", "Child poverty strategy"), ("6", "Safeguarding")]},
        decisions={
            "2010-12-08": [
                ("4", "The youth offer was approved for consultation with young people"),
                ("5", "That the draft child poverty strategy be approved"),
                ("5", "That Dr Lucy Frame report on health inequalities in March 2011"),
                ("6", "The Partnership noted the annual safeguarding report"),
            ]
        },
        actions=[("2010-12-08", "report on health inequalities", "Lucy Frame", None)],
    ),
    "c05_tarnside_actions.txt": Paper(
        MINUTES,
        "Tarnside Local Strategic Partnership",
        meetings={"2010-10-07": ("14:00", None, "Council Chamber, Tarnside Town Hall")},
        attendance={
            "2010-10-07": [
                *people("present", "Diane Holt", "Keith Marr", "Olu Adeyemi", "Fran Elliott"),
                *people("apologies", "Roy Stead"),
            ]
        },
        minutes={
            "2010-10-07": [
                ("12", "Sustainable Community Strategy refresh"),
                ("13", "Health inequalities"),
                ("14", "Date of next meeting"),
            ]
        },
        decisions={"2010-10-07": [("12", "That responses be forwarded to Keith Marr by 29 October 2010")]},
        actions=[
            ("2010-10-07", "arrange a consultation event", "Keith Marr and Olu Adeyemi", "2010-10-31"),
            ("2010-10-07", "bring the action plan", "Fran Elliott", "2010-12-09"),
        ],
        consultations=[("2010-10-29", "Keith Marr")],
    ),
    "c06_brackley_notes_24h.txt": Paper(
        NOTES,
        "Brackley Economic Forum",
        meetings={"2011-02-23": ("13:30", "15:00", "Brackley Business Centre, Unit 5, Station Way")},
        attendance={
            "2011-02-23": [
                *people("present", "Heather Gill", "Stuart Wynn", "Rachel Bloom"),
                *people("officer", "Tom Ingram"),
                *people("observer", "Emma Stiles"),
                *people("apologies", "Victor Lamb"),
            ]
        },
        minutes={"2011-02-23": [("1", "Town centre vacancies"), ("2", "Any other business")]},
        decisions={"2011-02-23": [("1", "That a pop-up shop scheme be piloted")]},
        actions=[("2011-02-23", "approach landlords", "Rachel Bloom", "2011-03-31")],
    ),
    "c07_upwell_committee_page.htm": Paper(
        WEB,
        "Upwell Housing Board",
        meetings={"2011-06-13": ("17:30", None, "Upwell Community Hall, Bridge Street")},
        attendance={
            "2011-06-13": [
                *people("present", "Helen Cross", "Yusuf Ali", "Gordon Birch"),
                *people("apologies", "Ian Ford", "Beth Green"),
            ]
        },
        minutes={"2011-06-13": [("1", "Minutes of the previous meeting"), ("2", "Empty homes programme")]},
        decisions={
            "2011-06-13": [
                ("1", "That the minutes of the meeting held on 14 March 2011 be approved"),
                ("2", "That the target of 40 homes brought back into use be confirmed"),
            ]
        },
        actions=[("2011-06-13", "publish the empty homes register", "Gordon Birch", "2011-07-31")],
    ),
    "c08_wexcombe_initials.txt": Paper(
        MINUTES,
        "Wexcombe Health and Well-being Partnership",
        meetings={"2011-05-10": ("09:30", "11:30", "Wexcombe Primary Care Centre, Seminar Room")},
        attendance={
            "2011-05-10": [
                *people("present", "Hugh Rennie", "Annette Baird", "Peter Morley", "Joanne Whitfield"),
                *people("officer", "Liam Cross"),
                *people("apologies", "Sheila Orme", "Frank Yates"),
            ]
        },
        minutes={
            "2011-05-10": [("1", "Minutes of the last meeting"), ("2", "Carers' strategy"), ("3", "Smoking cessation")]
        },
        decisions={"2011-05-10": [("2", "That the carers' strategy be recommended to the Council")]},
        actions=[
            ("2011-05-10", "take the strategy to cabinet", "Annette Baird", "2011-06-30"),
            ("2011-05-10", "circulate quit rate figures", "Liam Cross", "2011-05-20"),
        ],
    ),
    "c09_ormsby_agenda.md": Paper(
        PACK,
        "Ormsby Community Partnership",
        meetings={"2011-01-19": ("10:00", "12:00", "Ormsby Village Hall, Green Lane, Ormsby")},
        items={
            "2011-01-19": [
                ("1", "Welcome and apologies"),
                ("2", "Minutes of the meeting held on 20 October 2010"),
                ("3", "Neighbourhood plan"),
                ("4", "Community transport"),
                ("5", "Any other business"),
            ]
        },
    ),
    "c10_penmarsh_no_time.txt": Paper(
        MINUTES,
        "Penmarsh Sport and Leisure Partnership",
        meetings={"2011-03-24": (None, None, "Penmarsh Leisure Centre")},
        attendance={
            "2011-03-24": [
                *people("present", "Gail Hunter", "Ross Kerr", "Alan Frost"),
                *people("apologies", "Nina Patel"),
            ]
        },
        minutes={"2011-03-24": [("1", "Leisure centre refurbishment"), ("2", "Olympic legacy")]},
        decisions={"2011-03-24": [("1", "That the progress report be noted")]},
        actions=[("2011-03-24", "olympic legacy plan", "Alan Frost", "2011-04-30")],
    ),
    "c11_linthorpe_two_meetings.txt": Paper(
        PACK,
        "Linthorpe Culture Board",
        meetings={
            "2011-07-12": ("18:00", None, "Linthorpe Museum, Lecture Theatre"),
            "2011-04-12": ("18:00", "19:45", "Linthorpe Museum"),
        },
        items={
            "2011-07-12": [
                ("1", "Apologies"),
                ("2", "Minutes of the meeting held on 12 April 2011"),
                ("3", "Arts festival 2011"),
                ("4", "Library opening hours"),
            ]
        },
        attendance={
            "2011-04-12": [
                *people("present", "Zoe Hart", "Colin West", "Mia Rossi"),
                *people("apologies", "Eric Dale"),
            ]
        },
        minutes={"2011-04-12": [("1", "Arts festival"), ("2", "Library opening hours")]},
        decisions={
            "2011-04-12": [
                ("1", "That the festival run from 20 to 28 August 2011"),
                ("2", "That the opening hours be reviewed in July"),
            ]
        },
        actions=[("2011-04-12", "confirm the festival venues", "Zoe Hart", "2011-05-31")],
    ),
}

# Held-out papers written for the meeting and attendance rules (issue 14, part A): other bodies
# (police and crime panel, NHS trust, fire authority, parish council, voluntary sector forum),
# years 2008-2026, time ranges in words and before the date, substitutes, apologies sentences
# with reasons in brackets, Name/Title tables, circulation lists.
CORPUS.update(
    {
        "d01_northmoor_police_panel.txt": Paper(
            MINUTES,
            "Northmoor Police and Crime Panel",
            meetings={"2013-02-04": ("10:30", "12:40", "County Hall, Northmoor")},
            attendance={
                "2013-02-04": [
                    *people("present", "Janet Barnes", "Sara Ahmed", "Patrick Quinlan", "David Whitlock"),
                    ("Lee Grant", "substitute", "Tom Moss"),
                    *people("officer", "Anne Rigby", "Simon Hart", "Karen Lowther"),
                    *people("apologies", "Tom Moss", "Ruth Finch"),
                ]
            },
            minutes={
                "2013-02-04": [
                    ("1", "Apologies for absence and substitutions"),
                    ("2", "Proposed precept 2013/14"),
                    ("3", "Date of next meeting"),
                ]
            },
            decisions={"2013-02-04": [("2", "That the proposed precept be supported")]},
        ),
        "d02_eastvale_nhs_trust_board.txt": Paper(
            FLATTENED,
            "Eastvale Hospitals NHS Foundation Trust Board of Directors",
            meetings={"2019-09-12": ("09:30", "12:30", "Boardroom, Trust Headquarters, Hill Road, Eastvale")},
            attendance={
                "2019-09-12": [
                    *people("present", "Sarah Okoye", "Martin Kelsall", "Yvonne Adair", "Gareth Pryce"),
                    *people("officer", "Lucy Brennan"),
                    *people("observer", "Tariq Hussain"),
                    *people("apologies", "Helen Marsh", "Owen Blake"),
                ]
            },
            minutes={"2019-09-12": [("1", "Chair's welcome and apologies"), ("2", "Finance report")]},
            decisions={"2019-09-12": [("2", "That the finance report be noted")]},
            actions=[("2019-09-12", "present the revised capital plan", "Gareth Pryce", "2019-10-10")],
        ),
        "d03_kingsmere_fire_authority.txt": Paper(
            MINUTES,
            "Kingsmere Fire and Rescue Authority",
            meetings={"2008-12-17": ("14:00", "15:25", "Fire Service Headquarters, Brigade Road, Kingsmere")},
            attendance={
                "2008-12-17": [
                    *people(
                        "present",
                        "Ronald Price",
                        "Mary Dawes",
                        "Colin Abbott",
                        "Nasreen Akhtar",
                        "Philip Vickers",
                        "Joan Webster",
                    ),
                    *people("officer", "Alan Kirby", "Sue Rowley", "Brian Moss"),
                    *people("apologies", "Derek Flint", "Pat O'Neill"),
                ]
            },
            minutes={"2008-12-17": [("1", "MINUTES"), ("2", "INTEGRATED RISK MANAGEMENT PLAN 2009/10")]},
            decisions={
                "2008-12-17": [
                    ("1", "That the minutes of the meeting held on 24 September 2008 be confirmed"),
                    ("2", "That the draft plan be approved for consultation"),
                ]
            },
        ),
        "d04_hinton_parish_council.txt": Paper(
            MINUTES,
            "Hinton Parish Council",
            meetings={"2024-04-09": ("19:30", "20:55", "Village Hall, Church Street, Hinton")},
            attendance={
                "2024-04-09": [
                    *people("present", "Graham Pollard", "Sian Edwards", "Tom Ashworth", "Beverley Knott"),
                    *people("officer", "Rachel Dunmore", "Iain Fraser"),
                    *people("apologies", "Mark Jessop", "Alison Reeve"),
                ]
            },
            minutes={
                "2024-04-09": [
                    ("24/31", "Apologies for absence"),
                    ("24/32", "Minutes"),
                    ("24/33", "Playground equipment"),
                ]
            },
            decisions={
                "2024-04-09": [
                    ("24/32", "That the minutes of the meeting held on 12 March 2024 be approved and signed"),
                    ("24/33", "That the Clerk obtain three quotes for replacement swings"),
                ]
            },
            # a decision that gives a task to a role the attendance names: the Parish Clerk's action
            actions=[("2024-04-09", "obtain three quotes for replacement swings", "Rachel Dunmore", None)],
        ),
        "d05_brookfield_vcs_forum.txt": Paper(
            NOTES,
            "Brookfield Voluntary and Community Sector Forum",
            meetings={"2026-01-15": ("18:00", "19:45", "Brookfield Community Hub, 22 Mill Lane")},
            attendance={
                "2026-01-15": [
                    *people("present", "Fatima Begum", "Owen Richards", "Grace Adebayo", "Sam Whitaker"),
                    *people("apologies", "Paula Grieve", "Dan Hollis", "Priya Nair"),
                ]
            },
            minutes={"2026-01-15": [("1", "Cost of living support"), ("2", "Any other business")]},
            decisions={"2026-01-15": [("1", "That a joint funding bid be prepared")]},
            actions=[("2026-01-15", "draft the funding bid", "Sam Whitaker", "2026-02-27")],
        ),
        # Performance reports: the figures reported so far are readings ("reading PERIOD"), beside
        # the baseline and the targets; a year-to-date column, a "Latest" with no period, RAG and
        # direction-of-travel columns are not readings.
        "e01_harbourside_scorecard.txt": Paper(
            INDICATORS,
            "Harbourside Community Safety Partnership",
            indicators={
                "PI 04": {"baseline": 4120, "2025/26": 3900, "reading 2025/26 Q1": 1010, "reading 2025/26 Q2": 980},
                "KPI 07": {"baseline": 28, "2025/26": 25, "reading 2025/26 Q1": 27, "reading 2025/26 Q2": 26},
                "CSP 11": {"baseline": 61, "2025/26": 65},
            },
        ),
        "e02_millbrook_hwb_dashboard.md": Paper(
            INDICATORS,
            "Millbrook Health and Wellbeing Board",
            indicators={
                "HWB 01": {"baseline": 14.2, "2025/26": 12.5, "reading 2025/26 Q1": 13.4, "reading 2025/26 Q2": 13.1},
                "HWB 02": {"baseline": 76.0, "2025/26": 78.0, "reading 2025/26 Q1": 76.8, "reading 2025/26 Q2": 77.5},
                "HWB 03": {"baseline": 12.1, "2025/26": 9.0, "reading 2025/26 Q2": 10.4},
            },
        ),
        "e03_selby_vale_monthly.docx": Paper(
            WORD,
            "Selby Vale Economic Partnership",
            indicators={
                "EP 01": {
                    "2025/26": 3.8,
                    "reading 2025/26 M07": 4.1,
                    "reading 2025/26 M08": 4.0,
                    "reading 2025/26 M09": 3.9,
                },
                "EP 02": {
                    "2025/26": 420,
                    "reading 2025/26 M07": 31,
                    "reading 2025/26 M08": 28,
                    "reading 2025/26 M09": 19,
                },
                "EP 03": {"2025/26": 300, "reading 2025/26 M07": 22, "reading 2025/26 M09": 25},
            },
        ),
        # One row per indicator and quarter (a "long" table): the rows of one indicator are one
        # indicator; a quarter's target is not a year's, so none is taken.
        "e05_wyvern_quarterly_long.md": Paper(
            INDICATORS,
            "Wyvern Safer Communities Partnership",
            indicators={
                "NI 20": {"reading 2025/26 Q1": 1.6, "reading 2025/26 Q2": 1.4},
                "NI 32": {"reading 2025/26 Q1": 27},
                "NI 39": {"reading 2025/26 Q1": 640, "reading 2025/26 Q2": 612},
            },
        ),
        "e04_castleton_annual.pdf": Paper(
            PDF,
            "Castleton Partnership Board",
            indicators={
                "NI 154": {"baseline": 612, "2025/26": 700, "reading 2023/24": 580, "reading 2024/25": 655},
                "NI 192": {"baseline": 41, "2025/26": 46, "reading 2023/24": 43.5, "reading 2024/25": 44.1},
                "NI 20": {"baseline": 6.8, "2025/26": 6.2, "reading 2023/24": 6.5, "reading 2024/25": 6.9},
            },
        ),
    }
)
