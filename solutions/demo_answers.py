"""The answers of `sales-course demo`'s synthetic class: plausible mistakes and reflections.

They sit here, beside the instructor notebooks, and never in the installed ``course``
package: a mistake that is wrong in one place shows every other answer, so it must stay
where the hidden tests are, out of a trainee's reach. :mod:`course.instructor.demo` reads
this file from the course folder it is given (``catalogue``).

Each mistake is the code of every solution region of its answer cell, and the answer names
it gets wrong: every test cell that reads one of them fails, so a synthetic trainee's
points are known before grading.
"""

from course.instructor.demo import Mistake

_m = Mistake.of

# Plausible wrong answers, per assignment and answer cell. A mistake whose names or
# regions no longer match the instructor notebook is left out (see usable_mistakes).
MISTAKES: dict[str, dict[str, dict[str, Mistake]]] = {
    "01_leader_not_manager": {
        "q1_predictions": {
            # Any "up" or "down" earns the prediction's point: an honest wrong guess is no mistake.
            "veteran revenue up": _m(
                [
                    'q1_veteran_revenue = "up"\nq1_veteran_quits = "up"\nq1_new_hire_revenue = "up"'
                ]
            ),
            "new hires down": _m(
                [
                    'q1_veteran_revenue = "down"\nq1_veteran_quits = "up"\nq1_new_hire_revenue = "down"'
                ]
            ),
            "typo": _m(
                [
                    'q1_veteran_revenue = "down"\nq1_veteran_quits = "upp"\nq1_new_hire_revenue = "up"'
                ],
                "q1_veteran_quits",
            ),
        },
        "q1_change": {
            "a rise, not a fall": _m(["q1_revenue_change = 0.64"], "q1_revenue_change"),
            "in dollars": _m(["q1_revenue_change = -640000"], "q1_revenue_change"),
            "new hires' table": _m(["q1_revenue_change = 0.52"], "q1_revenue_change"),
        },
        "q2_share_lost": {
            "no parentheses": _m(
                [
                    "    return crm_hours_per_week * 52 / 12 + reviews_per_month * 1.5 / 60.8",
                    "q2_share_lost = share_of_selling_time_lost(4, 4)",
                ],
                "share_of_selling_time_lost",
                "q2_share_lost",
            ),
            "four-week month": _m(
                [
                    "    return (crm_hours_per_week * 4 + reviews_per_month * 1.5) / 60.8",
                    "q2_share_lost = share_of_selling_time_lost(4, 4)",
                ],
                "share_of_selling_time_lost",
                "q2_share_lost",
            ),
            "no return": _m(
                [
                    "    share = (crm_hours_per_week * 52 / 12 + reviews_per_month * 1.5) / 60.8",
                    "q2_share_lost = 0.38",
                ],
                "share_of_selling_time_lost",
            ),
            "hours, not a share": _m(
                [
                    "    return (crm_hours_per_week * 52 / 12 + reviews_per_month * 1.5) / 60.8",
                    "q2_share_lost = 23.33",
                ],
                "q2_share_lost",
            ),
        },
        "q3_policy": {
            "veterans like new hires": _m(
                ['q3_veteran_reviews = 2\nq3_new_hire_reviews = 2\nq3_reason = "B"'],
                "q3_veteran_reviews",
            ),
            # Exercise 3b asks for the fewest review rounds that sell more to new hires than none:
            # 4 rounds also beat none, so this trainee read a row that beats none, not the fewest.
            "weekly for new hires": _m(
                ['q3_veteran_reviews = 0\nq3_new_hire_reviews = 4\nq3_reason = "B"'],
                "q3_new_hire_reviews",
            ),
            "more for veterans": _m(
                ['q3_veteran_reviews = 4\nq3_new_hire_reviews = 0\nq3_reason = "C"'],
                "q3_veteran_reviews",
                "q3_new_hire_reviews",
                "q3_reason",
            ),
            "reason A": _m(
                ['q3_veteran_reviews = 0\nq3_new_hire_reviews = 2\nq3_reason = "A"'],
                "q3_reason",
            ),
            "numbers as text": _m(
                ['q3_veteran_reviews = "0"\nq3_new_hire_reviews = "2"\nq3_reason = "B"'],
                "q3_veteran_reviews",
                "q3_new_hire_reviews",
            ),
        },
        # Each right label earns its share of the check's points (partial credit): a mistake that
        # gets some labels right keeps that share, so the debrief shows "some points" too.
        "q4_labels": {
            "the model's ratio as a finding": _m(
                ['q4_labels = {1: "E", 2: "F", 3: "F", 4: "F", 5: "E"}'],
                partial={"q4_labels": 0.8},
            ),
            "the essay's claim as a finding": _m(
                ['q4_labels = {1: "F", 2: "F", 3: "M", 4: "F", 5: "E"}'],
                partial={"q4_labels": 0.8},
            ),
            "studies as the model": _m(
                ['q4_labels = {1: "E", 2: "M", 3: "M", 4: "M", 5: "E"}'],
                partial={"q4_labels": 0.6},
            ),
            "words for letters": _m(
                [
                    'q4_labels = {1: "Essay", 2: "Finding", 3: "Model", 4: "Finding", 5: "Essay"}'
                ],
                "q4_labels",
            ),
            "one missing": _m(
                ['q4_labels = {1: "E", 2: "F", 3: "M", 4: "F"}'], "q4_labels"
            ),
        },
        "q5_questions": {
            "the logging question as coaching": _m(
                ['q5_labels = {1: "A", 2: "C", 3: "C", 4: "C"}'],
                partial={"q5_labels": 0.75},
            ),
            "every question as coaching": _m(
                ['q5_labels = {1: "C", 2: "C", 3: "C", 4: "C"}'],
                partial={"q5_labels": 0.5},
            ),
            "numbers in quote marks": _m(
                ['q5_labels = {"1": "A", "2": "C", "3": "A", "4": "C"}'], "q5_labels"
            ),
            "the stakeholder question as audit": _m(
                ['q5_labels = {1: "A", 2: "A", 3: "A", 4: "C"}'],
                partial={"q5_labels": 0.75},
            ),
            "all backwards": _m(
                ['q5_labels = {1: "C", 2: "A", 3: "C", 4: "A"}'], "q5_labels"
            ),
        },
    },
    "02_trust": {
        "q1_predictions": {
            # Any of the four responses earns the prediction's point: an honest wrong guess is no mistake.
            "silence slowest": _m(['q1_fastest = "apology"\nq1_slowest = "silence"']),
            "explanation fastest": _m(
                ['q1_fastest = "explanation"\nq1_slowest = "denial"']
            ),
            "typo": _m(['q1_fastest = "apologie"\nq1_slowest = "denial"'], "q1_fastest"),
        },
        "q1_followup_answers": {
            "apology and explanation swapped": _m(
                [
                    'q1_apology_quarters = 4\nq1_silence_quarters = 6\nq1_denial_reason = "B"'
                ],
                "q1_apology_quarters",
            ),
            "lowest trust, not quarters": _m(
                [
                    'q1_apology_quarters = 0.51\nq1_silence_quarters = 0.42\nq1_denial_reason = "B"'
                ],
                "q1_apology_quarters",
                "q1_silence_quarters",
            ),
            "denial wins back nothing": _m(
                [
                    'q1_apology_quarters = 3\nq1_silence_quarters = 6\nq1_denial_reason = "A"'
                ],
                "q1_denial_reason",
            ),
        },
        "q2_estimate": {
            "share seen": _m(
                ["    return kept / seen", "q2_maya_estimate = 7 / 9"],
                "estimate_reliability",
                "q2_maya_estimate",
            ),
            "no brackets": _m(
                ["    return kept + 1 / seen + 2", "q2_maya_estimate = 0.73"],
                "estimate_reliability",
            ),
            "part b by hand, wrong": _m(
                ["    return (kept + 1) / (seen + 2)", "q2_maya_estimate = 8 / 10"],
                "q2_maya_estimate",
            ),
            "a percentage": _m(
                ["    return (kept + 1) / (seen + 2)", "q2_maya_estimate = 73"],
                "q2_maya_estimate",
            ),
        },
        "q3_checking": {
            "check the short records": _m(
                [
                    'q3_asha = "L"\nq3_ben = "C"\nq3_carla = "C"\nq3_dev = "L"\nq3_reason = "B"'
                ],
                "q3_ben",
                "q3_dev",
            ),
            "check the biggest seller": _m(
                [
                    'q3_asha = "C"\nq3_ben = "L"\nq3_carla = "C"\nq3_dev = "L"\nq3_reason = "D"'
                ],
                "q3_asha",
                "q3_dev",
                "q3_reason",
            ),
            "the short record": _m(
                [
                    'q3_asha = "L"\nq3_ben = "L"\nq3_carla = "C"\nq3_dev = "C"\nq3_reason = "A"'
                ],
                "q3_reason",
            ),
            "hours, not labels": _m(
                ['q3_asha = 0\nq3_ben = 0\nq3_carla = 2\nq3_dev = 2\nq3_reason = "B"'],
                "q3_asha",
                "q3_ben",
                "q3_carla",
                "q3_dev",
            ),
        },
        "q4_labels": {
            "rumour as competence": _m(
                [
                    'q4_violations = {1: "C", 2: "I", 3: "C", 4: "C"}\n'
                    'q4_repairs = {1: "apology", 4: "denial"}\n'
                    'q4_labels = {1: "E", 2: "F", 3: "M", 4: "F", 5: "M"}'
                ],
                "q4_violations",
            ),
            "always apologise": _m(
                [
                    'q4_violations = {1: "C", 2: "I", 3: "C", 4: "I"}\n'
                    'q4_repairs = {1: "apology", 4: "apology"}\n'
                    'q4_labels = {1: "E", 2: "F", 3: "M", 4: "F", 5: "M"}'
                ],
                "q4_repairs",
            ),
            "assumption as finding": _m(
                [
                    'q4_violations = {1: "C", 2: "I", 3: "C", 4: "I"}\n'
                    'q4_repairs = {1: "apology", 4: "denial"}\n'
                    'q4_labels = {1: "E", 2: "F", 3: "F", 4: "F", 5: "M"}'
                ],
                "q4_labels",
            ),
        },
    },
    "03_coaching": {
        "q1_predictions": {
            # Any rep and any direction earn the predictions' points: an honest wrong guess is no mistake.
            "the veteran gains most": _m(['q1_most = "Ana"\nq1_ana = "up"']),
            "the middle rep": _m(['q1_most = "Cam"\nq1_ana = "down"']),
            "typo": _m(['q1_most = "Ely"\nq1_ana = "down"'], "q1_most"),
        },
        "q1_followup_answers": {
            "Dee's row": _m(['q1_points = 4\nq1_reason = "C"'], "q1_points"),
            "a share, not points": _m(['q1_points = 0.07\nq1_reason = "C"'], "q1_points"),
            "direction for the new rep": _m(
                ['q1_points = 7\nq1_reason = "B"'], "q1_reason"
            ),
            "learning about customers": _m(['q1_points = 7\nq1_reason = "A"'], "q1_reason"),
        },
        "q2_answers": {
            "no brackets": _m(
                [
                    "q2_gain_2h = 0.25 * 1 - 0.4 * 2 / 2 + 2\nq2_gain_4h = 0.1\nq2_ratio = 1.33"
                ],
                "q2_gain_2h",
            ),
            "twice the hours, twice the gain": _m(
                ["q2_gain_2h = 0.075\nq2_gain_4h = 0.15\nq2_ratio = 2"],
                "q2_gain_4h",
                "q2_ratio",
            ),
            "upside down": _m(
                ["q2_gain_2h = 0.075\nq2_gain_4h = 0.1\nq2_ratio = 0.75"], "q2_ratio"
            ),
        },
        "q3_answer": {
            "stopped early": _m(['door_path = "C B B"'], "door_path"),
            "a letter not offered": _m(['door_path = "C D B A"'], "door_path"),
            "decided for Dee": _m(['door_path = "A"'], "door_path"),
        },
        "q4_plan": {
            "co-sell with every new rep": _m(
                [
                    'q4_ana = "leave"\nq4_bo = "leave"\nq4_cam = "cosell"\nq4_dee = "cosell"\nq4_eli = "cosell"\nq4_reason = "D"'
                ],
                "q4_cam",
            ),
            "co-sell with two new reps": _m(
                [
                    'q4_ana = "leave"\nq4_bo = "leave"\nq4_cam = "co-sell"\nq4_dee = "cosell"\nq4_eli = "coach"\nq4_reason = "D"'
                ],
                "q4_cam",
            ),
            "coach everyone (30 hours)": _m(
                [
                    'q4_ana = "coach"\nq4_bo = "coach"\nq4_cam = "coach"\nq4_dee = "coach"\nq4_eli = "coach"\nq4_reason = "D"'
                ],
                "q4_ana",
            ),
            "co-selling only costs motivation": _m(
                [
                    'q4_ana = "leave"\nq4_bo = "coach"\nq4_cam = "coach"\nq4_dee = "coach"\nq4_eli = "coach"\nq4_reason = "A"'
                ],
                "q4_reason",
            ),
        },
        # Each right label earns its share (partial credit), and the demo counts a test cell's
        # points all or nothing: these mistakes cost every point of their cell.
        "q5_labels": {
            "questions as instructions, instructions as options": _m(
                [
                    'q5_lines = {1: "I", 2: "O", 3: "I", 4: "I", 5: "O"}\n'
                    'q5_rides = {1: "L", 2: "C"}\n'
                    'q5_sources = {1: "E", 2: "F", 3: "M"}'
                ],
                "q5_lines",
            ),
            "the two ride-alongs swapped": _m(
                [
                    'q5_lines = {1: "W", 2: "I", 3: "G", 4: "R", 5: "I"}\n'
                    'q5_rides = {1: "C", 2: "L"}\n'
                    'q5_sources = {1: "E", 2: "F", 3: "M"}'
                ],
                "q5_rides",
            ),
            "every statement mislabelled": _m(
                [
                    'q5_lines = {1: "W", 2: "I", 3: "G", 4: "R", 5: "I"}\n'
                    'q5_rides = {1: "L", 2: "C"}\n'
                    'q5_sources = {1: "M", 2: "E", 3: "F"}'
                ],
                "q5_sources",
            ),
        },
    },
    "04_start_small": {
        "q1_predictions": {
            # Any of the three answers earns the prediction's point: an honest wrong guess is no mistake.
            "bigger deals, more revenue": _m(['q1_revenue = "up"\nq1_risk = "down"']),
            "no change": _m(['q1_revenue = "about the same"\nq1_risk = "about the same"']),
            "typo": _m(['q1_revenue = "dwn"\nq1_risk = "up"'], "q1_revenue"),
        },
        "q1_followup_answers": {
            "the row without the rule, the change as a positive drop": _m(
                ['q1_policy_risk = 37\nq1_revenue_change = 0.31\nq1_reason = "C"'],
                "q1_policy_risk",
                "q1_revenue_change",
            ),
            "a share, not a percentage": _m(
                ['q1_policy_risk = 0.54\nq1_revenue_change = -0.31\nq1_reason = "C"'],
                "q1_policy_risk",
            ),
            "large deals win less at first": _m(
                ['q1_policy_risk = 54\nq1_revenue_change = -0.31\nq1_reason = "A"'],
                "q1_reason",
            ),
        },
        "q2_retention": {
            "new customer counted": _m(
                ["q2_nrr = (60 + 20 + 30 + 0 + 130 + 50) / 200 * 100\nq2_grr = 85"],
                "q2_nrr",
            ),
            "expansion in GRR": _m(["q2_nrr = 120\nq2_grr = 120"], "q2_grr"),
            "shares, not percentages": _m(
                ["q2_nrr = 1.2\nq2_grr = 0.85"], "q2_nrr", "q2_grr"
            ),
        },
        "q3_choice": {
            "all small": _m(['q3_portfolio = "C"\nq3_reason = "A"'], "q3_portfolio"),
            "all large": _m(
                ['q3_portfolio = "A"\nq3_reason = "D"'], "q3_portfolio", "q3_reason"
            ),
        },
        "q4_answers": {
            "flat now, so no room": _m(
                [
                    'q4_account = "Dune"\nq4_one_quarter = "D"\n'
                    'q4_signs = {1: "G", 2: "D", 3: "D", 4: "G", 5: "D"}'
                ],
                "q4_account",
            ),
            "the newest account": _m(
                [
                    'q4_account = "Cobalt"\nq4_one_quarter = "A"\n'
                    'q4_signs = {1: "G", 2: "D", 3: "D", 4: "G", 5: "D"}'
                ],
                "q4_account",
                "q4_one_quarter",
            ),
            # Each right sign earns its share (partial credit), and the demo counts a test cell's
            # points all or nothing: this mistake costs every point of its cell.
            "every sign read backwards": _m(
                [
                    'q4_account = "Brook"\nq4_one_quarter = "D"\n'
                    'q4_signs = {1: "D", 2: "G", 3: "G", 4: "D", 5: "G"}'
                ],
                "q4_signs",
            ),
        },
    },
    "05_pebbles_and_quarters": {
        "q1_predictions": {
            # Any of the words earns the prediction's point: an honest wrong guess is no mistake.
            "the hole is made up later": _m(
                ['q1_next_quarter = "same"\nq1_two_years = "higher"']
            ),
            "typo": _m(
                ['q1_next_quarter = "lowr"\nq1_two_years = "lower"'], "q1_next_quarter"
            ),
        },
        "q1_followup_answers": {
            "quarter 4's gain, not quarter 5's hole": _m(
                ["q1_change = 1.16\nq1_given_away = 0.29"], "q1_change"
            ),
            "difference read as discounts": _m(
                ["q1_change = -1.32\nq1_given_away = 1.16"], "q1_given_away"
            ),
        },
        "q2_shapley": {
            "pilot first only": _m(
                ["q2_pilot_in_order = 0.597 - 0.316\nq2_pilot_credit = 0.496 - 0.280"],
                "q2_pilot_credit",
            ),
            "the wrong rows for the order": _m(
                [
                    "q2_pilot_in_order = 0.536 - 0.338\n"
                    "q2_pilot_credit = (0.216 + 0.216 + 0.198 + 0.281 + 0.258 + 0.258) / 6"
                ],
                "q2_pilot_in_order",
            ),
            "a percentage": _m(
                [
                    "q2_pilot_in_order = 28.1\n"
                    "q2_pilot_credit = (0.216 + 0.216 + 0.198 + 0.281 + 0.258 + 0.258) / 6"
                ],
                "q2_pilot_in_order",
            ),
        },
        "q3_rules": {
            "equal shares feel fair": _m(
                ['q3_closest = "equal"\nq3_starves = "first"\nq3_reason = "D"'],
                "q3_closest",
            ),
            "last touch starves it": _m(
                ['q3_closest = "shapley"\nq3_starves = "last"\nq3_reason = "B"'],
                "q3_starves",
                "q3_reason",
            ),
        },
        "q4_zero_quarter": {
            "chance of winning all three": _m(
                ["q4_zero_quarter = 0.47 ** 3\nq4_year_chance = 1 - (1 - 0.149) ** 4"],
                "q4_zero_quarter",
            ),
            "four times one quarter": _m(
                ["q4_zero_quarter = 0.53 ** 3\nq4_year_chance = 4 * 0.149"],
                "q4_year_chance",
            ),
            "one quarter only": _m(
                ["q4_zero_quarter = 0.149\nq4_year_chance = 0.149"], "q4_year_chance"
            ),
        },
        # Each right label earns its share (partial credit), and the demo counts a test cell's
        # points all or nothing: these mistakes cost every point of their cell.
        "q5_labels": {
            "pricing read as product": _m(
                [
                    'q5_cases = {"A": "product", "B": "pricing"}\n'
                    + 'q5_labels = {1: "E", 2: "F", 3: "M", 4: "E", 5: "M"}'
                ],
                "q5_cases",
            ),
            "every source one step off": _m(
                [
                    'q5_cases = {"A": "pricing", "B": "product"}\n'
                    + 'q5_labels = {1: "F", 2: "M", 3: "E", 4: "F", 5: "E"}'
                ],
                "q5_labels",
            ),
        },
    },
    "06_one_team": {
        "q1_predictions": {
            # Any of the three answers earns the prediction's point: an honest wrong guess is no mistake.
            "more effort, more revenue": _m(['q1_sabotage = "up"\nq1_revenue = "up"']),
            "no change": _m(['q1_sabotage = "about the same"\nq1_revenue = "up"']),
            "typo": _m(['q1_sabotage = "upp"\nq1_revenue = "down"'], "q1_sabotage"),
        },
        "q1_followup_answers": {
            "sign dropped": _m(
                ['q1_undermining_80 = 8.9\nq1_revenue_change = 1.52\nq1_why = "D"'],
                "q1_revenue_change",
            ),
            "read the 50% row": _m(
                ['q1_undermining_80 = 5.3\nq1_revenue_change = -1.52\nq1_why = "D"'],
                "q1_undermining_80",
            ),
            "effort fell": _m(
                ['q1_undermining_80 = 8.9\nq1_revenue_change = -1.52\nq1_why = "A"'],
                "q1_why",
            ),
        },
        "q2_compute": {
            "prize only, no equal part": _m(
                [
                    "q2_pay_one_winner = 0.10 * 40000\nq2_pay_three_winners = 0.35 * 40000 / 3\n"
                    "q2_conflict_cost = 90000 * 0.8 - 90000 * 0.9 * (1 - 0.2 - 0.08)"
                ],
                "q2_pay_one_winner",
                "q2_pay_three_winners",
            ),
            "whole prize to each of three": _m(
                [
                    "q2_pay_one_winner = 5000 + 0.10 * 40000\nq2_pay_three_winners = 5000 + 0.35 * 40000\n"
                    "q2_conflict_cost = 90000 * 0.8 - 90000 * 0.9 * (1 - 0.2 - 0.08)"
                ],
                "q2_pay_three_winners",
            ),
            "price cut only": _m(
                [
                    "q2_pay_one_winner = 9000\nq2_pay_three_winners = 9666.67\nq2_conflict_cost = 9000"
                ],
                "q2_conflict_cost",
            ),
        },
        "q3_choice": {
            "the team pool": _m(['q3_plan = "D"\nq3_reason = "D"'], "q3_plan", "q3_reason"),
            "several winners": _m(['q3_plan = "B"\nq3_reason = "A"'], "q3_plan"),
            "keep today's plan": _m(
                ['q3_plan = "A"\nq3_reason = "C"'], "q3_plan", "q3_reason"
            ),
        },
        "q4_rules_answer": {
            "no registration": _m(
                [
                    'q4_rules = {"direct_only_accounts": ["Acme"], "deal_registration": False, '
                    '"protection_days": 0, "renewal_owner": "partner", "escalation_to": "VP sales", '
                    '"escalation_days": 10}'
                ],
                "q4_rules",
            ),
            "a window shorter than the cycle": _m(
                [
                    'q4_rules = {"direct_only_accounts": ["Acme"], "deal_registration": True, '
                    '"protection_days": 30, "renewal_owner": "direct", "escalation_to": "VP sales", '
                    '"escalation_days": 10}'
                ],
                "q4_rules",
            ),
        },
        "q5_labels_answer": {
            # Each right label earns its share (partial credit); the demo counts a cell's points all or
            # nothing, so these mistakes cost every point of their cell.
            "words for letters": _m(
                [
                    'q5_labels = {1: "Measured", 2: "Assumed", 3: "Measured", 4: "Assumed", 5: "Measured"}'
                ],
                "q5_labels",
            ),
            "one missing": _m(
                ['q5_labels = {1: "M", 2: "A", 3: "M", 4: "A"}'], "q5_labels"
            ),
        },
    },
}

