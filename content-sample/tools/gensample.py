#!/usr/bin/env python3
"""Generate the Northwind Cloud sample content library for contentcal.

Deterministic: the asset list lives in tools/assets.txt and every random
choice is seeded from the asset slug, so re-running rewrites identical files.

    python3 content-sample/tools/gensample.py
"""
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)                       # content-sample/
CONTENT = os.path.join(ROOT, "content")

# ---------------------------------------------------------------------------
# Topic pools: headings, paragraphs, bullet points, external references.
# ---------------------------------------------------------------------------
TOPICS = {
    "cloud-migration": {
        "headings": ["Start with the portfolio, not the platform",
                     "Where migrations really stall",
                     "Rehearse the cutover until it is boring",
                     "Measuring progress honestly",
                     "Decommissioning is part of the plan"],
        "paras": [
            "Most migration programmes begin with a platform decision and only later discover what they are migrating. We recommend the opposite order. A two-week discovery sprint that captures every application, its owner, its dependencies and its business calendar will change your plan more than any choice of instance family.",
            "In our experience the technical move is rarely what slows a programme down. The delays come from licence terms nobody read, firewall change windows that take three weeks to book, and application owners who were never asked when their quiet period is. Put those conversations on the critical path from the first week.",
            "A rehearsal is the cheapest insurance you can buy. Run each wave's cutover at least once against a clone of production, time every step, and write down the point of no return. Teams that rehearse twice almost never need their rollback plan; teams that skip rehearsal usually do.",
            "Counting migrated virtual machines is tempting because the number only goes up. It is also misleading. Track the percentage of business services fully running in the target environment, and the percentage of source infrastructure actually switched off. Those two numbers tell the board what it wants to know.",
            "Savings only arrive when the old estate is gone. Every wave should end with a decommissioning checklist: backups verified, DNS cleaned up, licences returned, hardware wiped and the colocation contract updated. Without that discipline you pay for two estates for far longer than the business case assumed.",
            "Not every workload should move as-is. We sort applications into four buckets before any wave is scheduled: rehost, replatform, refactor and retire. The retire bucket is consistently larger than customers expect, and every system retired is one less to migrate, secure and pay for.",
            "Migration is also a people project. Operations teams who have run the same data centre for a decade need time to learn new tooling, and they will be supporting both estates during the transition. Budget for training and for overlap, and involve them in wave planning rather than handing them a finished plan.",
        ],
        "bullets": ["An application inventory with a named owner for every system",
                    "Dependency maps built from observed network traffic, not memory",
                    "A business calendar showing each service's blackout periods",
                    "A rehearsed, timed cutover runbook per wave",
                    "Clear rollback criteria agreed with the business in advance",
                    "A decommissioning checklist that closes every wave",
                    "Licence portability checked before the target design is fixed"],
        "links": [("the Cloud Adoption Framework guidance on migration waves", "https://learn.microsoft.com/en-us/azure/cloud-adoption-framework/migrate/"),
                  ("the 6 Rs of migration strategy", "https://aws.amazon.com/blogs/enterprise-strategy/6-strategies-for-migrating-applications-to-the-cloud/"),
                  ("Google's site reliability engineering books", "https://sre.google/books/")],
    },
    "security": {
        "headings": ["Identity first, network second",
                     "Controls that produce their own evidence",
                     "What attackers actually exploit",
                     "Making the secure path the easy path",
                     "Recovery is a security control"],
        "paras": [
            "Zero trust is often sold as a product. It is better understood as a series of small decisions: every request authenticated, every permission scoped to the task, and every access decision logged. None of those requires ripping out your network on day one, and all of them can start with the applications you already run.",
            "Auditors no longer accept screenshots taken the week before the assessment. The organisations that find audits easy are the ones whose controls generate evidence continuously: policy evaluations, access reviews and configuration drift reports stored somewhere tamper-evident and exportable on demand.",
            "The breach reports we read each year tell a consistent story. Stolen credentials, over-privileged service accounts and unpatched internet-facing systems account for the large majority of incidents. Exotic zero-days make headlines, but the basics are where most of the risk still sits.",
            "Developers will route around any control that slows them down, and they are usually right to. Security checks in the pipeline need to run in seconds, explain their findings in plain language and offer a fix. When the secure option is also the default template, adoption takes care of itself.",
            "Ransomware has turned backup and recovery into a first-line security concern. Immutable snapshots, separate credentials for the backup system and regular restore tests matter more than another detection tool. A recovery you have never tested is a hope, not a plan.",
            "Security teams are stretched, and alert volume is the enemy. Fewer, higher-fidelity detections tied to clear runbooks will protect you better than a dashboard of a thousand amber warnings that nobody has time to triage.",
            "Hybrid estates make consistency hard. The same policy needs to apply whether a workload runs in your data centre or in a public region, which means expressing it as code, versioning it and testing it like any other software change.",
        ],
        "bullets": ["Short-lived credentials instead of long-lived keys",
                    "Least-privilege roles reviewed every quarter",
                    "Policy-as-code with expiry dates on every exception",
                    "Immutable, separately credentialed backups",
                    "Restore tests scheduled and reported like any other KPI",
                    "Signed artefacts and admission checks on every cluster",
                    "A single audit trail across on-premises and cloud"],
        "links": [("NIST SP 800-207 on zero-trust architecture", "https://csrc.nist.gov/pubs/sp/800/207/final"),
                  ("CISA's Zero Trust Maturity Model", "https://www.cisa.gov/zero-trust-maturity-model"),
                  ("the OWASP Top Ten", "https://owasp.org/www-project-top-ten/"),
                  ("the SLSA supply-chain framework", "https://slsa.dev/")],
    },
    "cost-optimisation": {
        "headings": ["Allocate before you optimise",
                     "The waste hiding in plain sight",
                     "Commitments are a portfolio decision",
                     "Make cost visible where decisions happen",
                     "Forecast on drivers, not on last month"],
        "paras": [
            "You cannot reduce spend that nobody owns. The first step in any cost programme is allocation: tagging, account structure and shared-cost rules that put every pound of the bill against a team, product or customer. Once owners can see their own numbers, a surprising amount of waste disappears without a single mandate.",
            "Idle development environments, oversized databases and forgotten snapshots account for a steady share of most cloud bills. None of them is hard to fix. What is hard is noticing them month after month, which is why a recurring review beats a one-off clean-up every time.",
            "Reserved capacity and savings plans can take a large slice off unit prices, but they trade flexibility for discount. Treat commitments like a portfolio: cover the steady baseline, leave headroom for change, stagger expiry dates and report coverage and utilisation to finance every month.",
            "Engineers make most cloud spending decisions, usually at the moment they choose an instance size or a storage class. Showing an estimated monthly cost in the pull request or the service catalogue changes behaviour far more than a monthly report sent to someone else.",
            "Forecasting cloud spend from last month's bill works until the business changes. Driver-based forecasts tie spend to the numbers the business already plans, such as active customers, transactions or data volume, so finance can see why a forecast moved and engineering can see what it is accountable for.",
            "Cost optimisation is not only about cutting. Some of the best outcomes we see come from spending a little more on automation or managed services to remove a much larger operational cost elsewhere. The goal is value per pound, not the smallest possible invoice.",
            "Finance and engineering often talk past each other about cloud costs. A shared vocabulary helps: agree what counts as waste, what counts as investment, and which metrics appear on the monthly review. FinOps is mostly a collaboration habit with some tooling attached.",
        ],
        "bullets": ["Tag policies enforced at deployment time",
                    "A monthly cost review with both finance and engineering in the room",
                    "Anomaly alerts routed to the team that owns the spend",
                    "Commitment coverage and utilisation reported side by side",
                    "Scheduled shutdown for non-production environments",
                    "Unit cost metrics such as cost per customer or per transaction",
                    "A clear owner for every shared platform cost"],
        "links": [("the FinOps Foundation framework", "https://www.finops.org/framework/"),
                  ("the FOCUS billing data specification", "https://focus.finops.org/"),
                  ("the CNCF's guidance on Kubernetes cost", "https://www.cncf.io/")],
    },
    "data-governance": {
        "headings": ["Know what you hold",
                     "Policies people can follow",
                     "Residency, sovereignty and transfer",
                     "Retention is a control, not an afterthought",
                     "Governance that engineering can automate"],
        "paras": [
            "Every governance programme starts with an inventory, and most inventories start out wrong. Automated discovery across databases, object storage and SaaS exports gives you a realistic baseline in weeks rather than months, and it keeps finding the shadow copies that manual surveys miss.",
            "Elaborate classification schemes look thorough on paper and fail in practice. Four labels with sensible defaults, applied automatically where possible and reviewed by data owners where not, will be used. Twelve labels that depend on users reading a policy document will not.",
            "Regulators are paying closer attention to where data lives and who can reach it from where. Residency rules, transfer mechanisms and sector-specific requirements now shape architecture decisions that used to be purely technical, which means legal and infrastructure teams need to plan together.",
            "Keeping everything forever feels safe, but it is expensive and it enlarges every breach. A retention schedule that maps record types to periods and automated deletion reduces storage cost and legal exposure at the same time.",
            "Governance that relies on tickets and spreadsheets does not scale past a few hundred data sets. Expressing access rules, retention periods and residency constraints as policy-as-code lets the platform enforce them and produce evidence that they were enforced.",
            "Data owners are the missing link in many programmes. Technology can classify and enforce, but someone in the business has to decide who should see a data set and for how long. Name those owners, give them a simple review workflow, and measure how quickly they respond.",
            "Lineage matters more as analytics and machine learning spread. When a regulator or a customer asks where a number came from, you need to trace it back through pipelines to the source system and show which controls applied along the way.",
        ],
        "bullets": ["An automated inventory of structured and unstructured data",
                    "Four classification labels with sensible defaults",
                    "Named data owners with a quarterly access review",
                    "Retention periods mapped to record types and enforced automatically",
                    "Residency constraints expressed as deployment policy",
                    "End-to-end lineage for regulated reporting pipelines",
                    "Subject access requests handled by workflow, not email"],
        "links": [("the GDPR overview from the European Commission", "https://commission.europa.eu/law/law-topic/data-protection_en"),
                  ("the ICO's guide to data protection", "https://ico.org.uk/for-organisations/"),
                  ("the NIS2 Directive overview", "https://digital-strategy.ec.europa.eu/en/policies/nis2-directive")],
    },
    "devops": {
        "headings": ["Treat the platform as a product",
                     "Golden paths beat mandates",
                     "Measure flow, not activity",
                     "Day two is where the work is",
                     "Infrastructure as code that stays maintainable"],
        "paras": [
            "Internal platforms succeed when they are run like products, with users, a roadmap and a feedback loop. The platform team's customers are the application teams, and those customers can and will build their own tooling if the platform does not earn its place.",
            "A golden path is an opinionated, supported way to build and run a common kind of service. It works because it removes decisions, not because it forbids alternatives. Teams adopt golden paths when the template, the pipeline and the documentation together save them a week of set-up.",
            "Deployment frequency, lead time for changes, change failure rate and time to restore remain the most useful starting metrics for delivery performance. Add a developer satisfaction survey each quarter and you have a balanced view of both speed and sustainability.",
            "Launching a cluster is easy. Upgrading it every few months, managing capacity across tenants, rotating certificates and keeping on-call bearable is where the real cost sits. Budget for day-two operations from the start, or choose a managed service that takes them off your plate.",
            "Shared Terraform modules are a force multiplier until they are not. Semantic versioning, automated tests against real accounts and a clear deprecation policy keep dozens of teams moving without a single breaking change rippling through the organisation.",
            "On-call health is a leading indicator for platform quality. If pages are frequent, noisy or routed to the wrong people, fix that before adding new features. Engineers who sleep properly ship better software.",
            "GitOps brings the review discipline of application code to infrastructure and configuration. Every change arrives as a pull request, every deployment is reproducible, and the history of your environment is a commit log rather than a collection of memories.",
        ],
        "bullets": ["Service templates with pipelines, monitoring and alerts built in",
                    "The four DORA metrics reported per team each month",
                    "A quarterly developer experience survey",
                    "Versioned, tested infrastructure modules",
                    "Automated cluster upgrades with a published schedule",
                    "Runbooks linked directly from every alert",
                    "Self-service environments with an expiry date"],
        "links": [("the DORA research programme", "https://dora.dev/"),
                  ("the Kubernetes documentation", "https://kubernetes.io/docs/home/"),
                  ("the OpenTelemetry project", "https://opentelemetry.io/"),
                  ("The Twelve-Factor App", "https://12factor.net/")],
    },
    "ai-adoption": {
        "headings": ["Start with a use case, not a model",
                     "Your data is the differentiator",
                     "Govern AI like any other system",
                     "The real cost of inference",
                     "From pilot to production"],
        "paras": [
            "The AI projects that reach production almost always start with a narrow, measurable use case: summarising claims, drafting support replies, searching internal policy. Broad mandates to use AI everywhere produce demos, not outcomes.",
            "Foundation models are widely available. What makes an AI system useful to your organisation is the data you ground it in, and that data is usually scattered, inconsistently labelled and subject to access rules. Data readiness is the real long pole in most AI programmes.",
            "AI systems need the same disciplines as any other production system: an owner, an inventory entry, a risk assessment, access controls and monitoring. A lightweight governance process that covers these basics will satisfy most regulators and most boards today.",
            "GPU capacity is expensive and often badly utilised. Before committing to dedicated hardware, measure realistic request volumes, test smaller models, and consider batching. Many internal use cases run perfectly well on modest capacity once the traffic pattern is understood.",
            "Pilots succeed on enthusiasm; production systems need evaluation. Build a test set of real questions with agreed answers, track quality on every model or prompt change, and give users an easy way to flag bad responses. Without that loop, quality drifts silently.",
            "Keeping models, vector stores and prompts inside your own tenancy removes a large class of data-exposure questions. For regulated industries it is often the difference between a project that legal approves in weeks and one that stalls for a year.",
        ],
        "bullets": ["A named owner and risk rating for every AI use case",
                    "An evaluation set of real questions with agreed answers",
                    "Access controls that follow the source documents",
                    "Usage and cost dashboards per use case",
                    "Prompt and model changes reviewed like code",
                    "A clear route for users to report bad outputs"],
        "links": [("the NIST AI Risk Management Framework", "https://www.nist.gov/itl/ai-risk-management-framework"),
                  ("the OWASP Top 10 for LLM applications", "https://owasp.org/www-project-top-10-for-large-language-model-applications/"),
                  ("the EU AI Act overview", "https://digital-strategy.ec.europa.eu/en/policies/regulatory-framework-ai")],
    },
}

