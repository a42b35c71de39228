"""Sales Leadership Lab: the package behind the course's notebooks and the ``sales-course`` command.

Each subpackage is named for who runs it, because that is the line security and speed depend on:

- ``course.trainee``: runs inside a trainee's kernel (the checks, the scenario explorer, plotting).
  It imports nothing from ``course.instructor`` or ``course.workshop``.
- ``course.scenarios``: the simulation models, one per module. Pure and seeded; imported by the
  trainee's kernel to explore and by the grader to compute references.
- ``course.instructor``: runs on the instructor's side, never in a trainee's kernel: authoring and
  release, grading in a sandbox, the debrief report, the demo class.
- ``course.workshop``: serves the course to trainees: a local JupyterLab (``sales-course start``)
  or a JupyterHub for a workshop, with its exchange and its test client.
- ``course.cli``: the ``sales-course`` command; it parses arguments and delegates.

docs/ARCHITECTURE.md follows one module from author to trainee to grade to debrief.
"""

__version__ = "0.1.0"
