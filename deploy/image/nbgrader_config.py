"""nbgrader settings of the workshop image (/etc/jupyter/nbgrader_config.py).

Every pod mounts the same exchange volume at /srv/nbgrader/exchange (deploy/config.yaml).
"""

c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "sales-leadership-lab"
c.Exchange.root = "/srv/nbgrader/exchange"
# Submissions and feedback closed to other trainees when each has their own uid
# (deploy/config.yaml gives one) and the volume supports POSIX ACLs.
c.ExchangeFactory.submit = "course.workshop.exchange.PrivateSubmit"
c.ExchangeFactory.release_feedback = "course.workshop.exchange.PrivateReleaseFeedback"
# The instructor's collect treats every inbound entry as hostile: links, special files, names
# that do not parse, entries without a secret or in another trainee's name are skipped, each
# noted for its trainee (course/workshop/inbound.py); the class is collected.
c.ExchangeFactory.collect = "course.workshop.exchange.OwnerCheckedCollect"
# As in the course's own nbgrader_config.py: a busy hub is slower than a laptop.
c.Execute.timeout = 60
