"""The instructor's grading run: every submission autograded, feedback, grades CSV.

``sales-course grade`` calls :func:`grade`. The grading itself is nbgrader's: each
submission goes through ``Autograde`` and ``GenerateFeedback`` (nbgrader's Python API,
the same code as ``nbgrader autograde`` and ``nbgrader generate_feedback``). What this
module adds is speed and safety:

- Submissions are graded in parallel worker processes (one per core, plus one). nbgrader's
  SQLite gradebook takes one writer at a time, so each worker grades in its own
  scratch course (config, source folder and a snapshot of the gradebook taken after
  the assignment was synced). The main process then merges each result into the
  course, one at a time: the autograded and feedback folders, and through
  :class:`nbgrader.api.Gradebook` exactly the fields autograde writes (the
  submission's timestamp, each notebook's late penalty, each grade's ``auto_score``
  and ``needs_manual_grade``, each comment's ``auto_comment``). Manual scores the
  instructor gave in formgrader are never touched.
- A submission whose files did not change since it was graded is skipped, so a
  second run changes nothing and a late submission is graded on its own. Editing
  the assignment's instructor notebooks (new hidden tests, say) grades it all again.
- A submission nbgrader cannot grade (a broken notebook, say) is recorded as failed
  with a reason; the rest of the batch goes on.

No test cell runs in a trainee's kernel: autograde's kernel step empties every test cell, the
kernel runs the trainee's cells and sends its answers as plain data, and a trusted judge that
never ran trainee code scores every test (:mod:`course.instructor.grading.judged`; what this
defends is in docs/GRADING_SECURITY.md). Feedback shows no hidden test.

Submissions are untrusted code. Each kernel runs in :mod:`course.instructor.sandbox` (its own
unprivileged user id when grading runs as root, its own working folder, OS limits on
memory, processes, CPU and file size, output capped per cell, a wall-clock limit per
submission), and the answer cells are read (never run) for code that could change how
the tests judge them. Every submission ends with one result (see :data:`STATUSES`) and
the reasons an instructor needs, in the summary, ``.sales-course/grading-state.json``
and the debrief report.
"""

from course.instructor.grading.coursedir import db_url, folder_of, nbgrader_config
from course.instructor.grading.gradebook import (
    GRADES_CSV,
    REPORTS_FOLDER,
    export_csv,
    gradebook_grades,
    merge,
)
from course.instructor.grading.results import STATUSES, Outcome, Summary
from course.instructor.grading.run import default_workers, grade
from course.instructor.grading.submissions import (
    STATE_FILE,
    STATE_FOLDER,
    Refused,
    Submission,
    copy_submission,
    find_submissions,
    folder_digest,
    scan,
)
from course.instructor.grading.worker import check_notebooks

__all__ = [
    "GRADES_CSV",
    "REPORTS_FOLDER",
    "STATE_FILE",
    "STATE_FOLDER",
    "STATUSES",
    "Outcome",
    "Refused",
    "Submission",
    "Summary",
    "check_notebooks",
    "copy_submission",
    "db_url",
    "default_workers",
    "export_csv",
    "find_submissions",
    "folder_digest",
    "folder_of",
    "grade",
    "gradebook_grades",
    "merge",
    "nbgrader_config",
    "scan",
]
