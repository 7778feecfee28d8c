#!/usr/bin/env python3
"""Run one job of a GitHub Actions workflow here, as GitHub's runner does,
for the tests of the Action and of the recipe in docs/examples.

What the runner does and these tests need: the GITHUB_* variables, the event
payload file, GITHUB_OUTPUT, GITHUB_PATH, GITHUB_ENV and GITHUB_STEP_SUMMARY
files per step, `${{ }}` expressions and `if:` conditions, `bash` as GitHub
starts it, composite actions (inputs with defaults, outputs evaluated when
the steps end, failed or not), and, in place of GitHub's services:
actions/checkout (a clone of --remote at the event's ref, with fetch-depth),
actions/cache/restore and actions/cache/save (a directory of saved paths by
key), actions/upload-artifact and actions/download-artifact (a directory
of artifacts by name, shared by the jobs of a test as by a workflow run
and the workflow_run job after it). Anything else it is asked to run is an error, so that a workflow
cannot pass here by using what this runner does not know.

Exit status: 0 when the job succeeded, 1 when a step failed, 3 when the
workflow uses something this runner cannot do.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml


class Unsupported(Exception):
    pass


# ------------------------------------------------------------ expressions

TOKEN = re.compile(r"""\s*(?:
    (?P<str>'(?:[^']|'')*')
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<op>==|!=|&&|\|\||!|\(|\)|,)
  | (?P<id>[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_*-]+)*)
)""", re.X)


def tokenize(text):
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise Unsupported(f"expression not understood here: {text!r}")
        pos = m.end()
        out.append((m.lastgroup, m.group(m.lastgroup)))
    return out


def to_str(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return json.dumps(v)
    return str(v)


def truthy(v):
    return v not in (None, False, "", 0)


def equal(a, b):
    """== as GitHub has it for what these workflows compare: text without
    regard to case, anything else by value."""
    if isinstance(a, str) or isinstance(b, str):
        return to_str(a).lower() == to_str(b).lower()
    return a == b


class Expr:
    """A recursive-descent reader of the expressions the tests' workflows
    use: literals, context properties, ==, !=, &&, ||, !, parentheses and
    the status functions."""

    def __init__(self, ctx, status):
        self.ctx, self.status = ctx, status

    def eval(self, text):
        self.toks, self.i = tokenize(text), 0
        v = self.or_()
        if self.i != len(self.toks):
            raise Unsupported(f"expression not understood here: {text!r}")
        return v

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, value=None):
        kind, v = self.peek()
        if value is not None and v != value:
            raise Unsupported(f"expected {value!r}, found {v!r}")
        self.i += 1
        return kind, v

    def or_(self):
        v = self.and_()
        while self.peek()[1] == "||":
            self.take()
            w = self.and_()
            v = v if truthy(v) else w
        return v

    def and_(self):
        v = self.cmp()
        while self.peek()[1] == "&&":
            self.take()
            w = self.cmp()
            v = w if truthy(v) else v
        return v

    def cmp(self):
        v = self.unary()
        while self.peek()[1] in ("==", "!="):
            op = self.take()[1]
            w = self.unary()
            v = equal(v, w) if op == "==" else not equal(v, w)
        return v

    def unary(self):
        if self.peek()[1] == "!":
            self.take()
            return not truthy(self.unary())
        return self.atom()

    def atom(self):
        kind, v = self.take()
        if v == "(":
            r = self.or_()
            self.take(")")
            return r
        if kind == "str":
            return v[1:-1].replace("''", "'")
        if kind == "num":
            return float(v)
        if kind == "id":
            if v in ("true", "false"):
                return v == "true"
            if v == "null":
                return None
            if self.peek()[1] == "(":
                self.take("(")
                self.take(")")
                return self.call(v)
            return self.lookup(v)
        raise Unsupported(f"unexpected {v!r} in an expression")

    def call(self, name):
        if name == "success":
            return self.status == "success"
        if name == "failure":
            return self.status == "failure"
        if name == "always":
            return True
        if name == "cancelled":
            return False
        raise Unsupported(f"function {name}() is not known here")

    def lookup(self, path):
        parts = path.split(".")
        if parts[0] not in self.ctx:
            raise Unsupported(f"context {parts[0]!r} is not known here")
        v = self.ctx
        for p in parts:
            if isinstance(v, dict):
                v = next((v[k] for k in v if k.lower() == p.lower()), None)
            else:
                return None
        return v


def interpolate(value, ctx, status="success"):
    """${{ }} in a string; other YAML values as their text."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        value = to_str(value)
    if not isinstance(value, str):
        raise Unsupported(f"a value of type {type(value).__name__} where text is needed")
    out, pos = [], 0
    for m in re.finditer(r"\$\{\{(.*?)\}\}", value, re.S):
        out.append(value[pos:m.start()])
        out.append(to_str(Expr(ctx, status).eval(m.group(1))))
        pos = m.end()
    out.append(value[pos:])
    return "".join(out)


