#!/usr/bin/env python3
"""A lending-library environment for apigen-mt, over the environment protocol.

Python 3.9+ standard library only. It owns a reference state (members, books, loans), hands out
isolated episodes (fresh copies of it), runs the agent's tool calls on them, reports each
episode's state as a hash plus a diff, samples task contexts for the generator, and checks the
library's rules over a whole action sequence.

    python3 server.py --port 7100

The protocol: https://github.com/ (this repository) docs/environment-protocol.md
"""

import argparse
import copy
import hashlib
import json
import random
import sys
import threading
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TODAY = date(2025, 3, 10)  # the library's "now", stated in the policy
LOAN_DAYS = 14
MAX_LOANS = 3
FINE_LIMIT = Decimal("5.00")
LATE_FEE_PER_DAY = Decimal("0.25")
IDLE_SECONDS = 600

POLICY = f"""# Lending library policy

You are the lending library's assistant. Today is {TODAY.isoformat()}.

- Authenticate the member first: find their user id by email (find_user_id_by_email), or take the
  user id they give and read their record (get_user_details). Help only that one member.
- Before any change (borrow, return, renew, pay a fine), state exactly what you will do and get
  an explicit "yes".
- A member may have at most {MAX_LOANS} active loans.
- A member who owes more than ${FINE_LIMIT} in fines may not borrow until the fines are paid
  down to ${FINE_LIMIT} or less.
- A loan lasts {LOAN_DAYS} days. It may be renewed once, and not when it is already overdue.
- A book returned late costs ${LATE_FEE_PER_DAY} per day; the fee is added to the member's fines.
- Make one tool call at a time. Transfer to a human agent only when the request is outside
  these rules.
"""

PERSONAS = [
    "A retired teacher who reads a lot and likes to chat.",
    "A busy student who writes short messages.",
    "A polite parent borrowing books for the children.",
    "A careful reader who double-checks every date.",
]

