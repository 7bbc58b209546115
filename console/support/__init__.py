"""The support agent's WhatsApp inbox: queue, conversation log, takeover, replies and tickets."""
from flask import Blueprint

from console.access import gate_blueprint
from console.display import ist

blueprint = Blueprint("support", __name__, url_prefix="/support", template_folder="templates")
# Every path of the blueprint (pages, actions, polling) is gated here, not view by view.
gate_blueprint(blueprint, "conversation.handle")


@blueprint.context_processor
def inbox_context():
    return {"ist": ist}


from console.support import actions, views  # noqa: E402,F401 - routes register on import
from console.support import refund_pages, ticket_actions, ticket_pages, workspace_actions, workspace_pages  # noqa: E402,F401