def condition(text, ctx, status):
    if text is None:
        return status == "success"
    if isinstance(text, bool):
        return text
    text = str(text).strip()
    m = re.fullmatch(r"\$\{\{(.*)\}\}", text, re.S)
    if m:
        text = m.group(1)
    e = Expr(ctx, status)
    result = truthy(e.eval(text))
    # As GitHub does: a condition without a status function has success()
    # in front of it.
    if not re.search(r"\b(success|failure|always|cancelled)\s*\(", text):
        result = result and status == "success"
    return result


# ---------------------------------------------------------------- runner

def read_file_commands(path):
    """name=value and name<<DELIMITER lines of GITHUB_OUTPUT and GITHUB_ENV."""
    values = {}
    if not os.path.exists(path):
        return values
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        m = re.match(r"^([^=<]+)<<(.+)$", line)
        if m:
            name, delim, body = m.group(1), m.group(2), []
            while i < len(lines) and lines[i] != delim:
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise Unsupported(f"{path}: {name}: no closing delimiter {delim!r}")
            i += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise Unsupported(f"{path}: cannot read the line {line!r}")
    return values


class Runner:
    def __init__(self, a):
        self.a = a
        self.payload = json.load(open(a.payload, encoding="utf-8"))
        self.actions = dict(x.split("=", 1) for x in a.action)
        self.path_extra = []
        self.env_extra = {}
        self.step_no = 0
        self.files = tempfile.mkdtemp(prefix="gha-files.", dir=a.temp)
        self.results = {}
        open(a.summary, "a").close()

    # The github context and the variables GitHub sets for every step.
    def github(self, action_path=None):
        a, p = self.a, self.payload
        g = {
            "event_name": a.event, "event": p, "event_path": a.payload,
            "ref": a.ref, "sha": a.sha, "repository": a.repository,
            "repository_owner": a.repository.split("/")[0],
            "workspace": a.workspace, "token": a.token, "api_url": a.api,
            "server_url": a.server, "run_id": "4242", "run_number": "7",
            "run_attempt": "1", "job": a.job, "actor": "octocat",
            "base_ref": "", "head_ref": "", "ref_name": a.ref.split("/")[-1],
            "action_path": action_path or "",
        }
        if "pull_request" in p:
            g["base_ref"] = p["pull_request"]["base"]["ref"]
            g["head_ref"] = p["pull_request"]["head"]["ref"]
        return g

    def base_env(self):
        a = self.a
        env = dict(os.environ)
        env["PATH"] = ":".join(list(reversed(self.path_extra)) + [os.environ["PATH"]])
        g = self.github()
        env.update({
            "CI": "true", "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": a.event, "GITHUB_EVENT_PATH": a.payload,
            "GITHUB_REPOSITORY": a.repository, "GITHUB_REF": a.ref,
            "GITHUB_REF_NAME": g["ref_name"], "GITHUB_SHA": a.sha,
            "GITHUB_WORKSPACE": a.workspace, "GITHUB_API_URL": a.api,
            "GITHUB_SERVER_URL": a.server, "GITHUB_RUN_ID": g["run_id"],
            "GITHUB_JOB": a.job, "GITHUB_BASE_REF": g["base_ref"],
            "GITHUB_HEAD_REF": g["head_ref"], "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64", "RUNNER_TEMP": a.temp,
        })
        env.update(self.env_extra)
        return env

    def context(self, steps, inputs=None, env=None, action_path=None):
        ctx = {
            "github": self.github(action_path), "runner":
                {"os": "Linux", "arch": "X64", "temp": self.a.temp},
            "steps": steps, "env": env or {}, "secrets": {"GITHUB_TOKEN": self.a.token},
        }
        if inputs is not None:
            ctx["inputs"] = inputs
        return ctx

    def run_steps(self, steps, ctx_of, env, action_path=None):
        """The steps in order: after a failure only those whose condition
        asks for it. Returns (status, steps context)."""
        status, ctxsteps = "success", {}
        for n, step in enumerate(steps):
            sid = step.get("id") or f"__step{n}"
            ctx = ctx_of(ctxsteps)
            if not condition(step.get("if"), ctx, status):
                ctxsteps[sid] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
                continue
            outcome, outputs = self.run_step(step, ctx, env, action_path)
            ctxsteps[sid] = {"outputs": outputs, "outcome": outcome, "conclusion": outcome}
            if outcome == "failure":
                status = "failure"
        return status, ctxsteps

    def run_step(self, step, ctx, env, action_path):
        name = step.get("name") or step.get("uses") or step.get("run", "").split("\n")[0]
        print(f"::group::{name}", flush=True)
        try:
            if "uses" in step:
                return self.uses(step, ctx, env)
            return self.run(step, ctx, env, action_path)
        finally:
            print("::endgroup::", flush=True)

    def step_files(self):
        self.step_no += 1
        names = {}
        for k in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_ENV"):
            names[k] = os.path.join(self.files, f"{self.step_no}-{k.lower()}")
            open(names[k], "w").close()
        return names

    def run(self, step, ctx, env, action_path):
        step_env = self.base_env()
        step_env.update(env)
        for k, v in (step.get("env") or {}).items():
            step_env[k] = interpolate(v, ctx)
        if action_path:
            step_env["GITHUB_ACTION_PATH"] = action_path
        files = self.step_files()
        step_env.update(files)
        shell = step.get("shell")
        if shell is None and action_path:
            raise Unsupported("a composite action's run step needs shell:")
        if shell is None:
            argv = ["bash", "-e"]
        elif shell == "bash":
            argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
        elif shell == "sh":
            argv = ["sh", "-e"]
        else:
            raise Unsupported(f"shell {shell!r} is not known here")
        script = os.path.join(self.files, f"{self.step_no}-script")
        with open(script, "w", encoding="utf-8") as f:
            f.write(interpolate(step["run"], ctx))
        cwd = self.a.workspace
        if step.get("working-directory"):
            cwd = os.path.join(cwd, interpolate(step["working-directory"], ctx))
        code = subprocess.call(argv + [script], cwd=cwd, env=step_env,
                               stdin=subprocess.DEVNULL)
        self.after(files)
        if code:
            print(f"##[error]Process completed with exit code {code}.", flush=True)
        return ("failure" if code else "success"), read_file_commands(files["GITHUB_OUTPUT"])

    def after(self, files):
        with open(files["GITHUB_STEP_SUMMARY"], encoding="utf-8") as f, \
                open(self.a.summary, "a", encoding="utf-8") as out:
            out.write(f.read())
        with open(files["GITHUB_PATH"], encoding="utf-8") as f:
            self.path_extra += [line for line in f.read().split("\n") if line]
        self.env_extra.update(read_file_commands(files["GITHUB_ENV"]))

    def uses(self, step, ctx, env):
        uses = step["uses"]
        inputs = {k: interpolate(v, ctx) for k, v in (step.get("with") or {}).items()}
        if uses in self.actions:
            return self.composite(self.actions[uses], inputs, ctx, env, step)
        base = uses.split("@")[0]
        if base == "actions/checkout":
            return self.checkout(inputs)
        if base in ("actions/cache/restore", "actions/cache/save"):
            return self.cache(base.rsplit("/", 1)[1], inputs)
        if base in ("actions/upload-artifact", "actions/download-artifact"):
            return self.artifact(base.rsplit("/", 1)[1], inputs)
        raise Unsupported(f"uses: {uses} is not known here")

    def composite(self, path, given, ctx, env, step):
        with open(os.path.join(path, "action.yml"), encoding="utf-8") as f:
            action = yaml.safe_load(f)
        if action["runs"]["using"] != "composite":
            raise Unsupported("only composite actions run here")
        declared = action.get("inputs") or {}
        for k in given:
            if k not in declared:
                raise Unsupported(f"{step['uses']} has no input {k!r}")
        outer = self.context(ctx["steps"])
        inputs = {}
        for k, spec in declared.items():
            inputs[k] = given[k] if k in given else interpolate(spec.get("default", ""), outer)
        cenv = dict(env)
        for k, v in (step.get("env") or {}).items():
            cenv[k] = interpolate(v, ctx)
        status, steps = self.run_steps(
            action["runs"]["steps"],
            lambda s: self.context(s, inputs, cenv, path), cenv, path)
        outctx = self.context(steps, inputs, cenv, path)
        outputs = {k: interpolate(spec.get("value", ""), outctx)
                   for k, spec in (action.get("outputs") or {}).items()}
        return status, outputs

    def git(self, *args):
        subprocess.run(["git", "-C", self.a.workspace, *args], check=True,
                       stdin=subprocess.DEVNULL)

    def checkout(self, inputs):
        """As actions/checkout@v4: the event's ref, detached for a pull
        request's merge ref; every branch and tag with fetch-depth 0."""
        a = self.a
        depth = int(inputs.get("fetch-depth", "1") or "0")
        os.makedirs(a.workspace, exist_ok=True)
        self.git("init", "-q")
        self.git("remote", "add", "origin", a.remote)
        if a.ref.startswith("refs/pull/"):
            local = "refs/remotes/pull/" + a.ref[len("refs/pull/"):]
        else:
            local = "refs/remotes/origin/" + a.ref[len("refs/heads/"):]
        if depth == 0:
            self.git("fetch", "-q", "--prune", "--no-recurse-submodules", "origin",
                     "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*")
            self.git("fetch", "-q", "origin", f"+{a.ref}:{local}")
        else:
            self.git("fetch", "-q", "--no-tags", f"--depth={depth}", "origin",
                     f"+{a.ref}:{local}")
        if a.ref.startswith("refs/heads/"):
            self.git("checkout", "-q", "--force", "-B", a.ref[len("refs/heads/"):], local)
        else:
            self.git("checkout", "-q", "--force", "--detach", local)
        return "success", {}

    def cache(self, verb, inputs):
        key = inputs["key"]
        if "/" in key or key.startswith("."):
            raise Unsupported(f"a cache key this runner cannot store: {key!r}")
        paths = [p for p in inputs["path"].split("\n") if p.strip()]
        if len(paths) != 1:
            raise Unsupported("one cache path only here")
        path, entry = paths[0], os.path.join(self.a.cache, key)
        if verb == "restore":
            if not os.path.isdir(entry):
                return "success", {"cache-hit": "false"}
            shutil.rmtree(path, ignore_errors=True)
            shutil.copytree(entry, path, symlinks=True)
            return "success", {"cache-hit": "true", "cache-primary-key": key,
                               "cache-matched-key": key}
        if os.path.isdir(entry):
            print(f"Cache entry {key} exists already: not saved", flush=True)
            return "success", {}
        os.makedirs(self.a.cache, exist_ok=True)
        part = tempfile.mkdtemp(prefix=".saving.", dir=self.a.cache)
        shutil.copytree(path, os.path.join(part, "d"), symlinks=True)
        try:
            os.rename(os.path.join(part, "d"), entry)
        except OSError:
            pass  # saved meanwhile by another job: entries are immutable
        shutil.rmtree(part, ignore_errors=True)
        return "success", {}

    def artifact(self, verb, inputs):
        """upload-artifact@v4: one directory, by name; download-artifact@v4
        of a name into path (the workspace by default)."""
        name = inputs.get("name") or "artifact"
        if "/" in name or name.startswith(".") or not self.a.artifacts:
            raise Unsupported(f"an artifact this runner cannot keep: {name!r}")
        entry = os.path.join(self.a.artifacts, name)
        if verb == "upload-artifact":
            path = inputs["path"].strip()
            if "\n" in path or not os.path.isdir(path):
                if inputs.get("if-no-files-found", "warn") == "error":
                    return "failure", {}
                print(f"No files were found with the path: {path}", flush=True)
                return "success", {}
            shutil.rmtree(entry, ignore_errors=True)
            shutil.copytree(path, entry, symlinks=False)
            return "success", {"artifact-id": "1"}
        if not os.path.isdir(entry):
            print(f"##[error]Unable to download artifact(s): {name} not found", flush=True)
            return "failure", {}
        dest = inputs.get("path") or self.a.workspace
        os.makedirs(dest, exist_ok=True)
        shutil.copytree(entry, dest, dirs_exist_ok=True)
        return "success", {"download-path": dest}

    def job(self):
        with open(self.a.workflow, encoding="utf-8") as f:
            wf = yaml.safe_load(f)
        job = wf["jobs"][self.a.job]
        env = {k: str(v) for k, v in (wf.get("env") or {}).items()}
        env.update({k: str(v) for k, v in (job.get("env") or {}).items()})
        if not condition(job.get("if"), self.context({}), "success"):
            return "skipped", {}
        status, steps = self.run_steps(job["steps"], lambda s: self.context(s, None, env), env)
        return status, steps


def main():
    p = argparse.ArgumentParser()
    for opt in ("workflow", "job", "event", "payload", "ref", "sha", "repository",
                "remote", "workspace", "temp", "cache", "api", "token", "summary",
                "result"):
        p.add_argument("--" + opt, required=opt not in ("token",), default="")
    p.add_argument("--server", default="https://github.com")
    p.add_argument("--artifacts", default="",
                   help="the directory of the workflow run's artifacts")
    p.add_argument("--action", action="append", default=[],
                   help="uses=DIR: the local composite action that uses names")
    a = p.parse_args()
    try:
        status, steps = Runner(a).job()
    except Unsupported as e:
        print(f"gha-runner: {e}", file=sys.stderr)
        return 3
    with open(a.result, "w", encoding="utf-8") as f:
        json.dump({"status": status, "steps": steps}, f, indent=1)
    print(f"gha-runner: job {a.job}: {status}", flush=True)
    return 0 if status in ("success", "skipped") else 1


if __name__ == "__main__":
    sys.exit(main())
