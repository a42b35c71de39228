"""The instructor's side: never imported by a trainee's kernel.

- ``authoring``: release ``assignments/`` from ``solutions/`` and check the course.
- ``grading``: grade a cohort's submissions, each kernel in its own sandbox (``sandbox``), the grade
  from a trusted judge that never runs trainee code (``grading.judge``).
- ``report``: the class debrief in HTML, from the gradebook.
- ``demo``: a synthetic class graded and reported end to end.
"""
