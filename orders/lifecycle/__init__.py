"""The one way an order, a sub-order or a payment changes state.

`tables` says which status may follow which; `records` is the only code that assigns a
status field (checking the table and writing the history); the transitions (`sub_orders`,
`orders`, `payments`) lock their rows, call `records`, and then run their effects
explicitly: ledger entries, stock back on sale, refunds owed, notifications after commit.

The transitions and their effects are tabled in the README's tour ("Order lifecycle").
"""

from orders.lifecycle.tables import OrderStateError

__all__ = ["OrderStateError"]
