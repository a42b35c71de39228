"""The course bibliography: one entry per source the notebooks, the models and the guides cite.

Everything that cites a source names it by key in square brackets, such as
``[falk-kosfeld-2006]``: a notebook's readings, a model's ``Params`` comments and
docstring, ``docs/FACILITATOR_GUIDE.md``. ``sales-course check`` fails on a key that
is not here (:func:`unknown_citations`), so a citation always leads to its full
reference, what the source found, and how sure the course is of it.

Confidence labels (the course's): **High** (meta-analyses, replicated experiments, field
studies), **Medium** (one peer-reviewed study, or a large survey with a stated sample),
**Low** (a vendor or secondary source), and combinations such as Low-Medium. Numbers no
study measured are not here: the models call them "chosen to show the mechanism".

``python -m course.bibliography`` prints the whole list as Markdown; docs/BIBLIOGRAPHY.md holds
that page for instructors, and a test keeps it up to date.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Source:
    """One source: the full citation, what it found (in plain words) and the course's confidence."""

    key: str
    short: str  # how the text names it: "Falk & Kosfeld 2006"
    citation: str
    found: str
    confidence: str


SOURCES: tuple[Source, ...] = (
    Source(
        "falk-kosfeld-2006",
        "Falk & Kosfeld 2006",
        "Falk, A., & Kosfeld, M. (2006). The hidden costs of control. American Economic Review, 96(5), "
        "1611-1630.",
        "In a laboratory game, most 'employers' trusted rather than forcing a minimum effort, and most "
        "'employees' worked less when a minimum was forced on them; many said control signalled distrust.",
        "High",
    ),
    Source(
        "ziegelmeyer-2012",
        "Ziegelmeyer, Schmelz & Ploner 2012",
        "Ziegelmeyer, A., Schmelz, K., & Ploner, M. (2012). Hidden costs of control: four repetitions and "
        "an extension. Experimental Economics, 15(2), 323-340.",
        "Four repetitions of Falk & Kosfeld (476 participants): the hidden costs were real but usually not "
        "large enough to undo the effect of incentives. A separate extension (228 participants, flat pay) "
        "found that there they did outweigh the benefits of control.",
        "High",
    ),
    Source(
        "kessler-leider-2016",
        "Kessler & Leider 2016",
        "Kessler, J. B., & Leider, S. (2016). Procedural fairness and the cost of control. Journal of Law, "
        "Economics, and Organization, 32(4), 685-718. Working paper: Finding the cost of control, CESifo "
        "Working Paper 4188 (2013).",
        "In the working paper's experiments, control backfired only when several conditions held together "
        "(among them a norm of high effort and control imposed one-sidedly); the published paper stresses "
        "control imposed one-sidedly and asymmetrically. Reading this as 'veterans mind control more than "
        "new hires' is this course's, not the study's.",
        "Medium (one set of experiments)",
    ),
    Source(
        "ravid-2023",
        "Ravid et al. 2023",
        "Ravid, D. M., White, J. C., Tomczak, D. L., Miles, A. F., & Behrend, T. S. (2023). A meta-analysis "
        "of the effects of electronic performance monitoring on work outcomes. Personnel Psychology, 76(1), "
        "5-40.",
        "Across 94 samples and 23,461 people, no evidence that electronic performance monitoring improves "
        "performance; monitoring went with more stress.",
        "High",
    ),
    Source(
        "siegel-koenig-lazar-2022",
        "Siegel, König & Lazar 2022",
        "Siegel, R., König, C. J., & Lazar, V. (2022). The impact of electronic monitoring on employees' "
        "job satisfaction, stress, performance, and counterproductive work behavior: A meta-analysis. "
        "Computers in Human Behavior Reports, 8, 100227.",
        "Across 70 samples, monitoring was essentially unrelated to performance (r = -.01) and slightly "
        "linked to lower job satisfaction (r = -.10) and more stress (r = +.11).",
        "High",
    ),
    Source(
        "pierce-snow-mcafee-2015",
        "Pierce, Snow & McAfee 2015",
        "Pierce, L., Snow, D. C., & McAfee, A. (2015). Cleaning house: The impact of information technology "
        "monitoring on employee theft and productivity. Management Science, 61(10), 2299-2319.",
        "In 392 restaurants, software that monitored theft cut theft and raised sales: monitoring paid where "
        "it targeted misconduct that was otherwise unseen.",
        "High (a field study)",
    ),
    Source(
        "nagin-2002",
        "Nagin et al. 2002",
        "Nagin, D. S., Rebitzer, J. B., Sanders, S., & Taylor, L. J. (2002). Monitoring, motivation, and "
        "management: The determinants of opportunistic behavior in a field experiment. American Economic "
        "Review, 92(4), 850-873.",
        "In a call-centre field experiment, some employees cheated more when they believed monitoring had "
        "been reduced; others did not, whatever the monitoring.",
        "High (a field experiment)",
    ),
    Source(
        "mayer-davis-schoorman-1995",
        "Mayer, Davis & Schoorman 1995",
        "Mayer, R. C., Davis, J. H., & Schoorman, F. D. (1995). An integrative model of organizational "
        "trust. Academy of Management Review, 20(3), 709-734.",
        "Defines trust as 'the willingness of a party to be vulnerable to the actions of another party "
        "... irrespective of the ability to monitor or control that other party' (p. 712).",
        "High (a widely used theory)",
    ),
    Source(
        "owens-grossman-fackler-2014",
        "Owens, Grossman & Fackler 2014",
        "Owens, D., Grossman, Z., & Fackler, R. (2014). The control premium: A preference for payoff "
        "autonomy. American Economic Journal: Microeconomics, 6(4), 138-161.",
        "In one laboratory study of a quiz-betting game, participants were willing to give up an estimated "
        "8-15% of their expected earnings to keep control of their own pay-off.",
        "Medium (one laboratory study)",
    ),
    Source(
        "theeboom-2014",
        "Theeboom, Beersma & van Vianen 2014",
        "Theeboom, T., Beersma, B., & van Vianen, A. E. M. (2014). Does coaching work? A meta-analysis on "
        "the effects of coaching on individual level outcomes in an organizational context. The Journal of "
        "Positive Psychology, 9(1), 1-18.",
        "Coaching at work improved every group of outcomes studied (effect sizes g = .43 to .74, moderate "
        "to fairly large), mostly with professional coaches and few studies per outcome; that a manager's "
        "coaching works as well is an extrapolation.",
        "Medium when applied to a manager's coaching",
    ),
    Source(
        "deci-koestner-ryan-1999",
        "Deci, Koestner & Ryan 1999",
        "Deci, E. L., Koestner, R., & Ryan, R. M. (1999). A meta-analytic review of experiments examining "
        "the effects of extrinsic rewards on intrinsic motivation. Psychological Bulletin, 125(6), 627-668.",
        "Across 128 experiments, rewards tied to doing a task lowered people's own interest in it, and "
        "positive feedback raised it (a small-to-moderate effect, d = 0.33).",
        "High",
    ),
    Source(
        "cerasoli-2014",
        "Cerasoli, Nicklin & Ford 2014",
        "Cerasoli, C. P., Nicklin, J. M., & Ford, M. T. (2014). Intrinsic motivation and extrinsic incentives "
        "jointly predict performance: A 40-year meta-analysis. Psychological Bulletin, 140(4), 980-1008.",
        "Across 183 studies, people who want to do the work for its own sake perform better (correlations "
        "of .21 to .45: a clear but far from complete link), above all on quality; incentives better "
        "predict quantity.",
        "High",
    ),
    Source(
        "thompson-vecchio-2009",
        "Thompson & Vecchio 2009",
        "Thompson, G., & Vecchio, R. P. (2009). Situational leadership theory: A test of three versions. "
        "The Leadership Quarterly, 20(5), 837-848.",
        "Situational leadership's prescriptions predicted little; only the idea that more experienced "
        "people gain more from autonomy looked promising, and it added little.",
        "Low-Medium for the experience idea the model uses",
    ),
    Source(
        "houghton-2016",
        "Houghton et al. 2016",
        "Houghton, J., Siegel, M., Jalali, M., Campbell, J., & Fialho, A. (2016). The impact of "
        "sales-practice startup dynamics on sales-force productivity. International System Dynamics "
        "Conference 2016; its sales-agent motivation model ships with the EMA Workbench.",
        "A system-dynamics model of sales agents' motivation, in which motivation adjusts over about three "
        "months. A model, not data.",
        "Low (a model's assumption, not a measurement)",
    ),
    Source(
        "proudfoot-2005",
        "Proudfoot 2005",
        "Proudfoot Consulting (2005). Sales-force productivity study, as reported by Selling Power "
        "('Sales ineffectiveness', 2010).",
        "Reps spent 11% of their time in active selling, plus 10% prospecting; the rest went to travel, "
        "administration and other work.",
        "Low-Medium (a consultancy survey, via a magazine)",
    ),
    Source(
        "ipg-2006",
        "IPG 2006",
        "IPG (2006). Survey of 1,502 salespeople on how they spend their time, as reported in 'Salespeople "
        "spend only 38% of time selling' (One Man's Blog, 2007).",
        "Salespeople reported spending 38% of their time selling, the rest on administration, meetings "
        "and other work.",
        "Low-Medium (a survey of self-reports, via a secondary page)",
    ),
    Source(
        "hbr-2017-turnover",
        "HBR 2017",
        "Harvard Business Review (2017, July). How to predict turnover on your sales team.",
        "Annual turnover among US salespeople is 'as high as 27%', about twice the labour force's: an upper "
        "estimate.",
        "Medium",
    ),
    Source(
        "depaul-2010",
        "DePaul 2010",
        "DePaul University Center for Sales Leadership, sales turnover benchmark, as summarised by Teneo "
        "Talent ('Turnover trouble', 2010).",
        "Among seven causes of salespeople leaving, 'poorly managed by supervisor' ranked fourth; turnover "
        "of outside salespeople 28%.",
        "Low-Medium (via a secondary summary)",
    ),
    Source(
        "bridge-group-ramp",
        "Bridge Group",
        "The Bridge Group, SaaS account executive metrics reports, as summarised by Elevate "
        "('Sales ramp-up time').",
        "Account executives take 'just under 5 months' to ramp; what counts as ramped is not defined there.",
        "Medium (a survey of 250-400 companies, via a secondary page)",
    ),
    Source(
        "garvin-2013",
        "Garvin 2013",
        "Garvin, D. A. (2013). How Google sold its engineers on management. Harvard Business Review, "
        "91(12), 74-82.",
        "Google's Project Oxygen listed the behaviours of its best managers from its own reviews and "
        "surveys: first, 'is a good coach'; second, 'empowers the team and does not micromanage'.",
        "Medium (one company's internal analysis)",
    ),
    Source(
        "gallup-2015",
        "Gallup 2015",
        "Gallup (2015). State of the American Manager: Analytics and advice for leaders.",
        "Managers account for at least 70% of the differences in employee engagement between business "
        "units; a statistical share of differences, not a measure of cause.",
        "Medium",
    ),
    Source(
        "kember-2008",
        "Kember et al. 2008",
        "Kember, D., McKay, J., Sinclair, K., & Wong, F. K. Y. (2008). A four-category scheme for coding "
        "and assessing the level of reflection in written work. Assessment & Evaluation in Higher "
        "Education, 33(4), 369-379.",
        "Four levels of reflection in written work: habitual action (non-reflection), understanding, "
        "reflection and critical reflection; the course's reflection rubric follows them.",
        "High (a widely used scheme)",
    ),
    # --- Module 02 · Trust -------------------------------------------------------------------
    Source(
        "dirks-ferrin-2002",
        "Dirks & Ferrin 2002",
        "Dirks, K. T., & Ferrin, D. L. (2002). Trust in leadership: Meta-analytic findings and implications "
        "for research and practice. Journal of Applied Psychology, 87(4), 611-628.",
        "A meta-analysis of four decades of studies (106 samples): trust in one's direct leader, such as a "
        "supervisor, is a particularly important referent alongside trust in senior leadership, and trust "
        "in the leader goes "
        "with job attitudes (satisfaction, commitment) more strongly than with behaviour (performance). "
        "The course uses the direction only; the exact correlations were not checked.",
        "High for the direction",
    ),
    Source(
        "kim-2004",
        "Kim, Ferrin, Cooper & Dirks 2004",
        "Kim, P. H., Ferrin, D. L., Cooper, C. D., & Dirks, K. T. (2004). Removing the shadow of suspicion: "
        "The effects of apology versus denial for repairing competence- versus integrity-based trust "
        "violations. Journal of Applied Psychology, 89(1), 104-118.",
        "Two experiments in which participants judged a job candidate accused of an earlier violation: trust "
        "was repaired better by an apology when the violation concerned competence, and by a denial when it "
        "concerned integrity; and better by an apology when later evidence showed guilt, by a denial when it "
        "showed innocence.",
        "Medium-High (two experiments)",
    ),
    Source(
        "edmondson-1999",
        "Edmondson 1999",
        "Edmondson, A. (1999). Psychological safety and learning behavior in work teams. Administrative "
        "Science Quarterly, 44(2), 350-383.",
        "In 51 teams of a manufacturer, teams whose members felt safe to take interpersonal risks (speak up, "
        "admit errors, ask for help) learned more, and learning went with better team performance; a team "
        "leader's coaching went with that safety.",
        "High",
    ),
    Source(
        "gonik-1978",
        "Gonik 1978",
        "Gonik, J. (1978). Tie salesmen's bonuses to their forecasts. Harvard Business Review, 56, 116-122.",
        "A practitioner's bonus scheme that pays on the quota, the rep's forecast and the actual "
        "sales, so that a rep does best by forecasting what they really expect: an answer to sandbagging.",
        "Medium (a practitioner's design, not an experiment)",
    ),
    Source(
        "slovic-1993",
        "Slovic 1993",
        "Slovic, P. (1993). Perceived risk, trust, and democracy. Risk Analysis, 13(6), 675-682.",
        "In a questionnaire study about a nuclear power plant, people rated news events: negative events, "
        "they judged, would lower trust much more than positive events would raise it: the 'asymmetry "
        "principle', trust is easier to destroy than to create.",
        "Medium",
    ),
    Source(
        "poortinga-pidgeon-2004",
        "Poortinga & Pidgeon 2004",
        "Poortinga, W., & Pidgeon, N. F. (2004). Trust, the asymmetry principle, and the role of prior "
        "beliefs. Risk Analysis, 24(6), 1475-1486.",
        "In a survey about genetically modified food in Britain (396 people), negative events again weighed "
        "more than positive ones, but largely because people read events in line with what they already "
        "believed; for undecided people negative events still weighed more.",
        "Medium",
    ),
    Source(
        "pant-yu-2025",
        "Pant & Yu 2025",
        "Pant, V., & Yu, E. (2025). Trust dynamics in strategic coopetition: Computational foundations for "
        "requirements engineering in multi-agent systems. arXiv preprint 2510.24909.",
        "A computational model in which cooperation builds trust slowly and violations erode it quickly; "
        "its documentation uses a 3-to-1 ratio between the two, a modelling choice rather than a "
        "measurement. Not peer reviewed.",
        "Low",
    ),
    Source(
        "saas-capital-2023",
        "SaaS Capital 2023",
        "SaaS Capital (2023). 2023 B2B SaaS retention benchmarks (Research Brief 28). saas-capital.com; "
        "the survey's 12th year.",
        "A yearly survey of more than 1,500 private business-software firms (the retention figures leave "
        "out firms under $1M of recurring revenue). Median net revenue retention rose with contract size, "
        "from about 100% for contracts under $12K a year to about 110% for contracts over $250K; median "
        "gross revenue retention was about 90-93%. Self-reported by the firms that chose to answer.",
        "Low-Medium (a lender's survey of self-reports, not a random sample)",
    ),
    Source(
        "iconiq-ipo-study",
        "ICONIQ Growth",
        "ICONIQ Growth (c. 2020). Full disclosure: the importance of business fundamentals. ICONIQ Growth on "
        "Medium (medium.com/iconiq-growth), from its study of enterprise-software IPOs, July 2013 to "
        "October 2019.",
        "Of 59 enterprise-software firms going public, 81% disclosed net retention; among them the median "
        "was about 120%, and about 130% for the best performers. Disclosure was optional, so the authors "
        "say the figures likely skew high.",
        "Medium for what the filings said; biased high as a picture of software firms in general",
    ),
    Source(
        "larkin-2014",
        "Larkin 2014",
        "Larkin, I. (2014). The cost of high-powered incentives: Employee gaming in enterprise software "
        "sales. Journal of Labor Economics, 32(2), 199-227.",
        "At a leading enterprise-software vendor (sales cycles of 12-24 months) with an accelerating "
        "commission, salespeople timed when deals closed and agreed to significantly lower prices in "
        "quarters in which they had a financial reason to close; the mispricing cost the vendor 6-8% of "
        "revenue.",
        "High (one large field study)",
    ),
    Source(
        "shapley-1953",
        "Shapley 1953",
        "Shapley, L. S. (1953). A value for n-person games. In H. W. Kuhn & A. W. Tucker (Eds.), "
        "Contributions to the Theory of Games II (Annals of Mathematics Studies 28, pp. 307-317). Princeton "
        "University Press.",
        "Defines a fair split of what a group achieves together: each member gets their added value, "
        "averaged over every order in which the members could join. A mathematical definition, not a "
        "measurement.",
        "High (mathematics)",
    ),
    Source(
        "dalessandro-2012",
        "Dalessandro et al. 2012",
        "Dalessandro, B., Perlich, C., Stitelman, O., & Provost, F. (2012). Causally motivated attribution "
        "for online advertising. Proceedings of the Sixth International Workshop on Data Mining for Online "
        "Advertising (ADKDD '12). ACM.",
        "Treats giving credit for a sale as a question of cause and effect, proposes approximations drawn "
        "from cooperative game theory (the family of the Shapley value) for when the causal effect cannot "
        "be estimated, and warns that where the causal assumptions fail, such credit only measures how "
        "important a channel looks, not what it caused.",
        "Medium (one peer-reviewed workshop paper)",
    ),
    Source(
        "gartner-buying-group",
        "Gartner 2019",
        "Gartner (2019). The new B2B buying journey and its implications for sales. CSO Update; figures as "
        "reported on gartner.com/en/sales/insights/b2b-buying-journey and in secondary summaries.",
        "A typical B2B buying group has 6 to 10 decision makers; buyers spend about 17% of their buying "
        "time meeting possible suppliers. Proprietary surveys, seen second-hand.",
        "Low-Medium (a vendor's survey, seen second-hand)",
    ),
    Source(
        "cso-insights-2016",
        "CSO Insights 2016",
        "CSO Insights (2016). Sales performance optimization study (675 firms); summarised on the "
        "csoinsights.com blog, 'Overcoming the no-decision sales challenge'.",
        "Of the deals firms put in their forecast, 46.6% were won, 29.6% lost to a competitor and 23.8% "
        "ended with no decision. A self-reported industry survey.",
        "Medium",
    ),
    Source(
        "graham-harvey-rajgopal-2005",
        "Graham, Harvey & Rajgopal 2005",
        "Graham, J. R., Harvey, C. R., & Rajgopal, S. (2005). The economic implications of corporate "
        "financial reporting. Journal of Accounting and Economics, 40(1-3), 3-73.",
        "In a survey of 401 senior financial executives, with about 20 interviews, most said they would "
        "give up economic value to deliver smooth earnings, and 55% would delay a project that creates "
        "value to avoid missing an earnings target.",
        "High",
    ),
    Source(
        "oyer-1998",
        "Oyer 1998",
        "Oyer, P. (1998). Fiscal year ends and nonlinear incentive contracts: The effect on business "
        "seasonality. Quarterly Journal of Economics, 113(1), 149-185.",
        "Salespeople's and executives' pay often jumps at a yearly target. Manufacturing firms' sales were "
        "higher at the end of the fiscal year, and lower at its start, than in the middle, with matching "
        "price movements: consistent with people timing sales to their fiscal year.",
        "High",
    ),
    Source(
        "kluger-denisi-1996",
        "Kluger & DeNisi 1996",
        "Kluger, A. N., & DeNisi, A. (1996). The effects of feedback interventions on performance: A "
        "historical review, a meta-analysis, and a preliminary feedback intervention theory. Psychological "
        "Bulletin, 119(2), 254-284.",
        "Across 607 effect sizes (23,663 observations), feedback interventions improved performance on "
        "average (d = .41), but over a third of them lowered performance; feedback did worse the more it "
        "drew attention to the person rather than to the task.",
        "High",
    ),
    Source(
        "whitmore-grow",
        "Whitmore (GROW)",
        "Whitmore, J. (1992). Coaching for Performance. Nicholas Brealey (later editions to 2017). GROW was "
        "devised by Graham Alexander and popularised by Whitmore's book.",
        "A practitioner's framework for a coaching conversation: Goal, Reality, Options, Will. Coaches are "
        "taught to ask rather than tell and to leave the solution with the coachee. No study we cite tests "
        "GROW itself.",
        "Low as evidence (a widely taught practitioner framework, not a tested finding)",
    ),
    # Module 06, One team
    Source(
        "lazear-rosen-1981",
        "Lazear & Rosen 1981",
        "Lazear, E. P., & Rosen, S. (1981). Rank-order tournaments as optimum labor contracts. Journal of "
        "Political Economy, 89(5), 841-864.",
        "A theory, not a measurement: when pay depends on rank, the gap between the winner's and the "
        "losers' prizes sets how hard contestants work; a wider gap brings more effort.",
        "High as theory (not an empirical finding)",
    ),
    Source(
        "harbring-irlenbusch-2011",
        "Harbring & Irlenbusch 2011",
        "Harbring, C., & Irlenbusch, B. (2011). Sabotage in tournaments: Evidence from a laboratory "
        "experiment. Management Science, 57(4), 611-627.",
        "In repeated laboratory tournaments, effort and sabotage were both higher when the spread between "
        "winners' and losers' pay was wider; agents reacted reciprocally to higher wages; calling the "
        "behaviour 'sabotage' reduced it.",
        "High (laboratory)",
    ),
    Source(
        "lim-2009",
        "Lim, Ahearne & Ham 2009",
        "Lim, N., Ahearne, M. J., & Ham, S. H. (2009). Designing sales contests: Does the prize structure "
        "matter? Journal of Marketing Research, 46(3), 356-371.",
        "Two laboratory experiments and two field experiments in which trained salespeople sold fundraising "
        "sponsorships: contests with more than one winner raised sales effort and revenue; prizes ranked by "
        "place added nothing.",
        "High",
    ),
    Source(
        "garbers-konradt-2014",
        "Garbers & Konradt 2014",
        "Garbers, Y., & Konradt, U. (2014). The effect of financial incentives on performance: A quantitative "
        "review of individual and team-based financial incentives. Journal of Occupational and "
        "Organizational Psychology, 87(1), 102-137.",
        "A meta-analysis of 146 studies (31,861 people): individual incentives raised performance (g = 0.32, "
        "116 studies), and so did team-based rewards (g = 0.45, 30 studies), more when shared by "
        "contribution than equally; the effect of team rewards depended on team size.",
        "High (many kinds of work; the abstract does not single out sales)",
    ),
    Source(
        "channel-practice",
        "Channel-conflict practice",
        "Practitioner guides to channel conflict and deal registration: Partnerpack, 'Channel conflict "
        "resolution playbook' (partnerpack.mydoublecheck.app); Track360, 'Deal registration and channel "
        "conflict' (track360.io); PartnerChannels, 'Channel conflict' glossary (partnerchannels.com).",
        "A consensus of practice, not a study: short rules of engagement (a direct-only account list, "
        "deal registration with a 90-180-day protection window, the partner of record on renewals, an "
        "escalation path), and paying direct reps the same on partner deals; unresolved conflict confuses "
        "the customer, stops the partner investing and can lose the deal to a competitor.",
        "Low-Medium (practice; no controlled study found)",
    ),
)

