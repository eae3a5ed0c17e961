"""The people of the load test with faults (`python -m bench.faults` runs it).

Each simulated person is one of the accounts bench/faults.py signed up, with its session,
on one of the two app servers: they start an assessment, rate it step by step, submit,
read the report, share it, ask another person for a second opinion, and give the second
opinions asked of them (the links come from the SMTP sink's mailbox). Every write the app
acknowledges (2xx or 3xx) is appended to acks.jsonl, and every request to requests.jsonl,
for bench/faults.py to check against the database and to split by phase.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
import zlib
from pathlib import Path

from locust import HttpUser, between, events, task

from bench.faults_mail import links_to

OUT = Path(os.environ["FAULTS_OUT"])
PEOPLE = json.loads((OUT / "people.json").read_text())
HOSTS = os.environ["FAULTS_HOSTS"].split(",")
MAILDIR = os.environ["FAULTS_MAILDIR"]
_next_person = itertools.count()

RUNG = re.compile(r'name="rung" value="(\d+)"')
LEVEL = re.compile(r'name="(skill-\d+)"')
STEP = re.compile(r'name="step" value="(\d+)"')
REVIEW_LINK = re.compile(r"https?://[^/\s]+(/reviews/[A-Za-z0-9_-]{20,}/)")
ASSESSMENT = re.compile(r"^/assessments/([0-9a-f-]{36})/")
TITLE = re.compile(r"<title>([^<]*)</title>")
MAX_STEPS = 30
# Each person may ask this many second opinions a day (reviews.services.DAILY_INVITATIONS);
# past it, the app rightly refuses, so a person who has asked that many stops asking.
DAILY_INVITATIONS = 20

_requests = (OUT / "requests.jsonl").open("a", buffering=1)
_acks = (OUT / "acks.jsonl").open("a", buffering=1)


@events.request.add_listener
def _log_request(request_type, name, response_time, response_length, response, exception, **kw):
    status = getattr(response, "status_code", 0) if response is not None else 0
    line = {"t": time.time(), "name": name, "ms": response_time, "status": status}
    if 400 <= status < 500:  # a refused step: say which page refused it
        found = TITLE.search(response.text)
        line["title"] = found.group(1).strip() if found else ""
    _requests.write(json.dumps(line) + "\n")


def _ack(**fields) -> None:
    _acks.write(json.dumps(fields) + "\n")


def level_for(email_address: str, skill_key: str) -> int:
    """The same level every time one person rates one skill, so a resumed draft agrees."""
    return zlib.crc32(f"{email_address}:{skill_key}".encode()) % 6


class Person(HttpUser):
    wait_time = between(0.2, 1.0)
    host = HOSTS[0]

    def on_start(self) -> None:
        n = next(_next_person)
        self.me = PEOPLE[n % len(PEOPLE)]
        self.others = [p for p in PEOPLE if p["email"] != self.me["email"]]
        self.base = HOSTS[n % len(HOSTS)]
        # Each person from an address of their own, as the proxy reports it (the servers
        # trust one proxy), so the per-IP limits count per person as in real life.
        self.address = f"10.1.{n // 250}.{n % 250 + 1}"
        self.cookies = dict(self.me["cookies"])
        self.reviews_done: set[str] = set()
        self.invitations = 0

    # --- HTTP with the app's Secure cookies sent over plain HTTP, as the proxy would ------

    def _send(self, method: str, path: str, name: str, data: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        headers["X-Forwarded-For"] = self.address
        if data is not None:
            data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
            headers["Referer"] = self.base + path
        self.client.cookies.clear()
        response = self.client.request(
            method, self.base + path, data=data, headers=headers, name=name, allow_redirects=False
        )
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        return response

    def get(self, path: str, name: str):
        return self._send("GET", path, name)

    def post(self, path: str, name: str, data: dict):
        return self._send("POST", path, name, data)

    # --- the journey ------------------------------------------------------------------

    @task
    def journey(self) -> None:
        self.give_second_opinions()
        public_id = self.start_assessment()
        if public_id is None:
            return
        if not self.rate_and_submit(public_id):
            return
        self.get(f"/assessments/{public_id}/report/", "report")
        if random.random() < 0.5:
            response = self.post(f"/assessments/{public_id}/shares/", "share", {"days": "7"})
            if response.status_code in (200, 302):
                _ack(kind="share", assessment=public_id)
        if self.invitations >= DAILY_INVITATIONS:
            return
        self.invitations += 1
        reviewer = random.choice(self.others)
        response = self.post(
            f"/assessments/{public_id}/reviews/", "ask review", {"email": reviewer["email"]}
        )
        if response.status_code == 302:
            _ack(kind="request", assessment=public_id, reviewer=reviewer["email"])

    def start_assessment(self) -> str | None:
        page = self.get("/assessments/new/", "new assessment")
        rungs = RUNG.findall(page.text)
        if page.status_code != 200 or not rungs:
            return None
        response = self.post("/assessments/new/", "start", {"rung": random.choice(rungs)})
        found = ASSESSMENT.match(_location(response))
        return found.group(1) if found else None

    def rate_and_submit(self, public_id: str) -> bool:
        """Rate every step, then submit from the review step."""
        path = f"/assessments/{public_id}/"
        target = path
        for _ in range(MAX_STEPS):
            page = self.get(target, "rating step")
            if page.status_code != 200:
                return False
            step = STEP.search(page.text)
            keys = sorted(set(LEVEL.findall(page.text)))
            step_number = step.group(1) if step else "1"
            if not keys:
                response = self.post(path, "submit", {"action": "submit", "step": step_number})
                if response.status_code == 302 and "/report/" in _location(response):
                    _ack(kind="submission", assessment=public_id)
                    return True
                return False
            levels = {key: str(level_for(self.me["email"], key)) for key in keys}
            data = {**levels, "action": "next", "step": step_number}
            response = self.post(path, "save step", data)
            if response.status_code != 302:
                return False
            for key, level in levels.items():
                _ack(kind="rating", assessment=public_id, skill=int(key[6:]), level=int(level))
            target = _location(response)
        return False

    def give_second_opinions(self) -> None:
        for link in links_to(MAILDIR, self.me["email"], REVIEW_LINK):
            if link in self.reviews_done:
                continue
            self.reviews_done.add(link)
            accepted = self.post(link, "accept review", {"action": "accept", "name": "Reviewer"})
            if accepted.status_code != 302:
                continue
            self.rate_review(link)

    def rate_review(self, link: str) -> None:
        target = link
        for _ in range(MAX_STEPS):
            page = self.get(target, "review step")
            if page.status_code != 200:
                return
            step = STEP.search(page.text)
            keys = sorted(set(LEVEL.findall(page.text)))
            step_number = step.group(1) if step else "1"
            if not keys:
                response = self.post(
                    link, "submit review", {"action": "submit", "step": step_number}
                )
                if response.status_code == 302:
                    _ack(kind="review", link=link, reviewer=self.me["email"])
                return
            data = {key: "3" for key in keys} | {"action": "next", "step": step_number}
            response = self.post(link, "review save step", data)
            if response.status_code != 302:
                return
            target = _location(response)


def _location(response) -> str:
    location = response.headers.get("Location", "")
    return re.sub(r"^https?://[^/]+", "", location)
