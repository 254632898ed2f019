"""The web app where people complete user tasks (issue 9)."""
