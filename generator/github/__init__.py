"""What the GitHub workflows run: trusted code (always the default branch's) that turns untrusted input —
issue bodies, event payloads, pull-request artifacts — into decisions and into the bot's Markdown.
`markdown.py` uses the standard library only, so the comment job can run it with the runner's Python and
install nothing."""