SOURCES = SOURCES + (
    Source(
        "bass-1969",
        "Bass 1969",
        "Bass, F. M. (1969). A new product growth for model consumer durables. Management Science, 15(5), "
        "215-227.",
        "A model of how a new product spreads: each period some buyers adopt on their own (innovation) and "
        "others because earlier buyers have (imitation); fitted to the sales of eleven consumer durables, it "
        "traced their growth and the timing of their peak.",
        "High as a model of adoption (widely used); its fit to enterprise references is an assumption",
    ),
    Source(
        "rogers-2003",
        "Rogers 2003",
        "Rogers, E. M. (2003). Diffusion of Innovations (5th ed.). Free Press. (First edition 1962.)",
        "A synthesis of studies of how innovations spread through communication among people who watch "
        "earlier adopters. Its adopter categories (innovators 2.5%, early adopters 13.5%, early majority 34%, "
        "late majority 34%, laggards 16%) are defined by cut-offs on a bell curve, not measured.",
        "High as a widely used synthesis; the categories are definitions, not findings",
    ),
    Source(
        "hunter-perreault-2007",
        "Hunter & Perreault 2007",
        "Hunter, G. K., & Perreault, W. D., Jr. (2007). Making sales technology effective. Journal of "
        "Marketing, 71(1), 16-34.",
        "A field study of salespeople: using sales technology (CRM, sales automation) to analyse or to "
        "communicate information went with better relationship-building with customers, while using it to "
        "analyse information went with worse administrative performance, an unexpected trade-off.",
        "Medium (one field study, survey-based)",
    ),
    Source(
        "forrester-senge-1980",
        "Forrester & Senge 1980",
        "Forrester, J. W., & Senge, P. M. (1980). Tests for building confidence in system dynamics models. "
        "TIMS Studies in the Management Sciences, 14, 209-228.",
        "Sets out tests that build confidence in a simulation model: of its structure (including "
        "extreme-condition and boundary-adequacy tests), of its behaviour (including sensitivity to its "
        "uncertain parameters) and of the policies it recommends.",
        "High as a method (widely used); not a finding about sales",
    ),
    Source(
        "sterman-2000",
        "Sterman 2000",
        "Sterman, J. D. (2000). Business Dynamics: Systems Thinking and Modeling for a Complex World. "
        "Irwin/McGraw-Hill. Chapter 21, Truth and beauty: validation and model testing.",
        "A textbook of system-dynamics modelling; its chapter 21 argues that no model can be proven valid "
        "and describes the tests that build confidence in one, among them extreme conditions, boundary "
        "adequacy and sensitivity analysis across the plausible range of each uncertain parameter.",
        "High as a method (a standard text); not a finding about sales",
    ),
    Source(
        "barlas-1996",
        "Barlas 1996",
        "Barlas, Y. (1996). Formal aspects of model validity and validation in system dynamics. System "
        "Dynamics Review, 12(3), 183-210.",
        "Argues that a model's validity rests first on its structure (direct structure tests and "
        "structure-oriented behaviour tests such as extreme conditions) and only then on how well it "
        "reproduces behaviour.",
        "High as a method (widely used); not a finding about sales",
    ),
)

