"""The registers (登记簿): the window, its table model and the dialogs that add to them."""
