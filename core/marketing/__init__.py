"""Marketing: campaigns to patients who opted in."""
