"""One module per scenario, all shaped alike: ``Params``, ``simulate``, ``CONTROLS``.

- ``control``: module 01, a team under a manager's tracking and field time.
- ``template``: the shape to copy for a new scenario (no module uses it).
"""
