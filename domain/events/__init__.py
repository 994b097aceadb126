"""The event stream: every change, as a typed event, in the order it committed.

An event is an audit event (written in the transaction of the change it reports, by
`domain.events.audit.record`) once the sequencer has given it a position. The catalog names each
audit action's event type; the payload module renders an event as a reader may see it; the
sequencer places committed events and hands each to the webhook endpoints that may see it.
"""
