"""One module per scenario, all shaped alike: ``Params``, ``simulate``, ``CONTROLS``.

- ``control``: module 01, a team under a manager's tracking and field time.
- ``trust``: module 02, trust between a leader and each rep: built, spent, lost, repaired (split: model and view).
- ``start_small``: module 04, small first deals and large deals: land, expand, churn, and the spread.
- ``pebbles``: module 05, credit for enterprise wins, the quarter-end push and monthly billings.
- ``one_team``: module 06, reps' pay plans (contests, help and undermining) and a partner channel's rules.
- ``template``: the shape to copy for a new scenario (no module uses it): a model apart from its view.
- ``robustness``: not a scenario; the run that measures how much of each model's plausible space
  its lessons hold in (``python -m course.scenarios.robustness 01``).

Their assumptions tables share ``course.trainee.assumptions``.
"""