BY_KEY: dict[str, Source] = {source.key: source for source in SOURCES}

# What each module shows its trainees in its closing "Sources" cell: every key its notebook
# cites, and those its model's plain assumptions table cites. ``sales-course check`` fails
# when a notebook cites a key its list lacks.
READING_LISTS: dict[str, tuple[str, ...]] = {
    "00_orientation": ("gallup-2015",),
    "01_leader_not_manager": (
        "garvin-2013",
        "gallup-2015",
        "falk-kosfeld-2006",
        "ziegelmeyer-2012",
        "kessler-leider-2016",
        "ravid-2023",
        "siegel-koenig-lazar-2022",
        "pierce-snow-mcafee-2015",
        "nagin-2002",
        "mayer-davis-schoorman-1995",
        "owens-grossman-fackler-2014",
        "ipg-2006",
        "proudfoot-2005",
        "theeboom-2014",
        "kember-2008",
        # cited by control.assumptions() (and assumptions(full=True)), which the notebook shows
        "deci-koestner-ryan-1999",
        "thompson-vecchio-2009",
        "bridge-group-ramp",
        "hbr-2017-turnover",
        "cerasoli-2014",
        "houghton-2016",
        "depaul-2010",
        "hunter-perreault-2007",
    ),
    "02_trust": (
        "mayer-davis-schoorman-1995",
        "dirks-ferrin-2002",
        "kim-2004",
        "edmondson-1999",
        "falk-kosfeld-2006",
        "ziegelmeyer-2012",
        "pierce-snow-mcafee-2015",
        "slovic-1993",
        "poortinga-pidgeon-2004",
        "pant-yu-2025",
        "gonik-1978",
        "kember-2008",
    ),
    "03_coaching": (
        "theeboom-2014",
        "kluger-denisi-1996",
        "whitmore-grow",
        "edmondson-1999",
        "thompson-vecchio-2009",
        "bridge-group-ramp",
        "kember-2008",
    ),
    "04_start_small": (
        "saas-capital-2023",
        "iconiq-ipo-study",
        "larkin-2014",
        "kember-2008",
    ),
    "05_pebbles_and_quarters": (
        "shapley-1953",
        "dalessandro-2012",
        "gartner-buying-group",
        "cso-insights-2016",
        "graham-harvey-rajgopal-2005",
        "oyer-1998",
        "larkin-2014",
        "kember-2008",
    ),
    "06_one_team": (
        "lazear-rosen-1981",
        "harbring-irlenbusch-2011",
        "lim-2009",
        "garbers-konradt-2014",
        "channel-practice",
        "hbr-2017-turnover",
        "kember-2008",
    ),
    "07_leap_of_faith": (
        "mayer-davis-schoorman-1995",
        "rogers-2003",
        "bass-1969",
        "larkin-2014",
        "slovic-1993",
        "pant-yu-2025",
        "falk-kosfeld-2006",
        "kember-2008",
    ),
}


