"""An agent's work on one conversation: take over, reply, hand back, tickets; the rules the services keep."""
from datetime import timedelta

from sqlalchemy import select

from core.models import AuditEntry, Author, Conversation, ConversationState, Message, Role, Ticket
from tests.support.conftest import page_url, post_form


def _handling(container, chat) -> tuple:
    with container.uow() as uow:
        c = uow.session.get(Conversation, chat.conversation_id)
        return c.state, c.agent_id, c.rasa_epoch


def _messages(container, chat) -> list[tuple]:
    """(id, author, agent_id, body, status) of each logged message, in order."""
    with container.uow() as uow:
        return list(uow.session.execute(
            select(Message.id, Message.author, Message.agent_id, Message.body, Message.status)
            .where(Message.conversation_id == chat.conversation_id).order_by(Message.id)).tuples())


def _audit(container, entity_type: str, entity_id: int) -> list[tuple]:
    with container.uow() as uow:
        return list(uow.session.execute(select(AuditEntry.action, AuditEntry.actor_id).where(
            AuditEntry.entity_type == entity_type, AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.id)).tuples())


def test_take_over_reply_and_hand_back(container, staff, login, chat, outbox):
    one, agent = chat(ticket="Report is late"), staff[Role.SUPPORT_AGENT]
    client, _ = login(agent)
    assert "You are handling this conversation now" in post_form(client, one, "take-over")
    assert "Sent." in post_form(client, one, "reply", body="Checking with the center now.")
    assert _messages(container, one)[-1][1:] == (Author.AGENT, agent.id, "Checking with the center now.", "queued")
    assert outbox.sent == [("text", one.phone, "Checking with the center now.")]
    assert "Handed back" in post_form(client, one, "hand-back")
    assert _handling(container, one) == (ConversationState.BOT, None, 1)


def test_taking_over_assigns_the_open_ticket_to_the_agent(container, staff, login, chat):
    one, agent = chat(ticket="Wrong scan booked"), staff[Role.SUPPORT_AGENT]
    client, _ = login(agent)
    post_form(client, one, "take-over")
    with container.uow() as uow:
        assert uow.session.get(Ticket, one.ticket_id).assignee_id == agent.id


def test_reply_outside_the_24_hour_window_is_refused_and_nothing_is_sent(container, staff, login, chat, outbox):
    one = chat(last_wrote=timedelta(hours=25))
    client, _ = login(staff[Role.SUPPORT_AGENT])
    post_form(client, one, "take-over")
    page = post_form(client, one, "reply", body="Hello again")
    assert "more than 24 hours ago" in page and "Send the follow-up template" in page
    assert outbox.sent == [] and [m[1] for m in _messages(container, one)] == [Author.PATIENT]


def test_outside_the_window_the_page_offers_the_template_and_sends_it(container, staff, login, chat, outbox):
    one = chat(last_wrote=timedelta(days=3))
    client, _ = login(staff[Role.SUPPORT_AGENT])
    page = post_form(client, one, "take-over")
    assert "Send follow-up template" in page and "Send reply" not in page
    assert "Sent." in post_form(client, one, "follow-up")
    assert outbox.sent == [("template", one.phone, "support_follow_up")]
    assert _messages(container, one)[-1][1:3] == (Author.AGENT, staff[Role.SUPPORT_AGENT].id)


def test_another_agents_conversation_is_readable_but_not_writable(container, staff, login, chat, outbox):
    one = chat(ticket="Refund question")
    owner, _ = login(staff[Role.SUPPORT_AGENT])
    post_form(owner, one, "take-over")
    reader, _ = login(staff[Role.SUPER_ADMIN])
    assert "My report has not come yet" in reader.get(page_url(one)).get_data(as_text=True)
    assert "Take the conversation over before replying" in post_form(reader, one, "reply", body="Hi")
    assert "already handled by agent" in post_form(reader, one, "take-over")
    assert outbox.sent == []


def test_a_post_without_its_csrf_token_changes_nothing(container, staff, login, chat):
    one = chat(ticket="Report is late")
    client, _ = login(staff[Role.SUPPORT_AGENT])
    assert client.post(f"{page_url(one)}/take-over").status_code == 400
    assert client.post(f"{page_url(one)}/take-over", data={"csrf_token": "forged"}).status_code == 400
    assert _handling(container, one)[1] is None


def test_escalate_and_resolve_are_audited(container, staff, login, chat):
    one, agent = chat(ticket="Center did not answer"), staff[Role.SUPPORT_AGENT]
    client, _ = login(agent)
    assert "escalated; priority is now high" in post_form(
        client, one, f"tickets/{one.ticket_id}/escalate", reason="Patient waiting 3 days")
    assert "resolved" in post_form(client, one, f"tickets/{one.ticket_id}/resolve", resolution="Report resent")
    assert _audit(container, "ticket", one.ticket_id)[-2:] == [("ticket.escalated", agent.id),
                                                               ("ticket.resolved", agent.id)]


def test_a_refused_action_shows_the_services_reason(container, staff, login, chat):
    one = chat(ticket="Center did not answer")
    client, _ = login(staff[Role.OPS_MANAGER])
    assert "Describe how the ticket was resolved." in post_form(
        client, one, f"tickets/{one.ticket_id}/resolve", resolution="  ")
    assert "The bot is already handling this conversation." in post_form(client, chat(), "hand-back")


def test_the_page_polls_for_messages_after_the_last_one(container, staff, login, chat, outbox):
    one = chat()
    client, _ = login(staff[Role.SUPPORT_AGENT])
    post_form(client, one, "take-over")
    first = _messages(container, one)[0][0]
    post_form(client, one, "reply", body="On it")
    data = client.get(f"{page_url(one)}/messages?after={first}").get_json()
    assert [(m["author"], m["body"]) for m in data["messages"]] == [("agent", "On it")]
    assert data["state"] == "agent" and data["within_window"] is True
