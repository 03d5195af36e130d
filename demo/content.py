"""The demo data's texts: the CONSOLIDATE peer-support call, in our own words."""

from decimal import Decimal

THEMES = [
    ("labour-market", "Labour-market integration of newcomers and refugees",
     "Helping newcomers and refugees into work that matches their skills."),
    ("housing", "Local support instruments for refugees towards housing autonomy",
     "Tools a city uses so that refugees can find and keep a home of their own."),
    ("one-stop-shop", "One-stop-shop and coordinated service provision to migrants",
     "Bringing the services newcomers need to one accessible place."),
    ("participation", "Participation of migrants and migrant-led organisations",
     "Giving migrants and their organisations a real say in the city."),
]  # fmt: skip

SUMMARY = (
    "Local authorities in the European Union can ask for peer support on one concrete "
    "migrant-integration challenge. Two cities will be selected and visited by integration "
    "champions from other cities."
)

ELIGIBILITY = (
    "Local authorities of cities located in a member state of the European Union. "
    "One application per city."
)

SECTIONS = [
    (
        "Why this call",
        """
The CONSOLIDATE project (2024 to 2027), led by the Eurocities network and funded by the European
Commission through the Asylum, Migration and Integration Fund, brings 12 European cities together
to make local integration strategies work better. They learn from each other in three
communities of practice:

- **labour-market integration** of refugees and other newcomers: Athens, Fuenlabrada, Milan and
  Sofia;
- **housing**: local instruments that help refugees towards a home of their own: Dortmund,
  Gothenburg and Vienna;
- **one-stop shops** that coordinate the services newcomers need: Cluj-Napoca, Ghent, Lublin,
  Nantes and Zagreb.

CONSOLIDATE is the third such project after CONNECTION (2020 to 2022) and UNITES (2022 to 2024).
Together they have trained city practitioners as *integration champions*: people who know the
work from the inside and help other cities with it.

Through this call, **two cities** in the European Union receive online and in-person support from
two integration champions.
""",
    ),
    (
        "How peer support works",
        """
Peer support is a friendly, focused way to think a specific challenge through with people who
have met similar ones in other cities. It combines online sessions with a visit of one and a
half days to the selected city (three days with travel).

**Before the visit: understanding your challenge.** In online conversations with you, and with
other local stakeholders where useful, the support team learns about your city and the issue
you want to work on, and where an outside view would help most. You are introduced to the peer
support approach so you know what to expect. Together with the team you shape the visit's
agenda: which local stakeholders to meet and, if you wish, which project or service you would
like feedback on.

**During the visit: a focused exchange in your city.** Two integration champions from other
cities come with one expert from Eurocities and one from MigrationWork, the project's expert
partner. They meet colleagues from your administration and local partners, and visit services
or projects linked to your challenge. On the last day they share their reflections with you and
your management (and, where it makes sense, your political leadership), with practical
suggestions for the next steps. The tone is open and constructive: the team listens, asks and
suggests from its own experience, and learns as much as it shares.

**After the visit: feedback and next steps.** We ask you to fill in a short questionnaire, so
we can see whether the support did what it set out to do: bring fresh insights, give your work
new energy, and build lasting connections with peers.
""",
    ),
    (
        "How to apply",
        """
Create an account on this site, then fill in the application form. You can save a draft and
come back to it as often as you like until the deadline; submit it when every answer is ready.
After submitting you receive a reference number, a confirmation e-mail and a PDF receipt, and
you can still change your answers and submit again until the deadline.

Questions about the call? Write to the contacts below.
""",
    ),
]

CRITERIA = [
    ("Quality of the application",
     "How clearly the application shows a concrete migrant-integration challenge that the city "
     "wants to address."),
    ("Fit with the champions' expertise",
     "How well the challenges the city describes match what the integration champions know "
     "from their own work."),
    ("Openness to feedback",
     "How ready the city is to receive feedback and to build it into its practice."),
    ("Commitment to the process",
     "How firmly the city commits to taking part in the whole peer-support process and to "
     "giving enough time to preparation and follow-up."),
]  # fmt: skip

LEVELS = [
    (Decimal("0"), "Not shown at all"),
    (Decimal("1"), "Very weak"),
    (Decimal("2"), "Weak: shown only in part"),
    (Decimal("3"), "Adequate"),
    (Decimal("4"), "Good: clearly shown"),
    (Decimal("5"), "Excellent: fully and convincingly shown"),
]

