"""The live wire: sources polled on their own schedule, each entry ingested once.

``targets`` reads what a user names (a URL, a folder, an interval), ``http`` fetches the way
feed readers publishers trust do (conditional GET, limits, backoff hints, private addresses
refused for Slack's sources), ``schedule`` decides when a source is next due, ``poll`` polls
one source under its lease and ``watch`` runs a pass over every due source;
``slack_channels`` turns the messages of Slack wire channels into bulletins as they are
posted, edited and deleted.
"""
