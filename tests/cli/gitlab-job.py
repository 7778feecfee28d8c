#!/usr/bin/env python3
"""Run one job of a .gitlab-ci.yml here, as GitLab's runner runs it in its
container, for the test of the recipe in docs/examples: the CI_* variables
of a branch or merge-request pipeline, the job's variables, its rules, the
checkout (a clone of --remote at the pipeline's commit with GIT_DEPTH), its
cache (a directory of saved paths by key), before_script and script lines in
one bash with `set -eo pipefail`, and a check that its artifacts exist.

Lines starting with one of the --skip prefixes are not run (the
container's package installation, done on this machine beforehand): they
are printed to standard output as "skipped: LINE" for the test to check.

Exit status: the job's (0 success, else the failing line's), 3 when the job
uses something this runner cannot do, 4 when its rules exclude it.
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml


class Unsupported(Exception):
    pass


def expand(text, env):
    return re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: env.get(m.group(1), ""), text)


def rule_matches(cond, env):
    """$VAR == "text", $VAR != "text", $VAR == $OTHER: what the recipe uses."""
    m = re.fullmatch(r'\s*(\$\w+|"[^"]*")\s*(==|!=)\s*(\$\w+|"[^"]*")\s*', cond)
    if not m:
        raise Unsupported(f"rule not understood here: {cond!r}")

    def value(t):
        return env.get(t[1:]) if t.startswith("$") else t[1:-1]
    a, b = value(m.group(1)), value(m.group(3))
    return (a == b) if m.group(2) == "==" else (a != b)


def git(ws, *args):
    subprocess.run(["git", "-C", ws, *args], check=True, stdin=subprocess.DEVNULL)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--file", required=True)
    p.add_argument("--job", required=True)
    p.add_argument("--remote", required=True)
    p.add_argument("--workspace", required=True)
    p.add_argument("--sha", required=True)
    p.add_argument("--branch", default="", help="a branch pipeline of BRANCH")
    p.add_argument("--mr", default="", help="IID:SOURCE:TARGET, a merge-request pipeline")
    p.add_argument("--cache", required=True)
    p.add_argument("--api", required=True)
    p.add_argument("--var", action="append", default=[], help="K=V, a CI/CD variable")
    p.add_argument("--skip", action="append", default=[])
    a = p.parse_args()

    with open(a.file, encoding="utf-8") as f:
        job = yaml.safe_load(f)[a.job]
    for key in job:
        if key not in ("image", "variables", "cache", "before_script", "script",
                       "artifacts", "rules"):
            raise Unsupported(f"job key {key!r} is not known here")

    env = dict(os.environ)
    env.update({
        "CI": "true", "GITLAB_CI": "true", "CI_PROJECT_DIR": a.workspace,
        "CI_BUILDS_DIR": os.path.dirname(a.workspace), "CI_PROJECT_ID": "42",
        "CI_PROJECT_PATH": "octo/project", "CI_SERVER_HOST": "gitlab.invalid",
        "CI_SERVER_URL": "https://gitlab.invalid", "CI_API_V4_URL": a.api,
        "CI_COMMIT_SHA": a.sha, "CI_DEFAULT_BRANCH": "main", "CI_JOB_ID": "77",
        "CI_JOB_URL": "https://gitlab.invalid/octo/project/-/jobs/77",
        "CI_PIPELINE_ID": "9",
    })
    if a.mr:
        iid, source, target = a.mr.split(":")
        env.update({"CI_PIPELINE_SOURCE": "merge_request_event",
                    "CI_MERGE_REQUEST_IID": iid,
                    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": source,
                    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": target})
        branch = source
    else:
        env.update({"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": a.branch})
        branch = a.branch
    # The project's CI/CD variables win over those of the file, as in GitLab.
    for k, v in (job.get("variables") or {}).items():
        env[k] = expand(str(v), env)
    env.update(dict(v.split("=", 1) for v in a.var))

    rules = job.get("rules")
    if rules is not None and not any(rule_matches(r["if"], env) for r in rules):
        print("the job's rules exclude this pipeline")
        return 4

    # The checkout: the pipeline's branch, at its commit, detached.
    ws = a.workspace
    depth = int(env.get("GIT_DEPTH", "20") or "0")
    os.makedirs(ws, exist_ok=True)
    git(ws, "init", "-q")
    git(ws, "remote", "add", "origin", a.remote)
    fetch = ["fetch", "-q", "--no-tags", "origin", f"+refs/heads/{branch}:refs/remotes/origin/{branch}"]
    if depth:
        fetch.insert(2, f"--depth={depth}")
    git(ws, *fetch)
    git(ws, "checkout", "-q", "-f", "--detach", a.sha)

    cache = job.get("cache")
    entry = paths = None
    if cache:
        entry = os.path.join(a.cache, expand(cache["key"], env))
        paths = cache["paths"]
        for path in paths:
            src = os.path.join(entry, path.rstrip("/"))
            if os.path.exists(src):
                shutil.copytree(src, os.path.join(ws, path.rstrip("/")), symlinks=True)
                print(f"restored cache {path}", flush=True)

    lines = []
    for line in (job.get("before_script") or []) + job["script"]:
        if any(line.startswith(s) for s in a.skip):
            print(f"skipped: {line}", flush=True)
            continue
        lines.append(f"echo {shlex.quote('$ ' + line)}\n{line}\n")
    script = tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False)
    script.write("set -eo pipefail\nset +o noclobber\n" + "".join(lines))
    script.close()
    code = subprocess.call(["bash", "--noprofile", "--norc", script.name], cwd=ws,
                           env=env, stdin=subprocess.DEVNULL)
    os.unlink(script.name)

    if cache and code == 0:
        os.makedirs(a.cache, exist_ok=True)
        part = tempfile.mkdtemp(prefix=".saving.", dir=a.cache)
        for path in paths:
            src = os.path.join(ws, path.rstrip("/"))
            if os.path.exists(src):
                shutil.copytree(src, os.path.join(part, path.rstrip("/")), symlinks=True)
        old = entry + ".old"
        shutil.rmtree(old, ignore_errors=True)
        if os.path.exists(entry):
            os.rename(entry, old)
        os.rename(part, entry)
        shutil.rmtree(old, ignore_errors=True)
        print("saved cache", flush=True)
    artifacts = job.get("artifacts") or {}
    if artifacts and (code == 0 or artifacts.get("when") == "always"):
        for path in artifacts.get("paths", []):
            if not os.path.exists(os.path.join(ws, path)):
                print(f"WARNING: {path}: no matching files", flush=True)
                code = code or 5
    print(f"gitlab-job: job {a.job}: exit {code}", flush=True)
    return code


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Unsupported as e:
        print(f"gitlab-job: {e}", file=sys.stderr)
        sys.exit(3)
