"""The front door: the Zeebe gRPC service, the REST API and the ``baton`` command line."""
