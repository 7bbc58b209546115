"""Ways out: WhatsApp (and later SMS, email) providers behind core.messaging's interface."""