COST_CATEGORIES = [
    ("Coffee breaks", "for the visiting delegation"),
    ("Lunch", "one lunch for the visiting delegation"),
    ("Dinner", "one dinner for the visiting delegation"),
    ("Common transport", "transport of the delegation during the visit"),
    ("Interpretation", "if needed"),
]

CONTACTS = [
    ("Alexandra Weerts", "Senior Project Coordinator, Eurocities",
     "alexandra.weerts@eurocities.eu", "+32 2 552 08 27"),
    ("Carolina Picot", "Project and Policy Officer, Eurocities",
     "carolina.picot@eurocities.eu", ""),
]  # fmt: skip

# One champion per champion city named in the project sheets; the names are invented.
CHAMPIONS = [
    ("Ioana Pop", "Cluj-Napoca", "RO", "connection", ["one-stop-shop"], "ro, en, hu"),
    ("Jonas Becker", "Dortmund", "DE", "connection", ["housing", "labour-market"], "de, en"),
    ("Lucía Ortega", "Madrid", "ES", "connection", ["labour-market", "participation"], "es, en"),
    ("Tereza Novak", "Prague", "CZ", "connection", ["participation"], "cs, en, de"),
    ("Erik Lindqvist", "Stockholm", "SE", "connection", ["labour-market"], "sv, en"),
    ("Aino Virtanen", "Tampere", "FI", "connection", ["one-stop-shop"], "fi, en, sv"),
    ("Sanne de Vries", "Utrecht", "NL", "connection", ["participation", "labour-market"], "nl, en"),
    ("Marko Horvat", "Zagreb", "HR", "connection", ["one-stop-shop"], "hr, en, de"),
    ("Giulia Ferrero", "Turin", "IT", "connection", ["participation"], "it, en, fr"),
    ("Lena Hoffmann", "Düsseldorf", "DE", "unites", ["participation"], "de, en"),
    ("Mikko Laine", "Oulu", "FI", "unites", ["participation"], "fi, en"),
    ("Claire Dubois", "Grenoble", "FR", "unites", ["participation", "housing"], "fr, en, it"),
    ("Marco Bianchi", "Bologna", "IT", "unites", ["participation"], "it, en"),
    ("Eleni Papadopoulou", "Athens", "GR", "consolidate", ["labour-market"], "el, en"),
    ("Pablo Serrano", "Fuenlabrada", "ES", "consolidate", ["labour-market"], "es, en"),
    ("Chiara Colombo", "Milan", "IT", "consolidate", ["labour-market"], "it, en, es"),
    ("Nikolay Petrov", "Sofia", "BG", "consolidate", ["labour-market"], "bg, en, ru"),
    ("Sara Andersson", "Gothenburg", "SE", "consolidate", ["housing"], "sv, en"),
    ("Katharina Gruber", "Vienna", "AT", "consolidate", ["housing"], "de, en"),
    ("Pieter Claes", "Ghent", "BE", "consolidate", ["one-stop-shop"], "nl, en, fr"),
    ("Anna Kowalska", "Lublin", "PL", "consolidate", ["one-stop-shop"], "pl, en, uk"),
    ("Julien Moreau", "Nantes", "FR", "consolidate", ["one-stop-shop"], "fr, en"),
]  # fmt: skip

# Demo accounts only; the README prints it.
DEMO_PASSWORD = "demo-pass-2026"  # nosec B105

# (e-mail, role, staff?, superuser?)
USERS = [
    ("admin@example.org", None, True, True),
    ("coordinator@example.org", "coordinator", True, False),
    ("reviewer@example.org", "reviewer", True, False),
    ("reviewer2@example.org", "reviewer", True, False),
    ("applicant@example.org", "applicant", False, False),
    ("champion@example.org", "champion", False, False),
    ("expert@example.org", "expert", False, False),
]

# Invented names of demo accounts, where a page or a letter shows them (the coordinator signs
# the decision letters).
NAMES = {"coordinator@example.org": ("Hanna", "Vermeulen")}

