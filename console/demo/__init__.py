"""Demo desk generation: a street, a phonebook and months of history for trying the console (not a use case)."""