class SourceList(tuple):
    """Sources shown in a notebook: a table in JupyterLab, plain text elsewhere."""

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>[{html.escape(s.key)}]</td><td>{html.escape(s.citation)}</td>"
            f"<td>{html.escape(s.found)}</td><td>{html.escape(s.confidence)}</td></tr>"
            for s in self
        )
        head = "<tr><th>Key</th><th>Source</th><th>What it found</th><th>How sure we are</th></tr>"
        return f"<table style='text-align:left'>{head}{rows}</table>"

    def __repr__(self) -> str:
        return "\n\n".join(f"[{s.key}] {cite(s.key)}" for s in self)


def sources(assignment: str) -> SourceList:
    """The sources a module cites, for its closing "Sources" cell.

    Raises:
        ValueError: if ``assignment`` has no reading list (a misspelled module name).
    """
    if assignment not in READING_LISTS:
        raise ValueError(f"assignment must be one of {', '.join(sorted(READING_LISTS))}; got {assignment!r}.")
    return SourceList(BY_KEY[key] for key in READING_LISTS[assignment])


# A citation: a key in square brackets, lower case words joined by hyphens, ending in a year or a word.
CITATION = re.compile(r"\[([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\]")


def cited_keys(text: str) -> list[str]:
    """The keys cited in ``text`` (``[falk-kosfeld-2006]``), in order, with repeats."""
    return CITATION.findall(text)


