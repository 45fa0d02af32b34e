"""The desk's telephone links: adapters that hear calls, and the link that acts on them.

- `netstring`: the framing baresip's ctrl_tcp speaks (``len:payload,``);
- `baresip`: a client of baresip's ctrl_tcp socket (JSON events in, commands out);
- `cti_http`: a local HTTP endpoint for the generic CTI events PBX bridges post
  (``POST /api/v1/cti/TOKEN`` with newCall / answer / hangup);
- `link`: `CallLink`, which feeds every adapter's `CallEvent`s through one
  `domain.calls.CallTracker` on one thread, records missed calls through
  `services.calls`, and tells its listeners (the command line's printer, the
  window's caller card) what happened.

Standard library threads only; no Qt (the window wraps a listener in a
signal). This package sits above the services and below the command line and
the window, beside the demo (pyproject's import-linter contracts).
"""
