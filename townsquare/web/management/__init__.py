"""The ``townsquare`` commands that run the server, the workers and the demo community."""
