#!/usr/bin/env python3
"""Runs the `run:` steps of a composite action.yml as a GitHub runner would,
without a runner: for tests (tests/cli/t0650-ci.sh).

usage: action-run.py ACTION_DIR [NAME=VALUE]...   (NAME an input of the action)

Each step's `${{ ... }}` expressions are evaluated from the inputs (given or
default), the outputs of earlier steps and `github.action_path`; any other
expression is an error, so an action that grows a new one fails the test
until this runner understands it. `uses:` steps are reported and skipped
(there is no cache service here). A step runs as `bash --noprofile --norc
-eo pipefail FILE`, the runner's command for `shell: bash`, with
GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_PATH and RUNNER_TEMP set. A step
that fails stops the run; the exit status is that step's.
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def main():
    action_dir = os.path.abspath(sys.argv[1])
    with open(os.path.join(action_dir, "action.yml")) as f:
        action = yaml.safe_load(f)
    inputs = {k: str(v.get("default", "")) for k, v in action.get("inputs", {}).items()}
    for arg in sys.argv[2:]:
        name, _, value = arg.partition("=")
        if name not in inputs:
            sys.exit(f"action-run: '{name}' is not an input of the action")
        inputs[name] = value
    assert action["runs"]["using"] == "composite", "not a composite action"
    outputs = {}

    def value(expr):
        m = re.fullmatch(r"inputs\.([\w-]+)", expr)
        if m:
            return inputs[m.group(1)]
        m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if m:
            return outputs.get(m.group(1), {}).get(m.group(2), "")
        if expr == "github.action_path":
            return action_dir
        m = re.fullmatch(r"inputs\.([\w-]+) == '([^']*)'", expr)
        if m:
            return "true" if inputs[m.group(1)] == m.group(2) else "false"
        sys.exit(f"action-run: expression '{expr}' is not understood")

    def subst(s):
        return EXPR.sub(lambda m: value(m.group(1)), str(s))

    tmp = tempfile.mkdtemp(prefix="action-run.")
    for i, step in enumerate(action["runs"]["steps"]):
        name = subst(step.get("name", f"step {i}"))
        cond = step.get("if")
        if cond is not None and value(EXPR.sub(lambda m: m.group(1), str(cond)).strip()) != "true":
            print(f"action-run: skip '{name}' (if: {cond})", flush=True)
            continue
        if "uses" in step:
            print(f"action-run: skip '{name}' (uses: {step['uses']})", flush=True)
            continue
        assert step.get("shell") == "bash", f"step '{name}': shell must be bash"
        assert "${{" not in step["run"], f"step '{name}': an expression inside run: (use env:)"
        env = dict(os.environ)
        for k, v in (step.get("env") or {}).items():
            env[k] = subst(v)
        out = os.path.join(tmp, f"output.{i}")
        open(out, "w").close()
        env.update(GITHUB_ACTION_PATH=action_dir, GITHUB_OUTPUT=out,
                   GITHUB_PATH=os.path.join(tmp, "path"), RUNNER_TEMP=tmp)
        script = os.path.join(tmp, f"step.{i}.sh")
        with open(script, "w") as f:
            f.write(step["run"])
        cwd = subst(step.get("working-directory", "."))
        print(f"action-run: run '{name}'", flush=True)
        rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], env=env, cwd=cwd)
        if rc:
            print(f"action-run: '{name}' exited {rc}", flush=True)
            sys.exit(rc)
        if "id" in step:
            outputs[step["id"]] = dict(line.rstrip("\n").split("=", 1) for line in open(out) if "=" in line)
    sys.exit(0)


main()
