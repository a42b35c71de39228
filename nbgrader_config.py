"""nbgrader's configuration for Sales Leadership Lab.

Instructor notebooks live in solutions/ (nbgrader's source directory); the trainee
notebooks that ``sales-course release`` generates from them live in assignments/
(nbgrader's release directory). Everything else nbgrader writes here (submitted/,
autograded/, feedback/, gradebook.db) is runtime data, ignored by git.
"""

c = get_config()  # noqa: F821  (nbgrader provides get_config)

c.CourseDirectory.course_id = "sales-leadership-lab"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "assignments"

# An answer region becomes an empty line, not nbgrader's `raise NotImplementedError()`:
# each answer cell already shows what to replace (`None`, "?"), and the checks then
# say "this answer is still empty" instead of showing a traceback.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Every cell gets 60 s: module cells take well under a second, but a workshop hub
# under load is slower than a laptop (nbgrader's default is 30 s).
c.Execute.timeout = 60
# Feedback and graded notebooks show the static plot, not a dead widget.
c.Execute.store_widget_state = False

# Feedback shows no hidden test, and says "Not graded yet" for a reflection no one has graded
# rather than 0 points (course/instructor/grading/feedback.py). Where the course package is not
# installed (a trainee's own nbgrader, say), feedback stays nbgrader's own.
try:
    from course.instructor.grading.feedback import configure as _feedback

    _feedback(c)
except ImportError:
    pass
