"""The many-user soak test (`make soak`), excluded from `make test`."""