MISTAKES["07_leap_of_faith"] = {
    # No mistakes in the four decisions: every later check reads them, so a wrong letter's effect
    # on the other checks depends on the model, not on a fixed list of names.
    "q1_answer": {},
    "q2_answer": {},
    "q3_answer": {},
    "q4_answer": {},
    "q5_answer": {
        "the last quarter's revenue only": _m(
            [
                "_memo = leap_of_faith.memo_numbers([q1_choice, q2_choice, q3_choice, q4_choice])\n"
                'q5_revenue = 1.0\nq5_margin = _memo["margin"]\nq5_pipeline = _memo["pipeline"] / 1000'
            ],
            "q5_revenue",
        ),
        "margin as a share": _m(
            [
                "_memo = leap_of_faith.memo_numbers([q1_choice, q2_choice, q3_choice, q4_choice])\n"
                'q5_revenue = _memo["revenue"] / 1000\nq5_margin = _memo["margin"] / 100\nq5_pipeline = _memo["pipeline"] / 1000'
            ],
            "q5_margin",
        ),
    },
    "q6_prediction": {
        "any prediction earns its point": _m(['q6_trust = "lower"']),
        "typo": _m(['q6_trust = "hihger"'], "q6_trust"),
    },
    "q6_followup_answer": {
        "the firms watching, not the customers expected": _m(
            ["q6_customers = 12"], "q6_customers"
        ),
    },
    "q7_answers": {
        # Each fails the label check itself (0 points): a valid but wrong label would earn partial
        # credit, which the demo's expected points (all or nothing per check) do not model.
        "module numbers for lessons": _m(
            [
                'q7_lessons = {1: "04", 2: "05", 3: "01", 4: "06"}\n'
                'q7_labels = {1: "M", 2: "E", 3: "F"}'
            ],
            "q7_lessons",
        ),
        "whole words for the labels": _m(
            [
                'q7_lessons = {1: "start small", 2: "pebbles", 3: "coaching", 4: "one team"}\n'
                'q7_labels = {1: "model", 2: "essay", 3: "finding"}'
            ],
            "q7_labels",
        ),
    },
}

