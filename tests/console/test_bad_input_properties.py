"""The console's public forms and links under hostile input: a clear 4xx (or the page), never a 500."""
from hypothesis import given, strategies as st

from tests.hypothesis_profile import hostile_text

anything = hostile_text(120)
path_piece = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="/?#%"), min_size=1, max_size=40)


@given(form=st.dictionaries(st.sampled_from(["email", "password", "csrf_token", "next"]), anything, max_size=4),
       next_url=anything)
def test_the_login_form_answers_any_input_below_500(app, form, next_url):
    response = app.test_client().post("/login", data=form, query_string={"next": next_url})
    assert response.status_code < 500


@given(key=path_piece, args=st.dictionaries(st.sampled_from(["expires", "sig", "name"]), anything, max_size=3))
def test_signed_file_links_answer_any_input_below_500(app, key, args):
    assert app.test_client().get(f"/files/{key}", query_string=args).status_code < 500


@given(invoice=st.integers(min_value=0, max_value=2**40),
       args=st.dictionaries(st.sampled_from(["expires", "sig"]), anything, max_size=2))
def test_signed_invoice_links_answer_any_input_below_500(app, invoice, args):
    assert app.test_client().get(f"/invoices/{invoice}.pdf", query_string=args).status_code < 500


@given(link=path_piece, form=st.dictionaries(st.sampled_from(["outcome", "csrf_token"]), anything, max_size=2))
def test_the_sandbox_checkout_answers_any_input_below_500(app, link, form):
    client = app.test_client()
    assert client.get(f"/sandbox/pay/{link}").status_code < 500
    assert client.post(f"/sandbox/pay/{link}", data=form).status_code < 500


@given(args=st.dictionaries(anything, anything, max_size=4))
def test_the_payment_return_page_answers_any_query_below_500(app, args):
    assert app.test_client().get("/payments/return", query_string=args).status_code < 500
