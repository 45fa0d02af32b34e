"""Who sits at the desk: the login dialog, the password check started while the operator
still types (password_check_ahead) and switching the operator without closing the desk."""
