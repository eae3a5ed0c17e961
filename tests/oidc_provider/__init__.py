"""A real OpenID Connect provider for the single sign-on tests (allauth.idp.oidc), run as
its own process with its own settings and database on `localhost`, while the app under test
runs on 127.0.0.1: cookies ignore ports, so the two must differ by host name."""