# Submitted applications to the open demo call, from invented officers.
APPLICATIONS = [
    {
        "email": "officer.graz@example.org", "city": "Graz", "country": "AT",
        "officer_name": "Miriam Steiner", "department": "Integration Office",
        "position": "Head of unit", "phone": "+43 316 000 000",
        "expertise": "I lead the city's integration office and coordinate language courses "
                     "and orientation for newcomers.",
        "relevance": "We are redesigning our first-contact services and want to learn from "
                     "cities that run one-stop shops.",
        "themes": ["one-stop-shop"],
        "challenge": "Newcomers visit up to six offices in their first month. We want one "
                     "entry point, but our services belong to different levels of government.",
        "question": "How can a city coordinate services it does not itself run?",
    },
    {
        "email": "officer.porto@example.org", "city": "Porto", "country": "PT",
        "officer_name": "Rui Almeida", "department": "Social Cohesion Department",
        "position": "Project manager", "phone": "+351 22 000 0000",
        "expertise": "I manage employment programmes for vulnerable groups.",
        "relevance": "Refugees in our programmes find work, but rarely at their skill level.",
        "themes": ["labour-market"],
        "challenge": "Recognition of qualifications takes more than a year, and employers do "
                     "not know how to assess foreign experience.",
        "question": "What can a city do to speed up skills recognition with employers?",
    },
    {
        "email": "officer.tartu@example.org", "city": "Tartu", "country": "EE",
        "officer_name": "Kadri Tamm", "department": "Housing and Social Services",
        "position": "Senior adviser", "phone": "+372 7 000 000",
        "expertise": "I advise on social housing allocation and tenant support.",
        "relevance": "Many refugees from Ukraine still live in temporary accommodation.",
        "themes": ["housing", "participation"],
        "challenge": "Private landlords hesitate to rent to refugees without guarantees, and "
                     "our guarantee scheme is little used.",
        "question": "How do other cities make rental guarantees attractive to landlords?",
    },
]  # fmt: skip
# The cities the 2025 call selected in the demo; invented officers, invented words.
SELECTED = [
    {
        "email": "officer.lisbon@example.org", "city": "Lisbon", "country": "PT",
        "officer_name": "Inês Carvalho", "department": "Social Rights Department",
        "position": "Head of the integration unit", "phone": "+351 21 000 0000",
        "expertise": "I run the city's employment support for newcomers.",
        "relevance": "Our job centre reaches few refugee women.",
        "themes": ["labour-market"],
        "challenge": "Refugee women rarely use our employment services, and employers say "
                     "they cannot find the candidates they need.",
        "question": "How can a job centre reach refugee women where they already are?",
        "stakeholders": "Association of Lisbon employers\nRefugee women's network\n"
                        "Job centre staff of the Arroios district",
        "feedback_subject": "The job centre's outreach programme for refugee women.",
    },
    {
        "email": "officer.leipzig@example.org", "city": "Leipzig", "country": "DE",
        "officer_name": "Katrin Weber", "department": "Office for Migration and Integration",
        "position": "Housing coordinator", "phone": "+49 341 000 000",
        "expertise": "I coordinate the move of refugees from shared housing to flats.",
        "relevance": "Refugees stay in shared housing for years.",
        "themes": ["housing"],
        "challenge": "Refugees with a right to stay remain in shared housing because "
                     "landlords do not rent to them and our support ends too early.",
        "question": "Which support helps refugees keep their first flat?",
        "stakeholders": "Municipal housing company\nTenants' association\nWelcome centre",
        "feedback_subject": "The 'First own flat' support service.",
    },
]  # fmt: skip

# The 2025 call's other applicants: reviewed in full like the selected, one kept in reserve.
PAST_OTHERS = [
    {
        "email": "officer.ljubljana@example.org", "city": "Ljubljana", "country": "SI",
        "officer_name": "Maja Kranjc", "department": "Department for Health and Social Care",
        "position": "Integration adviser", "phone": "+386 1 000 0000",
        "expertise": "I coordinate the city's programmes for people granted protection.",
        "relevance": "Our language courses are full, yet few newcomers finish them.",
        "themes": ["one-stop-shop", "participation"],
        "challenge": "Newcomers drop out of language courses once they find work, and the "
                     "evening courses we offer instead are rarely attended.",
        "question": "How do other cities keep working newcomers in language learning?",
    },
    {
        "email": "officer.bari@example.org", "city": "Bari", "country": "IT",
        "officer_name": "Francesca Greco", "department": "Welfare Department",
        "position": "Officer", "phone": "+39 080 000 0000",
        "expertise": "I manage reception services for asylum seekers.",
        "relevance": "We want to compare our reception model with others.",
        "themes": ["housing"],
        "challenge": "Our reception centres are full and we would like to know how others "
                     "organise reception.",
        "question": "How do other cities organise reception?",
    },
    {
        "email": "officer.kosice@example.org", "city": "Košice", "country": "SK",
        "officer_name": "Peter Horváth", "department": "Mayor's Office",
        "position": "Policy adviser", "phone": "+421 55 000 0000",
        "expertise": "I advise the mayor on social policy.",
        "relevance": "Migration is a new topic for our city.",
        "themes": ["participation"],
        "challenge": "The city has no integration strategy yet and would like general advice "
                     "on where to start.",
        "question": "What should an integration strategy contain?",
    },
]  # fmt: skip

