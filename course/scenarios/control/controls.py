"""Module 01's controls spec: the sliders the explorer (``course.trainee.widgets.explore``)
builds, read from here and never built inside the model."""

from __future__ import annotations

from course.scenarios.control.model import (
    MAX_CRM_HOURS_PER_WEEK,
    MAX_FIELD_DAYS_PER_MONTH,
    MAX_REVIEWS_PER_MONTH,
)

# What the scenario explorer (course.trainee.widgets.explore) reads: one slider per lever,
# as (parameter, label, minimum, maximum, step, tooltip), and the teams to choose from.
# The tooltip says what the lever means, its unit and its default.
CONTROLS: tuple[tuple[str, str, float, float, float, str], ...] = (
    (
        "reviews_per_month",
        "Pipeline reviews a month",
        0.0,
        MAX_REVIEWS_PER_MONTH,
        1.0,
        "Each rep walks you through their open deals: 1.5 of their hours and 30 of your minutes each "
        "time. Default: 2.",
    ),
    (
        "crm_hours_per_week",
        "CRM hours a week per rep",
        0.0,
        MAX_CRM_HOURS_PER_WEEK,
        0.5,
        "Taken from selling. Records stop deals slipping, hand a leaver's deals over and spare you "
        "forecasting by hand. Default: 3.",
    ),
    (
        "field_days_per_month",
        "Your field days a month",
        0.0,
        MAX_FIELD_DAYS_PER_MONTH,
        0.5,
        "With reps and customers: they coach, lift morale and help close deals; each takes 8 of your "
        "hours from other work. Default: 2.",
    ),
    (
        "hidden_cost",
        "Hidden cost of control (an assumption)",
        0.0,
        0.6,
        0.05,
        "Not a lever: how much close tracking lowers morale, on a 0-1 scale. No study measures it: 0 is "
        "none, 0.6 strong. Default: 0.35.",
    ),
    (
        "leader_hour_value",
        "Value of an hour of your other work, $ (an assumption)",
        0.0,
        3000.0,
        250.0,
        "Not a lever: what an hour of your own deals, hiring and reporting up is worth. "
        "Plausibly $150 to $1,500 (our assumption); higher shows where field days stop paying. Default: 750.",
    ),
)
