"""The test suite. A package, so that test folders named like journey/ or ui/ never shadow them."""