# The outcome of each 2025 application, as the coordinator recorded it: (outcome, reserve rank,
# rationale). The letters print the rationale.
PAST_DECISIONS = {
    "Lisbon": ("selected", None,
               "A concrete challenge that the champions' experience matches well."),
    "Leipzig": ("selected", None,
                "A concrete challenge that the champions' experience matches well."),
    "Ljubljana": ("reserve", 1,
                  "A clear challenge and a good fit; ranked just below the two selected cities. "
                  "Ljubljana is offered the place if a selected city cannot take part."),
    "Bari": ("not_selected", None,
             "The application asks for a general comparison of reception models rather than "
             "help with one concrete integration challenge, which peer support needs."),
    "Košice": ("not_selected", None,
               "A city at the start of its integration work would benefit more from the "
               "network's training offer than from a peer-support visit on one challenge."),
}  # fmt: skip

# The demo reviewers who scored the 2025 call's applications, in the order of the scores below.
REVIEWERS = ["reviewer@example.org", "reviewer2@example.org"]

# Per 2025 city, per reviewer: (score, comment) on each criterion, in the call's order.
PAST_REVIEWS = {
    "Lisbon": [
        [("4.5", "A sharply drawn challenge: who is not reached, and why it matters."),
         ("4", "Several champions run employment services; outreach to women is less common."),
         ("4.5", "The unit asks for an outside view and names what it would change."),
         ("4", "The head of unit commits the team's time; management's role is less clear.")],
        [("4", "Clear, though the figures on participation could be more precise."),
         ("4.5", "Close to what the labour-market champions work on every day."),
         ("4", "Open about what has not worked so far."),
         ("4.5", "A named team, time set aside for preparation and a follow-up plan.")],
    ],
    "Leipzig": [
        [("4", "The gap between a right to stay and a flat of one's own is well described."),
         ("4.5", "The housing champions know this exact step from their own cities."),
         ("4", "Ready to rethink when the support ends."),
         ("4", "The housing company and the welcome centre are on board.")],
        [("4.5", "Concrete, with numbers on how long people stay in shared housing."),
         ("4", "A good fit, although few champions work on tenancy support."),
         ("4.5", "Asks for feedback on a running service, not only on plans."),
         ("3.5", "The commitment is there; the time for follow-up is not yet planned.")],
    ],
    "Ljubljana": [
        [("4", "A precise challenge: why working newcomers stop learning the language."),
         ("2", "None of the champions runs language courses, as far as I can see."),
         ("4", "Curious about other models, and honest about the evening courses."),
         ("3.5", "The adviser commits; the department's time is not yet set aside.")],
        [("3.5", "Clear, though it does not say how many drop out."),
         ("4.5", "The one-stop-shop champions combine courses with work every day."),
         ("3.5", "Open to change, within what the state-funded courses allow."),
         ("4", "A small team is named for the preparation.")],
    ],
    "Bari": [
        [("3", "The situation is described, the challenge itself less so."),
         ("3", "Housing champions could help, but reception is not their field."),
         ("2.5", "Asks to compare models rather than to change a practice."),
         ("3", "The officer commits; the department's part is not described.")],
        [("2.5", "A wish to compare, not yet a concrete challenge."),
         ("3", "A partial fit with the housing champions."),
         ("3", "Open to hearing how others work."),
         ("2.5", "No time is set aside for preparation or follow-up.")],
    ],
    "Košice": [
        [("2", "A general wish for advice, without a concrete challenge."),
         ("2.5", "The champions work on concrete services; a strategy is another matter."),
         ("3", "Willing to learn."),
         ("2", "The commitment is that of one adviser.")],
        [("3", "Honest about starting from nothing, but no challenge is named."),
         ("2", "Hard to match with a champion's practice."),
         ("2.5", "Open, though it is not clear what would change."),
         ("2.5", "The mayor's office supports it; no team is named.")],
    ],
}  # fmt: skip

# Where the reviewers disagreed widely, the coordinator recorded an agreed score:
# city -> {criterion's position: (score, consolidated comment)}.
PAST_CONSENSUS = {
    "Ljubljana": {
        1: ("3.5", "The one-stop-shop champions combine language courses with work; the fit is "
                   "good for that part of the challenge, less for the course design itself."),
    },
}  # fmt: skip
