"""New Call (F2): the dialog an operator fills while the resident speaks — the caller's
history (new_call_caller), the ranked contact choice (new_call_choice), the pick lists
(new_call_picker) and the draft kept across a crash."""
