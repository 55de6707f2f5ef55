# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the demo as an AWX job would: through ansible-runner, with the "Infisical" credential
type (extensions/awx/credential_type.yml) injected the way AWX injects it.

AWX renders the credential type's injectors with the credential's inputs (an input left empty
renders as ""), writes `file` injectors to files in the job's private data directory and passes
`env` injectors as the job's environment. ansible-runner takes that environment from
`env/envvars` in the private data directory. Nothing else is configured: the playbooks rely on
the injected variables alone. The check fails if a playbook fails or if the client secret shows
up anywhere in the job's artifacts (stdout, events).

    check_awx.py COLLECTIONS_PATH WORKDIR    (COLLECTIONS_PATH holds the installed collection)
"""
import glob
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time

import ansible_runner
import jinja2
import jinja2.sandbox
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def render_injectors(credential_type, inputs, private_data_dir):
    """The job environment AWX builds from a credential type and a credential's inputs."""
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    values = {field["id"]: inputs.get(field["id"], "") for field in credential_type["inputs"]["fields"]}
    filenames = {}
    for name, template in sorted(credential_type["injectors"].get("file", {}).items()):
        path = os.path.join(private_data_dir, "credential_%s" % name.split(".", 1)[1])
        with open(path, "w") as handle:
            handle.write(env.from_string(template).render(**values))
        os.chmod(path, 0o600)
        filenames[name.split(".", 1)[1]] = path
    namespace = dict(values, tower={"filename": filenames})
    return {name: env.from_string(template).render(**namespace)
            for name, template in sorted(credential_type["injectors"]["env"].items())}


def start_emulator(work):
    info = os.path.join(work, "emulator.json")
    log = open(os.path.join(work, "emulator.log"), "w")
    process = subprocess.Popen([sys.executable, os.path.join(REPO, "tests", "emulator", "server.py"),
                                "--port", "0", "--info-file", info, "--quiet"], stdout=log, stderr=log)
    for _attempt in range(600):  # wait for the info file, not for a fixed time
        if os.path.exists(info) and os.path.getsize(info):
            with open(info) as handle:
                return process, json.load(handle)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    sys.exit("the emulator did not start; see %s" % log.name)


def main(collections_path, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with open(os.path.join(REPO, "extensions", "awx", "credential_type.yml")) as handle:
        credential_type = yaml.safe_load(handle)
    process, info = start_emulator(work)
    try:
        pdd = os.path.join(work, "job")
        for sub in ("env", "inventory", "project"):
            os.makedirs(os.path.join(pdd, sub))
        for path in sorted(glob.glob(os.path.join(REPO, "demo", "playbooks", "*"))):
            (shutil.copytree if os.path.isdir(path) else shutil.copy)(path, os.path.join(pdd, "project", os.path.basename(path)))
        # The credential, as a user would fill it in for a server reached with Universal Auth.
        inputs = {"url": info["url"], "client_id": info["client_id"], "client_secret": info["client_secret"]}
        envvars = render_injectors(credential_type, inputs, pdd)
        # Not configuration of the job: where the collection is installed (an EE has it built in)
        # and the demo's own inputs (its seeded project and an output directory).
        envvars.update(ANSIBLE_COLLECTIONS_PATH=collections_path, DEMO_PROJECT_ID=info["project_id"],
                       DEMO_OUTPUT=os.path.join(work, "output"))
        os.makedirs(envvars["DEMO_OUTPUT"])
        with open(os.path.join(pdd, "env", "envvars"), "w") as handle:
            yaml.safe_dump(envvars, handle)
        with open(os.path.join(pdd, "inventory", "hosts"), "w") as handle:
            handle.write("localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
        failures = []
        playbooks = sorted(os.path.basename(p) for p in glob.glob(os.path.join(pdd, "project", "[0-9]*.yml")))
        for playbook in playbooks:
            result = ansible_runner.run(private_data_dir=pdd, playbook=playbook, quiet=True)
            print("%s: %s (rc %s)" % (playbook, result.status, result.rc))
            if result.status != "successful" or result.rc != 0:
                failures.append(playbook)
                print(result.stdout.read()[-4000:])
        # What a user sees of a job: its output and its events (AWX shows both). The runner's own
        # record of the process environment (artifacts/<id>/env, command) holds the credential by
        # design, as AWX's job environment does.
        seen = (glob.glob(os.path.join(pdd, "artifacts", "*", "stdout"))
                + glob.glob(os.path.join(pdd, "artifacts", "*", "job_events", "*.json")))
        leaked = [path for path in seen if info["client_secret"].encode() in open(path, "rb").read()]
        if not seen:
            failures.append("no job output found in the artifacts")
        if leaked:
            failures.append("client secret in artifacts: %s" % ", ".join(sorted(leaked)))
        if not playbooks:
            failures.append("no demo playbooks found")
        if failures:
            sys.exit("AWX job check failed: %s" % "; ".join(failures))
        print("AWX job check OK: %d demo playbooks through ansible-runner %s with the injected credential only"
              % (len(playbooks), importlib.metadata.version("ansible-runner")))
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