FORMAT_INTROS = {
    "blog": ["We get asked about this in almost every customer conversation, so here is our current thinking in one place.",
             "This post is based on what our field teams have seen across dozens of customer projects over the past year.",
             "A short read for anyone who has to make this decision in the next quarter.",
             "Below is the version of this advice we give when a customer asks us to skip the theory."],
    "whitepaper": ["This paper sets out a structured approach, the evidence behind it, and the decisions each stakeholder will need to make.",
                   "The full paper runs to 24 pages and includes worked examples, a maturity model and a checklist you can adapt. This page summarises the main arguments.",
                   "We wrote this paper with input from customers in financial services, healthcare, manufacturing and the public sector."],
    "case-study": ["This case study is based on interviews with the customer's project team and on data they agreed to share.",
                   "The customer's team walked us through the project from the first business case to the final decommissioning review.",
                   "Names and figures are published with the customer's permission."],
    "webinar": ["The recording is available on demand and runs to about 45 minutes, with 15 minutes of audience questions at the end.",
                "Watch the recording on demand. The slides and a transcript are available to registered attendees.",
                "This session was recorded live; the questions from attendees were some of the best we have had."],
    "datasheet": ["This datasheet summarises capabilities, deployment options and commercial terms. Your account team can provide a detailed technical annex.",
                  "Everything on this sheet is generally available today in all Northwind Cloud regions unless noted otherwise."],
    "ebook": ["This ebook collects our guidance into a single practical reference, with templates you can copy and adapt.",
              "Across eight short chapters, this ebook walks through the problem, the options and a plan you can start on next week."],
}

