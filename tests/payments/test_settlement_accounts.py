"""Settlement accounts: a checked, masked bank account; a Route linked account created through the provider
(sandbox and the Razorpay adapter against the fake); no transfer to a center until its account is activated."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from adapters.razorpay import RazorpayProvider
from core.actors import Actor
from core.errors import Forbidden, ValidationError
from core.models import AuditEntry, Role, RouteStatus, Transfer, TransferStatus
from core.payments import settlement_accounts as accounts
from core.payments.provider import BankAccount, ProviderError, ProviderObject
from tests.payments.fake_razorpay import KEY_ID, KEY_SECRET

FINANCE = Actor(Role.FINANCE, None)
BANK = dict(holder_name="Lotus Diagnostics LLP", ifsc="hdfc0001234", account_number="5010 0123 4567 89",
            legal_business_name="Lotus Diagnostics LLP", business_type="llp")


def save(session, center, **kw):
    return accounts.save_bank_account(session, actor=FINANCE, center_id=center.id, **{**BANK, **kw})


def test_the_bank_account_is_checked_and_masked_once_saved(session, factories):
    account = save(session, factories.center())
    session.commit()
    assert (account.ifsc, account.masked_number, account.status) == ("HDFC0001234", "XXXXXXXXXX6789",
                                                                      RouteStatus.PENDING)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "settlement_account.saved",
                                                     AuditEntry.entity_id == str(account.center_id))).one()
    assert entry.after["account_number"] == "XXXXXXXXXX6789" and "50100123456789" not in repr(account)


@pytest.mark.parametrize("change, message", [({"ifsc": "HDFC1001234"}, "not an IFSC"),
                                             ({"account_number": "12ab"}, "9 to 18 digits"),
                                             ({"holder_name": ""}, "holder"), ({"business_type": "cartel"}, "one of")])
def test_a_bad_bank_account_is_refused(session, factories, change, message):
    with pytest.raises(ValidationError, match=message):
        save(session, factories.center(), **change)


@pytest.mark.parametrize("role", [Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.PARTNER_STAFF])
def test_only_finance_sets_where_a_center_is_paid(session, factories, role):
    center = factories.center()
    with pytest.raises(Forbidden):
        accounts.save_bank_account(session, actor=Actor(role, None, center.id), center_id=center.id, **BANK)


def test_the_sandbox_creates_and_activates_the_linked_account(session, factories, pay, provider):
    center = factories.center()
    save(session, center)
    pay.deliver()
    account = accounts.get(session, actor=Actor(Role.PARTNER_STAFF, None, center.id), center_id=center.id)
    assert account.status is RouteStatus.ACTIVATED and account.provider_account_id.startswith("acc_")


def test_no_transfer_is_planned_for_a_center_without_an_active_account(session, pay):
    center = pay.f.center()
    save(session, center)  # pending: the provider has not been asked yet
    payment = pay.paid(center=center)
    assert session.scalar(select(Transfer).where(Transfer.payment_id == payment.id)) is None


class UnderReview:
    """A provider whose Route review has not finished: accounts stay under review."""

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def configure_route(self, **kw):
        return ProviderObject(id="acc_prd_review1", status="under_review")


def test_a_queued_transfer_waits_for_the_account_and_goes_out_on_activation(session, pay, provider):
    center = pay.f.center()
    save(session, center)
    accounts.provision(session, center_id=center.id, provider=UnderReview(provider))
    account = accounts.get(session, actor=FINANCE, center_id=center.id)
    account.status = RouteStatus.ACTIVATED  # activated while the payment is captured...
    payment = pay.paid(center=center)
    account.status = RouteStatus.SUSPENDED  # ...suspended before the transfer is sent
    pay.deliver()
    transfer = session.scalar(select(Transfer).where(Transfer.payment_id == payment.id))
    assert transfer.status is TransferStatus.QUEUED and provider.named("transfer") == []
    assert pay.webhook("product.route.activated", merchant_product={
        "id": "acc_prd_review1", "activation_status": "activated"}) == f"center {center.id} route activated"
    pay.deliver()
    assert transfer.status is TransferStatus.PROCESSED and len(provider.named("transfer")) == 1


def test_a_provider_refusal_keeps_the_account_id_and_can_be_retried(session, factories, provider):
    center = factories.center()
    save(session, center)

    class HalfWorking(UnderReview):
        def configure_route(self, **kw):
            raise ProviderError("Invalid IFSC Code in Settlement account", retryable=False)

    assert accounts.provision(session, center_id=center.id, provider=HalfWorking(provider)).endswith("failed")
    account = accounts.get(session, actor=FINANCE, center_id=center.id)
    acc_id, error = account.provider_account_id, account.last_error
    assert acc_id.startswith("acc_") and "IFSC" in error
    accounts.retry(session, actor=FINANCE, center_id=center.id)
    accounts.provision(session, center_id=center.id, provider=provider)
    assert (account.status, account.provider_account_id) == (RouteStatus.ACTIVATED, acc_id)


def test_a_route_webhook_for_someone_elses_product_changes_nothing(session):
    assert accounts.apply_activation(session, product_id="acc_prd_unknown", activation_status="activated") == (
        "route product acc_prd_unknown is not ours")


@pytest.fixture
def razorpay(fake):
    return RazorpayProvider(key_id=KEY_ID, key_secret=KEY_SECRET, webhook_secret="whsec", base_url=f"{fake.url}/v1",
                            callback_url="https://medezy.test/payments/return")


def test_razorpay_creates_the_linked_account_and_requests_route_with_the_bank(session, factories, fake, razorpay):
    center = factories.center()
    save(session, center)
    assert accounts.provision(session, center_id=center.id, provider=razorpay) == f"center {center.id}: under_review"
    account = accounts.get(session, actor=FINANCE, center_id=center.id)
    created = fake.accounts[account.provider_account_id]
    profile = created["profile"]
    assert (created["type"], profile["category"], profile["addresses"]["registered"]["country"]) == (
        "route", "healthcare", "IN")
    assert fake.products[account.provider_product_id]["active_configuration"]["settlements"] == {
        "account_number": "50100123456789", "ifsc_code": "HDFC0001234", "beneficiary_name": "Lotus Diagnostics LLP"}
    assert [(m, p.split("/")[1]) for m, p, _, _ in fake.requests] == [("POST", "v2"), ("POST", "v2"), ("PATCH", "v2")]


def test_razorpay_refuses_a_second_account_with_the_same_email(fake, razorpay, session, factories):
    first, second = factories.center(email="same@lotus.in"), factories.center(email="same@lotus.in")
    save(session, first), save(session, second)
    accounts.provision(session, center_id=first.id, provider=razorpay)
    assert accounts.provision(session, center_id=second.id, provider=razorpay).endswith("failed")
    assert "email already exists" in accounts.get(session, actor=FINANCE, center_id=second.id).last_error


def test_razorpay_bank_refusal_is_not_retryable(fake, razorpay):
    account = razorpay.create_linked_account(_request())
    with pytest.raises(ProviderError) as error:
        razorpay.configure_route(account_id=account.id, bank=BankAccount("Lotus", "BAD", "123456789"))
    assert not error.value.retryable and "IFSC" in str(error.value)


def _request():
    from core.payments.provider import LinkedAccountRequest
    return LinkedAccountRequest(reference_id="LOTUS-1", email="x@lotus.in", phone="9000090000",
                                legal_business_name="Lotus Diagnostics", business_type="llp", contact_name="Asha Rao",
                                street1="12 Baner Road", street2="Baner", city="Pune", state="Maharashtra",
                                postal_code="411045")


def test_an_outage_before_anything_was_created_is_retried_by_the_outbox(session, factories, provider):
    center = factories.center()
    save(session, center)

    class Down(UnderReview):
        def create_linked_account(self, request):
            raise ProviderError("Razorpay could not be reached: timeout", retryable=True)

    with pytest.raises(ProviderError):
        accounts.provision(session, center_id=center.id, provider=Down(provider))
    assert accounts.get(session, actor=FINANCE, center_id=center.id).status is RouteStatus.PENDING
