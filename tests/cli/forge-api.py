#!/usr/bin/env python3
"""A stand-in for the parts of GitHub's and GitLab's REST APIs that the CI
script uses, on 127.0.0.1, for the tests: the comments of an issue or pull
request, and the notes of a merge request, listed a page at a time with
Link headers, created and updated, behind a token.

    forge-api.py DIR [--token T] [--seconds N]

It serves under any path prefix (GitHub Enterprise's /api/v3, GitLab's
/api/v4). It reads, at every request, so that a test may change them
between two jobs:
  DIR/state.json   the threads, {"<thread path>": [{"id", "body"}, ...]},
                   written after every change;
  DIR/config.json  how to misbehave: {"read_only_token": "R"} (a token that
                   may read and not write, as a fork's), {"fail": {"POST":
                   502}} (answer every POST so), {"link_host": "HOST:PORT"}
                   (the server that Link headers name).
DIR/requests.log gets one JSON line per request: method, path, query,
auth (ok, read-only, bad, none) and the body. Once it listens it prints
"port N" on standard output. It stops after --seconds (default 300) if no
one stops it before.
"""
import argparse
import json
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

GITHUB_LIST = re.compile(r"^(?P<prefix>.*)(?P<thread>/repos/[^/]+/[^/]+/issues/\d+)/comments$")
GITHUB_ONE = re.compile(r"^(?P<prefix>.*)/repos/(?P<repo>[^/]+/[^/]+)/issues/comments/(?P<id>\d+)$")
GITLAB_LIST = re.compile(r"^(?P<prefix>.*)(?P<thread>/projects/[^/]+/merge_requests/\d+)/notes$")
GITLAB_ONE = re.compile(r"^(?P<prefix>.*)(?P<thread>/projects/[^/]+/merge_requests/\d+)/notes/(?P<id>\d+)$")


def load(path, default):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return default


class State:
    def __init__(self, d):
        self.path = os.path.join(d, "state.json")
        self.log = os.path.join(d, "requests.log")
        self.threads = load(self.path, {})
        self.config = load(os.path.join(d, "config.json"), {})
        ids = [c["id"] for t in self.threads.values() for c in t]
        self.next_id = max(ids + [1000]) + 1

    def save(self):
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.threads, f, indent=1)
        os.replace(tmp, self.path)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def auth(self, config):
        got = self.headers.get("PRIVATE-TOKEN")
        if got is None:
            h = self.headers.get("Authorization", "")
            m = re.match(r"^(?:Bearer|token) (.+)$", h)
            got = m.group(1) if m else None
        if got is None:
            return "none"
        if got == self.server.opts.token:
            return "ok"
        if got == config.get("read_only_token"):
            return "read-only"
        return "bad"

    def handle_any(self, method):
        st = State(self.server.opts.dir)
        fail = st.config.get("fail", {})
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = {"unreadable": raw.decode("utf-8", "replace")}
        auth = self.auth(st.config)
        with open(st.log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"method": method, "path": url.path, "query": query,
                                "auth": auth, "body": body}) + "\n")
        if auth in ("none", "bad"):
            return self.reply(401, {"message": "Bad credentials"})
        if method in fail:
            return self.reply(fail[method], {"message": f"stand-in failure for {method}"})
        if method != "GET" and auth == "read-only":
            return self.reply(403, {"message": "Resource not accessible by integration"})
        m = GITHUB_LIST.match(url.path) or GITLAB_LIST.match(url.path)
        if m:
            thread = st.threads.setdefault(m.group("thread"), [])
            if method == "GET":
                return self.page(st, thread, url.path, query)
            if method == "POST":
                if not isinstance(body, dict) or not isinstance(body.get("body"), str):
                    return self.reply(422, {"message": "body is missing"})
                item = {"id": st.next_id, "body": body["body"]}
                st.next_id += 1
                thread.append(item)
                st.save()
                return self.reply(201, item)
        m = GITHUB_ONE.match(url.path)
        if m and method == "PATCH":
            for t, items in st.threads.items():
                if t.startswith(f"/repos/{m.group('repo')}/"):
                    for item in items:
                        if item["id"] == int(m.group("id")):
                            return self.update(st, item, body)
            return self.reply(404, {"message": "Not Found"})
        m = GITLAB_ONE.match(url.path)
        if m and method == "PUT":
            for item in st.threads.get(m.group("thread"), []):
                if item["id"] == int(m.group("id")):
                    return self.update(st, item, body)
            return self.reply(404, {"message": "404 Not found"})
        return self.reply(404, {"message": "Not Found"})

    def update(self, st, item, body):
        if not isinstance(body, dict) or not isinstance(body.get("body"), str):
            return self.reply(422, {"message": "body is missing"})
        item["body"] = body["body"]
        st.save()
        return self.reply(200, item)

    def page(self, st, thread, path, query):
        per = min(int(query.get("per_page", "30")), 100)
        page = max(int(query.get("page", "1")), 1)
        items = thread[(page - 1) * per: page * per]
        headers = []
        if page * per < len(thread):
            q = dict(query, page=str(page + 1), per_page=str(per))
            host = st.config.get("link_host") or self.headers["Host"]
            nxt = f"http://{host}{path}?" + "&".join(f"{k}={v}" for k, v in q.items())
            headers.append(("Link", f'<{nxt}>; rel="next"'))
        return self.reply(200, items, headers)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_PUT(self):
        self.handle_any("PUT")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--token", default="test-token")
    p.add_argument("--seconds", type=float, default=300)
    o = p.parse_args()
    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.opts = o
    timer = threading.Timer(o.seconds, server.shutdown)
    timer.daemon = True
    timer.start()
    print(f"port {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