PERSONA_LINES = {
    "cio": ["For CIOs, the question is less about technology choice and more about sequencing, ownership and the story you tell the board.",
            "If you are a CIO, the most valuable thing you can do here is set the priorities and protect the team's time to deliver them."],
    "cfo": ["For finance leaders, the key is turning a variable, usage-driven bill into something you can plan, allocate and hold people accountable for.",
            "If you sit in finance, ask for unit costs and forecasts tied to business drivers rather than another month-on-month variance report."],
    "it-director": ["For IT directors, the practical challenge is running the existing estate well while the change happens around it.",
                    "If you run IT operations, build the runbooks and the on-call rota before the new platform goes live, not after."],
    "security-lead": ["For security leaders, the aim is controls that work the same way everywhere and produce evidence without manual effort.",
                      "If you lead security, measure success by how little friction your controls add, as well as by how much risk they remove."],
    "developer": ["For engineers, the test is simple: does this make the next deployment faster, safer or easier to debug?",
                  "If you write and ship code, the parts that matter most are the templates, the pipeline checks and the documentation you will actually read."],
}
PERSONA_ALIASES = {"ciso": "security-lead", "engineer": "developer", "dev": "developer",
                   "finance": "cfo", "it-manager": "it-director", "chief-information-officer": "cio"}

