"""The support agent's WhatsApp inbox: queue, conversation log, takeover, replies and tickets."""
from flask import Blueprint, abort

from console.access import gate_blueprint
from console.display import ist

blueprint = Blueprint("support", __name__, url_prefix="/support", template_folder="templates")
# Every path of the blueprint (pages, actions, polling) is gated here, not view by view.
gate_blueprint(blueprint, "conversation.handle")
MAX_ID = 2**31 - 1


@blueprint.url_value_preprocessor
def ids_in_range(endpoint, values):
    """Ids are 32-bit integers in the database: a bigger one names nothing (and Postgres would refuse it)."""
    if any(isinstance(value, int) and value > MAX_ID for value in (values or {}).values()):
        abort(404)


@blueprint.context_processor
def inbox_context():
    return {"ist": ist}


from console.support import actions, views  # noqa: E402,F401 - routes register on import
from console.support import refund_pages, ticket_actions, ticket_pages, workspace_actions, workspace_pages  # noqa: E402,F401