# Reflections, by assignment: one is chosen for each trainee who writes one.
REFLECTIONS = {
    "01_leader_not_manager": [
        "My last manager asked for a CRM update on every call. I stopped logging the calls that went badly, "
        "which is the hidden cost of control the module describes. In my first 90 days I will replace the "
        "daily update with one field day a fortnight per rep and check forecast accuracy at day 90.",
        "Close tracking made me feel distrusted. I will trust my veterans more.",
        "I tracked a new hire closely and it helped her ramp up, which fits the model: reviews help those who "
        "do not yet know. I will keep weekly reviews for new hires only and watch their pipeline coverage.",
    ],
    "02_trust": [
        "My last manager promised us the new territory split would not touch our accounts, then it did and "
        "she said nothing. We stopped raising risks in forecast calls, which is what the module says happens "
        "when trust is low. In my first 90 days I will keep a written list of my promises and spend a field "
        "day a fortnight with each rep, and check at day 90 how many slipping deals reps flagged themselves.",
        "Trust matters. I will trust my team and keep my promises.",
        "I apologised once for a missed commission deadline and the team moved on within weeks, as the repair "
        "study found for competence. I wonder whether trust really falls three times faster than it builds.",
    ],
    "03_coaching": [
        "A rep once asked me to approve a 20% discount to close before quarter end. I asked what the customer "
        "had actually said about price, and he realised nobody had: procurement wanted a better number, the "
        "users worried about support. We kept the price and added onboarding. That is GROW's reality before "
        "options. In my first 90 days I will ride along with each new rep twice a month and hold a question "
        "session the same week, and watch their proposal rate at day 90. GROW is a framework, not a finding.",
        "Coaching is important. I will coach my team more and keep my door open.",
        "My manager always told me what to do in deals and I stopped thinking for myself, which is what the "
        "model shows for ownership. I will ask more questions in my one-to-ones every week.",
    ],
    "04_start_small": [
        "The first deal is one team of forty at a bank. In our model a rule against small deals cut average "
        "year-three revenue and raised the chance of missing the floor, and surveys put median net retention "
        "near 100-110%, though firms report those numbers themselves. The risk is land and die: one team and "
        "no champion. Ana will meet two more teams by March; if no second team is in talks by June we stop.",
        "Small deals matter because customers grow. We should keep it.",
        "A $20K deal can grow if other teams adopt it, as Alder did in the exercise. I will ask the rep to "
        "find a champion this quarter and to show me usage each month.",
    ],
    "05_pebbles_and_quarters": [
        "We missed by two deals. My reps win about 47 forecast deals in 100 and each had two deals in the "
        "quarter, so by luck alone a good rep closes nothing in more than one quarter in four. One quarter "
        "is not a trend. I will watch how many deals reach a pilot each month, and billings by product, tier "
        "and segment. I will not push a year-end discount: it pulls next quarter's deals in at a discount and saves few.",
        "The team did not work hard enough. I will ask for more activity reports next quarter.",
        "Two of my reps had zero quarters, which with two deals each happens more than one time in four. "
        "I will show the CEO the base rate and ask to judge reps over a year. I wonder whether our deals "
        "really are independent: one lost reference customer can sink several.",
    ],
    "06_one_team": [
        "Our reseller and one of my reps both quoted the same hospital; the customer took 10% off and asked "
        "who their account manager was. Practitioners describe this cost, though only from practice. I would "
        "make every partner deal registered, protected for 120 days, with the channel director settling "
        "disputes within five days, and count fights each quarter. The lab sabotage finding may not hold for "
        "real salespeople.",
        "Competition is healthy. Reps should fight for deals.",
        "A winner-takes-all contest made two of my reps hide leads from each other, as the lab study of "
        "sabotage found when the prize gap grows. I would pay the top three and credit help.",
    ],
    "07_leap_of_faith": [
        "Next year I will grow Northwind one division at a time. In Q1 the star rep and the CIO write "
        "success criteria for two divisions; the partner implements under our written rules. In our model "
        "the discount to close early booked a little more this year but weakened the reference (a "
        "model result); trust is a willingness to be vulnerable (Mayer et al., high). We give up a quarter's "
        "number and some margin to the partner. By June two divisions live; by September one reference call. "
        "The Bass pull of a reference was fitted to consumer goods: I would test it first.",
        "We should focus on the customer and keep trust. I will make sure the team hits its numbers.",
        "I would not discount: in the module it cost margin. I will go on site more and let the partner help.",
    ],
}