CTA = {
    "awareness": ["## Keep reading\n\nIf this was useful, {link} goes deeper on the same theme, and our resource library has more practical guides for teams at the start of the journey.",
                  "## Where to go next\n\nWe publish a new practical guide most weeks. A good next read is {link}.",
                  "## Further reading\n\nFor a related perspective, see {link}, or browse the rest of the Northwind Cloud resource library."],
    "consideration": ["## Evaluating your options\n\nIf you are comparing approaches, {link} sets out how Northwind Cloud handles this, and our architects are happy to review your plans on a free 45-minute call.",
                      "## Next steps\n\nTo see how this maps onto your own estate, start with {link} and then book a working session with one of our solution architects.",
                      "## Talk to an architect\n\nEvery estate is different. Read {link} for the detail, then ask us for an assessment against your own environment."],
    "decision": ["## See it in your environment\n\nRequest a demo and we will run it against a sample of your own workloads. For commercial details, see [pricing and packaging](/resources/northwind-platform-pricing-datasheet), and for a related customer story, see {link}.",
                 "## Ready to start?\n\nOur team can set up a proof of value in your own tenancy within two weeks. Review [pricing and packaging](/resources/northwind-platform-pricing-datasheet) and {link}, then request a demo.",
                 "## Request a demo\n\nBook a 30-minute demo with a solution engineer. Before the call, it is worth reading {link} and the [pricing and packaging datasheet](/resources/northwind-platform-pricing-datasheet)."],
}

