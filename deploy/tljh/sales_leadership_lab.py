"""The Littlest JupyterHub: formgrader for Sales Leadership Lab as a hub-managed service,
per-trainee passwords and per-trainee limits.

Copy to /opt/tljh/config/jupyterhub_config.d/ and run `sudo tljh-config reload`
(docs/WORKSHOPS.md, "The Littlest JupyterHub"). As in nbgrader's demos and in
`sales-course hub`: the service is named after the course, runs as the grading account
in the course folder, and only the instructors' group may open it.

TLJH loads this file after its own settings (tljh.configurer.apply_config, from
tljh-config): every list here is added to what TLJH set (its idle culler stays), and
the limits fill in only what tljh-config left unset.
"""

import json
from pathlib import Path

COURSE_ID = "sales-leadership-lab"
GRADER = "jupyter-grader"  # an OS account; TLJH names its users jupyter-<hub name>
COURSE_DIR = f"/home/{GRADER}/{COURSE_ID}"
INSTRUCTORS = ["instructor"]  # hub names of the instructors

c = get_config()  # noqa: F821

c.JupyterHub.load_groups.update({f"formgrade-{COURSE_ID}": {"users": INSTRUCTORS}})
c.JupyterHub.load_roles.extend(
    [
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
)
# Appended: TLJH's own services (its idle culler) stay.
c.JupyterHub.services.append(
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
    }
)

# Servers ready before the class: `python -m course.workshop.prestart` (docs/WORKSHOPS.md)
# starts the roster's servers through the REST API, a few at a time, with this service's token
# (`openssl rand -hex 32 | sudo tee /opt/tljh/config/workshop-prestart.token`, mode 600).
PRESTART_TOKEN = Path("/opt/tljh/config/workshop-prestart.token")
if PRESTART_TOKEN.exists():
    c.JupyterHub.services.append(
        {"name": "workshop-prestart", "api_token": PRESTART_TOKEN.read_text().strip()}
    )
    c.JupyterHub.load_roles.append(
        {
            "name": "workshop-prestart",
            "services": ["workshop-prestart"],
            # Start, stop and read servers: no admin:users (no making, renaming or deleting users).
            "scopes": ["servers", "read:servers", "read:users:name"],
        }
    )

# Each trainee's own password (docs/WORKSHOPS.md, "Credentials"): when the instructor issued
# them with `python -m course.workshop.auth`, the hub checks the hashes in this root-only file
# and slows wrong tries; the roster's names are the allowed users.
PASSWORDS = Path("/opt/tljh/config/workshop-passwords.json")
if PASSWORDS.exists():
    c.JupyterHub.authenticator_class = "course.workshop.auth.RosterAuthenticator"
    c.RosterAuthenticator.password_file = str(PASSWORDS)
    roster = set(json.loads(PASSWORDS.read_text()))
    c.Authenticator.allowed_users = set(c.Authenticator.get("allowed_users", set())) | roster

# Limits per trainee: each server is a systemd unit (TLJH's SystemdSpawner). Memory and CPU
# come from `tljh-config set limits.memory / limits.cpu`; these defaults fill in if unset.
if c.Spawner.get("mem_limit") is None:
    c.Spawner.mem_limit = "1G"
if c.Spawner.get("cpu_limit") is None:
    c.Spawner.cpu_limit = 1.0
c.SystemdSpawner.isolate_tmp = True  # PrivateTmp: a /tmp of their own, gone with the server
c.SystemdSpawner.isolate_devices = True  # PrivateDevices: no raw devices
c.SystemdSpawner.unit_extra_properties = {
    "TasksMax": "256",  # processes and threads: a fork bomb stops here
    "MemorySwapMax": "0",  # no swapping round the memory limit
    "LimitFSIZE": "512M",  # the largest file a trainee may write
    "LimitCORE": "0",
}
