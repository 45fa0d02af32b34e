"""What falls due: the alert controller and its sound, the due alerts, the due queue
(model and panel), snoozing an alert and the deadline rules a supervisor edits."""
