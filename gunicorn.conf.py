"""gunicorn reads this file from the directory it starts in (the project's)."""

# The access log, when one is asked for (--access-logfile), masks every token in a URL.
logger_class = "skillgap.logmask.GunicornLogger"
