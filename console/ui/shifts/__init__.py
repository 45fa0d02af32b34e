"""Shifts: starting and handing over a shift, and the shift log a supervisor prints."""
