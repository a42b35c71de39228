"""nbgrader settings for every server on The Littlest JupyterHub.

Copy to /opt/tljh/user/etc/jupyter/nbgrader_config.py (docs/WORKSHOPS.md).
"""

c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "sales-leadership-lab"
c.Exchange.root = "/srv/nbgrader/exchange"
# Submissions and feedback closed to other trainees (needs the Debian/Ubuntu package acl).
c.ExchangeFactory.submit = "course.workshop.exchange.PrivateSubmit"
c.ExchangeFactory.release_feedback = "course.workshop.exchange.PrivateReleaseFeedback"
# The instructor's collect treats every inbound entry as hostile: links, special files, names
# that do not parse, entries without a secret or in another trainee's name are skipped, each
# noted for its trainee (course/workshop/inbound.py); the class is collected.
c.ExchangeFactory.collect = "course.workshop.exchange.OwnerCheckedCollect"
c.Execute.timeout = 60