FIRST = ["Ada", "Bruno", "Chloe", "Dev", "Elif", "Farah", "Goran", "Hana", "Ivo", "June", "Kofi", "Lena"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Patel", "Yilmaz", "Haddad", "Novak", "Sato", "Reyes", "Berg"]
TITLES = ["The Quiet Orchard", "Rivers of Salt", "A Map of Small Hours", "The Glass Engineer",
          "Letters from Tallinn", "Night Trains", "The Lantern Keeper", "Seven Bridges",
          "Paper Moons", "The Last Cartographer", "Winter Algebra", "The Copper Garden",
          "Harbour Songs", "An Atlas of Wind", "The Patient Fox", "Stone and Thread"]
AUTHORS = ["M. Adeyemi", "L. Fontaine", "K. Ishikawa", "R. Castillo", "S. Varga", "T. Moreno"]


def money(d):
    return str(d.quantize(Decimal("0.01")))


def reference_state(seed=7):
    """The library every episode starts from: deterministic, so every copy hashes the same."""
    rng = random.Random(seed)
    books = {}
    for i, title in enumerate(TITLES):
        copies = rng.randint(1, 3)
        books[f"B{100 + i}"] = {"book_id": f"B{100 + i}", "title": title, "author": rng.choice(AUTHORS),
                                "copies_total": copies, "copies_available": copies}
    members, loans = {}, {}
    for i in range(24):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        user_id = f"{first.lower()}_{last.lower()}_{1000 + i}"
        fines = Decimal(rng.choice([0, 0, 0, 150, 275, 600, 825])) / 100
        members[user_id] = {"user_id": user_id, "name": {"first_name": first, "last_name": last},
                            "email": f"{first.lower()}.{last.lower()}{i}@example.org",
                            "fines": money(fines), "loans": []}
        for _ in range(rng.randint(0, 2)):
            free = [b for b in books.values() if b["copies_available"] > 0]
            if not free:
                break
            book = rng.choice(free)
            book["copies_available"] -= 1
            loan_id = f"L{len(loans) + 1:04d}"
            due = TODAY + timedelta(days=rng.randint(-6, 12))
            loans[loan_id] = {"loan_id": loan_id, "user_id": user_id, "book_id": book["book_id"],
                              "due_date": due.isoformat(), "renewals": rng.choice([0, 0, 1]), "status": "active"}
            members[user_id]["loans"].append(loan_id)
    return {"members": members, "books": books, "loans": loans}


# ---- tools --------------------------------------------------------------------------------

class ToolError(Exception):
    """A failure the agent can act on: answered as {"error": true, "observation": message}."""


def schema(properties, required):
    return {"type": "object", "properties": properties, "required": required}


STRING = {"type": "string"}
TOOLS = [
    {"name": "find_user_id_by_email", "description": "Find a member's user id by their email address.",
     "parameters": schema({"email": STRING}, ["email"])},
    {"name": "get_user_details", "description": "A member's record: name, email, fines and loan ids.",
     "parameters": schema({"user_id": STRING}, ["user_id"])},
    {"name": "get_book_details", "description": "A book: title, author and copies available.",
     "parameters": schema({"book_id": STRING}, ["book_id"])},
    {"name": "get_loan_details", "description": "A loan: book, due date, renewals and status.",
     "parameters": schema({"loan_id": STRING}, ["loan_id"])},
    {"name": "search_books", "description": "Books whose title or author contains the query (case-insensitive).",
     "parameters": schema({"query": STRING}, ["query"])},
    {"name": "borrow_book", "description": f"Lend a copy of a book to the member for {LOAN_DAYS} days.",
     "parameters": schema({"user_id": STRING, "book_id": STRING}, ["user_id", "book_id"])},
    {"name": "return_book", "description": "Take a loaned book back; a late return adds its fee to the fines.",
     "parameters": schema({"user_id": STRING, "loan_id": STRING}, ["user_id", "loan_id"])},
    {"name": "renew_loan", "description": f"Extend an active loan by {LOAN_DAYS} days.",
     "parameters": schema({"user_id": STRING, "loan_id": STRING}, ["user_id", "loan_id"])},
    {"name": "pay_fine", "description": "Record a payment towards the member's fines, in dollars, e.g. \"2.50\".",
     "parameters": schema({"user_id": STRING, "amount": STRING}, ["user_id", "amount"])},
    {"name": "transfer_to_human_agents", "description": "Hand the conversation to a human librarian.",
     "parameters": schema({"summary": STRING}, ["summary"])},
]
WRITE_TOOLS = ["borrow_book", "return_book", "renew_loan", "pay_fine"]
TERMINATING_TOOLS = ["transfer_to_human_agents"]


def member(state, user_id):
    if user_id not in state["members"]:
        raise ToolError(f"member not found: {user_id}")
    return state["members"][user_id]


def book(state, book_id):
    if book_id not in state["books"]:
        raise ToolError(f"book not found: {book_id}")
    return state["books"][book_id]


def own_loan(state, user_id, loan_id):
    member(state, user_id)
    loan = state["loans"].get(loan_id)
    if loan is None or loan["user_id"] != user_id:
        raise ToolError(f"loan {loan_id} is not a loan of {user_id}")
    if loan["status"] != "active":
        raise ToolError(f"loan {loan_id} is already returned")
    return loan


def run_tool(state, name, args):
    """Runs one call on an episode's state; returns the observation text or raises ToolError."""
    spec = next((t for t in TOOLS if t["name"] == name), None)
    if spec is None:
        raise ToolError(f"unknown tool: {name}")
    for field in spec["parameters"]["required"]:
        if not isinstance(args.get(field), str):
            raise ToolError(f"{name} needs the string argument '{field}'")
    if name == "find_user_id_by_email":
        for m in state["members"].values():
            if m["email"].lower() == args["email"].strip().lower():
                return m["user_id"]
        raise ToolError("no member with that email")
    if name == "get_user_details":
        return json.dumps(member(state, args["user_id"]))
    if name == "get_book_details":
        return json.dumps(book(state, args["book_id"]))
    if name == "get_loan_details":
        if args["loan_id"] not in state["loans"]:
            raise ToolError(f"loan not found: {args['loan_id']}")
        return json.dumps(state["loans"][args["loan_id"]])
    if name == "search_books":
        q = args["query"].lower()
        return json.dumps([b for b in state["books"].values() if q in b["title"].lower() or q in b["author"].lower()])
    if name == "borrow_book":
        m, b = member(state, args["user_id"]), book(state, args["book_id"])
        if b["copies_available"] < 1:
            raise ToolError(f"no copy of {b['book_id']} is available")
        b["copies_available"] -= 1
        loan_id = f"L{len(state['loans']) + 1:04d}"  # from the state alone: replays give the same id
        due = (TODAY + timedelta(days=LOAN_DAYS)).isoformat()
        state["loans"][loan_id] = {"loan_id": loan_id, "user_id": m["user_id"], "book_id": b["book_id"],
                                   "due_date": due, "renewals": 0, "status": "active"}
        m["loans"].append(loan_id)
        return json.dumps({"loan_id": loan_id, "due_date": due})
    if name == "return_book":
        loan = own_loan(state, args["user_id"], args["loan_id"])
        loan["status"] = "returned"
        state["books"][loan["book_id"]]["copies_available"] += 1
        late = max(0, (TODAY - date.fromisoformat(loan["due_date"])).days)
        fee = LATE_FEE_PER_DAY * late
        m = member(state, args["user_id"])
        m["fines"] = money(Decimal(m["fines"]) + fee)
        return json.dumps({"loan_id": loan["loan_id"], "late_fee": money(fee), "fines": m["fines"]})
    if name == "renew_loan":
        loan = own_loan(state, args["user_id"], args["loan_id"])
        due = date.fromisoformat(loan["due_date"]) + timedelta(days=LOAN_DAYS)
        loan["due_date"], loan["renewals"] = due.isoformat(), loan["renewals"] + 1
        return json.dumps({"loan_id": loan["loan_id"], "due_date": loan["due_date"]})
    if name == "pay_fine":
        m = member(state, args["user_id"])
        try:
            amount = Decimal(args["amount"])
        except ArithmeticError:
            raise ToolError(f"not an amount: {args['amount']}")
        if amount <= 0 or amount > Decimal(m["fines"]):
            raise ToolError(f"the amount must be more than 0 and at most the fines ({m['fines']})")
        m["fines"] = money(Decimal(m["fines"]) - amount)
        return json.dumps({"fines": m["fines"]})
    return "Transferred to a human librarian."  # transfer_to_human_agents


# ---- state: hash and diff -----------------------------------------------------------------

def state_hash(state):
    """Equal states, equal hashes: SHA-256 of the canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def diff(before, after, path=""):
    """Leaf-level changes from one state to another: [{"path", "before", "after"}]."""
    if isinstance(before, dict) and isinstance(after, dict):
        changes = []
        for key in sorted(set(before) | set(after)):
            changes += diff(before.get(key), after.get(key), f"{path}/{key}" if path else key)
        return changes
    return [] if before == after else [{"path": path, "before": before, "after": after}]


# ---- policy -------------------------------------------------------------------------------

def policy_violations(reference, actions):
    """The library's rules over a whole action sequence, replayed on a fresh copy."""
    state, users, found = copy.deepcopy(reference), set(), []
    for i, action in enumerate(actions):
        name, args = action.get("name"), action.get("arguments") or {}
        if name not in WRITE_TOOLS:
            continue
        users.add(args.get("user_id"))
        m = state["members"].get(args.get("user_id"))
        loan = state["loans"].get(args.get("loan_id", ""))
        if m is not None and name == "borrow_book":
            active = [l for l in m["loans"] if state["loans"][l]["status"] == "active"]
            if len(active) >= MAX_LOANS:
                found.append({"rule": "too_many_loans", "message": f"action {i + 1}: {m['user_id']} already has {len(active)} active loans"})
            if Decimal(m["fines"]) > FINE_LIMIT:
                found.append({"rule": "unpaid_fines", "message": f"action {i + 1}: {m['user_id']} owes {m['fines']} and may not borrow"})
        if loan is not None and name == "renew_loan":
            if loan["renewals"] >= 1:
                found.append({"rule": "renewal_limit", "message": f"action {i + 1}: loan {loan['loan_id']} was renewed already"})
            if date.fromisoformat(loan["due_date"]) < TODAY:
                found.append({"rule": "overdue_renewal", "message": f"action {i + 1}: loan {loan['loan_id']} is overdue"})
        try:
            run_tool(state, name, args)
        except ToolError:
            pass  # a failing action is the execution check's business, not a rule
    if len(users) > 1:
        found.append({"rule": "multiple_users", "message": "the actions touch more than one member: " + ", ".join(sorted(map(str, users)))})
    return found


# ---- context ------------------------------------------------------------------------------

def candidate_actions(reference, state, m):
    """Write actions that would succeed for this member now (on loans they had before the task)."""
    user_id, out = m["user_id"], []
    active = [state["loans"][l] for l in m["loans"] if l in reference["loans"] and state["loans"][l]["status"] == "active"]
    for loan in active:
        out.append({"name": "return_book", "arguments": {"user_id": user_id, "loan_id": loan["loan_id"]}})
        out.append({"name": "renew_loan", "arguments": {"user_id": user_id, "loan_id": loan["loan_id"]}})
    for b in state["books"].values():
        if b["copies_available"] > 0:
            out.append({"name": "borrow_book", "arguments": {"user_id": user_id, "book_id": b["book_id"]}})
    if Decimal(m["fines"]) > 0:
        out.append({"name": "pay_fine", "arguments": {"user_id": user_id, "amount": m["fines"]}})
    return out


def sample_context(reference, seed):
    """For a seed: a member, their records, and a 1-2 step walk that executes and keeps the rules."""
    rng = random.Random(seed)
    user_id = rng.choice(sorted(reference["members"]))
    state, walk, outputs = copy.deepcopy(reference), [], []
    for _ in range(rng.choice([1, 1, 2])):
        options = candidate_actions(reference, state, state["members"][user_id])
        rng.shuffle(options)
        for action in options:
            if policy_violations(reference, walk + [action]):
                continue
            observation = json.loads(run_tool(state, action["name"], action["arguments"]))
            walk.append(action)
            if action["name"] in ("borrow_book", "renew_loan") and not outputs:
                outputs.append(observation["due_date"])  # the agent must tell the new due date
            break
    m = copy.deepcopy(reference["members"][user_id])
    m["loan_details"] = {l: reference["loans"][l] for l in m["loans"]}
    m["books_available"] = {b["book_id"]: b["title"] for b in reference["books"].values() if b["copies_available"] > 0}
    return {"user_id": user_id, "context": json.dumps(m), "persona": rng.choice(PERSONAS),
            "suggested_actions": walk, "suggested_outputs": outputs}


# ---- HTTP ---------------------------------------------------------------------------------

class Library:
    """The reference state and the open episodes."""

    def __init__(self):
        self.reference = reference_state()
        self.episodes = {}  # id -> [state, last used]
        self.lock = threading.Lock()

    def open(self):
        episode = str(uuid.uuid4())
        with self.lock:
            self.expire()
            self.episodes[episode] = [copy.deepcopy(self.reference), time.monotonic()]
        return episode

    def get(self, episode):
        with self.lock:
            self.expire()
            entry = self.episodes.get(episode)
            if entry is not None:
                entry[1] = time.monotonic()
            return entry

    def expire(self):
        now = time.monotonic()
        for episode in [e for e, (_, used) in self.episodes.items() if now - used > IDLE_SECONDS]:
            del self.episodes[episode]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections open: the pipeline makes many small requests
    library = None

    def log_message(self, fmt, *args):
        pass  # quiet; a real service would log somewhere

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if parts == ["v1", "environment"]:
            return self.reply(200, {"name": "library", "policy": POLICY, "tools": TOOLS, "write_tools": WRITE_TOOLS,
                                    "terminating_tools": TERMINATING_TOOLS, "attempt_budget": 3,
                                    "capabilities": ["context", "policy"]})
        if len(parts) == 4 and parts[:2] == ["v1", "episodes"] and parts[3] == "state":
            entry = self.library.get(parts[2])
            if entry is None:
                return self.error(404, f"unknown episode {parts[2]}")
            return self.reply(200, {"hash": state_hash(entry[0]), "diff": diff(self.library.reference, entry[0])})
        return self.error(404, f"no such endpoint: GET {self.path}")

    def do_POST(self):
        parts = self.path.strip("/").split("/")
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        except ValueError:
            return self.error(400, "the body is not JSON")
        if parts == ["v1", "episodes"]:
            return self.reply(201, {"episode": self.library.open()})
        if len(parts) == 4 and parts[:2] == ["v1", "episodes"] and parts[3] == "calls":
            entry = self.library.get(parts[2])
            if entry is None:
                return self.error(404, f"unknown episode {parts[2]}")
            try:
                observation = run_tool(entry[0], body.get("name"), body.get("arguments") or {})
                return self.reply(200, {"observation": observation, "error": False,
                                        "terminates": body.get("name") in TERMINATING_TOOLS})
            except ToolError as e:
                return self.reply(200, {"observation": str(e), "error": True, "terminates": False})
        if parts == ["v1", "context"]:
            if not isinstance(body.get("seed"), int):
                return self.error(400, "'seed' must be a whole number")
            return self.reply(200, sample_context(self.library.reference, body["seed"]))
        if parts == ["v1", "policy-check"]:
            return self.reply(200, {"violations": policy_violations(self.library.reference, body.get("actions") or [])})
        return self.error(404, f"no such endpoint: POST {self.path}")

    def do_DELETE(self):
        parts = self.path.strip("/").split("/")
        if len(parts) == 3 and parts[:2] == ["v1", "episodes"]:
            with self.library.lock:
                found = self.library.episodes.pop(parts[2], None)
            if found is None:
                return self.error(404, f"unknown episode {parts[2]}")
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return self.error(404, f"no such endpoint: DELETE {self.path}")

    def reply(self, status, payload):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, message):
        self.reply(status, {"error": {"message": message}})


def main():
    parser = argparse.ArgumentParser(description="A lending-library environment over the environment protocol.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7100, help="0 picks a free port")
    args = parser.parse_args()
    Handler.library = Library()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print(f"library environment at http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