DATASHEET_FEATURES = {
    "cloud-migration": ["Agentless discovery of physical, virtual and cloud source machines",
                        "Continuous block-level replication with configurable bandwidth limits",
                        "Non-disruptive test cutovers in an isolated network",
                        "Pre-built landing zones with networking, identity and logging",
                        "Wave planning and progress reporting for programme offices"],
    "security": ["Policy-as-code guardrails evaluated at deployment and continuously",
                 "Exceptions with owners, justifications and expiry dates",
                 "Immutable, air-gapped snapshots with separate credentials",
                 "Automated restore testing with evidence reports",
                 "Evidence exports mapped to ISO 27001, SOC 2 and NIS2 controls"],
    "cost-optimisation": ["Showback and chargeback by team, product or customer",
                          "Anomaly detection with alerts routed to spend owners",
                          "Commitment coverage and utilisation reporting",
                          "Budget forecasts driven by business metrics",
                          "FOCUS-compatible billing exports"],
    "data-governance": ["Automated discovery and classification across data stores",
                        "Residency constraints enforced at deployment time",
                        "Column-level lineage for regulated pipelines",
                        "Retention rules with automated, logged deletion"],
    "devops": ["Managed Kubernetes with automated, scheduled upgrades",
               "99.95% control-plane availability SLA",
               "Per-namespace cost allocation out of the box",
               "GitOps delivery with built-in policy checks",
               "Integrated logs, metrics and traces via OpenTelemetry"],
    "ai-adoption": ["GPU capacity pools with per-team quotas",
                    "Private model endpoints inside your tenancy",
                    "Usage and cost reporting per AI use case"],
}


