"""A local Razorpay API for tests, driven by the real `razorpay` client through its base_url option.

Request and response shapes follow Razorpay's API reference (Payment Links, Refunds with
X-Refund-Idempotency, Route transfers, settlement hold, reversals). Errors use Razorpay's envelope
{"error": {"code": "BAD_REQUEST_ERROR", "description": ...}}, which the SDK turns into BadRequestError.
"""
from __future__ import annotations

import base64
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY_ID, KEY_SECRET = "rzp_test_fake", "fake-secret"
_ids = itertools.count(1)


def _id(prefix: str) -> str:
    return f"{prefix}_Fake{next(_ids):010d}"


class BadRequest(Exception):
    pass


class FakeRazorpay:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict, dict]] = []  # method, path, headers, body
        self.links: dict[str, dict] = {}
        self.payments: dict[str, dict] = {}  # pay_... -> {"amount", "refunded"}
        self.refund_keys: dict[str, tuple[str, dict]] = {}
        self.transfers: dict[str, dict] = {}
        self.accounts: dict[str, dict] = {}  # acc_... -> linked account
        self.products: dict[str, dict] = {}  # acc_prd_... -> Route product configuration
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "FakeRazorpay":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def pay(self, amount: int) -> str:
        """A captured payment the patient made (what a checkout would create)."""
        payment_id = _id("pay")
        self.payments[payment_id] = {"amount": amount, "refunded": 0}
        return payment_id

    # --- routes -------------------------------------------------------------------------------------------
    def route(self, method: str, path: str, headers: dict, body: dict) -> tuple[int, dict]:
        self.requests.append((method, path, headers, body))
        for pattern, verb, handler in self.ROUTES:
            match = re.fullmatch(pattern, path)
            if match and verb == method:
                with self._lock:
                    return 200, handler(self, headers, body, *match.groups())
        return 404, {"error": {"code": "BAD_REQUEST_ERROR", "description": "The requested URL was not found"}}

    def create_link(self, headers, body):
        for name in ("amount", "expire_by"):
            if not isinstance(body.get(name), int):
                raise BadRequest(f"The {name} field is required and must be an integer.")
        if body["expire_by"] < time.time() + 15 * 60:  # Razorpay's minimum link lifetime
            raise BadRequest("expire_by should be at least 15 minutes after current time")
        link = {"id": _id("plink"), "entity": "payment_link", "amount": body["amount"], "amount_paid": 0,
                "currency": body.get("currency", "INR"), "reference_id": body.get("reference_id"),
                "expire_by": body["expire_by"], "customer": body.get("customer", {}), "notes": body.get("notes"),
                "status": "created", "short_url": f"https://rzp.io/i/{next(_ids)}", "created_at": int(time.time()),
                "callback_url": body.get("callback_url"), "callback_method": body.get("callback_method")}
        self.links[link["id"]] = link
        return link

    def cancel_link(self, headers, body, link_id):
        link = self.links.get(link_id) or self._missing("payment link")
        link["status"] = "cancelled"
        return link

    def refund(self, headers, body, payment_id):
        payment = self.payments.get(payment_id) or self._missing("payment")
        key = headers.get("x-refund-idempotency")
        if key in self.refund_keys:
            first_body, refund = self.refund_keys[key]
            if first_body != body:
                raise BadRequest("Different request with the same idempotency key has already been processed.")
            return refund
        amount = body.get("amount", payment["amount"] - payment["refunded"])
        if amount > payment["amount"] - payment["refunded"]:
            raise BadRequest("The refund amount provided is greater than amount captured")
        payment["refunded"] += amount
        refund = {"id": _id("rfnd"), "entity": "refund", "amount": amount, "currency": "INR",
                  "payment_id": payment_id, "notes": body.get("notes", {}), "receipt": body.get("receipt"),
                  "status": "pending", "speed_requested": body.get("speed", "normal"), "created_at": int(time.time())}
        if key:
            self.refund_keys[key] = (body, refund)
        return refund

    def create_account(self, headers, body):
        for name in ("email", "phone", "legal_business_name", "business_type", "profile"):
            if not body.get(name):
                raise BadRequest(f"The {name} field is required.")
        if body.get("type") != "route":
            raise BadRequest(f"Invalid type: {body.get('type')}")
        registered = body["profile"].get("addresses", {}).get("registered", {})
        for name in ("street1", "street2", "city", "state", "postal_code", "country"):
            if not registered.get(name):
                raise BadRequest(f"The profile.addresses.registered.{name} field is required.")
        for account in self.accounts.values():
            if account["email"] == body["email"]:
                raise BadRequest(f"Merchant email already exists for account - {account['id']}")
        account = {"id": "acc_" + _id("x")[-14:], "type": "route", "status": "created", **body,
                   "created_at": int(time.time())}
        self.accounts[account["id"]] = account
        return account

    def request_product(self, headers, body, account_id):
        self.accounts.get(account_id) or self._missing("account")
        if body.get("product_name") != "route" or body.get("tnc_accepted") is not True:
            raise BadRequest("product_name must be route and tnc_accepted true")
        product = {"id": "acc_prd_" + _id("x")[-14:], "account_id": account_id, "product_name": "route",
                   "activation_status": "needs_clarification", "requested_at": int(time.time()),
                   "requirements": [{"field_reference": f"settlements.{f}", "reason_code": "field_missing",
                                     "status": "required"}
                                    for f in ("account_number", "ifsc_code", "beneficiary_name")]}
        self.products[product["id"]] = product
        return product

    def edit_product(self, headers, body, account_id, product_id):
        product = self.products.get(product_id) or self._missing("product")
        settlements = body.get("settlements") or {}
        if not re.fullmatch(r"[A-Z]{4}0[A-Z0-9]{6}", settlements.get("ifsc_code", "")):
            raise BadRequest("Invalid IFSC Code in Settlement account")
        if not 5 <= len(settlements.get("account_number", "")) <= 35:
            raise BadRequest("The account number must be between 5 and 35 characters")
        product.update(active_configuration={"settlements": settlements}, requirements=[],
                       activation_status="under_review")
        return product

    def activate(self, product_id: str) -> None:
        """Razorpay's review passes (it then sends product.route.activated)."""
        self.products[product_id]["activation_status"] = "activated"

    def transfer(self, headers, body, payment_id):
        self.payments.get(payment_id) or self._missing("payment")
        items = []
        for t in body.get("transfers", []):
            item = {"id": _id("trf"), "entity": "transfer", "status": "pending", "source": payment_id,
                    "recipient": t["account"], "amount": t["amount"], "currency": "INR", "amount_reversed": 0,
                    "notes": t.get("notes", {}), "on_hold": bool(t.get("on_hold")), "on_hold_until": None,
                    "created_at": int(time.time())}
            self.transfers[item["id"]] = item
            items.append(item)
        return {"entity": "collection", "count": len(items), "items": items}

    def edit_transfer(self, headers, body, transfer_id):
        transfer = self.transfers.get(transfer_id) or self._missing("transfer")
        transfer["on_hold"] = bool(body["on_hold"])
        transfer["settlement_status"] = "on_hold" if transfer["on_hold"] else "pending"
        return transfer

    def reverse(self, headers, body, transfer_id):
        transfer = self.transfers.get(transfer_id) or self._missing("transfer")
        amount = body.get("amount", transfer["amount"] - transfer["amount_reversed"])
        if amount > transfer["amount"] - transfer["amount_reversed"]:
            raise BadRequest("Reversal amount is greater than the unreversed transfer amount")
        transfer["amount_reversed"] += amount
        return {"id": _id("rvrsl"), "entity": "reversal", "transfer_id": transfer_id, "amount": amount, "fee": 0,
                "tax": 0, "currency": "INR", "notes": body.get("notes", {}), "created_at": int(time.time())}

    @staticmethod
    def _missing(what: str):
        raise BadRequest(f"The id provided does not exist ({what})")

    ROUTES = [
        (r"/v1/payment_links/?", "POST", create_link),
        (r"/v1/payment_links/([^/]+)/cancel", "POST", cancel_link),
        (r"/v1/payments/([^/]+)/refund", "POST", refund),
        (r"/v1/payments/([^/]+)/transfers", "POST", transfer),
        (r"/v1/transfers/([^/]+)", "PATCH", edit_transfer),
        (r"/v1/transfers/([^/]+)/reversals", "POST", reverse),
        (r"/v2/accounts/?", "POST", create_account),
        (r"/v2/accounts/([^/]+)/products", "POST", request_product),
        (r"/v2/accounts/([^/]+)/products/([^/]+)", "PATCH", edit_product),
    ]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                if self.headers.get("Authorization") != _basic():
                    return self._send(401, {"error": {"code": "BAD_REQUEST_ERROR",
                                                      "description": "The api key provided is invalid"}})
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    status, answer = fake.route(self.command, self.path.split("?")[0], headers,
                                                json.loads(raw or b"{}"))
                except BadRequest as error:
                    status, answer = 400, {"error": {"code": "BAD_REQUEST_ERROR", "description": str(error)}}
                self._send(status, answer)

            do_POST = do_PATCH = do_GET = _serve

            def _send(self, status: int, answer: dict) -> None:
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                return None

        return Handler


def _basic() -> str:
    return "Basic " + base64.b64encode(f"{KEY_ID}:{KEY_SECRET}".encode()).decode()
