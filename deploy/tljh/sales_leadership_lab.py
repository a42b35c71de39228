"""The Littlest JupyterHub: formgrader for Sales Leadership Lab as a hub-managed service.

Copy to /opt/tljh/config/jupyterhub_config.d/ and run `sudo tljh-config reload`
(docs/WORKSHOPS.md, "The Littlest JupyterHub"). As in nbgrader's demos and in
`sales-course hub`: the service is named after the course, runs as the grading account
in the course folder, and only the instructors' group may open it.
"""

from pathlib import Path

COURSE_ID = "sales-leadership-lab"
GRADER = "jupyter-grader"  # an OS account; TLJH names its users jupyter-<hub name>
COURSE_DIR = f"/home/{GRADER}/{COURSE_ID}"
INSTRUCTORS = ["instructor"]  # hub names of the instructors

c = get_config()  # noqa: F821

c.JupyterHub.load_groups = {f"formgrade-{COURSE_ID}": {"users": INSTRUCTORS}}
c.JupyterHub.load_roles = [
    {
        "name": f"formgrade-{COURSE_ID}",
        "groups": [f"formgrade-{COURSE_ID}"],
        "scopes": [
            f"access:services!service={COURSE_ID}",
            "list:services",
            f"read:services!service={COURSE_ID}",
        ],
    },
]
c.JupyterHub.services = [
    {
        "name": COURSE_ID,
        "url": "http://127.0.0.1:9999",
        "command": ["/opt/tljh/user/bin/jupyterhub-singleuser"],
        "user": GRADER,
        "cwd": COURSE_DIR,
        "environment": {
            "PATH": "/opt/tljh/user/bin:/usr/local/bin:/usr/bin:/bin",
            # formgrader and the authoring tools on (trainees have them off).
            "JUPYTER_CONFIG_PATH": "/opt/tljh/config/instructor",
            # formgrader opens as its own page: JupyterHub's CSP (frame-ancestors 'none')
            # leaves JupyterLab's formgrader panel blank, a top-level page is not affected.
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
        },
        "oauth_no_confirm": True,
    },
]

# Servers ready before the class: `python -m course.workshop.prestart` (docs/WORKSHOPS.md)
# starts the roster's servers through the REST API, a few at a time, with this service's token
# (`openssl rand -hex 32 | sudo tee /opt/tljh/config/workshop-prestart.token`, mode 600).
PRESTART_TOKEN = Path("/opt/tljh/config/workshop-prestart.token")
if PRESTART_TOKEN.exists():
    c.JupyterHub.services.append({"name": "workshop-prestart", "api_token": PRESTART_TOKEN.read_text().strip()})
    c.JupyterHub.load_roles.append(
        {
            "name": "workshop-prestart",
            "services": ["workshop-prestart"],
            "scopes": ["servers", "read:servers", "read:users:name", "admin:users"],
        }
    )
