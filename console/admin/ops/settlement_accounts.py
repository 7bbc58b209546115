"""Finance's settlement accounts: each center's payout bank account (IFSC checked, the number masked once
saved and never shown again) and its Route linked account, created through the payment adapter after
commit, with the provider's status; a failed one can be retried."""
from __future__ import annotations

from flask import redirect
from flask_admin import expose
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from console.adminkit.pages import ButtonForm, PanelPage
from core import centers
from core.payments import settlement_accounts as accounts

BUSINESS_TYPES = [(kind, kind.replace("_", " ").capitalize()) for kind in accounts.BUSINESS_TYPES]


class BankForm(FlaskForm):
    holder_name = StringField("Account holder (as the bank has it)", validators=[DataRequired(), Length(max=120)])
    ifsc = StringField("IFSC (e.g. HDFC0001234)", validators=[DataRequired(), Length(max=11)])
    account_number = StringField("Account number", validators=[DataRequired(), Length(max=35)])
    legal_business_name = StringField("Legal business name", validators=[DataRequired(), Length(max=200)])
    business_type = SelectField("Business type", choices=BUSINESS_TYPES)


class SettlementAccountPage(PanelPage):
    permission = "payout.manage"

    @expose("/")
    def index(self):
        with self.reading() as (session, actor):
            return self.render("admin_panel/settlement_accounts.html",
                               rows=accounts.get_all(session, actor=actor))

    @expose("/<int:center_id>")
    def show(self, center_id: int):
        with self.reading() as (session, actor):
            center = centers.get_or_raise(session, center_id)
            account = accounts.get(session, actor=actor, center_id=center_id)
            form = BankForm(formdata=None)
            if account is not None:  # everything but the number, which is typed again to change it
                form.holder_name.data, form.ifsc.data = account.holder_name, account.ifsc
                form.legal_business_name.data, form.business_type.data = (account.legal_business_name,
                                                                          account.business_type)
            return self.render("admin_panel/settlement_account.html", center=center, account=account, form=form,
                               retry_form=ButtonForm())

    @expose("/<int:center_id>", methods=("POST",))
    def save(self, center_id: int):
        form = BankForm()
        self.checked(form)
        self.through_core(lambda session, actor: accounts.save_bank_account(
            session, actor=actor, center_id=center_id, holder_name=form.holder_name.data, ifsc=form.ifsc.data,
            account_number=form.account_number.data, legal_business_name=form.legal_business_name.data,
            business_type=form.business_type.data),
            done="Saved: the linked account is being set up with the payment provider.")
        return redirect(self.get_url(".show", center_id=center_id))

    @expose("/<int:center_id>/retry", methods=("POST",))
    def retry(self, center_id: int):
        self.checked(ButtonForm())
        self.through_core(lambda session, actor: accounts.retry(session, actor=actor, center_id=center_id),
                          done="Asked the payment provider again.")
        return redirect(self.get_url(".show", center_id=center_id))