def unknown_citations(text: str) -> list[str]:
    """The keys cited in ``text`` that the bibliography does not hold, each once."""
    return sorted({key for key in cited_keys(text) if key not in BY_KEY})


def cite(key: str) -> str:
    """One entry in plain text: the citation, what it found, the confidence."""
    try:
        source = BY_KEY[key]
    except KeyError:
        raise KeyError(f"{key!r} is not in the course bibliography (course/bibliography.py).") from None
    return f"{source.citation}\n  Found: {source.found}\n  Confidence: {source.confidence}"


def markdown() -> str:
    """The whole bibliography as Markdown."""
    lines = ["# Course bibliography", ""]
    for source in sorted(SOURCES, key=lambda s: s.key):
        lines += [
            f"- **[{source.key}]** {source.citation}",
            f"  *Found:* {source.found} *Confidence:* {source.confidence}.",
        ]
    return "\n".join(lines) + "\n"


def files_that_cite(root: Path) -> list[Path]:
    """The course files whose citations ``sales-course check`` verifies."""
    found = sorted((root / "solutions").rglob("*.ipynb")) + sorted(
        (root / "course" / "scenarios").glob("*.py")
    )
    found += [root / "docs" / "FACILITATOR_GUIDE.md", root / "CONTRIBUTING.md", root / "START_HERE.ipynb"]
    return [p for p in found if p.is_file() and ".ipynb_checkpoints" not in p.parts]


if __name__ == "__main__":
    print(markdown())