def parse_assets():
    rows = []
    with open(os.path.join(HERE, "assets.txt"), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            f = line.split("|")
            if len(f) != 11:
                sys.exit("bad row: " + line)
            extra = dict(kv.split("=", 1) for kv in f[10].split(";") if kv)
            rows.append({"date": f[0], "status": f[1], "format": f[2], "slug": f[3],
                         "title": f[4], "persona": f[5].split(","), "stage": f[6],
                         "topic": f[7].split(","), "author": f[8], "summary": f[9],
                         "extra": extra})
    return rows


def link_md(asset):
    title = asset["title"]
    if title.startswith("Webinar: "):
        title = "the webinar " + title[len("Webinar: "):]
    return "[%s](/resources/%s)" % (title, asset["slug"])


def pick_related(a, published, rng):
    """An earlier published asset sharing a topic (falls back to any earlier one)."""
    when = a["date"] or "2026-11-23"
    earlier = [p for p in published if p["slug"] != a["slug"] and p["date"] < when]
    if not earlier:
        earlier = [p for p in published if p["slug"] != a["slug"]]
    same = [p for p in earlier if set(p["topic"]) & set(a["topic"])]
    if a["stage"] == "decision":
        cs = [p for p in same if p["format"] == "case-study"]
        if cs:
            same = cs
    return rng.choice(same or earlier)


CLOSING_HEADINGS = ["What this means for you", "Putting it into practice", "The bottom line",
                    "Where to begin", "Making it stick"]


def ext_sentence(rng, text, url):
    forms = [("For background, see [%s](%s).", False), ("[%s](%s) is a useful companion read.", True),
             ("We also recommend [%s](%s).", False)]
    form, cap = rng.choice(forms)
    if cap:
        text = text[0].upper() + text[1:]
    return form % (text, url)


def body(a, published):
    rng = random.Random("northwind:" + a["slug"])
    t1 = TOPICS[a["topic"][0]]
    t2 = TOPICS[a["topic"][1]] if len(a["topic"]) > 1 else None
    fmt = a["format"]
    p = PERSONA_ALIASES.get(a["persona"][0], a["persona"][0])
    out = ["# " + a["title"], a["summary"] + " " + rng.choice(FORMAT_INTROS[fmt])]

    # size of the piece varies by format and by a seeded draw
    n = rng.randint(*{"blog": (2, 5), "whitepaper": (4, 6), "case-study": (3, 5),
                      "webinar": (2, 4), "datasheet": (1, 2), "ebook": (3, 6)}[fmt])
    use_t2 = bool(t2) and n >= 3
    paras = rng.sample(t1["paras"], n - 1 if use_t2 else n)
    t2_para = rng.choice(t2["paras"]) if use_t2 else None
    t2_head = rng.choice(t2["headings"]) if use_t2 else None
    heads = rng.sample(t1["headings"], 2)
    ext_text, ext_url = rng.choice(t1["links"])
    persona_line = rng.choice(PERSONA_LINES[p]) + " " + ext_sentence(rng, ext_text, ext_url)

    if fmt == "case-study":
        out += ["## The challenge", paras[0], "## What the team did", paras[1]]
        res = rng.sample(t1["bullets"], 3)
        out.append("The project put these foundations in place:\n\n" + "\n".join("- " + b for b in res))
        out.append("## Results")
        out.append(rng.choice([
            "Within the first year the team reported faster delivery, lower run costs and a cleaner audit. More importantly, the people running the platform now spend their time on improvements rather than firefighting.",
            "The headline numbers are in the summary above, but the project lead was keenest to talk about something else: the operations team now has the time and the tooling to plan ahead instead of reacting.",
            "Leadership now reviews a single dashboard each month covering cost, reliability and compliance. Decisions that used to take a quarter are made in a meeting."]))
        rest = paras[2:] + ([t2_para] if t2_para else [])
        if rest:
            out.append("## Lessons for other teams")
            out += rest
        out.append(persona_line)
    elif fmt == "datasheet":
        out.append("## Key capabilities")
        feats = list(DATASHEET_FEATURES[a["topic"][0]])
        if t2:
            feats += DATASHEET_FEATURES[a["topic"][1]][:2]
        rng.shuffle(feats)
        out.append("\n".join("- " + f for f in feats[:rng.randint(4, 6)]))
        out.append("## Why it matters")
        out += paras
        out.append(persona_line)
        out.append("## Deployment and support\n\nAvailable in all Northwind Cloud regions, including the Regulated tier. Standard support is included; Premium support adds a named technical account manager and a 15-minute response target for severity-one incidents.")
    elif fmt == "webinar":
        out.append("## What we cover")
        items = rng.sample(t1["headings"], 3) + ([t2_head or rng.choice(t2["headings"])] if t2 else [])
        out.append("\n".join("- " + h for h in items))
        out.append("## Why watch")
        out += paras + ([t2_para] if t2_para else [])
        out.append("## Who should watch\n\n" + persona_line)
        out.append("## Speakers\n\nHosted by %s with guests from Northwind Cloud's solution architecture team and a customer practitioner." % a["author"])
    else:
        out += ["## " + heads[0], paras[0]]
        if len(paras) > 1:
            out.append(paras[1])
        bl = rng.sample(t1["bullets"], rng.randint(3, 5))
        out.append(rng.choice(["In practice that means:", "The teams that do this well have a few things in common:",
                               "A good baseline looks like this:", "Start with these:"]) + "\n\n" + "\n".join("- " + b for b in bl))
        if len(paras) > 2:
            out += ["## " + heads[1]] + paras[2:]
        if t2_para:
            out += ["## " + t2_head, t2_para]
        out += ["## " + rng.choice(CLOSING_HEADINGS), persona_line]

    if t2 and rng.random() < 0.5:
        t, u = rng.choice(t2["links"])
        out.append("Because this also touches on %s, it is worth reading [%s](%s) alongside it." % (a["topic"][1].replace("-", " "), t, u))

    rel = pick_related(a, published, rng)
    out.append(rng.choice(CTA[a["stage"]]).format(link=link_md(rel)))
    return out


def front_matter(a):
    fm = ["---", 'title: "%s"' % a["title"].replace('"', '\\"'), "slug: " + a["slug"]]
    if a["date"]:
        fm.append("date: " + a["date"])
    fm.append("status: " + a["status"])
    for k in ("due", "review_by", "intent"):
        if k in a["extra"]:
            fm.append("%s: %s" % (k, a["extra"][k]))
    fm.append("format: " + a["format"])
    fm.append("persona: [%s]" % ", ".join(a["persona"]))
    fm.append("stage: " + a["stage"])
    fm.append("topic: [%s]" % ", ".join(a["topic"]))
    fm.append("author: " + a["author"])
    fm.append('summary: "%s"' % a["summary"].replace('"', '\\"'))
    fm.append("---")
    return "\n".join(fm)


def main():
    assets = parse_assets()
    published = [a for a in assets if a["status"] == "published"]
    seen = set()
    bodies = set()
    for a in assets:
        if a["slug"] in seen:
            sys.exit("duplicate slug " + a["slug"])
        seen.add(a["slug"])
        ext = a["extra"].get("ext", "md")
        parts = body(a, published)
        if ext == "mdx":
            parts.insert(0, 'import { Callout } from "../../components/Callout";')
            parts.insert(3, '<Callout type="tip">\n  Download the slide deck from the recording page. It includes the upgrade '
                            'calendar template and the capacity worksheet the panel walked through.\n</Callout>')
        text = "\n\n".join(parts)
        if text in bodies:
            sys.exit("duplicate body for " + a["slug"])
        bodies.add(text)
        d = os.path.join(CONTENT, a["format"])
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "%s.%s" % (a["slug"], ext)), "w", encoding="utf-8") as fh:
            fh.write(front_matter(a) + "\n\n" + text + "\n")
    print("wrote %d assets (%d published)" % (len(assets), len(published)))


if __name__ == "__main__":
    main()
